// CoinsViewDB: the UTXO set in LevelDB (<datadir>/<network>/chainstate/), with Bitcoin
// Core's record layout (doc/storage-format.md "Chainstate database"):
//
//     'C' txid VarInt(n)  ->  Coin (coin.h)
//     'B'                 ->  uint256 best block: the coins are exactly the UTXO set after it
//     'H'                 ->  vector<uint256> {new best, old best} while a flush is under way
//
// A flush (BatchWrite) may be larger than one LevelDB batch. Its first batch erases 'B'
// and writes 'H' = {new, old}; its last batch erases 'H' and writes 'B' = new. A crash in
// between leaves 'H' behind: GetBestBlock() is then null and GetHeadBlocks() says which
// blocks the coins are somewhere between, and the chainstate replays blocks to reach
// 'new' (disconnect old back to the fork, connect up to new; every change is idempotent).
// The final batch is written with sync, so once Flush returns the best block survives a
// power loss too.
//
// Thread safety: reads may run concurrently with each other; BatchWrite must not run
// concurrently with anything (the chainstate's mutex serialises it).
#ifndef BITNODE_STORAGE_COINS_DB_H
#define BITNODE_STORAGE_COINS_DB_H

#include <storage/coins_view.h>
#include <storage/dbwrapper.h>
#include <util/result.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace storage {

/** Record kinds of the chainstate database. DO NOT CHANGE. */
inline constexpr uint8_t DB_COIN = 'C';
inline constexpr uint8_t DB_BEST_BLOCK = 'B';
inline constexpr uint8_t DB_HEAD_BLOCKS = 'H';
/** Per-transaction records of versions before Core 0.15; their presence means "too old". */
inline constexpr uint8_t DB_LEGACY_COINS = 'c';

/** Default size at which a flush is cut into several LevelDB batches (Core's 32 MiB). */
inline constexpr size_t DEFAULT_DB_BATCH_BYTES = 32 << 20;

struct CoinsDbOptions {
    /** Cut flushes into LevelDB batches of about this many bytes. */
    size_t batch_write_bytes{DEFAULT_DB_BATCH_BYTES};
    /**
     * Test hook (like Core's -dbcrashratio): throw SimulatedCrash once this many partial
     * batches have been written since the database was opened (0: never).
     */
    int crash_after_partial_batches{0};
};

/** Thrown by the crash-simulation test hook; the database is left as a real crash would. */
class SimulatedCrash : public std::runtime_error
{
public:
    SimulatedCrash() : std::runtime_error("simulated crash during a coins database flush") {}
};

/** Key of a coin record: 'C', txid, VarInt(n). */
struct CoinKey {
    uint8_t prefix{DB_COIN};
    OutPoint outpoint;

    CoinKey() = default;
    explicit CoinKey(const OutPoint& o) : outpoint{o} {}

    SERIALIZE_METHODS(CoinKey, obj) { READWRITE(obj.prefix, obj.outpoint.hash, primitives::AsVarInt(obj.outpoint.n)); }
};

class CoinsViewDB final : public CoinsView
{
public:
    /** Open chainstate/ (params.name and recovery_hint default to the chainstate's). */
    static util::Result<std::unique_ptr<CoinsViewDB>> Open(DbParams params, CoinsDbOptions options = {});

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    std::vector<uint256> GetHeadBlocks() const override;
    /** Throws DbError on failure (and on a flush that does not continue an interrupted one). */
    bool BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block) override;
    std::unique_ptr<CoinsViewCursor> Cursor() const override;
    size_t EstimateSize() const override;

    /** True if the database holds records of a format older than Core 0.15 (needs -reindex-chainstate). */
    bool NeedsUpgrade() const;

    DbWrapper& Db() { return *m_db; }
    const DbWrapper& Db() const { return *m_db; }

private:
    CoinsViewDB(std::unique_ptr<DbWrapper> db, CoinsDbOptions options) : m_db{std::move(db)}, m_options{options} {}

    std::unique_ptr<DbWrapper> m_db;
    CoinsDbOptions m_options;
    /** Partial batches written so far (for the crash test hook). */
    int m_partial_batches{0};
};

} // namespace storage

#endif // BITNODE_STORAGE_COINS_DB_H
