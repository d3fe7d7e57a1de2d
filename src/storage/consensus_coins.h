// ConsensusCoinsView: a storage::CoinsView (usually the chainstate's CoinsViewCache) seen
// through consensus::CoinsView, the lookup interface consensus validation uses (for
// example BlockCoinsOverlay and the input checks in consensus/tx_verify.h).
//
//     storage::CoinsViewCache& tip = ...;
//     storage::ConsensusCoinsView lookup{tip};
//     consensus::BlockCoinsOverlay overlay{lookup};
//
// Lookups go through the wrapped view, so they fill its cache like any other read.
//
// Thread safety: that of the wrapped view (a CoinsViewCache needs its owner's lock).
#ifndef BITNODE_STORAGE_CONSENSUS_COINS_H
#define BITNODE_STORAGE_CONSENSUS_COINS_H

#include <consensus/coins.h>
#include <storage/coins_view.h>

#include <optional>

namespace storage {

class ConsensusCoinsView final : public consensus::CoinsView
{
public:
    /** view must outlive this adapter. */
    explicit ConsensusCoinsView(const storage::CoinsView& view)
        : m_view{view}, m_cache{dynamic_cast<const CoinsViewCache*>(&view)}
    {}

    std::optional<consensus::Coin> GetCoin(const primitives::OutPoint& outpoint) const override
    {
        if (m_cache) {
            // AccessCoin saves one copy of the coin.
            const Coin& coin = m_cache->AccessCoin(outpoint);
            if (coin.IsSpent()) return std::nullopt;
            return coin.ToConsensus();
        }
        const std::optional<Coin> coin = m_view.GetCoin(outpoint);
        if (!coin) return std::nullopt;
        return coin->ToConsensus();
    }
    bool HaveCoin(const primitives::OutPoint& outpoint) const override { return m_view.HaveCoin(outpoint); }

private:
    const storage::CoinsView& m_view;
    /** The same view if it is a cache, else null. */
    const CoinsViewCache* m_cache;
};

} // namespace storage

#endif // BITNODE_STORAGE_CONSENSUS_COINS_H
