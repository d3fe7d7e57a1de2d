// VerifyDB: the startup check of the top blocks (-checkblocks, -checklevel), as Core's
// CVerifyDB. Levels: 0 read each block, 1 CheckBlock, 2 read its undo data, 3 disconnect
// the blocks in memory and check the UTXO set agrees, 4 reconnect them with full
// validation. Nothing is written.
#include <chain/chainstate_manager.h>

#include <consensus/block_check.h>
#include <storage/dbwrapper.h>

#include <algorithm>

namespace chain {

using consensus::BlockValidationState;

namespace {

constexpr const char* CORRUPT_HINT =
    " Corrupted block database detected. Please restart with -reindex to rebuild the block index and "
    "chainstate from the block files.";

} // namespace

bool ChainstateManager::VerifyChain(int check_level, int check_blocks)
{
    LOCK(m_chainstate_mutex);
    auto verified = VerifyDB(check_level, check_blocks);
    if (!verified) Log(verified.error());
    return static_cast<bool>(verified);
}

util::Result<void> ChainstateManager::VerifyDB(int check_level, int check_blocks)
{
    const BlockIndex* tip = m_chain.Tip();
    if (!tip || !tip->prev) return {};
    if (check_blocks <= 0 || check_blocks > m_chain.Height()) check_blocks = m_chain.Height();
    check_level = std::clamp(check_level, 0, 4);
    Log("Verifying last " + std::to_string(check_blocks) + " blocks at level " + std::to_string(check_level));

    storage::CoinsViewCache coins{m_coins_tip.get()};
    const BlockIndex* index = tip;
    const BlockIndex* failure = nullptr;
    size_t good_transactions = 0;
    int blocks_checked = 0;
    bool skipped_level3 = false;
    for (; index && index->prev; index = index->prev) {
        if (index->height <= tip->height - check_blocks) break;
        if (Interrupted()) return util::Error{"Verifying blocks was interrupted."};
        ++blocks_checked;
        const std::string where = " at height " + std::to_string(index->height) + ", hash=" + index->hash.GetHex();
        // Level 0: the block can be read.
        auto block = m_blockman->ReadBlock(*index);
        if (!block) return util::Error{"Verification error: ReadBlock failed" + where + ": " + block.error()};
        // Level 1: it is a valid block by itself.
        BlockValidationState state;
        if (check_level >= 1 && !consensus::CheckBlock(*block, state, GetConsensus())) {
            return util::Error{"Verification error: found bad block" + where + " (" + state.ToString() + ")." +
                               CORRUPT_HINT};
        }
        // Level 2: its undo data is readable and intact.
        if (check_level >= 2 && index->HaveUndo()) {
            if (auto undo = m_blockman->ReadBlockUndo(*index); !undo) {
                return util::Error{"Verification error: found bad undo data" + where + ": " + undo.error()};
            }
        }
        // Level 3: disconnecting it from the UTXO set (in memory) finds exactly its outputs.
        const size_t usage = coins.DynamicMemoryUsage() + m_coins_tip->DynamicMemoryUsage();
        if (check_level >= 3) {
            if (usage > m_cache_sizes.coins) {
                skipped_level3 = true;
            } else {
                const DisconnectResult res = DisconnectBlock(*block, index, coins);
                if (res == DisconnectResult::FAILED) {
                    return util::Error{"Verification error: irrecoverable inconsistency in block data" + where + "." +
                                       CORRUPT_HINT};
                }
                if (res == DisconnectResult::UNCLEAN) {
                    good_transactions = 0;
                    failure = index;
                } else {
                    good_transactions += block->vtx.size();
                }
            }
        }
    }
    if (failure) {
        return util::Error{"Verification error: coin database inconsistencies found (last " +
                           std::to_string(tip->height - failure->height + 1) + " blocks, " +
                           std::to_string(good_transactions) + " good transactions before that). " +
                           storage::REINDEX_CHAINSTATE_HINT};
    }
    if (skipped_level3) {
        Log("Skipped verification of level >=3 (insufficient database cache size). Consider increasing -dbcache.");
    }
    // Level 4: connect the blocks again, with all checks.
    if (check_level >= 4 && !skipped_level3) {
        while (index != tip) {
            if (Interrupted()) return util::Error{"Verifying blocks was interrupted."};
            index = m_chain.Next(index);
            const std::string where = " at height " + std::to_string(index->height) + ", hash=" + index->hash.GetHex();
            auto block = m_blockman->ReadBlock(*index);
            if (!block) return util::Error{"Verification error: ReadBlock failed" + where + ": " + block.error()};
            BlockValidationState state;
            if (!ConnectBlock(*block, state, const_cast<BlockIndex*>(index), coins)) {
                return util::Error{"Verification error: found unconnectable block" + where + " (" + state.ToString() +
                                   ")." + CORRUPT_HINT};
            }
        }
    }
    Log("Verification: No coin database inconsistencies in last " + std::to_string(blocks_checked) + " blocks (" +
        std::to_string(good_transactions) + " transactions)");
    return {};
}

} // namespace chain
