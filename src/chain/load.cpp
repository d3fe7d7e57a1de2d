// Opening a chainstate: the databases, the block index, repair of an interrupted coins
// flush (ReplayBlocks), the tip, the genesis block, reindexing and the startup checks.
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

#include <storage/dbwrapper.h>

#include <system_error>

namespace chain {

using consensus::BlockValidationState;
using primitives::Block;

ChainstateManager::ChainstateManager(Options options, const storage::CacheSizes& sizes,
                                     std::unique_ptr<BlockManager> blockman,
                                     std::unique_ptr<storage::CoinsViewDB> coins_db)
    : m_options{std::move(options)}, m_params{*m_options.chain_params},
      m_clock{m_options.clock ? *m_options.clock : m_system_clock}, m_cache_sizes{sizes},
      m_blockman{std::move(blockman)}, m_coins_db{std::move(coins_db)}, m_flush_scheduler{m_clock.Now()},
      m_script_queue{m_options.script_check_threads}
{
}

util::Result<std::unique_ptr<ChainstateManager>> ChainstateManager::Open(Options options)
{
    if (!options.chain_params) return util::Error{"No chain parameters given."};
    if (options.datadir.empty()) return util::Error{"No data directory given."};
    std::error_code ec;
    std::filesystem::create_directories(options.datadir / "blocks", ec);
    if (ec) {
        return util::Error{"Cannot create " + (options.datadir / "blocks").string() + ": " + ec.message() +
                           ". Check the -datadir setting and its permissions."};
    }
    const storage::CacheSizes sizes{options.dbcache_bytes};

    auto block_tree = storage::BlockTreeDB::Open({.path = options.datadir / "blocks" / "index",
                                                  .cache_bytes = sizes.block_tree_db,
                                                  .wipe_data = options.reindex,
                                                  .name = "block index"});
    if (!block_tree) return util::Error{block_tree.error()};
    const auto& magic = options.chain_params->MessageStart();
    auto files = std::make_unique<storage::BlockFileManager>(storage::BlockFileOptions{
        .blocks_dir = options.datadir / "blocks",
        .message_start = {magic[0], magic[1], magic[2], magic[3]},
        .max_file_size = options.max_block_file_size,
    });
    auto coins_db = storage::CoinsViewDB::Open({.path = options.datadir / "chainstate",
                                                .cache_bytes = sizes.coins_db,
                                                .wipe_data = options.reindex || options.reindex_chainstate,
                                                .obfuscate = true,
                                                .name = "chainstate"},
                                               {.batch_write_bytes = options.coins_db_batch_bytes,
                                                .crash_after_partial_batches = options.coins_db_crash_after_partial_batches});
    if (!coins_db) return util::Error{coins_db.error()};

    auto blockman = std::make_unique<BlockManager>(std::move(*block_tree), std::move(files));
    std::unique_ptr<ChainstateManager> chainman{
        new ChainstateManager(std::move(options), sizes, std::move(blockman), std::move(*coins_db))};
    try {
        // On failure the destructor leaves the files as they are: the next start redoes it all.
        if (auto init = chainman->Init(); !init) return util::Error{init.error()};
    } catch (const storage::DbError& e) {
        return util::Error{e.what()};
    }
    return chainman;
}

util::Result<void> ChainstateManager::LoadBlockIndex()
{
    auto loaded = m_blockman->LoadBlockIndexDB(GetConsensus(), [this] { return !Interrupted(); });
    if (!loaded) return loaded;
    for (BlockIndex* index : m_blockman->GetAllBlockIndicesByHeight()) {
        if (index->IsValid(storage::BLOCK_VALID_TRANSACTIONS) && (index->HaveNumChainTxs() || !index->prev)) {
            TryAddBlockIndexCandidate(index);
        }
        if ((index->status & storage::BLOCK_FAILED_MASK) &&
            (!m_best_invalid || index->chain_work > m_best_invalid->chain_work)) {
            m_best_invalid = index;
        }
        if (index->IsValid(storage::BLOCK_VALID_TREE) &&
            (!m_best_header || BlockIndexWorkComparator{}(m_best_header, index))) {
            m_best_header = index;
        }
    }
    return {};
}

util::Result<void> ChainstateManager::LoadGenesisBlock()
{
    const Block& genesis = m_params.GenesisBlock();
    if (const BlockIndex* known = m_blockman->LookupBlockIndex(genesis.GetHash()); known && known->HaveData()) return {};
    auto pos = m_blockman->WriteBlock(genesis, 0);
    if (!pos) return util::Error{"Failed to write the genesis block: " + pos.error()};
    BlockIndex* index = m_blockman->AddToBlockIndex(genesis, m_best_header);
    ReceivedBlockTransactions(genesis, index, *pos);
    return {};
}

util::Result<void> ChainstateManager::RollforwardBlock(const BlockIndex& index, storage::CoinsViewCache& view)
{
    auto block = m_blockman->ReadBlock(index);
    if (!block) return util::Error{block.error()};
    for (const primitives::TransactionRef& tx : block->vtx) {
        if (!tx->IsCoinBase()) {
            // The coin may already be gone: part of this block reached the database before.
            for (const primitives::TxIn& in : tx->vin) view.SpendCoin(in.prevout);
        }
        // Outputs may already be there for the same reason; overwrite them.
        storage::AddCoins(view, *tx, index.height, /*check_for_overwrite=*/true);
    }
    return {};
}

util::Result<void> ChainstateManager::ReplayBlocks()
{
    const std::vector<uint256> heads = m_coins_db->GetHeadBlocks();
    if (heads.empty()) return {};
    Log("Replaying blocks: the last coins flush was interrupted");
    const BlockIndex* new_tip = m_blockman->LookupBlockIndex(heads[0]);
    if (!new_tip) {
        return util::Error{"The chainstate was being flushed towards block " + heads[0].GetHex() +
                           ", which the block index does not know. " + storage::REINDEX_CHAINSTATE_HINT};
    }
    const BlockIndex* old_tip = nullptr;
    if (!heads[1].IsNull()) {
        old_tip = m_blockman->LookupBlockIndex(heads[1]);
        if (!old_tip) {
            return util::Error{"The chainstate was being flushed from block " + heads[1].GetHex() +
                               ", which the block index does not know. " + storage::REINDEX_CHAINSTATE_HINT};
        }
    }
    const BlockIndex* fork = old_tip ? LastCommonAncestor(old_tip, new_tip) : nullptr;

    storage::CoinsViewCache cache{m_coins_db.get()};
    // Undo the blocks of the old branch (their effects may be partly in the database).
    for (const BlockIndex* walk = old_tip; walk != fork; walk = walk->prev) {
        if (walk->height == 0) continue;
        auto block = m_blockman->ReadBlock(*walk);
        if (!block) return util::Error{"Replaying blocks: " + block.error()};
        Log("Rolling back " + walk->hash.GetHex() + " (" + std::to_string(walk->height) + ")");
        if (DisconnectBlock(*block, walk, cache) == DisconnectResult::FAILED) {
            return util::Error{"Replaying blocks: cannot roll back block " + walk->hash.GetHex() + " at height " +
                               std::to_string(walk->height) + ". " + storage::REINDEX_CHAINSTATE_HINT};
        }
    }
    // Redo the new branch up to the block the flush was writing.
    const int fork_height = fork ? fork->height : 0;
    for (int height = fork_height + 1; height <= new_tip->height; ++height) {
        const BlockIndex* index = new_tip->GetAncestor(height);
        Log("Rolling forward " + index->hash.GetHex() + " (" + std::to_string(height) + ")");
        if (auto rolled = RollforwardBlock(*index, cache); !rolled) {
            return util::Error{"Replaying blocks: " + rolled.error()};
        }
    }
    cache.SetBestBlock(new_tip->hash);
    cache.Flush();
    return {};
}

util::Result<void> ChainstateManager::LoadChainTip()
{
    const uint256 best = m_coins_tip->GetBestBlock();
    BlockIndex* tip = m_blockman->LookupBlockIndex(best);
    if (!tip) {
        return util::Error{"The chainstate's best block " + best.GetHex() +
                           " is not in the block index. Please restart with -reindex or -reindex-chainstate to recover."};
    }
    m_chain.SetTip(tip);
    // The tip chosen before shutting down wins ties with other loaded blocks.
    for (BlockIndex* walk = tip; walk; walk = walk->prev) walk->sequence_id = SEQ_ID_BEST_CHAIN_FROM_DISK;
    m_candidates.erase(tip);
    TryAddBlockIndexCandidate(tip);
    PruneBlockIndexCandidates();
    Log("Loaded best chain: hashBestChain=" + tip->hash.GetHex() + " height=" + std::to_string(tip->height));
    return {};
}

util::Result<void> ChainstateManager::Init()
{
    {
        LOCK(m_chainstate_mutex);
        storage::BlockTreeDB& tree = m_blockman->BlockTree();
        if (m_options.reindex) {
            Log("Wiping the block index and the chainstate to reindex (-reindex)");
            tree.WriteReindexing(true);
            m_blockfiles_indexed = false;
        } else {
            m_blockman->Files().LoadFileInfo(tree);
            if (tree.ReadReindexing()) {
                Log("Continuing an interrupted reindex");
                m_blockfiles_indexed = false;
            }
            // Also refuses the data directory of another network.
            if (auto loaded = LoadBlockIndex(); !loaded) return loaded;
        }
        if (m_coins_db->NeedsUpgrade()) {
            return util::Error{"The chainstate database is in a format older than this software reads. "
                               "Please restart with -reindex-chainstate to rebuild it."};
        }
        if (m_options.reindex_chainstate && !m_options.reindex) {
            Log("Wiping the chainstate to rebuild it from the stored blocks (-reindex-chainstate)");
        }
        m_coins_tip = std::make_unique<storage::CoinsViewCache>(m_coins_db.get());
        if (auto replayed = ReplayBlocks(); !replayed) return replayed;
        if (!m_coins_tip->GetBestBlock().IsNull()) {
            if (auto loaded = LoadChainTip(); !loaded) return loaded;
        }
        if (m_blockfiles_indexed) {
            if (auto genesis = LoadGenesisBlock(); !genesis) return genesis;
        }
        m_report_progress = !m_blockfiles_indexed || m_options.reindex_chainstate;
    }
    if (!WITH_LOCK(m_chainstate_mutex, return m_blockfiles_indexed)) {
        if (auto reindexed = ReindexBlockFiles(); !reindexed) return reindexed;
    } else if (!m_options.reindex_chainstate) {
        LOCK(m_chainstate_mutex);
        if (auto verified = VerifyDB(m_options.check_level, m_options.check_blocks); !verified) return verified;
    }
    BlockValidationState state;
    if (!ActivateBestChain(state)) return util::Error{"Failed to connect the stored blocks: " + state.ToString()};
    LOCK(m_chainstate_mutex);
    m_report_progress = false;
    if (Interrupted()) return util::Error{"Opening the chainstate was interrupted."};
    m_opened = true;
    return {};
}

} // namespace chain
