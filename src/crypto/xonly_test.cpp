#include <crypto/key.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <crypto/xonly.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <array>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> Hex(std::string_view s)
{
    auto bytes = util::TryParseHex(s);
    EXPECT_TRUE(bytes.has_value() || s.empty()) << s;
    return bytes.value_or(std::vector<uint8_t>{});
}

std::array<uint8_t, 32> Array32(std::string_view hex)
{
    const auto bytes = Hex(hex);
    std::array<uint8_t, 32> out{};
    EXPECT_EQ(bytes.size(), 32u) << hex;
    std::copy_n(bytes.begin(), std::min<size_t>(bytes.size(), 32), out.begin());
    return out;
}

/** The fields of one line of BIP340's test-vectors.csv. */
struct Bip340Vector {
    std::string index, secret_key, public_key, aux_rand, message, signature, result, comment;
};

std::vector<Bip340Vector> ParseBip340Csv(const std::string& text)
{
    std::vector<Bip340Vector> out;
    std::istringstream lines(text);
    std::string line;
    bool header = true;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back(); // the file has CRLF line ends
        if (line.empty()) continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        std::string field;
        std::istringstream cells(line);
        // Seven commas separate eight fields; the comment keeps any further commas.
        while (fields.size() < 7 && std::getline(cells, field, ',')) fields.push_back(field);
        std::getline(cells, field);
        fields.push_back(cells ? field : std::string{});
        if (fields.size() != 8) {
            ADD_FAILURE() << "malformed BIP340 vector line: " << line;
            continue;
        }
        out.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]});
    }
    return out;
}

TEST(Bip340Test, OfficialVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto vectors = ParseBip340Csv(testutil::ReadTestText("bip340/test-vectors.csv"));
    size_t signed_count = 0, verified_count = 0;
    for (const auto& v : vectors) {
        SCOPED_TRACE("BIP340 vector " + v.index + " " + v.comment);
        const auto pub = crypto::XOnlyPubKey::FromBytes(Hex(v.public_key));
        ASSERT_TRUE(pub);
        const auto msg = Hex(v.message);
        const auto sig = Hex(v.signature);
        const bool expect_valid = v.result == "TRUE";
        ASSERT_TRUE(expect_valid || v.result == "FALSE");

        if (!v.secret_key.empty()) {
            const auto key = crypto::PrivateKey::FromBytes(Hex(v.secret_key));
            ASSERT_TRUE(key);
            EXPECT_EQ(key->GetXOnlyPubKey(), *pub);
            const auto made = key->SignSchnorr(msg, std::nullopt, Array32(v.aux_rand));
            ASSERT_TRUE(made);
            EXPECT_EQ(util::HexStr(*made), util::HexStr(sig));
            ++signed_count;
        }
        EXPECT_EQ(pub->VerifySchnorr(msg, sig), expect_valid);
        if (v.comment.find("public key not on the curve") != std::string::npos ||
            v.comment.find("exceeds the field size") != std::string::npos) {
            EXPECT_FALSE(pub->IsFullyValid());
        }
        ++verified_count;
    }
    EXPECT_EQ(verified_count, 19u);
    EXPECT_EQ(signed_count, 8u);
    std::cout << "[ vectors  ] BIP340: " << verified_count << " verification vectors, " << signed_count
              << " signing vectors reproduced byte for byte\n";
}

TEST(Bip340Test, WrongSignatureSizeFails)
{
    const auto key = crypto::PrivateKey::Generate();
    const std::array<uint8_t, 32> msg{1}, aux{};
    auto sig = key.SignSchnorr(msg, std::nullopt, aux);
    ASSERT_TRUE(sig);
    const auto pub = key.GetXOnlyPubKey();
    EXPECT_TRUE(pub.VerifySchnorr(msg, *sig));
    std::vector<uint8_t> longer(sig->begin(), sig->end());
    longer.push_back(0x01); // a sighash byte is the interpreter's to strip, not ours
    EXPECT_FALSE(pub.VerifySchnorr(msg, longer));
    EXPECT_FALSE(pub.VerifySchnorr(msg, util::ByteSpan{sig->data(), 63}));
    EXPECT_FALSE(crypto::XOnlyPubKey{}.VerifySchnorr(msg, *sig));
}

// BIP341's wallet vectors: output keys of seven script trees, and key-path
// signatures (aux_rand all zero; a null merkle root tweaks by the key alone).
TEST(Bip341Test, WalletVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto root = boost::json::parse(testutil::ReadTestText("core/bip341_wallet_vectors.json")).as_object();
    size_t outputs = 0, spends = 0;
    for (const auto& item : root.at("scriptPubKey").as_array()) {
        const auto& given = item.at("given").as_object();
        const auto& inter = item.at("intermediary").as_object();
        const crypto::XOnlyPubKey internal{Array32(given.at("internalPubkey").as_string())};
        std::optional<std::array<uint8_t, 32>> merkle_root;
        if (!inter.at("merkleRoot").is_null()) merkle_root = Array32(inter.at("merkleRoot").as_string());

        EXPECT_EQ(util::HexStr(internal.ComputeTapTweakHash(merkle_root)), inter.at("tweak").as_string());
        const auto tweaked = internal.CreateTapTweak(merkle_root);
        ASSERT_TRUE(tweaked);
        EXPECT_EQ(util::HexStr(tweaked->first.Bytes()), inter.at("tweakedPubkey").as_string());
        if (merkle_root) {
            EXPECT_TRUE(tweaked->first.CheckTapTweak(internal, *merkle_root, tweaked->second));
            EXPECT_FALSE(tweaked->first.CheckTapTweak(internal, *merkle_root, !tweaked->second));
            // The control blocks carry the output key's parity in their first byte.
            for (const auto& cb : item.at("expected").at("scriptPathControlBlocks").as_array()) {
                EXPECT_EQ(Hex(cb.as_string())[0] & 1, tweaked->second ? 1 : 0);
            }
        }
        ++outputs;
    }
    for (const auto& tx : root.at("keyPathSpending").as_array()) {
        for (const auto& input : tx.at("inputSpending").as_array()) {
            const auto& given = input.at("given").as_object();
            const auto& inter = input.at("intermediary").as_object();
            const auto key = crypto::PrivateKey::FromBytes(Hex(given.at("internalPrivkey").as_string()));
            ASSERT_TRUE(key);
            EXPECT_EQ(util::HexStr(key->GetXOnlyPubKey().Bytes()), inter.at("internalPubkey").as_string());
            // Core passes an all-zero root for "no scripts"; SignSchnorr follows it.
            std::array<uint8_t, 32> merkle_root{};
            if (!given.at("merkleRoot").is_null()) merkle_root = Array32(given.at("merkleRoot").as_string());
            const auto sighash = Array32(inter.at("sigHash").as_string());
            const auto sig = key->SignSchnorr(sighash, merkle_root, std::array<uint8_t, 32>{});
            ASSERT_TRUE(sig);
            const auto witness = Hex(input.at("expected").at("witness").as_array()[0].as_string());
            ASSERT_GE(witness.size(), 64u);
            EXPECT_EQ(util::HexStr(*sig), util::HexStr(util::ByteSpan{witness.data(), 64}));
            ++spends;
        }
    }
    EXPECT_EQ(outputs, 7u);
    EXPECT_GT(spends, 0u);
    std::cout << "[ vectors  ] BIP341: " << outputs << " output key tweaks, " << spends
              << " key-path signatures reproduced\n";
}

TEST(TaprootTweakTest, RoundTripsWithRandomKeys)
{
    crypto::FastRandomContext rng;
    const std::array<uint8_t, 32> aux = rng.Rand256();
    for (int i = 0; i < 32; ++i) {
        const auto key = crypto::PrivateKey::Generate();
        const auto internal = key.GetXOnlyPubKey();
        const auto merkle_root = rng.Rand256();
        const auto msg = rng.Rand256();

        const auto tweaked = internal.CreateTapTweak(merkle_root);
        ASSERT_TRUE(tweaked);
        EXPECT_TRUE(tweaked->first.IsFullyValid());
        EXPECT_TRUE(tweaked->first.CheckTapTweak(internal, merkle_root, tweaked->second));
        EXPECT_FALSE(tweaked->first.CheckTapTweak(internal, merkle_root, !tweaked->second));
        auto other_root = merkle_root;
        other_root[5] ^= 0x40;
        EXPECT_FALSE(tweaked->first.CheckTapTweak(internal, other_root, tweaked->second));

        // Signing with the tweak verifies against the tweaked key only.
        const crypto::SchnorrKeyPair pair{key, merkle_root};
        ASSERT_TRUE(pair.IsValid());
        EXPECT_EQ(pair.GetXOnlyPubKey(), tweaked->first);
        const auto sig = key.SignSchnorr(msg, merkle_root, aux);
        ASSERT_TRUE(sig);
        EXPECT_EQ(pair.Sign(msg, aux), sig);
        EXPECT_TRUE(tweaked->first.VerifySchnorr(msg, *sig));
        EXPECT_FALSE(internal.VerifySchnorr(msg, *sig));

        // No scripts: the all-zero root tweaks by the key alone.
        const auto keypath_only = internal.CreateTapTweak(std::nullopt);
        ASSERT_TRUE(keypath_only);
        const auto keypath_sig = key.SignSchnorr(msg, std::array<uint8_t, 32>{}, aux);
        ASSERT_TRUE(keypath_sig);
        EXPECT_TRUE(keypath_only->first.VerifySchnorr(msg, *keypath_sig));

        // Untweaked signing verifies against the internal key; other aux, other signature.
        const auto plain = key.SignSchnorr(msg, std::nullopt, aux);
        ASSERT_TRUE(plain);
        EXPECT_TRUE(internal.VerifySchnorr(msg, *plain));
        auto other_aux = aux;
        other_aux[0] ^= 1;
        EXPECT_NE(key.SignSchnorr(msg, std::nullopt, other_aux), plain);
    }
}

TEST(XOnlyPubKeyTest, NumsPointIsHashOfGenerator)
{
    // BIP341: H's X is SHA256 of the uncompressed generator.
    const auto g = Hex("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                       "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
    const auto h = crypto::Sha256().Write(g).Finalize();
    EXPECT_EQ(crypto::XOnlyPubKey::NumsH(), crypto::XOnlyPubKey{h});
    EXPECT_TRUE(crypto::XOnlyPubKey::NumsH().IsFullyValid());
}

TEST(XOnlyPubKeyTest, Conversions)
{
    const auto key = crypto::PrivateKey::Generate();
    const auto pub = key.GetPubKey();
    const crypto::XOnlyPubKey xonly{pub};
    EXPECT_EQ(xonly, key.GetXOnlyPubKey());
    const auto even = xonly.GetEvenCorrespondingPubKey();
    EXPECT_TRUE(even.IsFullyValid());
    EXPECT_EQ(even.data()[0], 0x02);
    EXPECT_EQ(crypto::XOnlyPubKey{even}, xonly);
    EXPECT_FALSE(crypto::XOnlyPubKey::FromBytes(Hex("00")));
    EXPECT_TRUE(crypto::XOnlyPubKey{}.IsNull());
    EXPECT_FALSE(crypto::XOnlyPubKey{}.IsFullyValid());
    EXPECT_FALSE(crypto::XOnlyPubKey{}.CreateTapTweak(std::nullopt));
}

} // namespace
