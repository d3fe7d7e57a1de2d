#include <primitives/streams.h>
#include <primitives/transaction.h>

#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace primitives;

std::vector<uint8_t> Hex(std::string_view s)
{
    auto bytes = util::TryParseHex(s);
    EXPECT_TRUE(bytes.has_value()) << s;
    return bytes.value_or(std::vector<uint8_t>{});
}

TransactionRef ParseTx(util::ByteSpan bytes, TxSerParams params = TX_WITH_WITNESS)
{
    TransactionRef tx;
    DeserializeFromBytes(bytes, params(tx), "transaction");
    return tx;
}

/** The DeserializeError message of parsing bytes as a transaction ("" if it parses). */
std::string ParseError(util::ByteSpan bytes, TxSerParams params = TX_WITH_WITNESS)
{
    try {
        ParseTx(bytes, params);
    } catch (const DeserializeError& e) {
        return e.what();
    }
    return "";
}

/** A one-input, one-output transaction with an optional witness on the input. */
MutableTransaction SimpleTx(std::vector<std::vector<uint8_t>> witness)
{
    MutableTransaction mtx;
    mtx.version = 2;
    mtx.vin.emplace_back(OutPoint{Txid::FromUint256(uint256::ONE), 3}, ScriptBytes{0x51}, 0xfffffffe);
    mtx.vin[0].witness.stack = std::move(witness);
    mtx.vout.emplace_back(50000, ScriptBytes{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    mtx.lock_time = 100;
    return mtx;
}

TEST(TransactionTest, MegaTxParses)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> raw = testutil::ReadTestBytes("txs/megatx.raw");
    ASSERT_EQ(raw.size(), 999657u);
    const TransactionRef tx = ParseTx(raw);
    EXPECT_EQ(tx->GetHash().GetHex(), "bb41a757f405890fb0f5856228e23b715702d714d59bf2b1feb70d8b2b4e3e08");
    EXPECT_EQ(tx->GetWitnessHash().ToUint256(), tx->GetHash().ToUint256());
    EXPECT_EQ(tx->vin.size(), 5569u);
    EXPECT_FALSE(tx->HasWitness());
    EXPECT_FALSE(tx->IsCoinBase());
    EXPECT_EQ(tx->GetTotalSize(), raw.size());
    EXPECT_EQ(tx->GetStrippedSize(), raw.size());
    EXPECT_EQ(tx->GetWeight(), 4 * static_cast<int64_t>(raw.size()));
    EXPECT_EQ(SerializeToBytes(TX_WITH_WITNESS(*tx)), raw);
}

TEST(TransactionTest, BcoinTransactionsRoundTrip)
{
    BITNODE_REQUIRE_TESTDATA();
    int count = 0;
    for (int i = 1; i <= 10; ++i) {
        const std::string name = "txs/bcoin-tx" + std::to_string(i) + ".raw";
        const std::vector<uint8_t> raw = testutil::ReadTestBytes(name);
        const TransactionRef tx = ParseTx(raw);
        EXPECT_EQ(SerializeToBytes(TX_WITH_WITNESS(*tx)), raw) << name;
        EXPECT_EQ(tx->GetTotalSize(), raw.size()) << name;
        EXPECT_EQ(GetSerializeSize(TX_NO_WITNESS(*tx)), tx->GetStrippedSize()) << name;
        // The txid hashes the stripped serialization whatever the original format.
        HashWriter hw;
        hw << TX_NO_WITNESS(*tx);
        EXPECT_EQ(hw.GetHash(), tx->GetHash().ToUint256()) << name;
        ++count;
    }
    std::printf("round-tripped %d bcoin transactions\n", count);
}

TEST(TransactionTest, WitnessSerializationFollowsBip144)
{
    const MutableTransaction legacy = SimpleTx({});
    const MutableTransaction segwit = SimpleTx({{0x30, 0x44}, {0x02, 0x03}});
    const Transaction tx{segwit};
    EXPECT_TRUE(tx.HasWitness());
    EXPECT_FALSE(Transaction{legacy}.HasWitness());

    const std::vector<uint8_t> with = SerializeToBytes(TX_WITH_WITNESS(tx));
    const std::vector<uint8_t> without = SerializeToBytes(TX_NO_WITNESS(tx));
    // Marker and flag follow the version; witnesses precede the lock time.
    EXPECT_EQ(util::HexStr(std::span(with).first(6)), "020000000001");
    EXPECT_EQ(util::HexStr(std::span(with).last(11)), "0202304402020364000000");
    EXPECT_EQ(with.size(), without.size() + 2 + 7);
    // Without witnesses the two parameter sets produce the same bytes.
    EXPECT_EQ(SerializeToBytes(TX_WITH_WITNESS(legacy)), without);
    EXPECT_EQ(SerializeToBytes(TX_NO_WITNESS(tx)), without);

    EXPECT_EQ(tx.GetHash(), Transaction{legacy}.GetHash());
    EXPECT_NE(tx.GetWitnessHash().ToUint256(), tx.GetHash().ToUint256());
    EXPECT_EQ(tx.GetHash(), segwit.GetHash());
    EXPECT_EQ(tx.GetTotalSize(), with.size());
    EXPECT_EQ(tx.GetStrippedSize(), without.size());
    EXPECT_EQ(tx.GetWeight(), static_cast<int64_t>(3 * without.size() + with.size()));
    EXPECT_EQ(tx.GetVirtualSize(), (tx.GetWeight() + 3) / 4);

    const TransactionRef back = ParseTx(with);
    EXPECT_EQ(back->GetWitnessHash(), tx.GetWitnessHash());
    EXPECT_EQ(back->vin[0].witness, segwit.vin[0].witness);
    // Reading the legacy form drops nothing that was there.
    EXPECT_FALSE(ParseTx(without)->HasWitness());
    EXPECT_EQ(ParseTx(without)->GetHash(), tx.GetHash());
    // A mutable copy keeps everything.
    EXPECT_EQ(MutableTransaction{tx}.vin[0].witness, segwit.vin[0].witness);
}

TEST(TransactionTest, SuperfluousWitnessRecordIsRejected)
{
    // Marker and flag 1, then witness stacks that are all empty.
    std::vector<uint8_t> bytes = SerializeToBytes(TX_NO_WITNESS(SimpleTx({})));
    bytes.insert(bytes.begin() + 4, {0x00, 0x01});
    bytes.insert(bytes.end() - 4, 0x00); // one empty witness stack
    EXPECT_EQ(ParseError(bytes), "Superfluous witness record at byte 5");
}

TEST(TransactionTest, UnknownOptionalDataIsRejected)
{
    std::vector<uint8_t> bytes = SerializeToBytes(TX_NO_WITNESS(SimpleTx({})));
    bytes.insert(bytes.begin() + 4, {0x00, 0x02});
    EXPECT_EQ(ParseError(bytes), "Unknown transaction optional data at byte 5");

    // Flag 3: the witness is read (and is non-empty), but bit 1 is still unknown.
    std::vector<uint8_t> with = SerializeToBytes(TX_WITH_WITNESS(SimpleTx({{0x01}})));
    ASSERT_EQ(with[5], 0x01);
    with[5] = 0x03;
    EXPECT_EQ(ParseError(with), "Unknown transaction optional data at byte 5");
}

TEST(TransactionTest, NoWitnessParamsReadLegacyOnly)
{
    // A transaction without inputs is ambiguous with the marker: it only reads back
    // correctly when witness parsing is off (Core behaves the same).
    MutableTransaction mtx;
    mtx.vout.emplace_back(1, ScriptBytes{0x51});
    const std::vector<uint8_t> bytes = SerializeToBytes(TX_NO_WITNESS(mtx));
    const TransactionRef tx = ParseTx(bytes, TX_NO_WITNESS);
    EXPECT_EQ(tx->vout.size(), 1u);
    EXPECT_TRUE(tx->vin.empty());
    EXPECT_NE(ParseError(bytes, TX_WITH_WITNESS), "");
}

TEST(TransactionTest, TruncationAtEveryOffsetThrows)
{
    const std::vector<uint8_t> full = SerializeToBytes(TX_WITH_WITNESS(SimpleTx({{0x30, 0x44}, {}})));
    for (size_t len = 0; len < full.size(); ++len) {
        const std::string err = ParseError(std::span(full).first(len));
        EXPECT_TRUE(err.starts_with("unexpected end of data")) << len << ": " << err;
    }
    EXPECT_EQ(ParseError(full), "");
    std::vector<uint8_t> extra = full;
    extra.push_back(0x00);
    EXPECT_EQ(ParseError(extra), "1 unexpected bytes after the end of the transaction at byte " +
                                     std::to_string(full.size()));
}

TEST(TransactionTest, OversizedAndNonCanonicalCounts)
{
    // Input count 0x02000001 (above MAX_SIZE).
    EXPECT_EQ(ParseError(Hex("01000000fe01000002")), "ReadCompactSize(): size too large at byte 4");
    // Input count 1 encoded in three bytes.
    EXPECT_EQ(ParseError(Hex("01000000fd0100")), "non-canonical ReadCompactSize() at byte 4");
    // A scriptSig claiming 0x02000000 bytes in a short buffer fails on the data, not on memory.
    std::vector<uint8_t> bytes = Hex("0100000001");
    bytes.resize(bytes.size() + 36);
    for (uint8_t b : Hex("fe00000002")) bytes.push_back(b);
    const std::string err = ParseError(bytes);
    EXPECT_TRUE(err.starts_with("unexpected end of data")) << err;
}

TEST(TransactionTest, CoinbaseAndValueOut)
{
    MutableTransaction mtx;
    mtx.vin.emplace_back(OutPoint{}, ScriptBytes{0x01, 0x01});
    mtx.vout.emplace_back(25 * COIN, ScriptBytes{0x51});
    mtx.vout.emplace_back(COIN / 2, ScriptBytes{0x51});
    const Transaction cb{mtx};
    EXPECT_TRUE(cb.IsCoinBase());
    EXPECT_TRUE(cb.vin[0].prevout.IsNull());
    EXPECT_EQ(cb.GetValueOut(), 25 * COIN + COIN / 2);

    mtx.vout.emplace_back(MAX_MONEY, ScriptBytes{});
    EXPECT_THROW(Transaction{mtx}.GetValueOut(), std::runtime_error);
    mtx.vout.back().value = -1;
    EXPECT_THROW(Transaction{mtx}.GetValueOut(), std::runtime_error);

    EXPECT_TRUE(MoneyRange(0));
    EXPECT_TRUE(MoneyRange(MAX_MONEY));
    EXPECT_FALSE(MoneyRange(MAX_MONEY + 1));
    EXPECT_FALSE(MoneyRange(-1));
    EXPECT_EQ(MAX_MONEY, 2100000000000000);
}

TEST(TransactionTest, OutPointAndTxOutBasics)
{
    OutPoint op;
    EXPECT_TRUE(op.IsNull());
    op = OutPoint{Txid::FromUint256(uint256::ONE), 7};
    EXPECT_FALSE(op.IsNull());
    EXPECT_EQ(op.ToString(), "0000000000000000000000000000000000000000000000000000000000000001:7");
    EXPECT_EQ(util::HexStr(SerializeToBytes(op)),
              "010000000000000000000000000000000000000000000000000000000000000007000000");
    EXPECT_LT(OutPoint(Txid::FromUint256(uint256::ONE), 1), OutPoint(Txid::FromUint256(uint256::ONE), 2));

    TxOut out{5, ScriptBytes{0x51}};
    EXPECT_FALSE(out.IsNull());
    EXPECT_EQ(util::HexStr(SerializeToBytes(out)), "05000000000000000151");
    out.SetNull();
    EXPECT_TRUE(out.IsNull());
    EXPECT_TRUE(TxOut{}.IsNull());

    EXPECT_EQ(TxIn::SEQUENCE_FINAL, 0xffffffffu);
    EXPECT_EQ(TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG, 0x80000000u);
    EXPECT_EQ(TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG, 0x00400000u);
    EXPECT_EQ(TxIn::SEQUENCE_LOCKTIME_MASK, 0x0000ffffu);
    EXPECT_EQ(TxIn::SEQUENCE_LOCKTIME_GRANULARITY, 9);
}

} // namespace
