// RFC 4231 test cases 1-7 for HMAC-SHA256 and HMAC-SHA512.
#include <crypto/hmac_sha256.h>
#include <crypto/hmac_sha512.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct Rfc4231Case {
    std::vector<uint8_t> key;
    std::vector<uint8_t> data;
    std::string sha256;
    std::string sha512;
    size_t truncate{0}; //!< compare only this many leading bytes (case 5), 0 = all
};

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }
std::vector<uint8_t> Repeat(uint8_t b, size_t n) { return std::vector<uint8_t>(n, b); }

std::vector<Rfc4231Case> Cases()
{
    std::vector<uint8_t> key4;
    for (uint8_t i = 1; i <= 25; ++i) key4.push_back(i);
    return {
        {Repeat(0x0b, 20), Bytes("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f"
         "1702e696c203a126854"},
        {Bytes("Jefe"), Bytes("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6"
         "b4b636e070a38bce737"},
        {Repeat(0xaa, 20), Repeat(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
         "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee89"
         "42674278859e13292fb"},
        {key4, Repeat(0xcd, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
         "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4"
         "f2de2adebeb10a298dd"},
        {Repeat(0x0c, 20), Bytes("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b",
         "415fad6271580a531d4179bc891d87a6", 16},
        {Repeat(0xaa, 131), Bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0"
         "aec8b915a985d786598"},
        {Repeat(0xaa, 131),
         Bytes(
             "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
             "hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
         "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de04"
         "46065c97440fa8c6a58"},
    };
}

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& mac, size_t truncate)
{
    return util::HexStr(util::ByteSpan{mac.data(), truncate ? truncate : N});
}

TEST(HmacTest, Rfc4231Sha256)
{
    size_t n = 0;
    for (const auto& c : Cases()) {
        ++n;
        EXPECT_EQ(Hex(crypto::HmacSha256Of(c.key, c.data), c.truncate), c.sha256) << "case " << n;
        crypto::HmacSha256 incremental(c.key);
        incremental.Write(c.data.data(), c.data.size() / 2)
            .Write(c.data.data() + c.data.size() / 2, c.data.size() - c.data.size() / 2);
        EXPECT_EQ(Hex(incremental.Finalize(), c.truncate), c.sha256) << "case " << n << " in two writes";
    }
    EXPECT_EQ(n, 7u);
}

TEST(HmacTest, Rfc4231Sha512)
{
    size_t n = 0;
    for (const auto& c : Cases()) {
        ++n;
        EXPECT_EQ(Hex(crypto::HmacSha512Of(c.key, c.data), c.truncate), c.sha512) << "case " << n;
        crypto::HmacSha512 incremental(c.key);
        incremental.Write(c.data.data(), c.data.size() / 2)
            .Write(c.data.data() + c.data.size() / 2, c.data.size() - c.data.size() / 2);
        EXPECT_EQ(Hex(incremental.Finalize(), c.truncate), c.sha512) << "case " << n << " in two writes";
    }
    EXPECT_EQ(n, 7u);
}

// Keys of exactly one block are used as they are; one byte more and they are hashed.
TEST(HmacTest, KeyLengthBoundaries)
{
    const std::vector<uint8_t> data = Bytes("message");
    for (size_t len : {63, 64, 65, 127, 128, 129}) {
        const auto key = Repeat(0x5a, len);
        EXPECT_EQ(crypto::HmacSha256Of(key, data), crypto::HmacSha256(key.data(), key.size()).Write(data).Finalize());
        if (len > 64) {
            const auto hashed = crypto::Sha256().Write(key).Finalize();
            EXPECT_EQ(crypto::HmacSha256Of(key, data), crypto::HmacSha256Of(hashed, data)) << len;
        }
        if (len > 128) {
            const auto hashed = crypto::Sha512().Write(key).Finalize();
            EXPECT_EQ(crypto::HmacSha512Of(key, data), crypto::HmacSha512Of(hashed, data)) << len;
        }
    }
}

} // namespace
