// ActivateBestChain: moving the active chain to the best valid candidate, one block at a
// time (ConnectTip / DisconnectTip), through reorganisations of any depth.
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

#include <storage/dbwrapper.h>

#include <cassert>
#include <cmath>
#include <cstdio>

namespace chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;
using primitives::Block;
using storage::BLOCK_FAILED_CHILD;
using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_HAVE_DATA;

namespace {

/** Blocks connected per step before the lock is released (Core's 32). */
constexpr int CONNECT_BATCH = 32;

} // namespace

void ChainstateManager::UpdateTip(const BlockIndex* tip)
{
    if (!m_options.log || !tip) return;
    char work[32];
    std::snprintf(work, sizeof(work), "%.6f", std::log2(std::max(tip->chain_work.getdouble(), 1.0)));
    std::string line = "UpdateTip: new best=" + tip->hash.GetHex() + " height=" + std::to_string(tip->height) +
                       " log2_work=" + work + " tx=" + std::to_string(tip->chain_tx_count) +
                       " cache=" + std::to_string(m_coins_tip->DynamicMemoryUsage() >> 10) + "KiB(" +
                       std::to_string(m_coins_tip->GetCacheSize()) + "txo)";
    if (m_report_progress) {
        // Reindexing: say how far along the stored chain we are, but not for every block.
        const int target = m_best_header ? m_best_header->height : tip->height;
        if (tip->height % 1000 != 0 && tip->height != target) return;
        char pct[16];
        std::snprintf(pct, sizeof(pct), "%.1f", target > 0 ? 100.0 * tip->height / target : 100.0);
        line += " progress=" + std::string{pct} + "%";
    }
    Log(line);
}

bool ChainstateManager::ConnectTip(BlockValidationState& state, BlockIndex* index_new, std::shared_ptr<const Block> block)
{
    assert(index_new->prev == m_chain.Tip());
    const int64_t start = util::MonotonicMicros();
    if (!block) {
        auto read = m_blockman->ReadBlock(*index_new);
        if (!read) return FatalError(state, "Failed to read block: " + read.error());
        block = std::make_shared<const Block>(std::move(*read));
    }
    try {
        storage::CoinsViewCache view{m_coins_tip.get()};
        if (!ConnectBlock(*block, state, index_new, view)) {
            if (state.IsInvalid()) InvalidBlockFound(index_new, state);
            return false;
        }
        // Into the tip cache: this cannot fail short of running out of memory.
        view.Flush();
    } catch (const storage::DbError& e) {
        // A read of the coins database failed; the block's view is dropped unapplied.
        return FatalError(state, e.what());
    }
    if (!FlushStateToDisk(state, storage::FlushStateMode::IF_NEEDED)) return false;
    m_chain.SetTip(index_new);
    ++m_stats.blocks_connected;
    m_stats.connect_tip_micros += util::MonotonicMicros() - start;
    UpdateTip(index_new);
    if (m_options.signals) m_options.signals->BlockConnected(std::move(block), index_new);
    return true;
}

bool ChainstateManager::DisconnectTip(BlockValidationState& state)
{
    BlockIndex* index_delete = m_chain.Tip();
    assert(index_delete && index_delete->prev);
    auto read = m_blockman->ReadBlock(*index_delete);
    if (!read) return FatalError(state, "Failed to read block: " + read.error());
    auto block = std::make_shared<const Block>(std::move(*read));
    try {
        storage::CoinsViewCache view{m_coins_tip.get()};
        assert(view.GetBestBlock() == index_delete->hash);
        if (DisconnectBlock(*block, index_delete, view) != DisconnectResult::OK) {
            return FatalError(state, "Failed to disconnect block " + index_delete->hash.GetHex() + " at height " +
                                         std::to_string(index_delete->height) +
                                         ": its undo data does not match the UTXO set. Restart with -reindex-chainstate.");
        }
        view.Flush();
    } catch (const storage::DbError& e) {
        return FatalError(state, e.what());
    }
    if (!FlushStateToDisk(state, storage::FlushStateMode::IF_NEEDED)) return false;
    m_chain.SetTip(index_delete->prev);
    ++m_stats.blocks_disconnected;
    UpdateTip(index_delete->prev);
    if (m_options.signals) m_options.signals->BlockDisconnected(std::move(block), index_delete);
    return true;
}

BlockIndex* ChainstateManager::FindMostWorkChain()
{
    while (true) {
        if (m_candidates.empty()) return nullptr;
        BlockIndex* best = *m_candidates.rbegin();
        // Every block between the active chain and the candidate must be usable; the
        // active chain itself is known good.
        BlockIndex* test = best;
        bool usable = true;
        while (test && !m_chain.Contains(test)) {
            assert(test->HaveNumChainTxs() || test->height == 0);
            const bool failed = (test->status & BLOCK_FAILED_MASK) != 0;
            const bool missing_data = !(test->status & BLOCK_HAVE_DATA);
            if (failed || missing_data) {
                if (failed && (!m_best_invalid || best->chain_work > m_best_invalid->chain_work)) m_best_invalid = best;
                // Drop the candidate and everything between it and the bad block.
                for (BlockIndex* walk = best; walk != test; walk = walk->prev) {
                    if (failed) {
                        walk->status |= BLOCK_FAILED_CHILD;
                        m_blockman->SetDirty(walk);
                    } else {
                        // Remember it, so it becomes a candidate again when the data arrives.
                        m_blockman->Unlinked().emplace(walk->prev, walk);
                    }
                    m_candidates.erase(walk);
                }
                m_candidates.erase(test);
                usable = false;
                break;
            }
            test = test->prev;
        }
        if (usable) return best;
    }
}

void ChainstateManager::PruneBlockIndexCandidates()
{
    // The tip itself stays: a reorg that fails half way must be able to come back to it.
    auto it = m_candidates.begin();
    while (it != m_candidates.end() && BlockIndexWorkComparator{}(*it, m_chain.Tip())) it = m_candidates.erase(it);
    assert(!m_candidates.empty());
}

bool ChainstateManager::ActivateBestChainStep(BlockValidationState& state, BlockIndex* most_work,
                                              const std::shared_ptr<const Block>& block, bool& invalid_found)
{
    const BlockIndex* old_tip = m_chain.Tip();
    const BlockIndex* fork = m_chain.FindFork(most_work);

    // Disconnect the blocks that are not on the new best chain.
    while (m_chain.Tip() && m_chain.Tip() != fork) {
        if (!DisconnectTip(state)) return false;
    }

    // Connect the new branch in batches, from the fork upwards.
    int height = fork ? fork->height : -1;
    bool keep_going = true;
    std::vector<BlockIndex*> to_connect;
    while (keep_going && height != most_work->height) {
        const int target = std::min(height + CONNECT_BATCH, most_work->height);
        to_connect.clear();
        for (BlockIndex* walk = most_work->GetAncestor(target); walk && walk->height != height; walk = walk->prev) {
            to_connect.push_back(walk);
        }
        height = target;
        for (auto it = to_connect.rbegin(); it != to_connect.rend(); ++it) {
            BlockIndex* connect = *it;
            if (!ConnectTip(state, connect, connect == most_work ? block : nullptr)) {
                if (!state.IsInvalid()) return false; // a system error
                // The branch is invalid from here on: mark it and look for another one.
                if (state.GetResult() != BlockValidationResult::BLOCK_MUTATED) InvalidChainFound(to_connect.front());
                state = BlockValidationState{};
                invalid_found = true;
                keep_going = false;
                break;
            }
            PruneBlockIndexCandidates();
            if (!old_tip || m_chain.Tip()->chain_work > old_tip->chain_work) {
                // Better than before: release the lock so others get a turn.
                keep_going = false;
                break;
            }
        }
    }
    return true;
}

bool ChainstateManager::ActivateBestChain(BlockValidationState& state, const std::shared_ptr<const Block>& block)
{
    AssertLockNotHeld(m_chainstate_mutex);
    BlockIndex* most_work = nullptr;
    BlockIndex* new_tip = nullptr;
    do {
        if (Interrupted()) break;
        // Let a slow listener catch up before producing more events.
        if (m_options.signals && !m_options.signals->OnNotificationThread() &&
            m_options.signals->CallbacksPending() > ValidationSignals::MAX_PENDING_CALLBACKS) {
            m_options.signals->SyncWithValidationInterfaceQueue();
        }
        LOCK(m_chainstate_mutex);
        BlockIndex* starting_tip = m_chain.Tip();
        bool blocks_connected = false;
        bool no_candidate = false;
        do {
            most_work = FindMostWorkChain();
            if (!most_work) {
                no_candidate = true;
                break;
            }
            if (most_work == m_chain.Tip()) break;
            bool invalid_found = false;
            const std::shared_ptr<const Block> block_to_connect =
                block && block->GetHash() == most_work->hash ? block : nullptr;
            if (!ActivateBestChainStep(state, most_work, block_to_connect, invalid_found)) return false;
            blocks_connected = true;
            // After an invalid block the best candidate may be another branch: look again.
            if (invalid_found) most_work = nullptr;
            // Go on until the tip is better than where this round started.
        } while (!m_chain.Tip() || (starting_tip && BlockIndexWorkComparator{}(m_chain.Tip(), starting_tip)));
        new_tip = m_chain.Tip();
        if (blocks_connected && new_tip != starting_tip && m_options.signals) {
            const BlockIndex* fork = starting_tip ? m_chain.FindFork(starting_tip) : nullptr;
            m_options.signals->UpdatedBlockTip(new_tip, fork, IsInitialBlockDownloadLocked());
        }
        // After an invalid block (most_work cleared) go round again: another branch may be better.
        if (no_candidate) break;
    } while (new_tip != most_work);

    LOCK(m_chainstate_mutex);
    return FlushStateToDisk(state, storage::FlushStateMode::PERIODIC);
}

} // namespace chain
