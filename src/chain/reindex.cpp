// -reindex: rebuilding the block index from the block files (Core's LoadExternalBlockFile
// over blk00000.dat, blk00001.dat, ...). Blocks are accepted in file order; a block whose
// parent has not been seen yet is remembered by position and accepted as soon as the
// parent is. The 'R' flag in the block index database stays set until the scan finishes,
// so an interrupted reindex continues at the next start.
#include <chain/chainstate_manager.h>

#include <cstdio>
#include <deque>
#include <filesystem>

namespace chain {

using consensus::BlockValidationState;
using primitives::Block;

void ChainstateManager::ReindexOneBlock(const storage::FlatFilePos& pos, const std::shared_ptr<const Block>& block,
                                        std::multimap<uint256, storage::FlatFilePos>& unknown_parent)
{
    const uint256 hash = block->GetHash();
    const uint256& genesis = GetConsensus().hash_genesis_block;
    if (hash != genesis && !m_blockman->LookupBlockIndex(block->hash_prev_block)) {
        unknown_parent.emplace(block->hash_prev_block, pos);
        return;
    }
    auto accept = [&](const std::shared_ptr<const Block>& b, const storage::FlatFilePos& p) {
        util::AssertLockHeld(m_chainstate_mutex); // lambdas are analysed on their own
        const BlockIndex* known = m_blockman->LookupBlockIndex(b->GetHash());
        if (known && known->HaveData()) return; // indexed by an earlier, interrupted reindex
        BlockValidationState state;
        if (!AcceptBlock(b, state, nullptr, /*requested=*/true, &p, nullptr) && state.IsInvalid()) {
            Log("Reindex: block " + b->GetHash().GetHex() + " in " + p.ToString() + " is invalid: " + state.ToString());
        }
    };
    accept(block, pos);

    // Blocks that were waiting for this one, and for those in turn.
    std::deque<uint256> queue{hash};
    while (!queue.empty()) {
        const uint256 parent = queue.front();
        queue.pop_front();
        auto [begin, end] = unknown_parent.equal_range(parent);
        for (auto it = begin; it != end; ++it) {
            auto child = m_blockman->Files().ReadBlock(it->second);
            if (!child) {
                Log("Reindex: cannot read a block remembered at " + it->second.ToString() + ": " + child.error());
                continue;
            }
            auto child_ptr = std::make_shared<const Block>(std::move(*child));
            accept(child_ptr, it->second);
            queue.push_back(child_ptr->GetHash());
        }
        unknown_parent.erase(begin, end);
    }
}

util::Result<void> ChainstateManager::ReindexBlockFiles()
{
    // Thread-safe itself: files are read without the chainstate lock, blocks accepted under it.
    storage::BlockFileManager& files = WITH_LOCK(m_chainstate_mutex, return m_blockman->Files());
    std::multimap<uint256, storage::FlatFilePos> unknown_parent;
    size_t total = 0;
    for (int file = 0;; ++file) {
        std::error_code ec;
        if (!std::filesystem::exists(files.BlockFilePath(file), ec)) break;
        if (Interrupted()) return util::Error{"Reindexing was interrupted; it continues at the next start."};
        char name[32];
        std::snprintf(name, sizeof(name), "blk%05d.dat", file);
        Log(std::string{"Reindexing block file "} + name + "...");
        auto scanned = files.ScanBlockFile(file, [&](const storage::FlatFilePos& pos, const Block& block) {
            auto shared = std::make_shared<const Block>(block);
            LOCK(m_chainstate_mutex);
            ReindexOneBlock(pos, shared, unknown_parent);
            return !Interrupted();
        });
        if (!scanned) return util::Error{"Reindexing failed: " + scanned.error()};
        total += *scanned;
        if (Interrupted()) return util::Error{"Reindexing was interrupted; it continues at the next start."};
    }
    LOCK(m_chainstate_mutex);
    if (!unknown_parent.empty()) {
        Log("Reindex: " + std::to_string(unknown_parent.size()) + " blocks whose parent is not in the block files were skipped");
    }
    m_blockman->BlockTree().WriteReindexing(false);
    m_blockfiles_indexed = true;
    Log("Reindexing finished: " + std::to_string(total) + " blocks read");
    return LoadGenesisBlock();
}

} // namespace chain
