#include <mempool/chainstate_view.h>

#include <consensus/script_flags.h>

namespace mempool {

ChainstateMempoolView::ChainstateMempoolView(chain::ChainstateManager& chainman)
    : m_tip{*chainman.ActiveChain().Tip()}, m_ancestry{m_tip}, m_coins{chainman.CoinsTip()},
      m_median_time_past{m_tip.GetMedianTimePast()},
      // The next block's hash is unknown; it only matters for Core's two historical exceptions.
      m_next_flags{consensus::GetBlockScriptFlags(m_tip.height + 1, primitives::uint256{}, chainman.GetConsensus())}
{}

} // namespace mempool
