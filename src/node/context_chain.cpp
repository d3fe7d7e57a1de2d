// NodeContext's chain queries: thin reads of the ChainstateManager (and the txindex).
#include <node/context.h>

#include <node/txindex.h>
#include <storage/block_index_db.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace node {

namespace {

/** Core's GetDifficulty: the target of bits relative to difficulty 1 (0x1d00ffff). */
double DifficultyFromBits(uint32_t bits)
{
    int shift = static_cast<int>((bits >> 24) & 0xff);
    double difficulty = double{0x0000ffff} / static_cast<double>(std::max<uint32_t>(bits & 0x00ffffff, 1));
    while (shift < 29) {
        difficulty *= 256.0;
        ++shift;
    }
    while (shift > 29) {
        difficulty /= 256.0;
        --shift;
    }
    return difficulty;
}

constexpr const char* WALLET_HINT = ". Use gettransaction for wallet transactions.";

} // namespace

double NodeContext::GuessVerificationProgress(uint64_t chain_tx_count, int64_t block_time) const
{
    // Core's GuessVerificationProgress: transactions so far over transactions expected by now.
    const consensus::ChainTxData& data = Params().TxData();
    if (chain_tx_count == 0) return 0.0;
    const auto now = static_cast<double>(m_clock->Now());
    double expected = 0;
    if (chain_tx_count <= data.tx_count) {
        expected = static_cast<double>(data.tx_count) + (now - static_cast<double>(data.time)) * data.tx_rate;
    } else {
        expected = static_cast<double>(chain_tx_count) + (now - static_cast<double>(block_time)) * data.tx_rate;
    }
    if (expected <= 0) return 1.0;
    return std::min(1.0, static_cast<double>(chain_tx_count) / expected);
}

BlockchainInfo NodeContext::GetBlockchainInfo() const
{
    BlockchainInfo info;
    info.chain = Params().GetChainTypeString();
    const chain::BlockIndex* tip = m_chainman->ActiveTip();
    const chain::BlockIndex* best_header = m_chainman->BestHeader();
    if (tip != nullptr) {
        const std::optional<chain::BlockInfo> block = m_chainman->GetBlockInfo(tip->hash);
        info.blocks = tip->height;
        info.best_block_hash = tip->hash;
        info.bits = tip->bits;
        info.target.SetCompact(tip->bits);
        info.difficulty = DifficultyFromBits(tip->bits);
        info.time = tip->GetBlockTime();
        info.chain_work = tip->chain_work;
        if (block) {
            info.median_time = block->median_time_past;
            info.verification_progress = GuessVerificationProgress(block->chain_tx_count, tip->GetBlockTime());
        }
    }
    info.headers = best_header ? best_header->height : -1;
    info.initial_block_download = m_chainman->IsInitialBlockDownload();
    info.size_on_disk = m_chainman->BlockFilesUsage();
    return info;
}

int NodeContext::GetHeight() const { return m_chainman->ActiveHeight(); }

util::Result<primitives::Block> NodeContext::GetBlock(const uint256& hash) const
{
    const std::optional<chain::BlockInfo> info = m_chainman->GetBlockInfo(hash);
    if (!info) return util::Error{"Block not found"};
    if ((info->status & storage::BLOCK_HAVE_DATA) == 0)
        return util::Error{"Block not available (not fully downloaded)"};
    return m_chainman->ReadBlock(hash);
}

util::Result<primitives::Block> NodeContext::GetBlockAtHeight(int height) const
{
    const chain::BlockIndex* index = m_chainman->ActiveBlockAt(height);
    if (index == nullptr) return util::Error{"Block height out of range"};
    return m_chainman->ReadBlock(index->hash);
}

std::optional<chain::BlockInfo> NodeContext::GetBlockHeader(const uint256& hash) const
{
    return m_chainman->GetBlockInfo(hash);
}

util::Result<TransactionLookup> NodeContext::FindTransaction(const primitives::Txid& txid,
                                                             const std::optional<uint256>& block_hash) const
{
    const primitives::Block& genesis = Params().GenesisBlock();
    if (!genesis.vtx.empty() && genesis.vtx[0]->GetHash() == txid) {
        return util::Error{
            "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved"};
    }
    TransactionLookup found;
    auto fill_block = [&](const chain::BlockInfo& block) {
        found.block_hash = block.hash;
        found.in_active_chain = block.in_active_chain;
        found.block_height = block.height;
        found.block_time = block.header.time;
        found.confirmations = block.in_active_chain ? m_chainman->ActiveHeight() - block.height + 1 : 0;
    };
    if (block_hash) {
        const std::optional<chain::BlockInfo> block = m_chainman->GetBlockInfo(*block_hash);
        if (!block) return util::Error{"Block hash not found"};
        if ((block->status & storage::BLOCK_HAVE_DATA) == 0) {
            return util::Error{std::string{"Block not available"} + WALLET_HINT};
        }
        auto data = m_chainman->ReadBlock(*block_hash);
        if (!data) return util::Error{std::string{"Block not available"} + WALLET_HINT};
        for (const auto& tx : data->vtx) {
            if (tx->GetHash() == txid) {
                found.tx = tx;
                fill_block(*block);
                return found;
            }
        }
        return util::Error{std::string{"No such transaction found in the provided block"} + WALLET_HINT};
    }
    if (primitives::TransactionRef tx = m_mempool->Get(txid)) {
        found.tx = std::move(tx);
        return found;
    }
    if (m_txindex) {
        // As Core's BlockUntilSyncedToCurrentChain: the index has seen every block connected so far.
        if (!m_signals->OnNotificationThread()) m_signals->SyncWithValidationInterfaceQueue();
        if (std::optional<TxIndex::Location> location = m_txindex->FindTx(txid)) {
            const std::optional<chain::BlockInfo> block = m_chainman->GetBlockInfo(location->block_hash);
            auto data = m_chainman->ReadBlock(location->block_hash);
            if (block && data) {
                for (const auto& tx : data->vtx) {
                    if (tx->GetHash() == txid) {
                        found.tx = tx;
                        fill_block(*block);
                        return found;
                    }
                }
            }
        }
        if (!m_txindex->IsSynced()) {
            return util::Error{
                std::string{
                    "No such mempool transaction. Blockchain transactions are still in the process of being indexed"} +
                WALLET_HINT};
        }
        return util::Error{std::string{"No such mempool or blockchain transaction"} + WALLET_HINT};
    }
    return util::Error{std::string{"No such mempool transaction. Use -txindex or provide a block hash to enable "
                                   "blockchain transaction queries"} +
                       WALLET_HINT};
}

util::Result<UtxoScanResult> NodeContext::ScanAddress(const primitives::ScriptBytes& script_pubkey,
                                                      const std::function<bool()>& keep_going)
{
    return ScanScripts({script_pubkey}, keep_going);
}

util::Result<UtxoScanResult> NodeContext::ScanScripts(const std::set<primitives::ScriptBytes>& scripts,
                                                      const std::function<bool()>& keep_going)
{
    UtxoScanResult result;
    bool interrupted = false;
    auto walked = m_chainman->ForEachUtxo([&](const primitives::OutPoint& outpoint, const storage::Coin& coin) {
        if ((keep_going && !keep_going()) || ShutdownRequested()) {
            interrupted = true;
            return false;
        }
        ++result.txouts_searched;
        if (scripts.contains(coin.out.script_pubkey)) {
            result.utxos.push_back({outpoint, coin.out, static_cast<int>(coin.height), coin.coinbase});
            result.total += coin.out.value;
        }
        return true;
    });
    if (!walked) return util::Error{walked.error()};
    if (interrupted) return util::Error{"Scan aborted"};
    result.height = walked->first;
    result.best_block = walked->second;
    return result;
}

NodeStatus NodeContext::GetStatus() const
{
    NodeStatus status;
    status.network = Params().GetChainTypeString();
    if (const chain::BlockIndex* tip = m_chainman->ActiveTip()) {
        status.height = tip->height;
        status.best_block_hash = tip->hash;
    }
    status.peers = m_connman ? m_connman->GetNodeCount(net::ConnectionDirection::BOTH) : 0;
    status.mempool_size = m_mempool->Size();
    status.mining_mode = MiningModeName();
    status.uptime_seconds = Uptime();
    status.version = std::string{NODE_VERSION};
    return status;
}

int64_t NodeContext::Uptime() const { return m_clock->Now() - m_start_time; }

} // namespace node
