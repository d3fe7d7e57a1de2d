#include <crypto/random.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <set>
#include <vector>

namespace {

// RFC 8439 appendix A.1 test vectors #1 and #2: the ChaCha20 keystream for an
// all-zero key and nonce, blocks 0 and 1. A zero seed must reproduce them.
TEST(FastRandomContextTest, ZeroSeedIsRfc8439Keystream)
{
    const std::array<uint8_t, 32> seed{};
    crypto::FastRandomContext rng{seed};
    const auto stream = rng.RandBytes(128);
    EXPECT_EQ(util::HexStr(stream),
              "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
              "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
              "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
              "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
}

// Key 00 01 .. 1f, block counter 5 (checked against OpenSSL's ChaCha20 with a
// zero nonce): the key words are read little-endian and the counter advances.
TEST(FastRandomContextTest, KeyAndCounterLayout)
{
    std::array<uint8_t, 32> seed;
    std::iota(seed.begin(), seed.end(), uint8_t{0});
    crypto::FastRandomContext rng{seed};
    rng.RandBytes(5 * 64);
    EXPECT_EQ(util::HexStr(rng.RandBytes(64)),
              "0be7ffa5fa90293ceda7b19d2a9741d1545f1ec0adf49ca599aca44e3567c05a"
              "206ffc953274f6e500ff395d44ff12b27a067f5c5178b1a42a1bb03748b79504");
}

TEST(FastRandomContextTest, Rand64IsLittleEndianKeystream)
{
    const std::array<uint8_t, 32> seed{};
    crypto::FastRandomContext rng{seed};
    EXPECT_EQ(rng.Rand64(), 0x903df1a0ade0b876ULL);
}

TEST(FastRandomContextTest, SameSeedSameStreamAcrossCallShapes)
{
    std::array<uint8_t, 32> seed{};
    seed[0] = 7;
    crypto::FastRandomContext a{seed}, b{seed};
    const auto whole = a.RandBytes(200);
    std::vector<uint8_t> pieces;
    for (size_t len : {1, 3, 64, 5, 127}) {
        const auto part = b.RandBytes(len);
        pieces.insert(pieces.end(), part.begin(), part.end());
    }
    EXPECT_EQ(whole, pieces);
}

TEST(FastRandomContextTest, RangesAndBits)
{
    crypto::FastRandomContext rng;
    for (uint64_t range : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL, (1ULL << 63) + 1, ~0ULL}) {
        for (int i = 0; i < 200; ++i) EXPECT_LT(rng.RandRange(range), range);
    }
    EXPECT_EQ(rng.RandRange(1), 0u);
    EXPECT_EQ(rng.RandBits(0), 0u);
    for (int bits = 1; bits <= 64; ++bits) {
        if (bits == 64) continue;
        for (int i = 0; i < 20; ++i) {
            EXPECT_LT(rng.RandBits(bits), 1ULL << bits);
        }
    }
    // Every value of a small range shows up: no value is unreachable.
    std::set<uint64_t> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(rng.RandRange(6));
    EXPECT_EQ(seen.size(), 6u);
}

TEST(FastRandomContextTest, WorksWithStdShuffle)
{
    crypto::FastRandomContext rng;
    std::vector<int> v(100);
    std::iota(v.begin(), v.end(), 0);
    auto shuffled = v;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_NE(shuffled, v); // 1 in 100! to fail by chance
    std::sort(shuffled.begin(), shuffled.end());
    EXPECT_EQ(shuffled, v);
}

TEST(FastRandomContextTest, OsSeededContextsDiffer)
{
    crypto::FastRandomContext a, b;
    EXPECT_NE(a.Rand256(), b.Rand256());
}

TEST(StrongRandomTest, FillsLargeAndEmptyBuffers)
{
    crypto::GetStrongRandBytes({}); // no-op, must not block or fail
    std::vector<uint8_t> big(100000, 0);
    crypto::GetStrongRandBytes(big); // above getrandom's 256-byte atomic size
    // A zero byte run of 64 at the end would mean the tail was never written.
    EXPECT_FALSE(std::all_of(big.end() - 64, big.end(), [](uint8_t b) { return b == 0; }));
    EXPECT_NE(crypto::GetStrongRand32(), crypto::GetStrongRand32());
    // Rough sanity: all byte values occur in 100 kB of random data.
    std::set<uint8_t> values(big.begin(), big.end());
    EXPECT_EQ(values.size(), 256u);
}

} // namespace
