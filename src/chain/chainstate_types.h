// Value types of the ChainstateManager's interface: its Options (with Core's defaults) and
// the plain results its queries return.
//
// Thread safety: plain values.
#ifndef BITNODE_CHAIN_CHAINSTATE_TYPES_H
#define BITNODE_CHAIN_CHAINSTATE_TYPES_H

#include <primitives/amount.h>
#include <primitives/arith_uint256.h>
#include <primitives/block.h>
#include <primitives/uint256.h>
#include <storage/block_files.h>
#include <storage/coins_db.h>
#include <storage/flush.h>
#include <storage/utxo_stats.h>
#include <util/time.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace consensus {
class ChainParams;
}

namespace chain {

class ValidationSignals;

/** -checkblocks default: verify this many blocks at the tip when opening. */
inline constexpr int DEFAULT_CHECKBLOCKS = 6;
/** -checklevel default (0 read, 1 CheckBlock, 2 undo readable, 3 disconnect in memory, 4 reconnect). */
inline constexpr int DEFAULT_CHECKLEVEL = 3;
/** Unrequested blocks further than this above the tip are not stored (Core's MIN_BLOCKS_TO_KEEP). */
inline constexpr int MIN_BLOCKS_TO_KEEP = 288;
/** The node counts as synced once its tip is younger than this (Core's -maxtipage default, 24 h). */
inline constexpr int64_t DEFAULT_MAX_TIP_AGE = 24 * 60 * 60;

struct ChainstateManagerOptions {
    /** The network's data directory (<datadir>/<network>): holds blocks/ and chainstate/. */
    std::filesystem::path datadir{};
    /** The network; must outlive the manager. */
    const consensus::ChainParams* chain_params{nullptr};
    /** -dbcache in bytes, split as Core does (storage::CacheSizes). */
    size_t dbcache_bytes{storage::DbCacheBytes(std::nullopt)};
    int check_blocks{DEFAULT_CHECKBLOCKS};
    int check_level{DEFAULT_CHECKLEVEL};
    /** -reindex: rebuild the block index and the chainstate from the block files. */
    bool reindex{false};
    /** -reindex-chainstate: keep the block index, rebuild the chainstate from the stored blocks. */
    bool reindex_chainstate{false};
    /** Script verification threads besides the validating one (-par minus one). */
    unsigned script_check_threads{0};
    /** Where notifications go (null: nobody listens). Must outlive the manager. */
    ValidationSignals* signals{nullptr};
    /** The node's clock (null: the system clock). Must outlive the manager. */
    const util::Clock* clock{nullptr};
    /** Log lines: progress, tip updates, errors (null: silent). May be called with the lock held: keep it quick. */
    std::function<void(const std::string&)> log{};
    /** Called once with the message of the first fatal error (the node should shut down). */
    std::function<void(const std::string&)> fatal_error{};
    /** Set to stop long operations (loading, reindexing, connecting) early. */
    const std::atomic<bool>* interrupt{nullptr};
    /** Largest block file (tests use small files to cross file boundaries). */
    uint32_t max_block_file_size{storage::MAX_BLOCKFILE_SIZE};
    /** Coins flushes are cut into LevelDB batches of about this size (tests make it small). */
    size_t coins_db_batch_bytes{storage::DEFAULT_DB_BATCH_BYTES};
    /**
     * Test hook (Core's -dbcrashratio): a coins flush stops after this many partial
     * batches, leaving the database as a crash would; the write reports a fatal error and
     * nothing more is written until the next start repairs it. 0: off.
     */
    int coins_db_crash_after_partial_batches{0};
};

/** A consistent copy of a block's index entry (GetBlockInfo). */
struct BlockInfo {
    primitives::uint256 hash;
    int height{0};
    primitives::BlockHeader header;
    primitives::arith_uint256 chain_work;
    /** storage::BlockStatus bits. */
    uint32_t status{0};
    uint32_t tx_count{0};
    uint64_t chain_tx_count{0};
    int64_t median_time_past{0};
    bool in_active_chain{false};
    /** The active chain's next block, if this one is on it and not the tip. */
    std::optional<primitives::uint256> next_hash;
};

/** One tip of the block tree (RPC getchaintips). */
struct ChainTip {
    primitives::uint256 hash;
    int height{0};
    /** Blocks from this tip down to the active chain (0 for the active tip). */
    int branch_length{0};
    /** Core's status: "active", "invalid", "headers-only", "valid-headers" or "valid-fork". */
    std::string status;
};

/** gettxoutsetinfo's answer: the digest and totals of the UTXO set at a block. */
struct UtxoSetInfo {
    int height{0};
    storage::UtxoStats stats;
};

/** Work counters since the manager was opened. */
struct ConnectStats {
    uint64_t blocks_connected{0};
    uint64_t blocks_disconnected{0};
    uint64_t transactions{0};
    /** Inputs whose scripts were verified (one signature check each for single-key outputs). */
    uint64_t script_checks{0};
    /** Microseconds spent in ConnectBlock (validation and coins updates, not reading or flushing). */
    int64_t connect_micros{0};
    /** Microseconds spent in ConnectTip overall (reading the block, connecting, flushing). */
    int64_t connect_tip_micros{0};
    /** Microseconds spent writing to disk (block index and coins flushes). */
    int64_t flush_micros{0};
    uint64_t flushes{0};
};

/** What disconnecting a block did to the UTXO set (Core's DisconnectResult). */
enum class DisconnectResult {
    /** Every change undone exactly. */
    OK,
    /** Undone, but the set was not exactly as connecting the block leaves it (replays after a crash). */
    UNCLEAN,
    /** Undo data missing or inconsistent; the view is in an undefined state. */
    FAILED,
};

} // namespace chain

#endif // BITNODE_CHAIN_CHAINSTATE_TYPES_H
