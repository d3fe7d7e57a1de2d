#include <consensus/chainparams.h>
#include <consensus/pow.h>

#include <primitives/block.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include <map>

namespace {

using consensus::ChainParams;
using consensus::HeaderInfo;
using primitives::arith_uint256;
using primitives::uint256;

/** A sparse chain for tests: only the heights the rules will ask for need to exist. */
class SparseChain final : public consensus::HeaderAncestry
{
public:
    void Add(int height, int64_t time, uint32_t bits) { m_headers[height] = {height, time, bits}; }
    HeaderInfo Tip() const override { return m_headers.rbegin()->second; }
    HeaderInfo AtHeight(int height) const override
    {
        const auto it = m_headers.find(height);
        if (it == m_headers.end()) {
            ADD_FAILURE() << "rule asked for missing height " << height;
            return {};
        }
        return it->second;
    }

private:
    std::map<int, HeaderInfo> m_headers;
};

struct RetargetCase {
    int last_height;
    int64_t first_time;
    int64_t last_time;
    uint32_t last_bits;
    uint32_t expected;
};

// Bitcoin Core's pow_tests: real mainnet periods (no clamp, pow-limit cap, 4x up, 4x down).
const RetargetCase MAINNET_RETARGETS[] = {
    {32255, 1261130161, 1262152739, 0x1d00ffff, 0x1d00d86a},  // new target at 32256
    {2015, 1231006505, 1233061996, 0x1d00ffff, 0x1d00ffff},   // capped at pow_limit
    {68543, 1279008237, 1279297671, 0x1c05a3f4, 0x1c0168fd},  // timespan clamped to 1/4
    {46367, 1263163443, 1269211443, 0x1c387f6f, 0x1d00e1fd},  // timespan clamped to 4x
};

TEST(PowTest, MainnetRetargets)
{
    const auto main = ChainParams::Main();
    const auto& params = main->GetConsensus();
    for (const auto& c : MAINNET_RETARGETS) {
        SCOPED_TRACE(c.last_height);
        const consensus::RetargetPeriod period{c.first_time, 0x1d00ffff, c.last_time, c.last_bits};
        EXPECT_EQ(consensus::CalculateNextWorkRequired(period, params), c.expected);
        EXPECT_TRUE(consensus::PermittedDifficultyTransition(params, c.last_height + 1, c.last_bits, c.expected));

        // The same answer through GetNextWorkRequired, which finds the first block itself.
        SparseChain chain;
        chain.Add(c.last_height - 2015, c.first_time, c.last_bits);
        chain.Add(c.last_height, c.last_time, c.last_bits);
        EXPECT_EQ(consensus::GetNextWorkRequired(chain, c.last_time + 600, params), c.expected);
    }
    // One step beyond the clamps is not a permitted transition.
    EXPECT_FALSE(consensus::PermittedDifficultyTransition(params, 68544, 0x1c05a3f4, 0x1c0168fd - 1));
    EXPECT_FALSE(consensus::PermittedDifficultyTransition(params, 46368, 0x1c387f6f, 0x1d00e1fd + 1));
    // Inside a period the bits may not change at all.
    EXPECT_TRUE(consensus::PermittedDifficultyTransition(params, 32257, 0x1d00d86a, 0x1d00d86a));
    EXPECT_FALSE(consensus::PermittedDifficultyTransition(params, 32257, 0x1d00d86a, 0x1d00d86b));
    // Networks with min-difficulty blocks permit anything.
    EXPECT_TRUE(consensus::PermittedDifficultyTransition(ChainParams::TestNet()->GetConsensus(), 5, 1, 2));
}

TEST(PowTest, CheckProofOfWorkRangeChecks)
{
    const auto main = ChainParams::Main();
    const auto& params = main->GetConsensus();
    const arith_uint256 limit = primitives::UintToArith256(params.pow_limit);
    const uint256 one{uint8_t{1}};

    EXPECT_FALSE(consensus::CheckProofOfWork(one, limit.GetCompact(true), params));  // negative
    EXPECT_FALSE(consensus::CheckProofOfWork(one, ~0x00800000U, params));          // overflow
    EXPECT_FALSE(consensus::CheckProofOfWork(one, arith_uint256(limit * 2).GetCompact(), params)); // easier than limit
    EXPECT_FALSE(consensus::CheckProofOfWork(uint256{}, arith_uint256(0).GetCompact(), params)); // zero
    // Hash above the target.
    EXPECT_FALSE(consensus::CheckProofOfWork(primitives::ArithToUint256(limit * 2), limit.GetCompact(), params));
    // Exactly at the target passes, one above fails.
    arith_uint256 target;
    target.SetCompact(0x1d00ffff);
    EXPECT_TRUE(consensus::CheckProofOfWork(primitives::ArithToUint256(target), 0x1d00ffff, params));
    EXPECT_FALSE(consensus::CheckProofOfWork(primitives::ArithToUint256(target + 1), 0x1d00ffff, params));
    EXPECT_FALSE(consensus::DeriveTarget(0x1d00ffff + 1, params.pow_limit)); // easier than the limit
    EXPECT_TRUE(consensus::DeriveTarget(0x1d00ffff, params.pow_limit));
}

// Compact encoding edge cases (arith_uint256::SetCompact/GetCompact as the rules use them).
TEST(PowTest, CompactEncoding)
{
    struct Case {
        uint32_t compact;
        const char* hex; // the decoded number, most significant digit first, trimmed
        uint32_t reencoded;
        bool negative;
        bool overflow;
    };
    const Case cases[] = {
        {0x00000000, "0", 0, false, false},        {0x00123456, "0", 0, false, false},
        {0x01003456, "0", 0, false, false},        {0x02000056, "0", 0, false, false},
        {0x03000000, "0", 0, false, false},        {0x04000000, "0", 0, false, false},
        {0x00923456, "0", 0, false, false},        {0x01803456, "0", 0, false, false},
        {0x02800056, "0", 0, false, false},        {0x03800000, "0", 0, false, false},
        {0x04800000, "0", 0, false, false},        {0x01123456, "12", 0x01120000, false, false},
        {0x01fedcba, "7e", 0x01fe0000, true, false}, {0x02123456, "1234", 0x02123400, false, false},
        {0x03123456, "123456", 0x03123456, false, false}, {0x04123456, "12345600", 0x04123456, false, false},
        {0x04923456, "12345600", 0x04923456, true, false}, {0x05009234, "92340000", 0x05009234, false, false},
        {0x20123456, "1234560000000000000000000000000000000000000000000000000000000000", 0x20123456, false, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.compact);
        bool negative = false;
        bool overflow = false;
        arith_uint256 value;
        value.SetCompact(c.compact, &negative, &overflow);
        std::string hex = value.GetHex();
        hex.erase(0, std::min(hex.find_first_not_of('0'), hex.size() - 1));
        EXPECT_EQ(hex, c.hex);
        EXPECT_EQ(negative, c.negative);
        EXPECT_EQ(overflow, c.overflow);
        EXPECT_EQ(value.GetCompact(negative), c.reencoded);
    }
    bool overflow = false;
    arith_uint256 value;
    value.SetCompact(0xff123456, nullptr, &overflow);
    EXPECT_TRUE(overflow);
    // 0x80 needs a leading zero byte so the sign bit stays clear.
    EXPECT_EQ(arith_uint256(0x80).GetCompact(), 0x02008000u);
}

TEST(PowTest, BlockProof)
{
    // Difficulty 1 is 2^32 / (0xffff/0x10000) hashes: 0x100010001.
    EXPECT_EQ(consensus::GetBlockProof(0x1d00ffff), arith_uint256(0x100010001ULL));
    // Regtest's target 0x7fffff << 232 needs two hashes on average.
    EXPECT_EQ(consensus::GetBlockProof(0x207fffff), arith_uint256(2));
    EXPECT_EQ(consensus::GetBlockProof(0), arith_uint256(0));
    EXPECT_EQ(consensus::GetBlockProof(0x04923456), arith_uint256(0)); // negative
    EXPECT_EQ(consensus::GetBlockProof(0xff123456), arith_uint256(0)); // overflow

    // Equivalent time: n blocks of work at constant difficulty are n spacings.
    const auto main = ChainParams::Main();
    const arith_uint256 work = consensus::GetBlockProof(0x1d00ffff);
    EXPECT_EQ(consensus::GetBlockProofEquivalentTime(work * 7, work * 2, 0x1d00ffff, main->GetConsensus()), 5 * 600);
    EXPECT_EQ(consensus::GetBlockProofEquivalentTime(work * 2, work * 7, 0x1d00ffff, main->GetConsensus()), -5 * 600);
    EXPECT_EQ(consensus::GetBlockProofEquivalentTime(~arith_uint256(0), 0, 0x1d00ffff, main->GetConsensus()),
              std::numeric_limits<int64_t>::max());
}

TEST(PowTest, TestnetMinDifficultyRule)
{
    const auto testnet = ChainParams::TestNet();
    const auto& params = testnet->GetConsensus();
    const uint32_t limit = 0x1d00ffff;
    const uint32_t real = 0x1c0ffff0;

    SparseChain chain;
    chain.Add(4032, 1000000, real); // first block of a period
    chain.Add(4033, 1000600, real);
    for (int h = 4034; h <= 4040; ++h) chain.Add(h, 1000600 + 1300 * (h - 4033), limit);
    const int64_t tip_time = chain.Tip().time;

    // More than 20 minutes after the parent: minimum difficulty.
    EXPECT_EQ(consensus::GetNextWorkRequired(chain, tip_time + 1201, params), limit);
    // Exactly 20 minutes is not "more than": walk back past min-difficulty blocks.
    EXPECT_EQ(consensus::GetNextWorkRequired(chain, tip_time + 1200, params), real);

    // The walk stops at a period's first block even if it was mined at minimum difficulty.
    SparseChain boundary;
    boundary.Add(4032, 1000000, limit);
    boundary.Add(4033, 1001300, limit);
    EXPECT_EQ(consensus::GetNextWorkRequired(boundary, 1001400, params), limit);

    // Mainnet never applies the exception.
    EXPECT_EQ(consensus::GetNextWorkRequired(chain, tip_time + 100000, ChainParams::Main()->GetConsensus()), limit);
}

TEST(PowTest, Bip94RetargetsFromFirstBlock)
{
    // A period whose last block was mined at minimum difficulty, exactly on schedule.
    const uint32_t real = 0x1c0ffff0;
    const uint32_t limit = 0x1d00ffff;
    SparseChain chain;
    chain.Add(2016, 1000000, real);
    chain.Add(4031, 1000000 + 2015 * 600 + 600, limit);

    // testnet3 bases the new target on the min-difficulty last block: stays at the limit.
    EXPECT_EQ(consensus::GetNextWorkRequired(chain, chain.Tip().time + 1, ChainParams::TestNet()->GetConsensus()), limit);
    // testnet4 (BIP94) bases it on the first block: real difficulty is preserved.
    EXPECT_EQ(consensus::GetNextWorkRequired(chain, chain.Tip().time + 1, ChainParams::TestNet4()->GetConsensus()), real);

    // Regtest never retargets, BIP94 or not.
    consensus::RegTestOptions options;
    options.enforce_bip94 = true;
    const auto regtest = ChainParams::RegTest(options);
    const consensus::RetargetPeriod period{0, 0x1d00ffff, 1, 0x207fffff};
    EXPECT_EQ(consensus::CalculateNextWorkRequired(period, regtest->GetConsensus()), 0x207fffffu);
}

// Real mainnet headers 0..255: each meets its target, links to its parent, and carries
// exactly the bits GetNextWorkRequired demands.
TEST(PowTest, RealMainnetHeaders)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto main = ChainParams::Main();
    const auto& params = main->GetConsensus();
    const auto data = testutil::ReadTestBytes("chains/main-blocks-1-255.dat");
    std::vector<HeaderInfo> infos{{0, main->GenesisBlock().time, main->GenesisBlock().bits}};
    uint256 prev = main->GenesisBlock().GetHash();
    size_t pos = 0;
    while (pos + 8 <= data.size()) {
        ASSERT_TRUE(std::equal(data.begin() + static_cast<std::ptrdiff_t>(pos),
                               data.begin() + static_cast<std::ptrdiff_t>(pos + 4), main->MessageStart().begin()));
        const uint32_t len = data[pos + 4] | data[pos + 5] << 8 | data[pos + 6] << 16 | uint32_t{data[pos + 7]} << 24;
        primitives::BlockHeader header;
        primitives::SpanReader reader{util::ByteSpan{data}.subspan(pos + 8, primitives::BLOCK_HEADER_SIZE)};
        reader >> header;
        pos += 8 + len;

        const int height = static_cast<int>(infos.size());
        EXPECT_EQ(header.hash_prev_block, prev) << height;
        EXPECT_TRUE(consensus::CheckProofOfWork(header.GetHash(), header.bits, params)) << height;
        const consensus::HeaderVectorView view{infos};
        EXPECT_EQ(consensus::GetNextWorkRequired(view, header.time, params), header.bits) << height;
        prev = header.GetHash();
        infos.push_back({height, header.time, header.bits});
    }
    EXPECT_EQ(infos.size(), 256u);
    std::cout << "mainnet headers checked: " << infos.size() - 1 << "\n";
}

TEST(PowTest, RealTestnetBlock)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto raw = testutil::ReadTestBytes("blocks/test3-898352.raw");
    ASSERT_GE(raw.size(), primitives::BLOCK_HEADER_SIZE);
    primitives::BlockHeader header;
    primitives::SpanReader reader{util::ByteSpan{raw}.first(primitives::BLOCK_HEADER_SIZE)};
    reader >> header;
    EXPECT_TRUE(consensus::CheckProofOfWork(header.GetHash(), header.bits, ChainParams::TestNet()->GetConsensus()));
    // The same header is far from meeting a target 2^32 times harder.
    arith_uint256 target;
    target.SetCompact(header.bits);
    target >>= 32;
    EXPECT_FALSE(consensus::CheckProofOfWork(header.GetHash(), target.GetCompact(), ChainParams::TestNet()->GetConsensus()));
}

} // namespace
