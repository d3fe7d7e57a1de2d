// Chains from ../shared/testdata imported block by block: the 206 regtest blocks with
// witnesses, the regtest chain whose getblockstats answers Bitcoin Core recorded (UTXO
// and fee figures compared per block), mainnet blocks 1-255 with real signatures, and
// the mainnet genesis with synthetic blocks 1-4 and the 3A/4A/5A fork.
#include <chain/test_chain.h>

#include <consensus/merkle.h>
#include <primitives/streams.h>
#include <test/tools/block_files.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace chain::test {
namespace {

using consensus::BlockValidationState;
using primitives::uint256;

std::vector<BlockRef> ReadChain(const std::string& relative)
{
    std::vector<BlockRef> blocks;
    for (const auto& record : testtools::ReadBlockFile(*testutil::TestDataDir() / relative)) {
        primitives::Block block;
        primitives::DeserializeFromBytes(record.bytes, primitives::TX_WITH_WITNESS(block), "block");
        blocks.push_back(std::make_shared<const primitives::Block>(std::move(block)));
    }
    return blocks;
}

void ExpectConsistent(TestNode& node)
{
    const std::optional<std::string> problem = node->CheckBlockIndex();
    EXPECT_FALSE(problem) << *problem;
}

TEST(TestdataChains, Regtest206BlocksWithWitnessesImportBlockByBlock)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<BlockRef> blocks = ReadChain("chains/regtest-206-blocks.hex.txt");
    ASSERT_EQ(blocks.size(), 206u);
    TestNode node;
    UtxoModel model;
    model.ConnectBlock(node.Params().GenesisBlock(), 0);
    size_t witness_txs = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const int height = static_cast<int>(i) + 1;
        node.Submit(blocks[i]);
        ASSERT_EQ(node->ActiveHeight(), height) << "block " << blocks[i]->GetHash().GetHex();
        model.ConnectBlock(*blocks[i], height);
        for (const auto& tx : blocks[i]->vtx) witness_txs += tx->HasWitness();
    }
    EXPECT_EQ(node->ActiveTip()->hash, blocks.back()->GetHash());
    EXPECT_GE(witness_txs, 206u);
    auto info = node->GetUtxoSetInfo();
    ASSERT_TRUE(info) << info.error();
    EXPECT_EQ(info->stats.hash_serialized, model.Hash());
    EXPECT_EQ(info->stats.txouts, model.Size());
    EXPECT_EQ(info->stats.total_amount, model.TotalAmount());
    ExpectConsistent(node);
    std::printf("regtest-206: %zu coins, %zu transactions with witnesses, hash_serialized_3 %s\n", model.Size(),
                witness_txs, info->stats.hash_serialized.GetHex().c_str());

    ChainstateManager::Options options;
    options.check_level = 4;
    options.check_blocks = 50;
    ASSERT_TRUE(node.Restart(options));
    EXPECT_EQ(node->ActiveHeight(), 206);
    EXPECT_EQ(node.UtxoHash(), model.Hash());
}

TEST(TestdataChains, RegtestChainMatchesCoreGetblockstats)
{
    BITNODE_REQUIRE_TESTDATA();
    const boost::json::object data = boost::json::parse(testutil::ReadTestText("chains/regtest-getblockstats-0-103.json")).as_object();
    std::vector<BlockRef> blocks;
    for (const auto& hex : data.at("blocks").as_array()) {
        auto bytes = util::TryParseHex(hex.as_string());
        ASSERT_TRUE(bytes);
        primitives::Block block;
        primitives::DeserializeFromBytes(*bytes, primitives::TX_WITH_WITNESS(block), "block");
        blocks.push_back(std::make_shared<const primitives::Block>(std::move(block)));
    }
    ASSERT_EQ(blocks.size(), 104u);
    TestNode node;
    ASSERT_EQ(blocks[0]->GetHash(), node.Params().GetConsensus().hash_genesis_block);
    std::map<int, boost::json::object> stats;
    for (const auto& s : data.at("stats").as_array()) stats[static_cast<int>(s.at("height").as_int64())] = s.as_object();
    ASSERT_EQ(stats.size(), 3u);

    uint64_t txouts_before = 0;
    int compared = 0;
    for (int h = 1; h <= 103; ++h) {
        node.Submit(blocks[static_cast<size_t>(h)]);
        ASSERT_EQ(node->ActiveHeight(), h);
        auto info = node->GetUtxoSetInfo();
        ASSERT_TRUE(info) << info.error();
        if (auto it = stats.find(h); it != stats.end()) {
            const boost::json::object& s = it->second;
            const primitives::Block& block = *blocks[static_cast<size_t>(h)];
            EXPECT_EQ(block.GetHash().GetHex(), s.at("blockhash").as_string());
            EXPECT_EQ(static_cast<int64_t>(info->stats.txouts - txouts_before), s.at("utxo_increase_actual").as_int64());
            // Fees and UTXO size from our undo data, against Core's figures.
            auto undo = node->ReadBlockUndo(block.GetHash());
            ASSERT_TRUE(undo) << undo.error();
            constexpr int64_t PER_UTXO_OVERHEAD = 36 + 4 + 1;
            int64_t inputs = 0, spent_value = 0, total_out = 0, size_inc = 0;
            for (size_t t = 0; t < block.vtx.size(); ++t) {
                for (const auto& out : block.vtx[t]->vout) {
                    if (t > 0) total_out += out.value;
                    if (!storage::IsUnspendableScript(out.script_pubkey)) {
                        size_inc += static_cast<int64_t>(primitives::GetSerializeSize(out)) + PER_UTXO_OVERHEAD;
                    }
                }
                if (t == 0) continue;
                for (const storage::Coin& coin : undo->vtxundo[t - 1].prevout) {
                    ++inputs;
                    spent_value += coin.out.value;
                    size_inc -= static_cast<int64_t>(primitives::GetSerializeSize(coin.out)) + PER_UTXO_OVERHEAD;
                }
            }
            EXPECT_EQ(inputs, s.at("ins").as_int64());
            EXPECT_EQ(total_out, s.at("total_out").as_int64());
            EXPECT_EQ(spent_value - total_out, s.at("totalfee").as_int64());
            EXPECT_EQ(size_inc, s.at("utxo_size_inc_actual").as_int64());
            EXPECT_EQ(static_cast<int64_t>(block.vtx.size()), s.at("txs").as_int64());
            ++compared;
        }
        txouts_before = info->stats.txouts;
    }
    EXPECT_EQ(compared, 3);
    ExpectConsistent(node);
}

TEST(TestdataChains, MainnetBlocks1To255WithRealSignatures)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<BlockRef> blocks = ReadChain("chains/main-blocks-1-255.dat");
    ASSERT_EQ(blocks.size(), 255u);
    auto main = consensus::ChainParams::Main();
    storage::test::TempDir dir;
    ValidationSignals signals;
    auto opened = ChainstateManager::Open({.datadir = dir / "main", .chain_params = main.get(), .signals = &signals});
    ASSERT_TRUE(opened) << opened.error();
    ChainstateManager& chainman = **opened;
    UtxoModel model;
    model.ConnectBlock(main->GenesisBlock(), 0);
    for (size_t i = 0; i < blocks.size(); ++i) {
        BlockValidationState state;
        ASSERT_TRUE(chainman.ProcessNewBlock(blocks[i], true, nullptr, &state)) << state.ToString();
        model.ConnectBlock(*blocks[i], static_cast<int>(i) + 1);
    }
    EXPECT_EQ(chainman.ActiveHeight(), 255);
    // Block 170 holds the first payment (Satoshi to Hal Finney): a real P2PK signature check.
    EXPECT_GE(chainman.GetConnectStats().script_checks, 1u);
    auto info = chainman.GetUtxoSetInfo();
    ASSERT_TRUE(info) << info.error();
    EXPECT_EQ(info->stats.hash_serialized, model.Hash());
    EXPECT_EQ(info->stats.total_amount, 255 * 50 * primitives::COIN);
    EXPECT_FALSE(chainman.CheckBlockIndex());
}

TEST(TestdataChains, SyntheticMainnetForkFollowsTheMostWorkAndBack)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<BlockRef> main_chain = ReadChain("chains/main-genesis-plus-synthetic-1-4.dat");
    ASSERT_EQ(main_chain.size(), 5u);
    std::vector<BlockRef> fork;
    for (const char* name : {"3A", "4A", "5A"}) fork.push_back(ReadChain(std::string{"chains/synthetic-fork-"} + name + ".dat").at(0));
    auto params = consensus::ChainParams::Main();
    storage::test::TempDir dir;
    std::vector<std::string> log;
    ValidationSignals signals;
    auto opened = ChainstateManager::Open({.datadir = dir / "main",
                                           .chain_params = params.get(),
                                           .signals = &signals,
                                           .log = [&](const std::string& line) { log.push_back(line); }});
    ASSERT_TRUE(opened) << opened.error();
    ChainstateManager& chainman = **opened;
    BlockValidationState state;

    // Headers: the best header follows the most work, the first seen among equals, and goes
    // back when the better branch is invalidated.
    std::vector<primitives::BlockHeader> headers;
    for (size_t i = 1; i < main_chain.size(); ++i) headers.push_back(main_chain[i]->GetBlockHeader());
    ASSERT_TRUE(chainman.ProcessNewBlockHeaders(headers, state)) << state.ToString();
    EXPECT_EQ(chainman.BestHeader()->hash, main_chain[4]->GetHash());
    const primitives::BlockHeader h3a = fork[0]->GetBlockHeader(), h4a = fork[1]->GetBlockHeader(),
                                  h5a = fork[2]->GetBlockHeader();
    ASSERT_TRUE(chainman.ProcessNewBlockHeaders(std::vector{h3a, h4a}, state)) << state.ToString();
    EXPECT_EQ(chainman.BestHeader()->hash, main_chain[4]->GetHash()) << "4A has only equal work";
    ASSERT_TRUE(chainman.ProcessNewBlockHeaders(std::vector{h5a}, state)) << state.ToString();
    EXPECT_EQ(chainman.BestHeader()->hash, fork[2]->GetHash());
    ASSERT_TRUE(chainman.InvalidateBlock(state, fork[0]->GetHash())) << state.ToString();
    EXPECT_EQ(chainman.BestHeader()->hash, main_chain[4]->GetHash());
    ASSERT_TRUE(chainman.ReconsiderBlock(state, fork[0]->GetHash())) << state.ToString();
    EXPECT_EQ(chainman.BestHeader()->hash, fork[2]->GetHash());

    // Blocks: block 1 connects. Block 2 spends block 1's coinbase one block later, which
    // Bitcoin's rules forbid (coinbase outputs mature after 100 blocks): Core would reject
    // it, and so do we, marking every block above it on both branches invalid.
    for (size_t i = 1; i < main_chain.size(); ++i) {
        chainman.ProcessNewBlock(main_chain[i], true, nullptr, &state);
    }
    for (const BlockRef& block : fork) chainman.ProcessNewBlock(block, true, nullptr, &state);
    EXPECT_EQ(chainman.ActiveHeight(), 1);
    EXPECT_EQ(chainman.ActiveTip()->hash, main_chain[1]->GetHash());
    EXPECT_TRUE(chainman.GetBlockInfo(main_chain[2]->GetHash())->status & storage::BLOCK_FAILED_VALID);
    for (const BlockRef& block : {main_chain[3], main_chain[4], fork[0], fork[1], fork[2]}) {
        EXPECT_TRUE(chainman.GetBlockInfo(block->GetHash())->status & storage::BLOCK_FAILED_CHILD);
    }
    bool reason_logged = false;
    for (const std::string& line : log) {
        reason_logged |= line.find("bad-txns-premature-spend-of-coinbase") != std::string::npos &&
                         line.find(main_chain[2]->GetHash().GetHex()) != std::string::npos;
    }
    EXPECT_TRUE(reason_logged);
    EXPECT_EQ(chainman.BestHeader()->hash, main_chain[1]->GetHash());
    EXPECT_FALSE(chainman.CheckBlockIndex());
    const std::vector<ChainTip> tips = chainman.GetChainTips();
    EXPECT_EQ(tips.size(), 3u); // the active tip (1), the main branch's 4 and 5A
}

TEST(TestdataChains, GeneratedChainWithRealSignaturesOnScriptThreads)
{
    BITNODE_REQUIRE_TESTDATA();
    std::string why;
    const auto path = GenChain(150, 20, &why);
    if (!path) GTEST_SKIP() << why;
    const std::vector<BlockRef> blocks = ReadHexBlocks(*path);
    ASSERT_EQ(blocks.size(), 150u);
    ChainstateManager::Options options;
    options.script_check_threads = 2;
    TestNode node{options};
    UtxoModel model;
    for (size_t i = 0; i < blocks.size(); ++i) {
        node.Submit(blocks[i]);
        model.ConnectBlock(*blocks[i], static_cast<int>(i) + 1);
    }
    EXPECT_EQ(node->ActiveTip()->hash, blocks.back()->GetHash());
    EXPECT_EQ(node.UtxoHash(), model.Hash());
    const ConnectStats stats = node->GetConnectStats();
    EXPECT_GT(stats.script_checks, 1000u);
    std::printf("gen_chain 150 x 20: %llu signature checks on 3 threads\n",
                static_cast<unsigned long long>(stats.script_checks));

    // A signature changed: the block fails with Core's script reason and is marked invalid.
    std::vector<std::string> log;
    ChainstateManager::Options fresh;
    fresh.script_check_threads = 2;
    fresh.log = [&log](const std::string& line) { log.push_back(line); };
    TestNode other{fresh};
    for (size_t i = 0; i + 1 < blocks.size(); ++i) other.Submit(blocks[i]);
    primitives::Block bad = *blocks.back();
    primitives::MutableTransaction tx{*bad.vtx[1]};
    auto& witness = tx.vin[0].witness.stack;
    ASSERT_FALSE(witness.empty());
    witness[0][10] ^= 0x01;
    bad.vtx[1] = primitives::MakeTransactionRef(std::move(tx));
    // The txid is unchanged (witness only), the witness commitment is not: rebuild it.
    primitives::MutableTransaction coinbase{*bad.vtx[0]};
    const int commitment = consensus::GetWitnessCommitmentIndex(bad);
    ASSERT_GE(commitment, 0);
    coinbase.vout[static_cast<size_t>(commitment)].script_pubkey = consensus::WitnessCommitmentScript(
        consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(bad), uint256{}));
    bad.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    bad.hash_merkle_root = consensus::BlockMerkleRoot(bad);
    SolveBlock(bad, other.Params().GetConsensus());
    auto bad_ref = std::make_shared<const primitives::Block>(bad);
    other.Submit(bad_ref);
    EXPECT_EQ(other->ActiveHeight(), 149);
    EXPECT_TRUE(other->GetBlockInfo(bad.GetHash())->status & storage::BLOCK_FAILED_VALID);
    bool script_failure_logged = false;
    for (const std::string& line : log) {
        script_failure_logged |= line.find(bad.GetHash().GetHex() + " failed: block-script-verify-flag-failed") !=
                                 std::string::npos;
    }
    EXPECT_TRUE(script_failure_logged);
    other.Submit(blocks.back());
    EXPECT_EQ(other->ActiveTip()->hash, blocks.back()->GetHash());
}

} // namespace
} // namespace chain::test
