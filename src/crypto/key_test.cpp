#include <crypto/key.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <array>
#include <iostream>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> Hex(std::string_view s)
{
    auto bytes = util::TryParseHex(s);
    EXPECT_TRUE(bytes.has_value()) << s;
    return bytes.value_or(std::vector<uint8_t>{});
}

std::array<uint8_t, 32> Sha256Of(std::string_view text)
{
    return crypto::Sha256().Write(util::AsBytes(text)).Finalize();
}

/** DER encoding of (r, s) given as 64 hex digits each, as a signer must produce it. */
std::vector<uint8_t> DerFromRS(std::string_view r_hex, std::string_view s_hex)
{
    auto integer = [](std::vector<uint8_t> v) {
        size_t skip = 0;
        while (skip + 1 < v.size() && v[skip] == 0 && !(v[skip + 1] & 0x80)) ++skip;
        v.erase(v.begin(), v.begin() + skip);
        if (v[0] & 0x80) v.insert(v.begin(), 0x00);
        v.insert(v.begin(), static_cast<uint8_t>(v.size()));
        v.insert(v.begin(), 0x02);
        return v;
    };
    auto r = integer(Hex(r_hex));
    const auto s = integer(Hex(s_hex));
    std::vector<uint8_t> out{0x30, static_cast<uint8_t>(r.size() + s.size())};
    out.insert(out.end(), r.begin(), r.end());
    out.insert(out.end(), s.begin(), s.end());
    return out;
}

// The secp256k1 / SHA-256 RFC6979 vectors published on bitcointalk (topic
// 285142) and carried by python-bitcoinlib and many libraries since, with S
// in its low form as libsecp256k1 outputs it. Core signs without grinding when
// asked, so these pin the nonce derivation exactly.
struct Rfc6979Vector {
    const char* secret;
    const char* message;
    const char* r;
    const char* s;
};
const Rfc6979Vector RFC6979_VECTORS[] = {
    {"0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto",
     "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8",
     "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"},
    {"0000000000000000000000000000000000000000000000000000000000000001",
     "All those moments will be lost in time, like tears in rain. Time to die...",
     "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b",
     "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"},
    {"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "Satoshi Nakamoto",
     "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0",
     "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"},
    {"f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing",
     "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c",
     "58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea"},
    {"e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2",
     "There is a computer disease that anybody who works with computers knows about. It's a very serious "
     "disease and it interferes completely with the work. The trouble with computers is that you 'play' with them!",
     "b552edd27580141f3b2a5463048cb7cd3e047b97c9f98076c32dbdf85a68718b",
     "279fa72dd19bfae05577e06c7c0c1900c371fcd5893f7e1d56a37d30174671f6"},
};

TEST(PrivateKeyTest, Rfc6979KnownAnswers)
{
    size_t ran = 0;
    for (const auto& v : RFC6979_VECTORS) {
        const auto key = crypto::PrivateKey::FromBytes(Hex(v.secret));
        ASSERT_TRUE(key) << v.message;
        const auto hash = Sha256Of(v.message);
        const auto expected = DerFromRS(v.r, v.s);
        EXPECT_EQ(util::HexStr(key->SignEcdsa(hash, /*grind=*/false)), util::HexStr(expected)) << v.message;

        // Grinding keeps the plain signature when its R is already low and
        // otherwise finds a low R that still verifies.
        const auto ground = key->SignEcdsa(hash);
        EXPECT_EQ(ground == expected, Hex(v.r)[0] < 0x80) << v.message;
        EXPECT_EQ(ground[3], 32) << "ground R must encode in 32 bytes";
        EXPECT_TRUE(key->GetPubKey().Verify(hash, ground));
        ++ran;
    }
    std::cout << "[ vectors  ] RFC6979 secp256k1 known answers: " << ran << "\n";
}

TEST(PrivateKeyTest, KeyOneIsTheGenerator)
{
    const auto key = crypto::PrivateKey::FromBytes(Hex("0000000000000000000000000000000000000000000000000000000000000001"));
    ASSERT_TRUE(key);
    EXPECT_EQ(util::HexStr(key->GetPubKey().Bytes()),
              "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    const auto uncompressed = crypto::PrivateKey::FromBytes(key->Bytes(), /*compressed=*/false);
    EXPECT_EQ(util::HexStr(uncompressed->GetPubKey().Bytes()),
              "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
              "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
    EXPECT_EQ(util::HexStr(key->GetXOnlyPubKey().Bytes()),
              "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
}

TEST(PrivateKeyTest, RangeCheck)
{
    EXPECT_FALSE(crypto::PrivateKey::FromBytes(Hex("0000000000000000000000000000000000000000000000000000000000000000")));
    // n and above are out of range; n - 1 is the largest key.
    EXPECT_FALSE(crypto::PrivateKey::FromBytes(Hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")));
    EXPECT_FALSE(crypto::PrivateKey::FromBytes(Hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")));
    EXPECT_TRUE(crypto::PrivateKey::FromBytes(Hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")));
    // Wrong lengths.
    EXPECT_FALSE(crypto::PrivateKey::FromBytes(Hex("01")));
    EXPECT_FALSE(crypto::PrivateKey::FromBytes(Hex("000000000000000000000000000000000000000000000000000000000000000001")));

    const crypto::PrivateKey invalid;
    EXPECT_FALSE(invalid.IsValid());
    EXPECT_FALSE(invalid.GetPubKey().IsValid());
    EXPECT_TRUE(invalid.GetXOnlyPubKey().IsNull());
    const std::array<uint8_t, 32> hash{};
    EXPECT_TRUE(invalid.SignEcdsa(hash).empty());
    EXPECT_FALSE(invalid.SignCompact(hash));
    EXPECT_FALSE(invalid.SignSchnorr(hash, std::nullopt, hash));
}

TEST(PrivateKeyTest, MoveErasesTheSource)
{
    auto key = crypto::PrivateKey::Generate();
    const auto copy = key;
    EXPECT_EQ(copy, key);
    crypto::PrivateKey moved{std::move(key)};
    EXPECT_EQ(moved, copy);
    EXPECT_FALSE(key.IsValid()); // NOLINT(bugprone-use-after-move): checking the moved-from state
    EXPECT_EQ(key.Bytes()[0] | key.Bytes()[31], 0);
    crypto::PrivateKey assigned;
    assigned = std::move(moved);
    EXPECT_EQ(assigned, copy);
    EXPECT_FALSE(moved.IsValid()); // NOLINT(bugprone-use-after-move)
}

TEST(PrivateKeyTest, EcdsaRoundTripsWithRandomKeys)
{
    crypto::FastRandomContext rng;
    size_t signatures = 0;
    for (int i = 0; i < 64; ++i) {
        const bool compressed = i % 2 == 0;
        const auto key = crypto::PrivateKey::Generate(compressed);
        const auto other = crypto::PrivateKey::Generate(compressed);
        const auto pub = key.GetPubKey();
        ASSERT_TRUE(pub.IsFullyValid());
        EXPECT_EQ(pub.IsCompressed(), compressed);
        EXPECT_TRUE(key.VerifyPubKey(pub));
        EXPECT_FALSE(key.VerifyPubKey(other.GetPubKey()));
        EXPECT_EQ(key.VerifyPubKey(*pub.Decompressed()), !compressed) << "compression must match";

        const auto hash = rng.Rand256();
        auto other_hash = hash;
        other_hash[rng.RandRange(32)] ^= static_cast<uint8_t>(1 + rng.RandRange(255));

        const auto sig = key.SignEcdsa(hash);
        ASSERT_FALSE(sig.empty());
        EXPECT_LE(sig.size(), 71u) << "ground signatures have low R";
        EXPECT_TRUE(crypto::IsStrictDerSignature(sig));
        EXPECT_TRUE(crypto::PubKey::CheckLowS(sig));
        EXPECT_TRUE(pub.Verify(hash, sig));
        EXPECT_FALSE(pub.Verify(other_hash, sig));
        EXPECT_FALSE(other.GetPubKey().Verify(hash, sig));
        // Deterministic: same input, same signature.
        EXPECT_EQ(key.SignEcdsa(hash), sig);

        // Extra entropy without grinding gives a different valid signature.
        const auto plain = key.SignEcdsa(hash, false);
        const auto varied = key.SignEcdsa(hash, false, 1 + static_cast<uint32_t>(i));
        EXPECT_NE(plain, varied);
        EXPECT_TRUE(pub.Verify(hash, plain));
        EXPECT_TRUE(pub.Verify(hash, varied));
        EXPECT_TRUE(crypto::PubKey::CheckLowS(varied));

        // Flip one byte of the signature: it must no longer verify.
        auto broken = sig;
        broken[broken.size() - 1 - rng.RandRange(30)] ^= 0x01;
        EXPECT_FALSE(pub.Verify(hash, broken));
        signatures += 3;
    }
    std::cout << "[ vectors  ] ECDSA round trips: " << signatures << " signatures\n";
}

TEST(PrivateKeyTest, CompactSignaturesRecoverTheKey)
{
    crypto::FastRandomContext rng;
    for (int i = 0; i < 32; ++i) {
        const bool compressed = i % 2 == 1;
        const auto key = crypto::PrivateKey::Generate(compressed);
        const auto hash = rng.Rand256();
        const auto sig = key.SignCompact(hash);
        ASSERT_TRUE(sig);
        EXPECT_GE((*sig)[0], compressed ? 31 : 27);
        EXPECT_LE((*sig)[0], compressed ? 34 : 30);
        const auto recovered = crypto::PubKey::RecoverCompact(hash, *sig);
        ASSERT_TRUE(recovered);
        EXPECT_EQ(*recovered, key.GetPubKey());
        auto other_hash = hash;
        other_hash[0] ^= 1;
        const auto wrong = crypto::PubKey::RecoverCompact(other_hash, *sig);
        EXPECT_TRUE(!wrong || *wrong != key.GetPubKey());
    }
    EXPECT_FALSE(crypto::PubKey::RecoverCompact(std::array<uint8_t, 32>{}, std::vector<uint8_t>(64, 1)));
}

TEST(PrivateKeyTest, GeneratedKeysDiffer)
{
    EXPECT_NE(crypto::PrivateKey::Generate(), crypto::PrivateKey::Generate());
}

} // namespace
