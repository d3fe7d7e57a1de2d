// ChainstateManager: the node's memory of the chain. It owns the block index (all known
// headers, with validity status), the block and undo files, the UTXO set (LevelDB plus an
// in-memory cache of -dbcache size) and the active chain, and it follows the valid chain
// with the most work: headers and blocks are accepted and stored even off the best chain,
// and ActivateBestChain disconnects and connects blocks (reorganisations of any depth,
// with full validation) until the tip is the best valid candidate. A branch that turns out
// invalid is marked (BLOCK_FAILED_VALID on the bad block, BLOCK_FAILED_CHILD on its
// descendants) and the chain goes back to the best valid one.
//
// On disk it keeps Bitcoin Core's layout and formats (doc/chainstate.md): a crash at any
// moment leaves a state that the next Open repairs by replaying or reconnecting blocks.
// Open loads the index, verifies the top blocks (-checkblocks/-checklevel, as Core) and
// runs -reindex / -reindex-chainstate when asked. Damaged files give an error that says
// what is wrong and what to do, never a crash.
//
// Usage:
//     chain::ValidationSignals signals;
//     auto chainman = chain::ChainstateManager::Open({.datadir = dir / "regtest",
//                                                      .chain_params = params.get(),
//                                                      .signals = &signals});
//     if (!chainman) return util::Error{chainman.error()};
//     (*chainman)->ProcessNewBlock(block, /*force_processing=*/true);
//
// Thread safety: all public methods may be called from any thread. One mutex
// (m_chainstate_mutex, returned by GetMutex) guards all chainstate data; there is no global
// lock and no global state, so several ChainstateManagers can live in one process. Methods
// annotated EXCLUSIVE_LOCKS_REQUIRED(GetMutex()) are for callers that must see several
// facts consistently (the mempool); the others take the lock themselves. Notifications go
// through ValidationSignals and are delivered outside the lock.
#ifndef BITNODE_CHAIN_CHAINSTATE_MANAGER_H
#define BITNODE_CHAIN_CHAINSTATE_MANAGER_H

#include <chain/block_index.h>
#include <chain/block_manager.h>
#include <chain/chain.h>
#include <chain/chainstate_types.h>
#include <consensus/block_verify.h>
#include <consensus/chainparams.h>
#include <consensus/script_check.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>
#include <storage/coins_db.h>
#include <storage/coins_view.h>
#include <storage/flush.h>
#include <storage/undo.h>
#include <storage/utxo_stats.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace chain {

class ChainstateManager
{
public:
    using Options = ChainstateManagerOptions;

    /**
     * Open (or create) the chainstate in options.datadir: load the block index, repair an
     * interrupted flush, load the tip, reindex if asked, verify the top blocks, and connect
     * any stored blocks that extend the chain. The error says what is wrong and what to do.
     */
    static util::Result<std::unique_ptr<ChainstateManager>> Open(Options options);
    /** Writes everything to disk and delivers pending notifications that point into it. */
    ~ChainstateManager();
    ChainstateManager(const ChainstateManager&) = delete;
    ChainstateManager& operator=(const ChainstateManager&) = delete;

    const consensus::ChainParams& GetParams() const { return m_params; }
    const consensus::Params& GetConsensus() const { return m_params.GetConsensus(); }
    util::Mutex& GetMutex() const LOCK_RETURNED(m_chainstate_mutex) { return m_chainstate_mutex; }

    // --- Accepting headers and blocks --------------------------------------------------

    /**
     * Check and add headers in order (Core's AcceptBlockHeader each). Stops at the first
     * invalid one (state says why). *last_accepted is the entry of the last header added.
     */
    bool ProcessNewBlockHeaders(std::span<const primitives::BlockHeader> headers,
                                consensus::BlockValidationState& state, const BlockIndex** last_accepted = nullptr)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /**
     * Check a block, store it (also off the best chain) and activate the best chain.
     * force_processing: store it even if it is unrequested and does not look useful (as
     * Core's; tests and the miner pass true). Returns false if the block was not stored
     * (*state, if given, says why) or on a system error; a stored block that fails when
     * connected returns true and is marked invalid (see GetBlockInfo).
     */
    bool ProcessNewBlock(const std::shared_ptr<const primitives::Block>& block, bool force_processing,
                         bool* new_block = nullptr, consensus::BlockValidationState* state = nullptr)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /**
     * Connect and disconnect blocks until the tip is the best valid candidate. block, if
     * given, is the data of the candidate (saves reading it back). False on a system error
     * (state.IsError()), never for invalid blocks, which are marked and skipped.
     */
    bool ActivateBestChain(consensus::BlockValidationState& state, const std::shared_ptr<const primitives::Block>& block = {})
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /** Mark a block and its descendants invalid (RPC invalidateblock), then activate the best chain. */
    bool InvalidateBlock(consensus::BlockValidationState& state, const uint256& hash)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** Clear the failure marks of a block, its ancestors and descendants (RPC reconsiderblock), then activate. */
    bool ReconsiderBlock(consensus::BlockValidationState& state, const uint256& hash)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /**
     * Whether block would be valid as the next block on the current tip (Core's
     * TestBlockValidity, for block templates and proposals): it must build on the tip; the
     * header and block checks (proof of work and merkle root only if asked) and
     * ConnectBlock run on a throwaway view over the tip's coins. Nothing is stored or
     * changed. False with state saying why (state.IsError() on a system error).
     */
    bool TestBlockValidity(consensus::BlockValidationState& state, const primitives::Block& block, bool check_pow,
                           bool check_merkle) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    /** Write block index and coins to disk now, keeping the coins cache warm. */
    util::Result<void> ForceFlush() EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    // --- Queries (take the lock themselves) ------------------------------------------

    /** The tip of the active chain (null only before genesis is connected). */
    const BlockIndex* ActiveTip() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    int ActiveHeight() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** The active chain's block at height, or null. */
    const BlockIndex* ActiveBlockAt(int height) const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** The entry of a known block, or null. Immutable fields may be read without the lock. */
    const BlockIndex* LookupBlockIndex(const uint256& hash) const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** A consistent copy of what the index knows about a block. */
    std::optional<BlockInfo> GetBlockInfo(const uint256& hash) const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** The header with the most work that is not known invalid. */
    const BlockIndex* BestHeader() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    BlockLocator GetLocator() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** Every chain tip the index knows (RPC getchaintips). */
    std::vector<ChainTip> GetChainTips() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    bool IsInitialBlockDownload() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    util::Result<primitives::Block> ReadBlock(const uint256& hash) const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    util::Result<std::vector<uint8_t>> ReadRawBlock(const uint256& hash) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    util::Result<storage::BlockUndo> ReadBlockUndo(const uint256& hash) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /** The unspent output at outpoint in the active chain's UTXO set (nullopt also after a read error). */
    std::optional<storage::Coin> GetCoin(const primitives::OutPoint& outpoint)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /**
     * gettxoutsetinfo: flushes, then walks a snapshot of the UTXO set outside the lock.
     * hash_serialized_3 equals Core's on the same chain. keep_going returning false aborts.
     */
    util::Result<UtxoSetInfo> GetUtxoSetInfo(const std::function<bool()>& keep_going = {})
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /**
     * scantxoutset: flushes, then calls visit for every coin of a snapshot of the UTXO set,
     * outside the lock (utxo_walk.cpp); visit returning false stops the walk early. Returns
     * the height and hash of the block the snapshot belongs to.
     */
    util::Result<std::pair<int, uint256>> ForEachUtxo(
        const std::function<bool(const primitives::OutPoint&, const storage::Coin&)>& visit)
        EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /**
     * verifychain: check the top check_blocks blocks (0 or more than the height: all) at
     * check_level 0-4, as the startup check does (VerifyDB). False if a check failed; the
     * reason is logged.
     */
    bool VerifyChain(int check_level, int check_blocks) EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /** Counters of the work done so far (benchmarks, logs). */
    ConnectStats GetConnectStats() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** Bytes used by the coins cache, and its budget. */
    size_t CoinsCacheUsage() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    /** Bytes of block and undo data written (Core's CalculateCurrentUsage: getblockchaininfo's size_on_disk). */
    uint64_t BlockFilesUsage() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    size_t CoinsCacheBudget() const { return m_cache_sizes.coins; }

    /** The first fatal error (a disk or database failure after which the node should stop). */
    std::optional<std::string> FatalErrorMessage() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    /**
     * Check the invariants of the block index, the candidate set and the active chain
     * (tests; Core's CheckBlockIndex). Returns a description of the first violation.
     */
    std::optional<std::string> CheckBlockIndex() const EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);

    // --- For callers holding the lock (mempool) ---------------------------------------

    const Chain& ActiveChain() const EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex) { return m_chain; }
    storage::CoinsViewCache& CoinsTip() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex) { return *m_coins_tip; }

private:
    ChainstateManager(Options options, const storage::CacheSizes& sizes, std::unique_ptr<BlockManager> blockman,
                      std::unique_ptr<storage::CoinsViewDB> coins_db);

    void Log(const std::string& message) const;
    int64_t Now() const { return m_clock.Now(); }
    bool Interrupted() const { return m_options.interrupt && m_options.interrupt->load(); }
    /** Record a fatal error, tell the caller's callback, and set state to error. */
    bool FatalError(consensus::BlockValidationState& state, const std::string& message)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // load.cpp
    // LOCKS_EXCLUDED rather than a negative requirement: Open() calls it on a manager that
    // nothing else can see yet, where the analysis cannot prove the negative capability.
    util::Result<void> Init() LOCKS_EXCLUDED(m_chainstate_mutex);
    util::Result<void> LoadBlockIndex() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    util::Result<void> LoadGenesisBlock() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    util::Result<void> ReplayBlocks() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    util::Result<void> LoadChainTip() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    /** Apply a block's effects without checks (replaying a flush). */
    util::Result<void> RollforwardBlock(const BlockIndex& index, storage::CoinsViewCache& view)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // verify_db.cpp
    util::Result<void> VerifyDB(int check_level, int check_blocks) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // reindex.cpp
    util::Result<void> ReindexBlockFiles() EXCLUSIVE_LOCKS_REQUIRED(!m_chainstate_mutex);
    void ReindexOneBlock(const storage::FlatFilePos& pos, const std::shared_ptr<const primitives::Block>& block,
                         std::multimap<uint256, storage::FlatFilePos>& unknown_parent)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // accept.cpp
    bool AcceptBlockHeader(const primitives::BlockHeader& header, consensus::BlockValidationState& state,
                           BlockIndex** index_out) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool AcceptBlock(const std::shared_ptr<const primitives::Block>& block, consensus::BlockValidationState& state,
                     BlockIndex** index_out, bool requested, const storage::FlatFilePos* known_pos, bool* new_block)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void ReceivedBlockTransactions(const primitives::Block& block, BlockIndex* index, const storage::FlatFilePos& pos)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void TryAddBlockIndexCandidate(BlockIndex* index) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool IsInitialBlockDownloadLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // connect.cpp
    bool ConnectBlock(const primitives::Block& block, consensus::BlockValidationState& state, BlockIndex* index,
                      storage::CoinsViewCache& view, bool just_check = false)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    DisconnectResult DisconnectBlock(const primitives::Block& block, const BlockIndex* index,
                                     storage::CoinsViewCache& view) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // activate.cpp
    bool ConnectTip(consensus::BlockValidationState& state, BlockIndex* index_new,
                    std::shared_ptr<const primitives::Block> block) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool DisconnectTip(consensus::BlockValidationState& state) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    BlockIndex* FindMostWorkChain() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void PruneBlockIndexCandidates() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool ActivateBestChainStep(consensus::BlockValidationState& state, BlockIndex* most_work,
                               const std::shared_ptr<const primitives::Block>& block, bool& invalid_found)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void UpdateTip(const BlockIndex* tip) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // invalidate.cpp
    void InvalidBlockFound(BlockIndex* index, const consensus::BlockValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void InvalidChainFound(BlockIndex* index) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void SetBlockFailureFlags(BlockIndex* invalid) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void RecalculateBestHeader() EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool InvalidateBlockLocked(consensus::BlockValidationState& state, BlockIndex* index)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    void ResetBlockFailureFlags(BlockIndex* index) EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    // flush_state.cpp
    bool FlushStateToDisk(consensus::BlockValidationState& state, storage::FlushStateMode mode)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);
    bool WriteToDisk(consensus::BlockValidationState& state, bool empty_cache)
        EXCLUSIVE_LOCKS_REQUIRED(m_chainstate_mutex);

    const Options m_options;
    const consensus::ChainParams& m_params;
    const util::Clock m_system_clock;
    const util::Clock& m_clock;
    const storage::CacheSizes m_cache_sizes;

    mutable util::Mutex m_chainstate_mutex;
    std::unique_ptr<BlockManager> m_blockman GUARDED_BY(m_chainstate_mutex);
    std::unique_ptr<storage::CoinsViewDB> m_coins_db GUARDED_BY(m_chainstate_mutex);
    std::unique_ptr<storage::CoinsViewCache> m_coins_tip GUARDED_BY(m_chainstate_mutex);
    Chain m_chain GUARDED_BY(m_chainstate_mutex);
    /** Blocks that could be the tip: at least the tip's work, data for them and all ancestors. */
    std::set<BlockIndex*, BlockIndexWorkComparator> m_candidates GUARDED_BY(m_chainstate_mutex);
    BlockIndex* m_best_header GUARDED_BY(m_chainstate_mutex){nullptr};
    BlockIndex* m_best_invalid GUARDED_BY(m_chainstate_mutex){nullptr};
    /** Next sequence id for blocks whose data arrives (ids below are used by blocks loaded from disk). */
    int32_t m_next_sequence_id GUARDED_BY(m_chainstate_mutex){SEQ_ID_INIT_FROM_DISK + 1};
    storage::FlushScheduler m_flush_scheduler GUARDED_BY(m_chainstate_mutex);
    /** False while a reindex has not finished scanning the block files. */
    bool m_blockfiles_indexed GUARDED_BY(m_chainstate_mutex){true};
    /** Log connection progress as a share of the best header (reindex). */
    bool m_report_progress GUARDED_BY(m_chainstate_mutex){false};
    ConnectStats m_stats GUARDED_BY(m_chainstate_mutex);
    std::optional<std::string> m_fatal_error GUARDED_BY(m_chainstate_mutex);
    /** Open finished: the destructor writes the state to disk. */
    bool m_opened GUARDED_BY(m_chainstate_mutex){false};
    /** Latches once the node has caught up (Core's m_cached_finished_ibd). */
    mutable std::atomic<bool> m_finished_ibd{false};
    /** Script checks of the block being connected; used only under the mutex. */
    consensus::ScriptCheckQueue m_script_queue;
};

} // namespace chain

#endif // BITNODE_CHAIN_CHAINSTATE_MANAGER_H
