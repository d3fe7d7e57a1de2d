// Compact encodings: Core's amount compression table, every script special case (with a
// real uncompressed key), Core's Coin serialization vectors and the undo record layout.
#include <storage/coin.h>
#include <storage/compressor.h>
#include <storage/undo.h>

#include <crypto/key.h>
#include <crypto/pubkey.h>
#include <primitives/streams.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using primitives::ScriptBytes;
using storage::CompressAmount;
using storage::DecompressAmount;

std::vector<uint8_t> Hex(const char* hex) { return *util::TryParseHex(hex); }

template <typename T>
std::vector<uint8_t> Ser(const T& obj)
{
    return primitives::SerializeToBytes(obj);
}

constexpr uint64_t COIN = 100000000;
constexpr uint64_t CENT = 1000000;

TEST(Compressor, AmountTableFromCore)
{
    const std::pair<uint64_t, uint64_t> table[] = {
        {0, 0x0}, {1, 0x1}, {CENT, 0x7}, {COIN, 0x9}, {50 * COIN, 0x32}, {21000000 * COIN, 0x1406f40},
    };
    for (const auto& [amount, compressed] : table) {
        EXPECT_EQ(CompressAmount(amount), compressed) << amount;
        EXPECT_EQ(DecompressAmount(compressed), amount) << compressed;
    }
}

TEST(Compressor, AmountRoundTrips)
{
    // The ranges of Core's compress_tests: unit, cent, coin and 50-coin multiples.
    size_t checked = 0;
    const auto round_trip = [&](uint64_t v) {
        ++checked;
        return DecompressAmount(CompressAmount(v)) == v;
    };
    for (uint64_t i = 1; i <= 100000; ++i) ASSERT_TRUE(round_trip(i)) << i;
    for (uint64_t i = 1; i <= 10000; ++i) ASSERT_TRUE(round_trip(i * CENT)) << i;
    for (uint64_t i = 1; i <= 10000; ++i) ASSERT_TRUE(round_trip(i * COIN)) << i;
    for (uint64_t i = 1; i <= 420000; ++i) ASSERT_TRUE(round_trip(i * 50 * COIN)) << i;
    // And decoding then encoding every small code gives the code back.
    for (uint64_t i = 0; i < 100000; ++i) {
        ASSERT_EQ(CompressAmount(DecompressAmount(i)), i) << i;
        ++checked;
    }
    std::printf("amount round trips checked: %zu\n", checked);
}

ScriptBytes P2PKH(const std::array<uint8_t, 20>& hash)
{
    ScriptBytes s(25);
    s[0] = 0x76;
    s[1] = 0xa9;
    s[2] = 20;
    std::copy(hash.begin(), hash.end(), s.begin() + 3);
    s[23] = 0x88;
    s[24] = 0xac;
    return s;
}

ScriptBytes P2PK(util::ByteSpan key)
{
    ScriptBytes s(key.size() + 2);
    s[0] = static_cast<uint8_t>(key.size());
    std::copy(key.begin(), key.end(), s.begin() + 1);
    s.back() = 0xac;
    return s;
}

/** Serialize in compressed form, check the length, read back and compare. */
void CheckScriptRoundTrip(const ScriptBytes& script, size_t expected_size)
{
    const std::vector<uint8_t> bytes = Ser(storage::AsCompressedScript(script));
    EXPECT_EQ(bytes.size(), expected_size) << util::HexStr(script);
    ScriptBytes back;
    primitives::DeserializeFromBytes(bytes, storage::AsCompressedScript(back));
    EXPECT_EQ(back, script);
}

TEST(Compressor, P2PKHAndP2SH)
{
    const auto key = crypto::PrivateKey::Generate(true);
    const ScriptBytes p2pkh = P2PKH(key.GetPubKey().GetID());
    auto compressed = storage::CompressScript(p2pkh);
    ASSERT_TRUE(compressed);
    EXPECT_EQ(compressed->size, 21u);
    EXPECT_EQ(compressed->bytes[0], 0x00);
    EXPECT_TRUE(std::equal(compressed->bytes.begin() + 1, compressed->bytes.begin() + 21, p2pkh.begin() + 3));
    CheckScriptRoundTrip(p2pkh, 21);

    ScriptBytes p2sh(23);
    p2sh[0] = 0xa9;
    p2sh[1] = 20;
    for (int i = 0; i < 20; ++i) p2sh[2 + i] = static_cast<uint8_t>(i * 7);
    p2sh[22] = 0x87;
    compressed = storage::CompressScript(p2sh);
    ASSERT_TRUE(compressed);
    EXPECT_EQ(compressed->bytes[0], 0x01);
    CheckScriptRoundTrip(p2sh, 21);
}

TEST(Compressor, CompressedP2PK)
{
    for (int i = 0; i < 8; ++i) {
        const auto key = crypto::PrivateKey::Generate(true);
        const crypto::PubKey pub = key.GetPubKey();
        ASSERT_TRUE(pub.IsCompressed());
        const ScriptBytes script = P2PK(pub.Bytes());
        const auto compressed = storage::CompressScript(script);
        ASSERT_TRUE(compressed);
        EXPECT_EQ(compressed->size, 33u);
        EXPECT_EQ(compressed->bytes[0], pub.data()[0]); // 0x02 or 0x03
        CheckScriptRoundTrip(script, 33);
    }
}

TEST(Compressor, UncompressedP2PKWithRealKeys)
{
    // Both parities of y must appear: tags 4 and 5 rebuild the key from x alone.
    bool seen_even = false;
    bool seen_odd = false;
    for (int i = 0; i < 64 && !(seen_even && seen_odd); ++i) {
        const auto key = crypto::PrivateKey::Generate(/*compressed=*/false);
        const crypto::PubKey pub = key.GetPubKey();
        ASSERT_EQ(pub.size(), 65u);
        const ScriptBytes script = P2PK(pub.Bytes());
        const auto compressed = storage::CompressScript(script);
        ASSERT_TRUE(compressed);
        EXPECT_EQ(compressed->size, 33u);
        const bool odd = (pub.data()[64] & 1) != 0;
        EXPECT_EQ(compressed->bytes[0], odd ? 0x05 : 0x04);
        (odd ? seen_odd : seen_even) = true;
        CheckScriptRoundTrip(script, 33);
    }
    EXPECT_TRUE(seen_even && seen_odd);
}

TEST(Compressor, SatoshisGenesisKey)
{
    // The genesis coinbase's uncompressed P2PK script (block 0 output).
    const ScriptBytes script = Hex(
        "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7"
        "ba0b8d578a4c702b6bf11d5fac");
    const auto compressed = storage::CompressScript(script);
    ASSERT_TRUE(compressed);
    EXPECT_EQ(compressed->bytes[0], 0x05); // y ends in 0x5f: odd
    CheckScriptRoundTrip(script, 33);
}

TEST(Compressor, NotSpecial)
{
    // An uncompressed key that is not on the curve cannot be rebuilt from x: stored as is.
    ScriptBytes bad_key(65, 0x00);
    bad_key[0] = 0x04;
    bad_key[1] = 0x01;
    EXPECT_FALSE(storage::CompressScript(P2PK(bad_key)));
    CheckScriptRoundTrip(P2PK(bad_key), 1 + 67);

    // P2WPKH, OP_RETURN, the empty script and near misses of the special shapes.
    const ScriptBytes p2wpkh = Hex("0014751e76e8199196d454941c45d1b3a323f1433bd6");
    EXPECT_FALSE(storage::CompressScript(p2wpkh));
    CheckScriptRoundTrip(p2wpkh, 1 + p2wpkh.size());
    CheckScriptRoundTrip(ScriptBytes{}, 1);
    CheckScriptRoundTrip(ScriptBytes{0x6a, 0x04, 1, 2, 3, 4}, 7);
    ScriptBytes almost = P2PKH({});
    almost[24] = 0xad; // OP_CHECKSIGVERIFY
    EXPECT_FALSE(storage::CompressScript(almost));
    CheckScriptRoundTrip(almost, 26);
    // A compressed-key P2PK with a 0x04 prefix of the wrong length is not special.
    ScriptBytes wrong(35, 0x11);
    wrong[0] = 33;
    wrong[1] = 0x04;
    wrong[34] = 0xac;
    EXPECT_FALSE(storage::CompressScript(wrong));
    // A script of 122 bytes needs a two-byte size (122 + 6 = 128).
    CheckScriptRoundTrip(ScriptBytes(121, 0x51), 1 + 121);
    CheckScriptRoundTrip(ScriptBytes(122, 0x51), 2 + 122);
}

TEST(Compressor, OversizedScriptBecomesOpReturn)
{
    // 10,001 bytes: stored in full but read back as a one-byte OP_RETURN (unspendable anyway).
    const ScriptBytes big(10001, 0x00);
    const std::vector<uint8_t> bytes = Ser(storage::AsCompressedScript(big));
    ScriptBytes back;
    primitives::SpanReader reader{bytes};
    reader >> storage::AsCompressedScript(back);
    EXPECT_TRUE(reader.empty());
    EXPECT_EQ(back, ScriptBytes{0x6a});
}

TEST(Compressor, InvalidSpecialKeyDecodesToEmptyScript)
{
    // Tag 4 with an x that is not on the curve: Core leaves the script empty.
    std::vector<uint8_t> bytes{0x04};
    bytes.insert(bytes.end(), 32, 0x00);
    bytes[32] = 0x05; // x = 5 has no point on secp256k1
    ScriptBytes back{1, 2, 3};
    primitives::DeserializeFromBytes(bytes, storage::AsCompressedScript(back));
    EXPECT_TRUE(back.empty());
}

TEST(Coin, CoreSerializationVectors)
{
    {
        storage::Coin coin;
        primitives::DeserializeFromBytes(Hex("97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35"), coin);
        EXPECT_FALSE(coin.coinbase);
        EXPECT_EQ(coin.height, 203998u);
        EXPECT_EQ(coin.out.value, 60000000000);
        EXPECT_EQ(util::HexStr(coin.out.script_pubkey), "76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac");
        EXPECT_EQ(util::HexStr(Ser(coin)), "97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35");
    }
    {
        storage::Coin coin;
        primitives::DeserializeFromBytes(Hex("8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4"), coin);
        EXPECT_TRUE(coin.coinbase);
        EXPECT_EQ(coin.height, 120891u);
        EXPECT_EQ(coin.out.value, 110397);
        EXPECT_EQ(util::HexStr(coin.out.script_pubkey), "76a9148c988f1a4a4de2161e0f50aac7f17e7f9555caa488ac");
        EXPECT_EQ(util::HexStr(Ser(coin)), "8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4");
    }
    {
        // Smallest: height 0, not coinbase, value 0, empty script.
        storage::Coin coin;
        primitives::DeserializeFromBytes(Hex("000006"), coin);
        EXPECT_FALSE(coin.coinbase);
        EXPECT_EQ(coin.height, 0u);
        EXPECT_EQ(coin.out.value, 0);
        EXPECT_TRUE(coin.out.script_pubkey.empty());
    }
    // A script that runs past the end of the data, and a 3e9-byte one.
    storage::Coin coin;
    EXPECT_THROW(primitives::DeserializeFromBytes(Hex("000007"), coin), primitives::DeserializeError);
    EXPECT_EQ(util::HexStr(Ser(primitives::AsVarInt(uint64_t{3000000000}))), "8a95c0bb00");
    EXPECT_THROW(primitives::DeserializeFromBytes(Hex("00008a95c0bb00"), coin), primitives::DeserializeError);
}

TEST(Coin, SpentAndMemory)
{
    storage::Coin coin{primitives::TxOut{5000, ScriptBytes(40, 0x51)}, 7, true};
    EXPECT_FALSE(coin.IsSpent());
    EXPECT_GT(coin.DynamicMemoryUsage(), 40u);
    coin.Clear();
    EXPECT_TRUE(coin.IsSpent());
    EXPECT_EQ(coin.DynamicMemoryUsage(), 0u);
    const consensus::Coin c = storage::Coin{primitives::TxOut{1, {0x51}}, 9, true}.ToConsensus();
    EXPECT_EQ(c.height, 9);
    EXPECT_TRUE(c.coinbase);
    EXPECT_EQ(storage::Coin{c}.out.value, 1);
}

TEST(Undo, LayoutMatchesCore)
{
    // A spent coin at height 0 has no version placeholder; at height > 0 a VarInt(0) follows.
    storage::TxUndo tx;
    tx.prevout.emplace_back(primitives::TxOut{0, {}}, 0, false);
    tx.prevout.emplace_back(primitives::TxOut{50 * static_cast<int64_t>(COIN), P2PKH({})}, 120891, true);
    storage::BlockUndo undo;
    undo.vtxundo.push_back(tx);
    const std::vector<uint8_t> bytes = Ser(undo);
    // 01 (one tx) 02 (two coins) | 00 00 06 | 8ddf77 00 32 00 <20 zero bytes>
    EXPECT_EQ(util::HexStr(bytes), "0102"
                                   "000006"
                                   "8ddf77"
                                   "00"
                                   "32"
                                   "00" +
                                       std::string(40, '0'));
    storage::BlockUndo back;
    primitives::DeserializeFromBytes(bytes, back);
    EXPECT_EQ(back, undo);
}

TEST(Undo, LyingCountDoesNotAllocate)
{
    // A count of 2^25 coins followed by nothing: must fail on the data, not reserve memory.
    const std::vector<uint8_t> bytes = Hex("01fe00000002");
    storage::BlockUndo undo;
    EXPECT_THROW(primitives::DeserializeFromBytes(bytes, undo), primitives::DeserializeError);
}

} // namespace

// Found by the storage_coin fuzz target: a damaged chainstate record can hold an amount no
// node ever wrote (far above MAX_MONEY). It must decode (the caller's MoneyRange checks
// reject it), and such amounts do not survive CompressAmount (it overflows, as Core's).
TEST(Coin, DamagedAmountDecodesOutOfRange)
{
    const std::vector<uint8_t> record = Hex("60b5fffeffffffffff1106");
    primitives::SpanReader reader{record};
    storage::Coin coin;
    reader >> coin;
    EXPECT_EQ(coin.height, 48u);
    EXPECT_FALSE(coin.coinbase);
    EXPECT_FALSE(primitives::MoneyRange(coin.out.value));
    const uint64_t huge = 0x2a00323232323232;
    EXPECT_NE(DecompressAmount(CompressAmount(huge)), huge);
    EXPECT_EQ(DecompressAmount(CompressAmount(primitives::MAX_MONEY)), static_cast<uint64_t>(primitives::MAX_MONEY));
}
