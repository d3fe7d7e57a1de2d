#include <script/addresstype.h>
#include <script/standard.h>

#include <util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using script::Script;
using script::TxoutType;
using Bytes = std::vector<uint8_t>;

Bytes Key(uint8_t header, size_t size, uint8_t fill)
{
    Bytes key(size, fill);
    key[0] = header;
    return key;
}

Script FromHex(const std::string& hex) { return Script(*util::TryParseHex(hex)); }

TxoutType Solve(const Script& s, std::vector<Bytes>* out = nullptr)
{
    std::vector<Bytes> solutions;
    const TxoutType type = script::Solver(s, solutions);
    if (out) *out = solutions;
    return type;
}

TEST(SolverTest, RecognisesEveryTemplate)
{
    const Bytes compressed = Key(0x02, 33, 0x11);
    const Bytes uncompressed = Key(0x04, 65, 0x22);
    const Bytes hash20(20, 0xab);
    const Bytes hash32(32, 0xcd);
    std::vector<Bytes> sol;

    EXPECT_EQ(Solve(script::GetScriptForRawPubKey(compressed), &sol), TxoutType::PUBKEY);
    EXPECT_EQ(sol, std::vector<Bytes>{compressed});
    EXPECT_EQ(Solve(script::GetScriptForRawPubKey(uncompressed), &sol), TxoutType::PUBKEY);
    EXPECT_EQ(sol, std::vector<Bytes>{uncompressed});

    Script p2pkh;
    p2pkh << script::OP_DUP << script::OP_HASH160 << hash20 << script::OP_EQUALVERIFY << script::OP_CHECKSIG;
    EXPECT_EQ(Solve(p2pkh, &sol), TxoutType::PUBKEYHASH);
    EXPECT_EQ(sol, std::vector<Bytes>{hash20});

    Script p2sh;
    p2sh << script::OP_HASH160 << hash20 << script::OP_EQUAL;
    EXPECT_EQ(Solve(p2sh, &sol), TxoutType::SCRIPTHASH);
    EXPECT_EQ(sol, std::vector<Bytes>{hash20});

    const Script multi = script::GetScriptForMultisig(1, {compressed, uncompressed});
    EXPECT_EQ(Solve(multi, &sol), TxoutType::MULTISIG);
    EXPECT_EQ(sol, (std::vector<Bytes>{{1}, compressed, uncompressed, {2}}));

    Script nulldata;
    nulldata << script::OP_RETURN << Bytes{0x01, 0x02} << script::OP_16 << Bytes(80, 0x55);
    EXPECT_EQ(Solve(nulldata, &sol), TxoutType::NULL_DATA);
    EXPECT_TRUE(sol.empty());
    EXPECT_EQ(Solve(FromHex("6a")), TxoutType::NULL_DATA);

    Script v0k;
    v0k << script::OP_0 << hash20;
    EXPECT_EQ(Solve(v0k, &sol), TxoutType::WITNESS_V0_KEYHASH);
    EXPECT_EQ(sol, std::vector<Bytes>{hash20});
    Script v0s;
    v0s << script::OP_0 << hash32;
    EXPECT_EQ(Solve(v0s, &sol), TxoutType::WITNESS_V0_SCRIPTHASH);
    Script v1;
    v1 << script::OP_1 << hash32;
    EXPECT_EQ(Solve(v1, &sol), TxoutType::WITNESS_V1_TAPROOT);
    EXPECT_EQ(sol, std::vector<Bytes>{hash32});

    EXPECT_EQ(Solve(FromHex("51024e73"), &sol), TxoutType::ANCHOR);
    EXPECT_TRUE(sol.empty());

    Script unknown;
    unknown << script::OP_16 << Bytes{0x01, 0x02, 0x03};
    EXPECT_EQ(Solve(unknown, &sol), TxoutType::WITNESS_UNKNOWN);
    EXPECT_EQ(sol, (std::vector<Bytes>{{16}, {1, 2, 3}}));
    // Version 1 with a program other than 32 bytes or the anchor is "unknown" too.
    EXPECT_EQ(Solve(FromHex("51024e74")), TxoutType::WITNESS_UNKNOWN);
    EXPECT_EQ(Solve(FromHex("52024e73")), TxoutType::WITNESS_UNKNOWN);
}

TEST(SolverTest, RejectsNearMisses)
{
    const Bytes compressed = Key(0x03, 33, 0x11);
    // P2PK whose key has the wrong header for its size.
    EXPECT_EQ(Solve(script::GetScriptForRawPubKey(Key(0x04, 33, 0x11))), TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve(script::GetScriptForRawPubKey(Key(0x02, 65, 0x11))), TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve(script::GetScriptForRawPubKey(Key(0x05, 33, 0x11))), TxoutType::NONSTANDARD);
    // Multisig: m = 0, m > n, n not matching the key count, a bad key, trailing bytes.
    EXPECT_EQ(Solve(script::GetScriptForMultisig(0, {compressed})), TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve(script::GetScriptForMultisig(2, {compressed})), TxoutType::NONSTANDARD);
    Script wrong_n;
    wrong_n << script::OP_1 << compressed << script::OP_2 << script::OP_CHECKMULTISIG;
    EXPECT_EQ(Solve(wrong_n), TxoutType::NONSTANDARD);
    Script bad_key;
    bad_key << script::OP_1 << Key(0x02, 32, 0x11) << script::OP_1 << script::OP_CHECKMULTISIG;
    EXPECT_EQ(Solve(bad_key), TxoutType::NONSTANDARD);
    Script extra;
    extra << script::OP_1 << compressed << script::OP_1 << script::OP_NOP << script::OP_CHECKMULTISIG;
    EXPECT_EQ(Solve(extra), TxoutType::NONSTANDARD);
    // OP_RETURN followed by a non-push, and witness v0 with a 33-byte program.
    EXPECT_EQ(Solve(FromHex("6a76")), TxoutType::NONSTANDARD);
    Script v0_33;
    v0_33 << script::OP_0 << Bytes(33, 0);
    EXPECT_EQ(Solve(v0_33), TxoutType::NONSTANDARD);
    // P2PKH with a 21-byte hash.
    Script long_hash;
    long_hash << script::OP_DUP << script::OP_HASH160 << Bytes(21, 0) << script::OP_EQUALVERIFY << script::OP_CHECKSIG;
    EXPECT_EQ(Solve(long_hash), TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve(Script{}), TxoutType::NONSTANDARD);
}

TEST(SolverTest, MultisigCountsAsCoreDoes)
{
    std::vector<Bytes> keys;
    for (int i = 0; i < 20; ++i) keys.push_back(Key(0x02, 33, static_cast<uint8_t>(i)));
    // 20 keys: n is pushed as the minimal script number 0x14, which Core accepts.
    const Script twenty = script::GetScriptForMultisig(20, keys);
    std::vector<Bytes> sol;
    EXPECT_EQ(Solve(twenty, &sol), TxoutType::MULTISIG);
    EXPECT_EQ(sol.front(), Bytes{20});
    EXPECT_EQ(sol.back(), Bytes{20});
    // 1 written as a one-byte push instead of OP_1 is not minimal.
    Script non_minimal;
    non_minimal << Bytes{1} << keys[0] << script::OP_1 << script::OP_CHECKMULTISIG;
    EXPECT_EQ(Solve(non_minimal), TxoutType::NONSTANDARD);
    // 21 keys exceed MAX_PUBKEYS_PER_MULTISIG.
    keys.push_back(Key(0x03, 33, 0x77));
    EXPECT_EQ(Solve(script::GetScriptForMultisig(1, keys)), TxoutType::NONSTANDARD);
}

TEST(SolverTest, TypeNames)
{
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::NONSTANDARD), "nonstandard");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::PUBKEY), "pubkey");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::PUBKEYHASH), "pubkeyhash");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::SCRIPTHASH), "scripthash");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::MULTISIG), "multisig");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::NULL_DATA), "nulldata");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::WITNESS_V0_KEYHASH), "witness_v0_keyhash");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::WITNESS_V0_SCRIPTHASH), "witness_v0_scripthash");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::WITNESS_V1_TAPROOT), "witness_v1_taproot");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::WITNESS_UNKNOWN), "witness_unknown");
    EXPECT_EQ(script::GetTxnOutputType(TxoutType::ANCHOR), "anchor");
}

TEST(DestinationTest, ExtractAndRebuild)
{
    script::TxDestination dest;
    // P2PK gives a PubKeyDestination but reports "no address".
    const Bytes key = Key(0x02, 33, 0x11);
    const Script p2pk = script::GetScriptForRawPubKey(key);
    EXPECT_FALSE(script::ExtractDestination(p2pk, dest));
    ASSERT_TRUE(std::holds_alternative<script::PubKeyDestination>(dest));
    EXPECT_EQ(std::get<script::PubKeyDestination>(dest).pubkey, key);
    EXPECT_EQ(script::GetScriptForDestination(dest), p2pk);
    EXPECT_FALSE(script::IsValidDestination(dest));

    // Multisig keeps its script inside NoDestination.
    const Script multi = script::GetScriptForMultisig(1, {key});
    EXPECT_FALSE(script::ExtractDestination(multi, dest));
    ASSERT_TRUE(std::holds_alternative<script::NoDestination>(dest));
    EXPECT_EQ(script::GetScriptForDestination(dest), multi);

    // Round trip every addressable template.
    for (const char* hex : {"76a914000102030405060708090a0b0c0d0e0f1011121388ac",
                            "a914000102030405060708090a0b0c0d0e0f1011121387",
                            "0014000102030405060708090a0b0c0d0e0f10111213",
                            "0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                            "5120000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                            "51024e73", "6002abcd"}) {
        const Script s = FromHex(hex);
        EXPECT_TRUE(script::ExtractDestination(s, dest)) << hex;
        EXPECT_TRUE(script::IsValidDestination(dest)) << hex;
        EXPECT_EQ(util::HexStr(script::GetScriptForDestination(dest).span()), hex);
    }

    // Hash160 constructors: the generator point G's compressed key (BIP173's example key)
    // and OP_TRUE as a redeem script.
    const Bytes g = *util::TryParseHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    EXPECT_EQ(util::HexStr(script::WitnessV0KeyHash::FromPubKey(g).hash), "751e76e8199196d454941c45d1b3a323f1433bd6");
    EXPECT_EQ(script::PKHash::FromPubKey(g).hash, script::WitnessV0KeyHash::FromPubKey(g).hash);
    EXPECT_EQ(util::HexStr(script::ScriptHash::FromScript(FromHex("51")).hash), "da1745e9b549bd0bfa1a569971c77eba30cd5a4b");

    // P2WSH from a witness script: SHA256 of its bytes.
    const auto wsh = script::WitnessV0ScriptHash::FromScript(FromHex("51"));
    EXPECT_EQ(util::HexStr(wsh.hash), "4ae81572f06e1b88fd5ced7a1a000945432e83e1551e6f721ee9c00b8cc33260");
}

} // namespace
