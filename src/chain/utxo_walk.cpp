// ChainstateManager::ForEachUtxo: a walk of a flushed snapshot of the UTXO set outside the
// chainstate lock (the node's scantxoutset).
#include <chain/chainstate_manager.h>

namespace chain {

util::Result<std::pair<int, uint256>>
ChainstateManager::ForEachUtxo(const std::function<bool(const primitives::OutPoint&, const storage::Coin&)>& visit)
{
    std::unique_ptr<storage::CoinsViewCursor> cursor;
    std::pair<int, uint256> best{-1, uint256{}};
    {
        LOCK(m_chainstate_mutex);
        consensus::BlockValidationState state;
        if (!WriteToDisk(state, /*empty_cache=*/false)) return util::Error{state.GetRejectReason()};
        try {
            // A LevelDB snapshot: blocks connected during the walk do not change it.
            cursor = m_coins_db->Cursor();
        } catch (const storage::DbError& e) {
            return util::Error{e.what()};
        }
        best.second = cursor->GetBestBlock();
        const BlockIndex* index = m_blockman->LookupBlockIndex(best.second);
        best.first = index ? index->height : -1;
    }
    try {
        primitives::OutPoint outpoint;
        storage::Coin coin;
        for (; cursor->Valid(); cursor->Next()) {
            if (!cursor->GetKey(outpoint) || !cursor->GetValue(coin)) continue;
            if (!visit(outpoint, coin)) break;
        }
    } catch (const storage::DbError& e) {
        return util::Error{e.what()};
    }
    return best;
}

} // namespace chain
