// Header rules: proof of work, retargeting (mainnet, testnet's minimum-difficulty rule,
// regtest's fixed target), median time past, future-time limit, BIP94 timewarp, version
// rules; and whole header chains (mainnet 0..255, the synthetic chain) as verifyheaders
// checks them.
#include <consensus/header_chain.h>
#include <consensus/header_check.h>

#include <consensus/chainparams.h>
#include <consensus/median_time.h>
#include <consensus/pow.h>
#include <consensus/test_fixtures.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace consensus;
using primitives::BlockHeader;

/** A far-future clock, so the future-time rule never interferes unless a test wants it. */
constexpr int64_t LATER = 4'000'000'000;

/** Headers of `heights + 1` blocks, `spacing` seconds apart, all with `bits`. */
std::vector<HeaderInfo> UniformChain(int tip_height, int64_t first_time, int64_t spacing, uint32_t bits)
{
    std::vector<HeaderInfo> chain;
    for (int h = 0; h <= tip_height; ++h) chain.push_back({h, first_time + h * spacing, bits});
    return chain;
}

BlockHeader HeaderAt(int64_t time, uint32_t bits, int32_t version = 4)
{
    BlockHeader header;
    header.version = version;
    header.time = static_cast<uint32_t>(time);
    header.bits = bits;
    return header;
}

std::string ContextualReason(const BlockHeader& header, const std::vector<HeaderInfo>& chain, const Params& params,
                             int64_t now = LATER)
{
    BlockValidationState state;
    const HeaderVectorView view{chain};
    if (ContextualCheckBlockHeader(header, state, view, params, now)) return "ok";
    return state.GetRejectReason();
}

TEST(MedianTimePast, MedianOfElevenOrFewer)
{
    std::vector<HeaderInfo> chain;
    const int64_t times[] = {100, 90, 80, 200, 150, 120, 130, 110, 95, 105, 300, 50};
    for (int h = 0; h < 12; ++h) chain.push_back({h, times[h], 0});
    const HeaderVectorView view{chain};
    EXPECT_EQ(GetMedianTimePast(view, 0), 100);
    // {100, 90}: the upper middle of two.
    EXPECT_EQ(GetMedianTimePast(view, 1), 100);
    EXPECT_EQ(GetMedianTimePast(view, 2), 90);
    // Heights 0..10 sorted: 80 90 95 100 105 110 120 130 150 200 300 -> 110.
    EXPECT_EQ(GetMedianTimePast(view, 10), 110);
    // Heights 1..11: 50 80 90 95 105 110 120 130 150 200 300 -> 110.
    EXPECT_EQ(GetMedianTimePast(view, 11), 110);
}

TEST(HeaderCheck, ProofOfWork)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = ChainParams::Main();
    BlockHeader genesis = params->GenesisBlock().GetBlockHeader();
    BlockValidationState state;
    EXPECT_TRUE(CheckBlockHeader(genesis, state, params->GetConsensus()));
    genesis.nonce += 1;
    EXPECT_FALSE(CheckBlockHeader(genesis, state, params->GetConsensus()));
    EXPECT_EQ(state.GetRejectReason(), "high-hash");
    EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_INVALID_HEADER);
    BlockValidationState unchecked;
    EXPECT_TRUE(CheckBlockHeader(genesis, unchecked, params->GetConsensus(), /*check_pow=*/false));
}

// Core's pow_tests "get_next_work": the retarget at mainnet height 32256.
TEST(HeaderCheck, MainnetRetarget)
{
    const auto params = ChainParams::Main();
    const Params& p = params->GetConsensus();
    std::vector<HeaderInfo> chain = UniformChain(32255, 1261130161 - 30240 * 600, 600, 0x1d00ffff);
    chain[30240].time = 1261130161; // first block of the period
    chain[32255].time = 1262152739; // last block of the period
    // Keep the median time past below the new block's time.
    for (int h = 32245; h < 32255; ++h) chain[static_cast<size_t>(h)].time = 1262152739 - (32255 - h);
    EXPECT_EQ(ContextualReason(HeaderAt(1262152739 + 600, 0x1d00d86a, 1), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(1262152739 + 600, 0x1d00ffff, 1), chain, p), "bad-diffbits");

    // Inside a period the bits may not change at all.
    chain.pop_back();
    chain.back().time = 1262152739;
    EXPECT_EQ(ContextualReason(HeaderAt(1262152739 + 600, 0x1d00ffff, 1), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(1262152739 + 600, 0x1d00fffe, 1), chain, p), "bad-diffbits");
}

TEST(HeaderCheck, RetargetClampsToFourTimes)
{
    const auto params = ChainParams::Main();
    const Params& p = params->GetConsensus();
    // A period mined in a tenth of the target time: the target shrinks by the 4x clamp only.
    std::vector<HeaderInfo> chain = UniformChain(2015, 1'300'000'000, 60, 0x1c0ffff0);
    const uint32_t expected =
        CalculateNextWorkRequired({chain[0].time, chain[0].bits, chain[2015].time, chain[2015].bits}, p);
    primitives::arith_uint256 old_target, new_target;
    old_target.SetCompact(0x1c0ffff0);
    new_target.SetCompact(expected);
    EXPECT_EQ(new_target, old_target / 4);
    EXPECT_EQ(ContextualReason(HeaderAt(chain[2015].time + 60, expected), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(chain[2015].time + 60, 0x1c0ffff0), chain, p), "bad-diffbits");
}

TEST(HeaderCheck, TestnetMinimumDifficultyRule)
{
    const auto params = ChainParams::TestNet();
    const Params& p = params->GetConsensus();
    const uint32_t limit = primitives::UintToArith256(p.pow_limit).GetCompact();
    const uint32_t real = 0x1b0404cb;
    std::vector<HeaderInfo> chain = UniformChain(5000, 1'400'000'000, 600, real);
    // The last three blocks were mined under the 20-minute exception.
    for (int h = 4998; h <= 5000; ++h) chain[static_cast<size_t>(h)].bits = limit;
    const int64_t tip_time = chain.back().time;
    // More than 20 minutes after the parent: minimum difficulty is required...
    EXPECT_EQ(ContextualReason(HeaderAt(tip_time + 1201, limit), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(tip_time + 1201, real), chain, p), "bad-diffbits");
    // ...otherwise the bits of the last block not mined under the exception.
    EXPECT_EQ(ContextualReason(HeaderAt(tip_time + 1200, real), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(tip_time + 1200, limit), chain, p), "bad-diffbits");
}

TEST(HeaderCheck, RegtestNeverRetargets)
{
    const auto params = ChainParams::RegTest();
    const Params& p = params->GetConsensus();
    const uint32_t bits = 0x207fffff;
    const int interval = static_cast<int>(p.DifficultyAdjustmentInterval());
    // A whole period mined in one second per block would quadruple difficulty elsewhere.
    std::vector<HeaderInfo> chain = UniformChain(interval - 1, 1'600'000'000, 1, bits);
    EXPECT_EQ(ContextualReason(HeaderAt(chain.back().time + 1, bits), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(chain.back().time + 1, 0x1d00ffff), chain, p), "bad-diffbits");
}

TEST(HeaderCheck, TimeRules)
{
    const auto params = ChainParams::Main();
    const Params& p = params->GetConsensus();
    std::vector<HeaderInfo> chain = UniformChain(100, 1'300'000'000, 600, 0x1d00ffff);
    const HeaderVectorView view{chain};
    const int64_t mtp = GetMedianTimePast(view, 100);
    EXPECT_EQ(ContextualReason(HeaderAt(mtp, 0x1d00ffff, 1), chain, p), "time-too-old");
    EXPECT_EQ(ContextualReason(HeaderAt(mtp + 1, 0x1d00ffff, 1), chain, p), "ok");

    const int64_t now = chain.back().time;
    EXPECT_EQ(ContextualReason(HeaderAt(now + 7200, 0x1d00ffff, 1), chain, p, now), "ok");
    BlockValidationState state;
    EXPECT_FALSE(ContextualCheckBlockHeader(HeaderAt(now + 7201, 0x1d00ffff, 1), state, view, p, now));
    EXPECT_EQ(state.GetRejectReason(), "time-too-new");
    EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_TIME_FUTURE);
}

TEST(HeaderCheck, Bip94Timewarp)
{
    const auto params = ChainParams::TestNet4();
    const Params& p = params->GetConsensus();
    ASSERT_TRUE(p.enforce_bip94);
    const uint32_t bits = 0x1d00ffff;
    std::vector<HeaderInfo> chain = UniformChain(2015, 1'720'000'000, 600, bits);
    const int64_t parent_time = chain.back().time;
    const uint32_t next = CalculateNextWorkRequired({chain[0].time, chain[0].bits, parent_time, bits}, p);
    // The first block of a period may be at most 600 s older than its parent.
    EXPECT_EQ(ContextualReason(HeaderAt(parent_time - 600, next), chain, p), "ok");
    EXPECT_EQ(ContextualReason(HeaderAt(parent_time - 601, next), chain, p), "time-timewarp-attack");
    // Mainnet has no such rule.
    const auto main = ChainParams::Main();
    const uint32_t main_next =
        CalculateNextWorkRequired({chain[0].time, chain[0].bits, parent_time, bits}, main->GetConsensus());
    EXPECT_EQ(ContextualReason(HeaderAt(parent_time - 601, main_next), chain, main->GetConsensus()), "ok");
}

TEST(HeaderCheck, VersionRules)
{
    const auto params = ChainParams::Main();
    const Params& p = params->GetConsensus();
    auto reason_at = [&](int height, int32_t version) {
        std::vector<HeaderInfo> chain = UniformChain(20, 1'400'000'000, 600, 0x1d00ffff);
        // Only the tip's height matters for the version rules; bits stay inside one period.
        for (auto& info : chain) info.height += height - 21;
        struct Shifted final : HeaderAncestry {
            const std::vector<HeaderInfo>& c;
            explicit Shifted(const std::vector<HeaderInfo>& chain_in) : c{chain_in} {}
            HeaderInfo Tip() const override { return c.back(); }
            HeaderInfo AtHeight(int h) const override { return c[static_cast<size_t>(h - c.front().height)]; }
        } view{chain};
        BlockValidationState state;
        if (ContextualCheckBlockHeader(HeaderAt(chain.back().time + 600, 0x1d00ffff, version), state, view, p, LATER)) {
            return std::string{"ok"};
        }
        return state.GetRejectReason();
    };
    EXPECT_EQ(reason_at(p.bip34_height - 1, 1), "ok");
    EXPECT_EQ(reason_at(p.bip34_height, 1), "bad-version(0x00000001)");
    EXPECT_EQ(reason_at(p.bip34_height, 2), "ok");
    EXPECT_EQ(reason_at(p.bip66_height, 2), "bad-version(0x00000002)");
    EXPECT_EQ(reason_at(p.bip65_height, 3), "bad-version(0x00000003)");
    EXPECT_EQ(reason_at(p.bip65_height, 4), "ok");
    EXPECT_EQ(reason_at(p.bip65_height, -1), "bad-version(0xffffffff)");
}

std::vector<BlockHeader> MainnetHeaders()
{
    std::vector<BlockHeader> headers{ChainParams::Main()->GenesisBlock().GetBlockHeader()};
    for (const auto& block : testfix::ReadDatBlocks("chains/main-blocks-1-255.dat"))
        headers.push_back(block.GetBlockHeader());
    return headers;
}

TEST(HeaderChain, Mainnet0To255)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = ChainParams::Main();
    const std::vector<BlockHeader> headers = MainnetHeaders();
    ASSERT_EQ(headers.size(), 256U);
    const HeaderChainResult result = VerifyHeaderChain(headers, params->GetConsensus(), LATER);
    ASSERT_TRUE(result.state.IsValid()) << result.state.ToString();
    EXPECT_EQ(result.height, 255);
    EXPECT_EQ(result.tip, headers.back().GetHash());
    // 256 blocks of difficulty 1, each 2^32 + 2^16 + 1 hashes of expected work.
    EXPECT_EQ(result.chain_work, primitives::arith_uint256{256} * primitives::arith_uint256{0x100010001ULL});
    EXPECT_EQ(result.chain_work.GetHex(), "0000000000000000000000000000000000000000000000000000010001000100");
}

TEST(HeaderChain, MainnetBreaks)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = ChainParams::Main();
    const Params& p = params->GetConsensus();
    std::vector<BlockHeader> headers = MainnetHeaders();

    auto check = [&](const std::vector<BlockHeader>& h, int64_t now = LATER) { return VerifyHeaderChain(h, p, now); };

    std::vector<BlockHeader> broken = headers;
    broken[100].nonce ^= 1;
    HeaderChainResult r = check(broken);
    EXPECT_EQ(r.state.GetRejectReason(), "high-hash");
    EXPECT_EQ(r.height, 100);
    EXPECT_EQ(r.tip, headers[99].GetHash());

    broken = headers;
    std::swap(broken[50], broken[51]);
    r = check(broken);
    EXPECT_EQ(r.state.GetRejectReason(), "prev-blk-not-found");
    EXPECT_EQ(r.state.GetResult(), BlockValidationResult::BLOCK_MISSING_PREV);
    EXPECT_EQ(r.height, 50);

    broken.assign(headers.begin() + 1, headers.end());
    r = check(broken);
    EXPECT_EQ(r.state.GetRejectReason(), "prev-blk-not-found");
    EXPECT_EQ(r.height, 0);

    // A clock set to 2009 makes block 255 (and earlier ones) lie in the future.
    r = check(headers, headers[200].time - 7201);
    EXPECT_EQ(r.state.GetRejectReason(), "time-too-new");
    EXPECT_EQ(r.height, 200);
}

TEST(HeaderChain, SyntheticChain)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = ChainParams::Main();
    std::vector<BlockHeader> headers;
    for (const auto& block : testfix::ReadDatBlocks("chains/main-genesis-plus-synthetic-1-4.dat")) {
        headers.push_back(block.GetBlockHeader());
    }
    ASSERT_EQ(headers.size(), 5U);
    const HeaderChainResult result = VerifyHeaderChain(headers, params->GetConsensus(), LATER);
    ASSERT_TRUE(result.state.IsValid()) << result.height << ": " << result.state.ToString();
    EXPECT_EQ(result.height, 4);
    EXPECT_EQ(result.chain_work, primitives::arith_uint256{5} * primitives::arith_uint256{0x100010001ULL});

    // The fork files branch off this chain; appended here they do not extend block 4.
    std::vector<BlockHeader> fork = headers;
    for (const auto& block : testfix::ReadDatBlocks("chains/synthetic-fork-3A.dat"))
        fork.push_back(block.GetBlockHeader());
    const HeaderChainResult forked = VerifyHeaderChain(fork, params->GetConsensus(), LATER);
    EXPECT_EQ(forked.state.GetRejectReason(), "prev-blk-not-found");
    EXPECT_EQ(forked.height, 5);
}

} // namespace
