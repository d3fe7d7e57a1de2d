#include <consensus/coins.h>

#include <script/script.h>

namespace consensus {

using primitives::OutPoint;

std::optional<Coin> MemoryCoinsView::GetCoin(const OutPoint& outpoint) const
{
    const auto it = m_coins.find(outpoint);
    if (it == m_coins.end()) return std::nullopt;
    return it->second;
}

std::optional<Coin> BlockCoinsOverlay::GetCoin(const OutPoint& outpoint) const
{
    if (m_spent.count(outpoint) != 0) return std::nullopt;
    const auto it = m_created.find(outpoint);
    if (it != m_created.end()) return it->second;
    return m_base.GetCoin(outpoint);
}

bool BlockCoinsOverlay::HaveCoin(const OutPoint& outpoint) const
{
    if (m_spent.count(outpoint) != 0) return false;
    return m_created.count(outpoint) != 0 || m_base.HaveCoin(outpoint);
}

void BlockCoinsOverlay::Spend(const OutPoint& outpoint)
{
    // Remembered as spent even when the block created it: the base view may know the same
    // outpoint too (a tool's view of every output the block spends), and must not revive it.
    m_created.erase(outpoint);
    m_spent.insert(outpoint);
}

void BlockCoinsOverlay::AddOutputs(const primitives::Transaction& tx, int height)
{
    const bool coinbase = tx.IsCoinBase();
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        const primitives::TxOut& out = tx.vout[n];
        const bool unspendable = (!out.script_pubkey.empty() && out.script_pubkey[0] == script::OP_RETURN) ||
                                 out.script_pubkey.size() > static_cast<size_t>(script::MAX_SCRIPT_SIZE);
        if (unspendable) continue;
        const OutPoint outpoint{tx.GetHash(), n};
        // A created output shadows a spent base entry with the same outpoint (BIP30 repeats).
        m_spent.erase(outpoint);
        m_created[outpoint] = Coin{out, height, coinbase};
    }
}

} // namespace consensus
