// Spent outputs as validation sees them: a Coin (an unspent output with the height and
// kind of the transaction that created it) and CoinsView, the read-only interface through
// which validation looks coins up.
//
// The chainstate implements CoinsView over its UTXO database and cache; tools implement it
// over a map (MemoryCoinsView). BlockCoinsOverlay layers the effects of a block being
// validated on top of any view: outputs its earlier transactions create become spendable,
// outputs it spends disappear, and the view underneath is never written.
//
// Thread safety: CoinsView implementations say their own; MemoryCoinsView and
// BlockCoinsOverlay are not synchronised (one validation call owns each).
#ifndef BITNODE_CONSENSUS_COINS_H
#define BITNODE_CONSENSUS_COINS_H

#include <primitives/transaction.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace consensus {

/** An unspent transaction output and where it came from. */
struct Coin {
    primitives::TxOut out;
    /** Height of the block that created it (coinbase maturity, BIP68). */
    int height{0};
    /** Whether a coinbase created it (it matures after COINBASE_MATURITY blocks). */
    bool coinbase{false};

    friend bool operator==(const Coin&, const Coin&) = default;
};

/** Hash for outpoints in hash tables (txids are already uniformly random). */
struct OutPointHasher {
    size_t operator()(const primitives::OutPoint& o) const noexcept
    {
        return static_cast<size_t>(o.hash.GetUint64(0) ^ (static_cast<uint64_t>(o.n) * 0x9e3779b97f4a7c15ULL));
    }
};

/** Hash for txids in hash tables. */
struct TxidHasher {
    size_t operator()(const primitives::Txid& txid) const noexcept { return static_cast<size_t>(txid.GetUint64(0)); }
};

/** Read access to a set of unspent outputs. */
class CoinsView
{
public:
    virtual ~CoinsView() = default;
    /** The unspent output at `outpoint`; nullopt if it never existed or is spent. */
    virtual std::optional<Coin> GetCoin(const primitives::OutPoint& outpoint) const = 0;
    virtual bool HaveCoin(const primitives::OutPoint& outpoint) const { return GetCoin(outpoint).has_value(); }
};

/** A CoinsView over an in-memory table. */
class MemoryCoinsView final : public CoinsView
{
public:
    std::optional<Coin> GetCoin(const primitives::OutPoint& outpoint) const override;
    bool HaveCoin(const primitives::OutPoint& outpoint) const override { return m_coins.count(outpoint) != 0; }

    /** Add or replace the coin at outpoint. */
    void AddCoin(const primitives::OutPoint& outpoint, Coin coin) { m_coins[outpoint] = std::move(coin); }
    size_t Size() const { return m_coins.size(); }

private:
    std::unordered_map<primitives::OutPoint, Coin, OutPointHasher> m_coins;
};

/**
 * The coins seen by the transactions of one block: the base view, plus the outputs of the
 * block's transactions added so far, minus the outputs they spent.
 */
class BlockCoinsOverlay final : public CoinsView
{
public:
    /** `base` must outlive the overlay. */
    explicit BlockCoinsOverlay(const CoinsView& base) : m_base(base) {}

    std::optional<Coin> GetCoin(const primitives::OutPoint& outpoint) const override;
    bool HaveCoin(const primitives::OutPoint& outpoint) const override;

    /** Mark an outpoint spent (it must be unspent: the caller looked it up). */
    void Spend(const primitives::OutPoint& outpoint);
    /**
     * Make tx's outputs spendable, as Core's AddCoins: provably unspendable outputs
     * (OP_RETURN, oversized scripts) are never added.
     */
    void AddOutputs(const primitives::Transaction& tx, int height);

private:
    const CoinsView& m_base;
    std::unordered_map<primitives::OutPoint, Coin, OutPointHasher> m_created;
    std::unordered_set<primitives::OutPoint, OutPointHasher> m_spent;
};

} // namespace consensus

#endif // BITNODE_CONSENSUS_COINS_H
