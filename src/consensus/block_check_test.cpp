// CheckBlock and ContextualCheckBlock on every real block of the test data, and the
// reasons for blocks that break the context-free rules.
#include <consensus/block_check.h>

#include <consensus/chainparams.h>
#include <consensus/merkle.h>
#include <consensus/signet.h>
#include <consensus/test_fixtures.h>
#include <script/script.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace consensus;

struct RealBlock {
    const char* name;
    int height;
};

TEST(BlockCheck, EveryRealBlockPasses)
{
    BITNODE_REQUIRE_TESTDATA();
    const RealBlock blocks[] = {{"main-1", 1},
                                {"main-300025", 300025},
                                {"main-413567", 413567},
                                {"main-426884", 426884},
                                {"main-482683", 482683},
                                {"main-540107", 540107},
                                {"main-574200", 574200},
                                {"test3-898352", 898352},
                                {"test3-928828", 928828},
                                {"test3-928848", 928848},
                                {"test3-1087400", 1087400}};
    for (const RealBlock& b : blocks) {
        const std::string name = b.name;
        const auto params = name.rfind("main-", 0) == 0 ? ChainParams::Main() : ChainParams::TestNet();
        const primitives::Block block = testfix::ReadBlock(name);
        BlockValidationState state;
        EXPECT_TRUE(CheckBlock(block, state, params->GetConsensus())) << name << ": " << state.ToString();
        // Without the parent chain the block's own time bounds the lock-time clock.
        EXPECT_TRUE(ContextualCheckBlock(block, state, params->GetConsensus(), b.height, block.GetBlockTime()))
            << name << ": " << state.ToString();
        EXPECT_FALSE(IsBlockMutated(block, /*check_witness_root=*/true)) << name;
    }
}

TEST(BlockCheck, GenesisBlocks)
{
    for (auto chain :
         {ChainType::MAIN, ChainType::TESTNET, ChainType::TESTNET4, ChainType::SIGNET, ChainType::REGTEST}) {
        const auto params = ChainParams::ForChain(chain);
        BlockValidationState state;
        EXPECT_TRUE(CheckBlock(params->GenesisBlock(), state, params->GetConsensus()))
            << ChainTypeToString(chain) << ": " << state.ToString();
        EXPECT_TRUE(ContextualCheckBlock(params->GenesisBlock(), state, params->GetConsensus(), 0, 0))
            << ChainTypeToString(chain) << ": " << state.ToString();
    }
}

TEST(BlockCheck, EmptyAndOversizedBlocks)
{
    const auto params = ChainParams::RegTest();
    primitives::Block block = params->GenesisBlock();
    block.vtx.clear();
    block.hash_merkle_root = BlockMerkleRoot(block);
    BlockValidationState state;
    EXPECT_FALSE(CheckBlock(block, state, params->GetConsensus(), /*check_pow=*/false));
    EXPECT_EQ(state.GetRejectReason(), "bad-blk-length");
    EXPECT_TRUE(IsBlockMutated(block, false) == false);

    // 1,000,001 transactions of 1 byte each would be too many even before their size counts.
    primitives::Block big = params->GenesisBlock();
    big.vtx.assign(1'000'001, big.vtx[0]);
    BlockValidationState big_state;
    EXPECT_FALSE(CheckBlock(big, big_state, params->GetConsensus(), false, /*check_merkle_root=*/false));
    EXPECT_EQ(big_state.GetRejectReason(), "bad-blk-length");
}

TEST(BlockCheck, SignetSolution)
{
    // The default signet's genesis is valid by definition.
    const auto params = ChainParams::SigNet();
    ASSERT_TRUE(params->GetConsensus().signet_blocks);
    BlockValidationState state;
    EXPECT_TRUE(CheckBlock(params->GenesisBlock(), state, params->GetConsensus()));

    // A private signet whose challenge is OP_EQUAL: a solution pushing two equal items passes.
    SigNetOptions options;
    options.challenge = std::vector<uint8_t>{script::OP_EQUAL};
    const auto signet = ChainParams::SigNet(options);
    const Params& p = signet->GetConsensus();
    primitives::Block block = signet->GenesisBlock();
    block.hash_prev_block = signet->GenesisBlock().GetHash();
    EXPECT_FALSE(CheckSignetBlockSolution(block, p)) << "no witness commitment to hold a solution";

    auto with_solution = [&](std::vector<uint8_t> script_sig, std::vector<uint8_t> tail = {0x00}) {
        primitives::Block b = block;
        primitives::MutableTransaction coinbase{*b.vtx[0]};
        primitives::ScriptBytes commitment = WitnessCommitmentScript(primitives::uint256{});
        // Solution: the scriptSig as var-bytes, then an empty witness stack.
        std::vector<uint8_t> push{0xec, 0xc7, 0xda, 0xa2, static_cast<uint8_t>(script_sig.size())};
        push.insert(push.end(), script_sig.begin(), script_sig.end());
        push.insert(push.end(), tail.begin(), tail.end());
        script::Script with_push{commitment};
        with_push << push;
        coinbase.vout.emplace_back(0, with_push.bytes());
        b.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
        return b;
    };
    EXPECT_TRUE(CheckSignetBlockSolution(with_solution({0x01, 0x05, 0x01, 0x05}), p));
    EXPECT_FALSE(CheckSignetBlockSolution(with_solution({0x01, 0x05, 0x01, 0x06}), p));
    // Bytes after the witness stack, or no witness stack at all: the solution does not parse.
    EXPECT_FALSE(CheckSignetBlockSolution(with_solution({0x01, 0x05, 0x01, 0x05}, {0x00, 0x00}), p));
    EXPECT_FALSE(CheckSignetBlockSolution(with_solution({0x01, 0x05, 0x01, 0x05}, {}), p));
}

} // namespace
