// Views of the UTXO set, layered as in Bitcoin Core:
//
//     CoinsViewDB (coins_db.h, LevelDB chainstate/)
//       <- CoinsViewCache "tip" (the -dbcache sized in-memory cache, flushed periodically)
//         <- CoinsViewCache per block being connected (flushed into the tip when valid)
//
// CoinsView is the interface (GetCoin, HaveCoin, GetBestBlock, GetHeadBlocks, BatchWrite,
// Cursor). CoinsViewCache keeps changed coins in a hash map whose entries carry two flags:
//
//   DIRTY  the entry may differ from the parent view and must be written on flush;
//   FRESH  the parent view has no unspent coin here, so if the coin is spent before the
//          flush the entry is simply dropped and nothing is written.
//
// Flush() writes the dirty entries to the parent and empties the cache; Sync() writes them
// and keeps the unspent coins cached (spent ones are dropped). Both write the cache's
// best block with the coins in one BatchWrite, which the database applies atomically
// (see coins_db.h for how a crash during a large write is detected and repaired).
//
// AddCoin's possible_overwrite follows BIP30: it is false for outputs of ordinary
// transactions, where an unspent coin at the same outpoint is a bug (std::logic_error);
// it is true for coinbases (the two historical duplicate coinbases) and for the
// re-adding of coins while disconnecting blocks.
//
// Thread safety: none inside. A CoinsViewCache belongs to its chainstate, whose mutex
// guards every call (DESIGN.md, "Threads"); a block-local cache belongs to one thread.
#ifndef BITNODE_STORAGE_COINS_VIEW_H
#define BITNODE_STORAGE_COINS_VIEW_H

#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <storage/coin.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace storage {

using primitives::OutPoint;
using primitives::uint256;

/**
 * SipHash of an outpoint with a per-cache random key, so that nobody can choose txids
 * that pile up in one bucket of the coins cache.
 */
class SaltedOutPointHasher
{
public:
    /** deterministic: a fixed key (reproducible tests and benchmarks). */
    explicit SaltedOutPointHasher(bool deterministic = false);
    size_t operator()(const OutPoint& outpoint) const noexcept;

private:
    uint64_t m_k0;
    uint64_t m_k1;
};

struct CoinsCacheEntry;
using CoinsCachePair = std::pair<const OutPoint, CoinsCacheEntry>;

/**
 * A coin in one cache level and its flags. Only five of the eight combinations of
 * (spent, DIRTY, FRESH) occur:
 *   unspent DIRTY FRESH  created in this cache;
 *   unspent DIRTY        changed here (e.g. re-added while disconnecting a block);
 *   unspent              fetched from the parent unchanged;
 *   spent   FRESH        a spent coin fetched from the parent (transient);
 *   spent   DIRTY        spent here, spentness not yet written to the parent.
 * Entries with a flag sit on an intrusive list, so a flush visits only them.
 */
struct CoinsCacheEntry {
    enum Flags : uint8_t {
        DIRTY = 1 << 0,
        FRESH = 1 << 1,
    };

    Coin coin;

    CoinsCacheEntry() noexcept = default;
    explicit CoinsCacheEntry(Coin&& c) noexcept : coin{std::move(c)} {}
    ~CoinsCacheEntry() { SetClean(); }
    CoinsCacheEntry(const CoinsCacheEntry&) = delete;
    CoinsCacheEntry& operator=(const CoinsCacheEntry&) = delete;

    static void SetDirty(CoinsCachePair& pair, CoinsCachePair& sentinel) noexcept { AddFlags(DIRTY, pair, sentinel); }
    static void SetFresh(CoinsCachePair& pair, CoinsCachePair& sentinel) noexcept { AddFlags(FRESH, pair, sentinel); }
    /** Drop both flags and leave the list. */
    void SetClean() noexcept;
    bool IsDirty() const noexcept { return (m_flags & DIRTY) != 0; }
    bool IsFresh() const noexcept { return (m_flags & FRESH) != 0; }

    /** Neighbours on the flagged list (only for flagged entries and the sentinel). */
    CoinsCachePair* Next() const noexcept { return m_next; }
    CoinsCachePair* Prev() const noexcept { return m_prev; }

    /** Make pair the empty list's sentinel (it points to itself). */
    void SelfRef(CoinsCachePair& pair) noexcept;

private:
    static void AddFlags(uint8_t flags, CoinsCachePair& pair, CoinsCachePair& sentinel) noexcept;

    CoinsCachePair* m_prev{nullptr};
    CoinsCachePair* m_next{nullptr};
    uint8_t m_flags{0};
};

using CoinsMap = std::unordered_map<OutPoint, CoinsCacheEntry, SaltedOutPointHasher>;

/**
 * What BatchWrite walks: the flagged entries of a child cache. With will_erase (Flush)
 * the child discards its whole map afterwards, so the receiver may move coins out;
 * without it (Sync) stepping past an entry clears its flags, or drops it if spent.
 */
class CoinsCacheCursor
{
public:
    CoinsCacheCursor(CoinsCachePair& sentinel, CoinsMap& map, bool will_erase) noexcept
        : m_sentinel{sentinel}, m_map{map}, m_will_erase{will_erase}
    {}

    CoinsCachePair* Begin() const noexcept { return m_sentinel.second.Next(); }
    CoinsCachePair* End() const noexcept { return &m_sentinel; }
    /** The entry after current; current may be erased or cleaned. */
    CoinsCachePair* NextAndMaybeErase(CoinsCachePair& current) noexcept;
    /** Whether current will be gone after BatchWrite (its coin may be moved from). */
    bool WillErase(const CoinsCachePair& current) const noexcept
    {
        return m_will_erase || current.second.coin.IsSpent();
    }

private:
    CoinsCachePair& m_sentinel;
    CoinsMap& m_map;
    bool m_will_erase;
};

/** Iterates a whole UTXO set (database order: by txid bytes, then output index). */
class CoinsViewCursor
{
public:
    explicit CoinsViewCursor(const uint256& best_block) : m_best_block{best_block} {}
    virtual ~CoinsViewCursor() = default;

    virtual bool GetKey(OutPoint& key) const = 0;
    /** Throws DbError if the stored coin does not decode. */
    virtual bool GetValue(Coin& coin) const = 0;
    virtual bool Valid() const = 0;
    virtual void Next() = 0;

    /** The best block when the cursor was made (the set it walks). */
    const uint256& GetBestBlock() const { return m_best_block; }

private:
    uint256 m_best_block;
};

/** A UTXO set. This base class is the empty set (useful as a dummy parent). */
class CoinsView
{
public:
    virtual ~CoinsView() = default;

    /** The unspent coin at outpoint, or nullopt. */
    virtual std::optional<Coin> GetCoin(const OutPoint& outpoint) const;
    virtual bool HaveCoin(const OutPoint& outpoint) const;
    /** The block whose state this view holds (null for none). */
    virtual uint256 GetBestBlock() const;
    /**
     * Empty when the view is consistent. During (or after a crash in) a flush: {new best
     * block, old best block}; the caller must replay blocks to reach the new one.
     */
    virtual std::vector<uint256> GetHeadBlocks() const;
    /** Apply the cursor's entries and set the best block, atomically. False if unsupported. */
    virtual bool BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block);
    /** Cursor over every coin; null if the view cannot iterate. */
    virtual std::unique_ptr<CoinsViewCursor> Cursor() const;
    /** Approximate bytes on disk (0 if not a database). */
    virtual size_t EstimateSize() const { return 0; }
};

/** A view that forwards everything to another. */
class CoinsViewBacked : public CoinsView
{
public:
    explicit CoinsViewBacked(CoinsView* base) : m_base{base} {}
    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override { return m_base->GetCoin(outpoint); }
    bool HaveCoin(const OutPoint& outpoint) const override { return m_base->HaveCoin(outpoint); }
    uint256 GetBestBlock() const override { return m_base->GetBestBlock(); }
    std::vector<uint256> GetHeadBlocks() const override { return m_base->GetHeadBlocks(); }
    bool BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block) override
    {
        return m_base->BatchWrite(cursor, best_block);
    }
    std::unique_ptr<CoinsViewCursor> Cursor() const override { return m_base->Cursor(); }
    size_t EstimateSize() const override { return m_base->EstimateSize(); }
    void SetBackend(CoinsView& base) { m_base = &base; }

protected:
    CoinsView* m_base;
};

/** An in-memory cache of changes on top of another view. */
class CoinsViewCache : public CoinsViewBacked
{
public:
    /** deterministic: fixed hash key (tests, benchmarks). */
    explicit CoinsViewCache(CoinsView* base, bool deterministic = false);
    CoinsViewCache(const CoinsViewCache&) = delete;
    CoinsViewCache& operator=(const CoinsViewCache&) = delete;

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    void SetBestBlock(const uint256& best_block) { m_best_block = best_block; }
    bool BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block) override;
    /** Caches cannot be iterated (std::logic_error); iterate the database. */
    std::unique_ptr<CoinsViewCursor> Cursor() const override;

    /** HaveCoin without asking the parent. */
    bool HaveCoinInCache(const OutPoint& outpoint) const;
    /**
     * The coin at outpoint (fetched into the cache), or a spent coin if there is none.
     * Cheaper than GetCoin (no copy). The reference is valid until the next call that
     * changes this cache.
     */
    const Coin& AccessCoin(const OutPoint& outpoint) const;

    /**
     * Add an unspent coin (provably unspendable outputs are ignored). possible_overwrite:
     * whether an unspent coin may already be there (see the header comment); if false and
     * one is, throws std::logic_error.
     */
    void AddCoin(const OutPoint& outpoint, Coin&& coin, bool possible_overwrite);
    /**
     * Spend the coin at outpoint, moving it into *moved_out if given. False (and nothing
     * moved out but a spent coin) if there is no unspent coin there.
     */
    bool SpendCoin(const OutPoint& outpoint, Coin* moved_out = nullptr);
    /** Drop the entry for outpoint if it is unmodified (after a mempool check, for example). */
    void Uncache(const OutPoint& outpoint);

    /**
     * Write changes and the best block to the parent, then empty this cache and release
     * its memory. Throws (DbError) if the parent is a database that fails; then the state
     * of this cache and the parent is undefined and the node must stop.
     */
    bool Flush();
    /** As Flush, but keep the unspent coins cached (periodic writes that keep the cache warm). */
    bool Sync();

    /** Number of entries (coins and spent markers). */
    size_t GetCacheSize() const { return m_cache.size(); }
    /** Estimated heap bytes of the cache (map nodes, buckets and scripts), for -dbcache. */
    size_t DynamicMemoryUsage() const;
    /** True if every input of a non-coinbase tx spends a coin in this view. */
    bool HaveInputs(const primitives::Transaction& tx) const;
    /** Check the flag invariants and the memory accounting (tests); aborts on a violation. */
    void SanityCheck() const;

protected:
    // Protected (not private) so that tests can set up entries with given flags.

    /** The entry for outpoint, fetched from the parent if needed; end() if none. */
    CoinsMap::iterator FetchCoin(const OutPoint& outpoint) const;
    /** Fresh, empty map with the same hasher (frees the bucket array). */
    void ReallocateCache();

    bool m_deterministic;
    mutable uint256 m_best_block;
    mutable CoinsCachePair m_sentinel;
    mutable CoinsMap m_cache;
    /** Sum of the coins' DynamicMemoryUsage. */
    mutable size_t m_cached_coins_usage{0};
};

/**
 * Add every output of tx at height. check_for_overwrite: ask the view whether each output
 * already exists (used while disconnecting); otherwise only coinbases may overwrite (BIP30).
 */
void AddCoins(CoinsViewCache& cache, const primitives::Transaction& tx, int height, bool check_for_overwrite = false);

/** True for outputs that can never be spent and are never stored (OP_RETURN, oversized scripts). */
bool IsUnspendableScript(const primitives::ScriptBytes& script);

} // namespace storage

#endif // BITNODE_STORAGE_COINS_VIEW_H
