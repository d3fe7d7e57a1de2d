#include <rpc/block_json.h>
#include <rpc/decode.h>
#include <rpc/tx_json.h>

#include <consensus/chainparams.h>
#include <consensus/merkle.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <string>

namespace {

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(DecodeTest, HexInputErrorsNameTheProblem)
{
    EXPECT_EQ(*rpc::BytesFromHex(" 00ff\n"), (std::vector<uint8_t>{0x00, 0xff}));
    EXPECT_EQ(rpc::BytesFromHex("00fg").error(), "not hex: 'g' at character 3");
    EXPECT_EQ(rpc::BytesFromHex("  0x00").error(), "not hex: 'x' at character 3");
    EXPECT_EQ(rpc::BytesFromHex("abc").error(), "odd number of hex digits (3)");
    EXPECT_EQ(rpc::BytesFromHex(" \n").error(), "empty input: expected hex");
    EXPECT_EQ(rpc::BytesFromHex(std::string("00\x01", 3)).error(), "not hex: byte 1 at character 2");
}

TEST(DecodeTest, HexOrBinaryDetection)
{
    EXPECT_EQ(*rpc::BytesFromHexOrBinary(Bytes("0a0B\n")), (std::vector<uint8_t>{0x0a, 0x0b}));
    EXPECT_EQ(*rpc::BytesFromHexOrBinary(Bytes("\x01\x02")), (std::vector<uint8_t>{0x01, 0x02}));
    EXPECT_EQ(*rpc::BytesFromHexOrBinary(Bytes("0g")), Bytes("0g")); // not all hex: raw bytes
    EXPECT_FALSE(rpc::BytesFromHexOrBinary(Bytes("")));
    EXPECT_FALSE(rpc::BytesFromHexOrBinary(Bytes(" \n")));
    EXPECT_EQ(rpc::BytesFromHexOrBinary(Bytes("abc")).error(), "odd number of hex digits (3)");
    EXPECT_EQ(rpc::BytesFromHexOrBinary(Bytes("\n00ff\n00ff\n")).error(),
              "hex input must be one unbroken string: whitespace at character 5");
}

TEST(DecodeTest, ZeroInputLegacyTransactionUsesCoreHeuristic)
{
    // Version 1, no inputs, one 1 BTC bare-multisig output: the 00 01 after the version reads
    // as a segwit marker and flag, but only the legacy reading consumes every byte.
    const auto raw = *util::TryParseHex(
        "01000000000100e1f5050000000069522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021ac43"
        "c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df2089105c77f266fa11a9d33f05c735234075f2e878082"
        "4"
        "c6b709415f9fb48553ae00000000");
    auto tx = rpc::DecodeTx(raw);
    ASSERT_TRUE(tx) << tx.error();
    EXPECT_TRUE(tx->vin.empty());
    ASSERT_EQ(tx->vout.size(), 1u);
    EXPECT_EQ(tx->vout[0].value, 100'000'000);
    EXPECT_EQ(primitives::Transaction{*tx}.GetHash().GetHex(),
              "0d1d4edfc217d9db3ab6a9298f26a52eae3c52f55a6cb8ccbc14f7c727572894");
    EXPECT_FALSE(rpc::DecodeTx(raw, /*try_no_witness=*/false, /*try_witness=*/true));
}

TEST(DecodeTest, MalformedTransactionsReportOffsets)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto raw = testutil::ReadTestBytes("txs/bcoin-tx1.raw");
    ASSERT_FALSE(raw.empty());
    ASSERT_TRUE(rpc::DecodeTx(raw));

    auto truncated = std::vector<uint8_t>(raw.begin(), raw.end() - 1);
    auto r = rpc::DecodeTx(truncated);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("at byte"), std::string::npos) << r.error();

    auto extra = raw;
    extra.push_back(0);
    r = rpc::DecodeTx(extra);
    ASSERT_FALSE(r);
    EXPECT_NE(
        r.error().find("1 unexpected bytes after the end of the transaction at byte " + std::to_string(raw.size())),
        std::string::npos)
        << r.error();

    // Version, then an input count of 2^32 in CompactSize: too large.
    r = rpc::DecodeTx(*util::TryParseHex("01000000ff0000000001000000"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("size too large at byte 4"), std::string::npos) << r.error();
    // Non-canonical CompactSize (fd 0100 for 1).
    r = rpc::DecodeTx(*util::TryParseHex("01000000fd0100"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("non-canonical"), std::string::npos) << r.error();
    EXPECT_FALSE(rpc::DecodeTx({}));
}

TEST(DecodeTest, RealBlocksDecodeAndMatchTheirMerkleRoots)
{
    BITNODE_REQUIRE_TESTDATA();
    int blocks = 0;
    for (const char* name : {"blocks/main-1.raw", "blocks/main-300025.raw", "blocks/main-482683.raw",
                             "blocks/main-540107.raw", "blocks/test3-928848.raw", "genesis/genesis_main.raw",
                             "genesis/genesis_testnet4.raw", "genesis/genesis_signet.raw"}) {
        const auto raw = testutil::ReadTestBytes(name);
        auto block = rpc::DecodeBlock(raw);
        ASSERT_TRUE(block) << name << ": " << block.error();
        EXPECT_EQ(consensus::BlockMerkleRoot(*block), block->hash_merkle_root) << name;
        EXPECT_EQ(primitives::GetBlockTotalSize(*block), raw.size()) << name;
        ++blocks;

        auto cut = rpc::DecodeBlock(util::ByteSpan{raw}.first(raw.size() - 1));
        ASSERT_FALSE(cut) << name;
        EXPECT_NE(cut.error().find("at byte"), std::string::npos) << cut.error();
        auto longer = raw;
        longer.push_back(0x00);
        auto extra = rpc::DecodeBlock(longer);
        ASSERT_FALSE(extra) << name;
        EXPECT_EQ(extra.error(), "block decode failed: 1 unexpected bytes after the end of the block at byte " +
                                     std::to_string(raw.size()));
    }
    std::cout << "decoded " << blocks << " real blocks\n";
}

TEST(DecodeTest, MutatedInputNeverEscapesAsAnException)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto original = testutil::ReadTestBytes("blocks/main-482683.raw");
    ASSERT_FALSE(original.empty());
    const auto main_params = consensus::ChainParams::Main();
    const script::AddressParams& params = main_params->GetAddressParams();
    std::mt19937 rng{20240501}; // fixed seed: the run repeats exactly
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        auto bytes = original;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t pos = rng() % bytes.size();
            switch (rng() % 4) {
            case 0:
                bytes[pos] = static_cast<uint8_t>(rng());
                break;
            case 1:
                bytes[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
                break;
            case 2:
                bytes.resize(pos);
                break;
            default:
                bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<uint8_t>(rng()));
                break;
            }
            if (bytes.empty()) bytes.push_back(0);
        }
        // Mutations land in scripts and amounts as well as in sizes: whatever decodes
        // must also print.
        auto block = rpc::DecodeBlock(bytes);
        if (block) {
            ++decoded;
            EXPECT_FALSE(rpc::BlockToJson(*block, params).Write().empty());
        } else {
            ++rejected;
            EXPECT_NE(block.error().find("block decode failed: "), std::string::npos);
        }
        auto tx = rpc::DecodeTx(util::ByteSpan{bytes}.subspan(std::min<size_t>(81, bytes.size())));
        if (tx) {
            EXPECT_FALSE(rpc::TxToJson(primitives::Transaction{*tx}, params, true).Write().empty());
        }
    }
    std::cout << "mutated blocks: " << decoded << " decoded, " << rejected << " rejected\n";
    EXPECT_GT(decoded, 0);
    EXPECT_GT(rejected, 0);
}

} // namespace
