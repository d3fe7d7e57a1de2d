// Definitions of the helpers in test_chain.h, and tests of the helpers themselves.
#include <chain/test_chain.h>

#include <consensus/block_check.h>
#include <consensus/limits.h>
#include <consensus/merkle.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <crypto/hash.h>
#include <primitives/streams.h>
#include <script/script.h>
#include <storage/coins_view.h>
#include <test/tools/block_files.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

namespace chain::test {

using primitives::Amount;
using primitives::Block;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::TransactionRef;
using primitives::TxIn;
using primitives::TxOut;
using primitives::uint256;

namespace {

const primitives::ScriptBytes OP_TRUE_SCRIPT{script::OP_TRUE};

TransactionRef Spend(const std::vector<std::pair<OutPoint, Amount>>& inputs, int outputs, Amount fee)
{
    MutableTransaction tx;
    Amount total = 0;
    for (const auto& [outpoint, value] : inputs) {
        tx.vin.emplace_back(outpoint);
        total += value;
    }
    const Amount each = (total - fee) / outputs;
    for (int i = 0; i < outputs; ++i) tx.vout.emplace_back(each, OP_TRUE_SCRIPT);
    // The remainder too: the fee is exactly `fee`, so the coinbase can claim it all.
    tx.vout.back().value += (total - fee) % outputs;
    return primitives::MakeTransactionRef(std::move(tx));
}

} // namespace

void SolveBlock(Block& block, const consensus::Params& params)
{
    while (!consensus::CheckProofOfWork(block.GetHash(), block.bits, params)) ++block.nonce;
}

Block MakeBlock(const consensus::ChainParams& params, const Block& parent, int parent_height,
                std::vector<TransactionRef> txs, Amount fees, uint32_t tag)
{
    const consensus::Params& consensus = params.GetConsensus();
    const int height = parent_height + 1;
    MutableTransaction coinbase;
    script::Script script_sig;
    script_sig.PushInt(height);
    const uint8_t tag_bytes[4] = {static_cast<uint8_t>(tag), static_cast<uint8_t>(tag >> 8),
                                  static_cast<uint8_t>(tag >> 16), static_cast<uint8_t>(tag >> 24)};
    script_sig << util::ByteSpan{tag_bytes};
    coinbase.vin.emplace_back(OutPoint{}, script_sig.bytes());
    coinbase.vin[0].witness.stack.emplace_back(32, 0);
    coinbase.vout.emplace_back(consensus::GetBlockSubsidy(height, consensus) + fees, OP_TRUE_SCRIPT);

    Block block;
    block.version = 0x20000000;
    block.hash_prev_block = parent.GetHash();
    block.time = parent.time + 1;
    block.bits = parent.bits;
    block.vtx.push_back(primitives::MakeTransactionRef(coinbase));
    for (auto& tx : txs) block.vtx.push_back(std::move(tx));
    // The witness commitment goes into the coinbase after the other transactions are known.
    const uint256 commitment = consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(block), uint256{});
    coinbase.vout.emplace_back(0, consensus::WitnessCommitmentScript(commitment));
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    block.hash_merkle_root = consensus::BlockMerkleRoot(block);
    SolveBlock(block, consensus);
    return block;
}

ChainBuilder::ChainBuilder(const consensus::ChainParams& params, uint32_t tag) : m_params{&params}, m_tag{tag}
{
    m_blocks.push_back(std::make_shared<const Block>(params.GenesisBlock()));
    m_states.emplace_back();
}

ChainBuilder ChainBuilder::Fork(int height, uint32_t tag) const
{
    ChainBuilder fork{*this};
    fork.m_tag = tag;
    fork.m_blocks.resize(static_cast<size_t>(height) + 1);
    fork.m_states.resize(static_cast<size_t>(height) + 1);
    return fork;
}

BlockRef ChainBuilder::Extend(int txs, bool invalid)
{
    const int height = Height() + 1;
    State state = m_states.back();
    std::vector<TransactionRef> vtx;
    // Each branch pays its own fee, so the same spend differs between branches.
    const Amount fee = 1000 + m_tag;
    Amount fees = 0;
    // The coinbase that matures at this height (coinbases of height >= 1 only).
    if (height > consensus::COINBASE_MATURITY && txs > 0) {
        const Block& old = *m_blocks[static_cast<size_t>(height - consensus::COINBASE_MATURITY)];
        const OutPoint coinbase_out{old.vtx[0]->GetHash(), 0};
        vtx.push_back(Spend({{coinbase_out, old.vtx[0]->vout[0].value}}, 2, fee));
        fees += fee;
        for (uint32_t n = 0; n < 2; ++n) state.outputs[OutPoint{vtx.back()->GetHash(), n}] = vtx.back()->vout[n].value;
    }
    // More spends of what is there, including outputs created just above in this block.
    while (static_cast<int>(vtx.size()) < txs && !state.outputs.empty()) {
        const auto it = state.outputs.begin();
        const std::pair<OutPoint, Amount> input = *it;
        state.outputs.erase(it);
        if (input.second < 3 * fee) continue; // dust: drop it
        vtx.push_back(Spend({input}, 2, fee));
        fees += fee;
        for (uint32_t n = 0; n < 2; ++n) state.outputs[OutPoint{vtx.back()->GetHash(), n}] = vtx.back()->vout[n].value;
    }
    if (invalid) {
        // Spends an output nobody created: fine by itself, fails when the block is connected.
        primitives::Txid missing = primitives::Txid::FromUint256(uint256{"00000000000000000000000000000000000000000000000000000000deadbeef"});
        vtx.push_back(Spend({{OutPoint{missing, static_cast<uint32_t>(m_tag)}, 10000}}, 1, fee));
    }
    auto block = std::make_shared<const Block>(MakeBlock(*m_params, *m_blocks.back(), Height(), std::move(vtx), fees, m_tag));
    m_blocks.push_back(block);
    m_states.push_back(std::move(state));
    return block;
}

std::vector<BlockRef> ChainBuilder::ExtendMany(int n, int txs)
{
    std::vector<BlockRef> out;
    for (int i = 0; i < n; ++i) out.push_back(Extend(txs));
    return out;
}

void RecordingListener::UpdatedBlockTip(const BlockIndex* new_tip, const BlockIndex* fork, bool)
{
    LOCK(m_mutex);
    m_events.push_back("tip " + std::to_string(new_tip->height) + " fork " + (fork ? std::to_string(fork->height) : "-"));
}

void RecordingListener::BlockConnected(const BlockRef& block, const BlockIndex* index)
{
    EXPECT_EQ(block->GetHash(), index->hash);
    LOCK(m_mutex);
    m_events.push_back("connected " + std::to_string(index->height));
}

void RecordingListener::BlockDisconnected(const BlockRef& block, const BlockIndex* index)
{
    EXPECT_EQ(block->GetHash(), index->hash);
    LOCK(m_mutex);
    m_events.push_back("disconnected " + std::to_string(index->height));
}

std::vector<std::string> RecordingListener::Take()
{
    LOCK(m_mutex);
    return std::exchange(m_events, {});
}

TestNode::TestNode(ChainstateManager::Options options)
    : m_params{consensus::ChainParams::RegTest()}, m_datadir{m_dir / "regtest"},
      m_signals{std::make_unique<ValidationSignals>()}, m_listener{std::make_shared<RecordingListener>()}
{
    m_signals->RegisterListener(m_listener);
    auto opened = Restart(std::move(options));
    if (!opened) throw std::runtime_error(opened.error());
}

TestNode::~TestNode()
{
    m_chainman.reset();
    m_signals.reset();
}

util::Result<void> TestNode::Restart(std::optional<ChainstateManager::Options> options)
{
    m_chainman.reset();
    if (options) m_options = std::move(*options);
    ChainstateManager::Options opts = m_options;
    opts.datadir = m_datadir;
    opts.chain_params = m_params.get();
    opts.signals = m_signals.get();
    auto opened = ChainstateManager::Open(std::move(opts));
    if (!opened) return util::Error{opened.error()};
    m_chainman = std::move(*opened);
    return {};
}

void TestNode::Submit(const BlockRef& block)
{
    consensus::BlockValidationState state;
    EXPECT_TRUE(m_chainman->ProcessNewBlock(block, /*force_processing=*/true, nullptr, &state))
        << "block " << block->GetHash().GetHex() << ": " << state.ToString();
}

void TestNode::SubmitAll(const std::vector<BlockRef>& blocks)
{
    for (const BlockRef& block : blocks) Submit(block);
}

uint256 TestNode::UtxoHash()
{
    auto info = m_chainman->GetUtxoSetInfo();
    EXPECT_TRUE(info) << (info ? "" : info.error());
    return info ? info->stats.hash_serialized : uint256{};
}

std::vector<std::string> TestNode::Events()
{
    m_signals->SyncWithValidationInterfaceQueue();
    return m_listener->Take();
}

void UtxoModel::ConnectBlock(const Block& block, int height)
{
    for (const TransactionRef& tx : block.vtx) {
        if (!tx->IsCoinBase()) {
            for (const TxIn& in : tx->vin) {
                if (m_coins.erase({in.prevout.hash.ToUint256(), in.prevout.n}) != 1) {
                    throw std::runtime_error("model: block spends a coin it does not have");
                }
            }
        }
        // Core never adds the genesis coinbase; outputs that can never be spent are not stored.
        if (height == 0) continue;
        for (uint32_t n = 0; n < tx->vout.size(); ++n) {
            const TxOut& out = tx->vout[n];
            if (storage::IsUnspendableScript(out.script_pubkey)) continue;
            m_coins[{tx->GetHash().ToUint256(), n}] = ModelCoin{out, height, tx->IsCoinBase()};
        }
    }
}

uint256 UtxoModel::Hash() const
{
    crypto::Hash256 hasher;
    auto le = [&](uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            const uint8_t b = static_cast<uint8_t>(v >> (8 * i));
            hasher.Write(&b, 1);
        }
    };
    for (const auto& [key, coin] : m_coins) {
        hasher.Write(key.first.span());
        le(key.second, 4);
        le(static_cast<uint64_t>(coin.height) * 2 + (coin.coinbase ? 1 : 0), 4);
        le(static_cast<uint64_t>(coin.out.value), 8);
        const size_t len = coin.out.script_pubkey.size();
        if (len < 0xfd) {
            le(len, 1);
        } else {
            le(0xfd, 1);
            le(len, 2);
        }
        hasher.Write(coin.out.script_pubkey);
    }
    const auto digest = hasher.Finalize();
    return uint256{util::ByteSpan{digest}};
}

Amount UtxoModel::TotalAmount() const
{
    Amount total = 0;
    for (const auto& [key, coin] : m_coins) total += coin.out.value;
    return total;
}

std::vector<BlockRef> ReadHexBlocks(const std::filesystem::path& path)
{
    std::vector<BlockRef> blocks;
    for (const auto& record : testtools::ReadBlockFile(path)) {
        Block block;
        primitives::DeserializeFromBytes(record.bytes, primitives::TX_WITH_WITNESS(block), "block");
        blocks.push_back(std::make_shared<const Block>(std::move(block)));
    }
    return blocks;
}

std::optional<std::filesystem::path> GenChain(int blocks, int txs_per_block, std::string* why)
{
    const auto testdata = testutil::TestDataDir();
    if (!testdata) {
        *why = "test data not found (gen_chain.py lives beside it)";
        return std::nullopt;
    }
    const std::filesystem::path script = *testdata / ".." / "tools" / "gen_chain.py";
    if (!std::filesystem::exists(script)) {
        *why = "no generator at " + script.string();
        return std::nullopt;
    }
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "bitnode-gen-chain";
    std::filesystem::create_directories(dir);
    const std::string name = "regtest-" + std::to_string(blocks) + "x" + std::to_string(txs_per_block);
    const std::filesystem::path out = dir / (name + ".hex.txt");
    if (std::filesystem::exists(out)) return out;
    // Write elsewhere and rename: concurrent test runs never see half a file.
    const std::filesystem::path tmp = dir / (name + "." + std::to_string(::getpid()) + ".tmp");
    const std::string command = "/usr/bin/python3 '" + script.string() + "' --blocks " + std::to_string(blocks) +
                                " --txs-per-block " + std::to_string(txs_per_block) + " --out '" + tmp.string() +
                                "' > /dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        *why = "gen_chain.py failed (needs /usr/bin/python3 and libsecp256k1): " + command;
        return std::nullopt;
    }
    std::filesystem::rename(tmp, out);
    return out;
}

namespace {

TEST(ChainTestHelpers, BuiltBlocksPassTheContextFreeChecks)
{
    auto params = consensus::ChainParams::RegTest();
    ChainBuilder builder{*params, 7};
    builder.ExtendMany(105, 3);
    for (int h = 1; h <= builder.Height(); ++h) {
        consensus::BlockValidationState state;
        EXPECT_TRUE(consensus::CheckBlock(*builder.At(h), state, params->GetConsensus())) << h << " " << state.ToString();
        const int64_t mtp = builder.At(h - 1)->time; // enough: times only go up
        EXPECT_TRUE(consensus::ContextualCheckBlock(*builder.At(h), state, params->GetConsensus(), h, mtp - 10))
            << h << " " << state.ToString();
    }
    // Spends begin once the first coinbase matures.
    EXPECT_EQ(builder.At(100)->vtx.size(), 1u);
    EXPECT_EQ(builder.At(101)->vtx.size(), 4u);
}

TEST(ChainTestHelpers, ForksShareBlocksThenDiffer)
{
    auto params = consensus::ChainParams::RegTest();
    ChainBuilder a{*params, 1};
    a.ExtendMany(110);
    ChainBuilder b = a.Fork(105, 2);
    EXPECT_EQ(b.Height(), 105);
    EXPECT_EQ(b.Tip()->GetHash(), a.At(105)->GetHash());
    b.Extend();
    EXPECT_NE(b.Tip()->GetHash(), a.At(106)->GetHash());
    // Both spend the coinbase of block 6, differently.
    EXPECT_EQ(b.Tip()->vtx[1]->vin[0].prevout, a.At(106)->vtx[1]->vin[0].prevout);
    EXPECT_NE(b.Tip()->vtx[1]->GetHash(), a.At(106)->vtx[1]->GetHash());
}

TEST(ChainTestHelpers, ModelHashOfEmptySetIsHashOfNothing)
{
    UtxoModel model;
    // Double SHA-256 of the empty string.
    EXPECT_EQ(model.Hash().GetHex(), "56944c5d3f98413ef45cf54545538103cc9f298e0575820ad3591376e2e0f65d");
}

} // namespace

} // namespace chain::test
