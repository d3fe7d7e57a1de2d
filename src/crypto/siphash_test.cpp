// SipHash-2-4 against the reference implementation's vectors, and the 32-byte shortcuts
// against the incremental hasher and the values Bitcoin Core's tests use.
#include <crypto/siphash.h>

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

namespace {

// vectors.h of the SipHash reference code: key 00 01 .. 0f, message 00 01 .. (i-1) for i = 0..63.
constexpr uint64_t REFERENCE_VECTORS[64] = {
    0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL, 0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL,
    0x18765564cd99a68dULL, 0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL, 0x9e0082df0ba9e4b0ULL,
    0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL, 0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
    0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL, 0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL,
    0xbed65cf21aa2ee98ULL, 0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL, 0xb8ad50c6f649af94ULL,
    0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL, 0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
    0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL, 0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL,
    0x15e034d40fa197aeULL, 0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL, 0x9abfd8766a33735cULL,
    0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL, 0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL, 0xf935451de4f21df2ULL,
    0xa9538f0419755787ULL, 0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL, 0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL,
    0xee64435a9752fe72ULL, 0xa192d576b245165aULL, 0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL, 0x7fa8220ba3b2eceaULL,
    0x245731c13ca42499ULL, 0xb78dbfaf3a8d83bdULL, 0xea1ad565322a1a0bULL, 0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
    0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL, 0xe51b38608ef25f57ULL, 0x958a324ceb064572ULL,
};

constexpr uint64_t K0 = 0x0706050403020100ULL; // key bytes 00..07, little-endian
constexpr uint64_t K1 = 0x0F0E0D0C0B0A0908ULL;

TEST(SipHashTest, ReferenceVectors)
{
    std::vector<uint8_t> msg;
    for (size_t i = 0; i < 64; ++i) {
        EXPECT_EQ(crypto::SipHasher(K0, K1).Write(msg).Finalize(), REFERENCE_VECTORS[i]) << "length " << i;
        // Byte by byte, and a split at every point, reach the same value.
        crypto::SipHasher bytewise(K0, K1);
        for (uint8_t b : msg) bytewise.Write(util::ByteSpan{&b, 1});
        EXPECT_EQ(bytewise.Finalize(), REFERENCE_VECTORS[i]) << "bytewise, length " << i;
        for (size_t cut = 0; cut <= i; ++cut) {
            crypto::SipHasher split(K0, K1);
            split.Write(util::ByteSpan{msg}.first(cut)).Write(util::ByteSpan{msg}.subspan(cut));
            ASSERT_EQ(split.Finalize(), REFERENCE_VECTORS[i]) << "length " << i << " cut " << cut;
        }
        msg.push_back(static_cast<uint8_t>(i));
    }
    // The paper's worked example: the 15-byte message 00..0e.
    EXPECT_EQ(REFERENCE_VECTORS[15], 0xa129ca6149be45e5ULL);
}

TEST(SipHashTest, WordWritesMatchByteWrites)
{
    crypto::SipHasher words(K0, K1);
    words.Write(0x0706050403020100ULL).Write(0x0F0E0D0C0B0A0908ULL);
    EXPECT_EQ(words.Finalize(), REFERENCE_VECTORS[16]);
    // Finalize leaves the hasher usable.
    words.Write(0x1716151413121110ULL);
    EXPECT_EQ(words.Finalize(), REFERENCE_VECTORS[24]);
}

TEST(SipHashTest, Uint256Shortcuts)
{
    std::array<uint8_t, 32> val;
    for (size_t i = 0; i < 32; ++i) val[i] = static_cast<uint8_t>(i);
    // The values Bitcoin Core's hash tests expect for this key and value.
    EXPECT_EQ(crypto::SipHashUint256(K0, K1, val), 0x7127512f72f27cceULL);
    EXPECT_EQ(crypto::SipHashUint256Extra(K0, K1, val, 0x11223344), 0xd6063a89fea7a5aaULL);
    EXPECT_EQ(crypto::SipHashUint256(K0, K1, val), REFERENCE_VECTORS[32]);

    std::mt19937_64 rng(11);
    for (int i = 0; i < 1000; ++i) {
        const uint64_t k0 = rng(), k1 = rng();
        for (auto& b : val) b = static_cast<uint8_t>(rng());
        const uint32_t extra = static_cast<uint32_t>(rng());
        EXPECT_EQ(crypto::SipHashUint256(k0, k1, val), crypto::SipHasher(k0, k1).Write(val).Finalize());
        uint8_t extra_bytes[4] = {static_cast<uint8_t>(extra), static_cast<uint8_t>(extra >> 8),
                                  static_cast<uint8_t>(extra >> 16), static_cast<uint8_t>(extra >> 24)};
        EXPECT_EQ(crypto::SipHashUint256Extra(k0, k1, val, extra),
                  crypto::SipHasher(k0, k1).Write(val).Write(extra_bytes).Finalize());
    }
}

} // namespace
