// Published vectors for SHA-1, SHA-512, RIPEMD-160, the composite hashes of hash.h and
// BIP340 tagged hashes (checked against the BIP341 wallet vectors).
#include <crypto/hash.h>
#include <crypto/ripemd160.h>
#include <crypto/sha1.h>
#include <crypto/sha512.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> FromHex(std::string_view hex)
{
    auto v = util::TryParseHex(hex);
    EXPECT_TRUE(v.has_value()) << hex;
    return v.value_or(std::vector<uint8_t>{});
}

const std::string NIST_448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string NIST_896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
const std::string MILLION_A(1000000, 'a');

/** Check one-shot, two-piece and byte-at-a-time hashing of msg against the expected hex. */
template <typename Hasher>
void CheckVector(const std::string& msg, const std::string& expect_hex)
{
    const auto bytes = util::AsBytes(msg);
    EXPECT_EQ(util::HexStr(Hasher().Write(bytes).Finalize()), expect_hex) << "len " << msg.size();
    Hasher split;
    split.Write(bytes.first(msg.size() / 3)).Write(bytes.subspan(msg.size() / 3));
    EXPECT_EQ(util::HexStr(split.Finalize()), expect_hex) << "split, len " << msg.size();
    if (msg.size() < 1000) {
        Hasher bytewise;
        for (uint8_t b : bytes) bytewise.Write(&b, 1);
        EXPECT_EQ(util::HexStr(bytewise.Finalize()), expect_hex) << "bytewise, len " << msg.size();
    }
}

// FIPS 180-4 examples (SHA-1).
TEST(Sha1Test, PublishedVectors)
{
    CheckVector<crypto::Sha1>("", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CheckVector<crypto::Sha1>("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    CheckVector<crypto::Sha1>(NIST_448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CheckVector<crypto::Sha1>(NIST_896, "a49b2446a02c645bf419f995b67091253a04a259");
    CheckVector<crypto::Sha1>(MILLION_A, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// FIPS 180-4 examples (SHA-512).
TEST(Sha512Test, PublishedVectors)
{
    CheckVector<crypto::Sha512>("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff"
                                    "8318d2877eec2f63b931bd47417a81a538327af927da3e");
    CheckVector<crypto::Sha512>("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a"
                                       "836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CheckVector<crypto::Sha512>(NIST_896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900"
                                          "f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
    CheckVector<crypto::Sha512>(MILLION_A, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877"
                                           "ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

// The test vectors of the RIPEMD-160 paper (Dobbertin, Bosselaers, Preneel).
TEST(Ripemd160Test, PaperVectors)
{
    CheckVector<crypto::Ripemd160>("", "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    CheckVector<crypto::Ripemd160>("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
    CheckVector<crypto::Ripemd160>("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    CheckVector<crypto::Ripemd160>("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36");
    CheckVector<crypto::Ripemd160>("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc");
    CheckVector<crypto::Ripemd160>(NIST_448, "12a053384a9c0c88e405a06c27dcf49ada62eb2b");
    CheckVector<crypto::Ripemd160>("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                                   "b0e20b6e3116640286ed3a87a5713079b21f5189");
    std::string eight;
    for (int i = 0; i < 8; ++i) eight += "1234567890";
    CheckVector<crypto::Ripemd160>(eight, "9b752e45573d4b39f4dbd3323cab82bf63326bfb");
    CheckVector<crypto::Ripemd160>(MILLION_A, "52783243c1697bdbe16d37f97f68f08325dc1528");
}

// Every padding boundary: hashing in one piece or in two must agree for lengths 0..300.
TEST(HashTest, SplitWritesAgreeForAllLengths)
{
    std::mt19937 rng(7);
    std::vector<uint8_t> data(300);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    for (size_t len = 0; len <= data.size(); ++len) {
        const util::ByteSpan msg{data.data(), len};
        const size_t cut = len / 2;
        EXPECT_EQ(crypto::Sha1().Write(msg.first(cut)).Write(msg.subspan(cut)).Finalize(), crypto::Sha1Of(msg));
        EXPECT_EQ(crypto::Sha512().Write(msg.first(cut)).Write(msg.subspan(cut)).Finalize(), crypto::Sha512Of(msg));
        EXPECT_EQ(crypto::Ripemd160().Write(msg.first(cut)).Write(msg.subspan(cut)).Finalize(),
                  crypto::Ripemd160Of(msg));
    }
}

TEST(HashTest, CompositeHashes)
{
    // Hash256 of the empty string and of "abc", from SHA-256 applied twice.
    EXPECT_EQ(util::HexStr(crypto::Hash256Of({})), "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    EXPECT_EQ(util::HexStr(crypto::Hash256Of(util::AsBytes("abc"))),
              "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
    // Hash160 of a compressed public key: the generator point G, whose P2PKH address is
    // 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH.
    const auto g = FromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    EXPECT_EQ(util::HexStr(crypto::Hash160Of(g)), "751e76e8199196d454941c45d1b3a323f1433bd6");
    // The incremental writers agree with the one-shot helpers.
    crypto::Hash256 h256;
    h256.Write(g.data(), 10).Write(g.data() + 10, g.size() - 10);
    EXPECT_EQ(h256.Finalize(), crypto::Hash256Of(g));
    crypto::Hash160 h160;
    h160.Write(g.data(), 1).Write(g.data() + 1, g.size() - 1);
    EXPECT_EQ(h160.Finalize(), crypto::Hash160Of(g));
    EXPECT_EQ(crypto::Sha256Of(util::AsBytes("abc")), crypto::Sha256().Write(util::AsBytes("abc")).Finalize());
}

// BIP340: tagged hash = SHA256(SHA256(tag) || SHA256(tag) || msg).
TEST(TaggedHashTest, MatchesDefinition)
{
    for (const std::string& tag :
         std::vector<std::string>{"BIP0340/challenge", "TapTweak", "", std::string(100, 't')}) {
        const auto tag_hash = crypto::Sha256Of(util::AsBytes(tag));
        for (size_t len : {0, 1, 32, 64, 100}) {
            const std::vector<uint8_t> msg(len, 0x42);
            crypto::Sha256 manual;
            manual.Write(tag_hash).Write(tag_hash).Write(msg);
            EXPECT_EQ(crypto::TaggedHash(tag).Write(msg).Finalize(), manual.Finalize()) << tag << " " << len;
        }
        EXPECT_EQ(crypto::TaggedHash(tag).BytesWritten(), 64u);
    }
}

// The BIP341 wallet vectors give TapTweak tagged hashes of real keys and Merkle roots.
TEST(TaggedHashTest, Bip341TapTweakVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto json = boost::json::parse(testutil::ReadTestText("core/bip341_wallet_vectors.json"));
    size_t checked = 0;
    for (const auto& entry : json.at("scriptPubKey").as_array()) {
        const auto& given = entry.at("given");
        const auto& intermediary = entry.at("intermediary");
        auto hasher = crypto::TaggedHash("TapTweak");
        hasher.Write(FromHex(std::string(given.at("internalPubkey").as_string())));
        if (!intermediary.at("merkleRoot").is_null()) {
            hasher.Write(FromHex(std::string(intermediary.at("merkleRoot").as_string())));
        }
        EXPECT_EQ(util::HexStr(hasher.Finalize()), std::string(intermediary.at("tweak").as_string()));
        ++checked;
    }
    EXPECT_EQ(checked, 7u);
    std::cout << "BIP341 TapTweak vectors checked: " << checked << "\n";
}

} // namespace
