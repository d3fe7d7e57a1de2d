#include <crypto/key.h>
#include <crypto/pubkey.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <array>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> Hex(std::string_view s)
{
    auto bytes = util::TryParseHex(s);
    EXPECT_TRUE(bytes.has_value() || s.empty()) << s;
    return bytes.value_or(std::vector<uint8_t>{});
}

std::array<uint8_t, 32> Hash32(std::string_view hex)
{
    const auto bytes = Hex(hex);
    std::array<uint8_t, 32> out{};
    EXPECT_EQ(bytes.size(), 32u);
    std::copy_n(bytes.begin(), std::min<size_t>(bytes.size(), 32), out.begin());
    return out;
}

const char* G_COMPRESSED = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
const char* G_UNCOMPRESSED = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                             "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

// ---- Key encodings ----------------------------------------------------------

TEST(PubKeyTest, CompressedUncompressedAndHybridEncodings)
{
    const crypto::PubKey compressed{Hex(G_COMPRESSED)};
    EXPECT_TRUE(compressed.IsValid());
    EXPECT_TRUE(compressed.IsFullyValid());
    EXPECT_TRUE(compressed.IsCompressed());
    EXPECT_TRUE(compressed.IsValidNonHybrid());
    EXPECT_EQ(compressed.size(), 33u);

    const crypto::PubKey uncompressed{Hex(G_UNCOMPRESSED)};
    EXPECT_TRUE(uncompressed.IsFullyValid());
    EXPECT_FALSE(uncompressed.IsCompressed());
    EXPECT_TRUE(uncompressed.IsValidNonHybrid());
    EXPECT_EQ(uncompressed.size(), 65u);
    ASSERT_TRUE(compressed.Decompressed());
    EXPECT_EQ(*compressed.Decompressed(), uncompressed);

    // G's Y ends in 0xb8, so it is even: hybrid 0x06 is right, 0x07 lies about parity.
    auto hybrid_bytes = Hex(G_UNCOMPRESSED);
    hybrid_bytes[0] = 0x06;
    const crypto::PubKey hybrid_even{hybrid_bytes};
    EXPECT_TRUE(hybrid_even.IsValid());
    EXPECT_TRUE(hybrid_even.IsFullyValid());
    EXPECT_FALSE(hybrid_even.IsValidNonHybrid());
    EXPECT_FALSE(hybrid_even.IsCompressed());
    hybrid_bytes[0] = 0x07;
    const crypto::PubKey hybrid_odd{hybrid_bytes};
    EXPECT_TRUE(hybrid_odd.IsValid()); // syntactically fine: consensus sees a 65-byte key
    EXPECT_FALSE(hybrid_odd.IsFullyValid());

    // The same point with the other parity: compressed 0x03 is -G, a valid key.
    auto neg = Hex(G_COMPRESSED);
    neg[0] = 0x03;
    EXPECT_TRUE(crypto::PubKey{neg}.IsFullyValid());
    EXPECT_NE(crypto::PubKey{neg}, compressed);
}

// Key 1's well-known IDs (addresses 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH and
// 1EHNa6Q4Jz2uvNExL497mE43ikXhwF6kZm).
TEST(PubKeyTest, KeyIdIsHash160)
{
    EXPECT_EQ(util::HexStr(crypto::PubKey{Hex(G_COMPRESSED)}.GetID()), "751e76e8199196d454941c45d1b3a323f1433bd6");
    EXPECT_EQ(util::HexStr(crypto::PubKey{Hex(G_UNCOMPRESSED)}.GetID()), "91b24bf9f5288532960ac687abb035127b1d28a5");
}

TEST(PubKeyTest, SyntacticRejections)
{
    EXPECT_FALSE(crypto::PubKey{}.IsValid());
    EXPECT_FALSE(crypto::PubKey{util::ByteSpan{}}.IsValid());
    // Length does not match the first byte.
    auto bytes = Hex(G_COMPRESSED);
    bytes[0] = 0x04;
    EXPECT_FALSE(crypto::PubKey{bytes}.IsValid());
    auto longer = Hex(G_COMPRESSED);
    longer.push_back(0);
    EXPECT_FALSE(crypto::PubKey{longer}.IsValid());
    for (uint8_t header : {0x00, 0x01, 0x05, 0x08, 0xff}) {
        auto b = Hex(G_UNCOMPRESSED);
        b[0] = header;
        EXPECT_FALSE(crypto::PubKey{b}.IsValid()) << int{header};
        EXPECT_FALSE(crypto::PubKey::ValidSize(b));
    }
    EXPECT_TRUE(crypto::PubKey::ValidSize(Hex(G_COMPRESSED)));
}

TEST(PubKeyTest, OffCurveKeysAreSyntacticallyValidOnly)
{
    // BIP340 vector 5's X is not on the curve; as a compressed key it must fail.
    const crypto::PubKey off_x{Hex("02eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34")};
    EXPECT_TRUE(off_x.IsValid());
    EXPECT_FALSE(off_x.IsFullyValid());
    // X at or above the field size.
    EXPECT_FALSE(crypto::PubKey{Hex("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30")}.IsFullyValid());
    // G with Y changed by one is not on the curve.
    auto bad_y = Hex(G_UNCOMPRESSED);
    bad_y.back() ^= 1;
    EXPECT_TRUE(crypto::PubKey{bad_y}.IsValid());
    EXPECT_FALSE(crypto::PubKey{bad_y}.IsFullyValid());
    EXPECT_FALSE(crypto::PubKey{bad_y}.Decompressed());
}

TEST(PubKeyTest, OrderingMatchesCore)
{
    const crypto::PubKey g{Hex(G_COMPRESSED)};
    auto neg_bytes = Hex(G_COMPRESSED);
    neg_bytes[0] = 0x03;
    const crypto::PubKey neg{neg_bytes};
    const crypto::PubKey unc{Hex(G_UNCOMPRESSED)};
    EXPECT_LT(g, neg);
    EXPECT_LT(neg, unc); // first byte first, regardless of the rest
    auto bigger = Hex(G_COMPRESSED);
    bigger[32] ^= 0x01;
    EXPECT_LT(g, crypto::PubKey{bigger});
    // GetHash is SHA256d of the serialisation.
    const auto once = crypto::Sha256().Write(Hex(G_COMPRESSED)).Finalize();
    EXPECT_EQ(g.GetHash(), crypto::Sha256().Write(once.data(), once.size()).Finalize());
}

// ---- Strict and lax DER -----------------------------------------------------

/** A signature over hash whose R has its top bit set (so DER needs a 0x00 sign byte). */
std::vector<uint8_t> SignWithHighR(const crypto::PrivateKey& key, const std::array<uint8_t, 32>& hash)
{
    for (uint32_t test_case = 0;; ++test_case) {
        auto sig = key.SignEcdsa(hash, /*grind=*/false, test_case);
        if (sig[3] == 33) return sig;
    }
}

TEST(EcdsaDerTest, LaxParserAcceptsPreBip66Forms)
{
    const auto key = *crypto::PrivateKey::FromBytes(Hex("0000000000000000000000000000000000000000000000000000000000000007"));
    const auto pub = key.GetPubKey();
    const auto hash = Hash32("aa00000000000000000000000000000000000000000000000000000000000001");
    const auto sig = SignWithHighR(key, hash);
    ASSERT_TRUE(crypto::IsStrictDerSignature(sig));
    ASSERT_TRUE(pub.Verify(hash, sig));
    const std::vector<uint8_t> r(sig.begin() + 5, sig.begin() + 5 + 32); // without the 0x00
    // 0x30 len 0x02 33 0x00 R[32] 0x02 lenS S: lenS is at index 38.
    const uint8_t len_s = sig[38];
    const std::vector<uint8_t> s(sig.begin() + 39, sig.begin() + 39 + len_s);

    auto build = [](std::vector<uint8_t> seq_head, std::vector<uint8_t> r_part, std::vector<uint8_t> s_part) {
        std::vector<uint8_t> out = std::move(seq_head);
        out.insert(out.end(), r_part.begin(), r_part.end());
        out.insert(out.end(), s_part.begin(), s_part.end());
        return out;
    };
    auto integer = [](std::vector<uint8_t> head, const std::vector<uint8_t>& value) {
        head.insert(head.end(), value.begin(), value.end());
        return head;
    };
    const auto r_der = integer({0x02, 33, 0x00}, r);
    const auto s_der = integer({0x02, len_s}, s);
    const uint8_t body = static_cast<uint8_t>(r_der.size() + s_der.size());

    struct Case {
        const char* what;
        std::vector<uint8_t> sig;
    };
    std::vector<Case> lax_only = {
        {"negative R (sign byte dropped)", build({0x30, static_cast<uint8_t>(body - 1)}, integer({0x02, 32}, r), s_der)},
        {"sequence length in long form", build({0x30, 0x81, body}, r_der, s_der)},
        {"wrong sequence length", build({0x30, static_cast<uint8_t>(body + 5)}, r_der, s_der)},
        {"zero sequence length", build({0x30, 0x00}, r_der, s_der)},
        {"R length in long form with zero padding", build({0x30, static_cast<uint8_t>(body + 3)}, integer({0x02, 0x83, 0x00, 0x00, 33, 0x00}, r), s_der)},
        {"R padded with extra zero bytes", build({0x30, static_cast<uint8_t>(body + 2)}, integer({0x02, 35, 0x00, 0x00, 0x00}, r), s_der)},
        {"garbage after S", build({0x30, body}, r_der, integer(s_der, {0xde, 0xad}))},
    };
    for (const auto& c : lax_only) {
        EXPECT_FALSE(crypto::IsStrictDerSignature(c.sig)) << c.what;
        EXPECT_TRUE(pub.Verify(hash, c.sig)) << c.what;
    }

    std::vector<Case> rejected = {
        {"empty", {}},
        {"not a sequence", build({0x31, body}, r_der, s_der)},
        {"R tag wrong", build({0x30, body}, integer({0x03, 33, 0x00}, r), s_der)},
        {"truncated S", std::vector<uint8_t>(sig.begin(), sig.end() - 1)},
        {"long-form length of 4 significant bytes", build({0x30, body}, integer({0x02, 0x84, 0x01, 0x00, 0x00, 33, 0x00}, r), s_der)},
        {"R length past the end", build({0x30, body}, {0x02, 0x7f}, {})},
        {"sequence length bytes past the end", {0x30, 0x85, 0x00}},
    };
    for (const auto& c : rejected) {
        EXPECT_FALSE(pub.Verify(hash, c.sig)) << c.what;
        EXPECT_FALSE(crypto::PubKey::CheckLowS(c.sig)) << c.what;
    }
    // Four zero bytes of long-form length followed by 3 significant bytes is still accepted.
    EXPECT_TRUE(pub.Verify(hash, build({0x30, body}, integer({0x02, 0x87, 0, 0, 0, 0, 0, 0, 33, 0x00}, r), s_der)));

    // An R of 33 significant bytes parses (framing is fine) but can never verify.
    const auto wide = build({0x30, static_cast<uint8_t>(body + 1)}, integer({0x02, 34, 0x01, 0x00}, r), s_der);
    EXPECT_FALSE(pub.Verify(hash, wide));
    EXPECT_TRUE(crypto::PubKey::CheckLowS(wide)); // parsed as the zero signature, whose S is low
}

/** n - s for a 32-byte big-endian s: the other S that verifies. */
std::array<uint8_t, 32> NegateScalar(const std::vector<uint8_t>& s_bytes)
{
    static const auto n = Hash32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    std::array<uint8_t, 32> s{};
    std::copy(s_bytes.begin(), s_bytes.end(), s.end() - s_bytes.size());
    std::array<uint8_t, 32> out{};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int d = int{n[i]} - int{s[i]} - borrow;
        borrow = d < 0;
        out[i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
    }
    return out;
}

TEST(EcdsaDerTest, HighSVerifiesButFailsCheckLowS)
{
    crypto::FastRandomContext rng;
    for (int i = 0; i < 20; ++i) {
        const auto key = crypto::PrivateKey::Generate();
        const auto hash = rng.Rand256();
        const auto sig = key.SignEcdsa(hash);
        ASSERT_TRUE(crypto::PubKey::CheckLowS(sig));
        const size_t len_r = sig[3];
        const size_t len_s = sig[5 + len_r];
        const std::vector<uint8_t> s(sig.begin() + 6 + len_r, sig.begin() + 6 + len_r + len_s);
        const auto high = NegateScalar(s);
        // Re-encode with the high S (always 33 bytes: top bit set).
        std::vector<uint8_t> high_sig(sig.begin(), sig.begin() + 4 + len_r);
        high_sig.insert(high_sig.end(), {0x02, 33, 0x00});
        high_sig.insert(high_sig.end(), high.begin(), high.end());
        high_sig[1] = static_cast<uint8_t>(high_sig.size() - 2);
        ASSERT_TRUE(crypto::IsStrictDerSignature(high_sig));
        EXPECT_FALSE(crypto::PubKey::CheckLowS(high_sig));
        EXPECT_TRUE(key.GetPubKey().Verify(hash, high_sig)) << "Verify must normalise S";
    }
}

TEST(EcdsaDerTest, StrictDerRules)
{
    // Smallest strict signature: R = S = 0 (valid encoding, never verifies).
    EXPECT_TRUE(crypto::IsStrictDerSignature(Hex("3006020100020100")));
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("30050201000201")));       // too short
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("300602010002010000")));   // trailing byte
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006020002020080")));     // zero-length R
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006020200800200")));     // zero-length S
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006020180020100")));     // negative R
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("300702020001020100")));   // R needlessly padded
    EXPECT_TRUE(crypto::IsStrictDerSignature(Hex("300702020080020100")));    // padding needed
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006020100020180")));     // negative S
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("300702010002020001")));   // S needlessly padded
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006030100020100")));     // R tag
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3006020100030100")));     // S tag
    EXPECT_FALSE(crypto::IsStrictDerSignature(Hex("3106020100020100")));     // sequence tag
    EXPECT_FALSE(crypto::IsStrictDerSignature(std::vector<uint8_t>(73, 0x30))); // too long
}

// ---- Wycheproof -------------------------------------------------------------

// Wycheproof's EcdsaBitcoinVerify vectors (from libsecp256k1) describe
// Bitcoin's *standard* ECDSA rules: a signature is valid only if it is strict
// DER (BIP66; "BerEncodedSignature" and "InvalidEncoding" cases are BER forms
// the lax parser would read) and has low S ("SignatureMalleabilityBitcoin").
// PubKey::Verify alone is the consensus check for pre-BIP66 script and is lax
// on both counts on purpose, so the verdict that must match is
//     IsStrictDerSignature(sig) && CheckLowS(sig) && Verify(hash, sig),
// which is what the interpreter computes under SCRIPT_VERIFY_DERSIG and
// SCRIPT_VERIFY_LOW_S. CheckLowS uses the lax parser too, but after the
// strict check the lax and strict parsers agree, so the order is harmless.
TEST(WycheproofTest, EcdsaSecp256k1Sha256Bitcoin)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto text = testutil::ReadTestText("wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json");
    ASSERT_FALSE(text.empty());
    const auto root = boost::json::parse(text).as_object();

    size_t ran = 0, valid = 0, lax_accepts_invalid = 0;
    std::map<std::string, size_t> lax_only_by_flag;
    for (const auto& group_value : root.at("testGroups").as_array()) {
        const auto& group = group_value.as_object();
        const crypto::PubKey pubkey{Hex(group.at("publicKey").at("uncompressed").as_string())};
        ASSERT_TRUE(pubkey.IsFullyValid());
        for (const auto& test_value : group.at("tests").as_array()) {
            const auto& test = test_value.as_object();
            const auto msg = Hex(test.at("msg").as_string());
            const auto sig = Hex(test.at("sig").as_string());
            const bool expect_valid = test.at("result").as_string() == "valid";
            const auto hash = crypto::Sha256().Write(msg).Finalize();

            const bool lax_verify = pubkey.Verify(hash, sig);
            const bool verdict = crypto::IsStrictDerSignature(sig) && crypto::PubKey::CheckLowS(sig) && lax_verify;
            EXPECT_EQ(verdict, expect_valid) << "tcId " << test.at("tcId").as_int64() << ": "
                                             << test.at("comment").as_string();
            // A valid signature must also pass the consensus (lax) check alone.
            if (expect_valid) {
                EXPECT_TRUE(lax_verify) << "tcId " << test.at("tcId").as_int64();
            }
            if (!expect_valid && lax_verify) {
                ++lax_accepts_invalid;
                for (const auto& flag : test.at("flags").as_array()) ++lax_only_by_flag[std::string(flag.as_string())];
            }
            ++ran;
            valid += expect_valid;
        }
    }
    EXPECT_EQ(ran, 463u);
    std::cout << "[ vectors  ] Wycheproof ECDSA secp256k1/SHA-256 Bitcoin: " << ran << " cases (" << valid
              << " valid), of which " << lax_accepts_invalid
              << " invalid ones pass the lax consensus check and are caught by strict DER / low S:";
    for (const auto& [flag, count] : lax_only_by_flag) std::cout << " " << flag << "=" << count;
    std::cout << "\n";
}

} // namespace
