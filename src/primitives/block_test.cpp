#include <primitives/block.h>
#include <primitives/streams.h>

#include <test/tools/block_files.h>
#include <test/util/testdata.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using namespace primitives;

Block ParseBlock(util::ByteSpan bytes)
{
    Block block;
    DeserializeFromBytes(bytes, TX_WITH_WITNESS(block), "block");
    return block;
}

std::vector<testtools::NamedBlock> AllTestBlocks()
{
    std::vector<testtools::NamedBlock> all;
    for (const auto& file : testtools::ListBlockFiles(*testutil::TestDataDir())) {
        for (auto& b : testtools::ReadBlockFile(file)) all.push_back(std::move(b));
    }
    return all;
}

TEST(BlockTest, EveryTestBlockRoundTrips)
{
    BITNODE_REQUIRE_TESTDATA();
    size_t blocks = 0, txs = 0, segwit_txs = 0;
    for (const auto& [name, bytes] : AllTestBlocks()) {
        SCOPED_TRACE(name);
        const Block block = ParseBlock(bytes);
        EXPECT_EQ(SerializeToBytes(TX_WITH_WITNESS(block)), bytes);
        EXPECT_EQ(GetSerializeSize(TX_WITH_WITNESS(block)), bytes.size());
        EXPECT_EQ(GetBlockTotalSize(block), bytes.size());
        EXPECT_EQ(GetBlockStrippedSize(block), GetSerializeSize(TX_NO_WITNESS(block)));
        // The stripped form is itself a valid block with the same txids.
        const std::vector<uint8_t> stripped = SerializeToBytes(TX_NO_WITNESS(block));
        Block legacy;
        DeserializeFromBytes(stripped, TX_NO_WITNESS(legacy), "block");
        ASSERT_EQ(legacy.vtx.size(), block.vtx.size());
        for (size_t i = 0; i < block.vtx.size(); ++i) {
            EXPECT_EQ(legacy.vtx[i]->GetHash(), block.vtx[i]->GetHash());
            if (block.vtx[i]->HasWitness()) ++segwit_txs;
        }
        EXPECT_EQ(legacy.GetHash(), block.GetHash());
        ASSERT_FALSE(block.vtx.empty());
        EXPECT_TRUE(block.vtx[0]->IsCoinBase());
        ++blocks;
        txs += block.vtx.size();
    }
    std::printf("round-tripped %zu blocks, %zu transactions (%zu with witnesses)\n", blocks, txs, segwit_txs);
    EXPECT_GE(blocks, 480u);
    EXPECT_GT(segwit_txs, 1000u);
}

TEST(BlockTest, KnownHashesAndCounts)
{
    BITNODE_REQUIRE_TESTDATA();
    const Block b1 = ParseBlock(testutil::ReadTestBytes("blocks/main-1.raw"));
    EXPECT_EQ(b1.GetHash().GetHex(), "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
    EXPECT_EQ(b1.hash_prev_block.GetHex(), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    EXPECT_EQ(b1.GetBlockHeader().GetHash(), b1.GetHash());

    struct Expect {
        const char* file;
        size_t txs;
        size_t inputs; // non-coinbase inputs, 0 when not known
        int64_t weight; // 0 when not known
    };
    const Expect expects[] = {
        {"blocks/main-300025.raw", 461, 1427, 0},
        {"blocks/main-413567.raw", 1557, 0, 0},
        {"blocks/main-426884.raw", 409, 0, 0},
        {"blocks/main-482683.raw", 12, 0, 0},
        {"blocks/test3-898352.raw", 10, 0, 0},
        {"blocks/test3-928828.raw", 201, 1972, 2481560},
        {"blocks/test3-928848.raw", 676, 11215, 3992537},
        {"blocks/test3-1087400.raw", 97, 205, 193331},
    };
    for (const Expect& e : expects) {
        SCOPED_TRACE(e.file);
        const std::vector<uint8_t> raw = testutil::ReadTestBytes(e.file);
        const Block block = ParseBlock(raw);
        EXPECT_EQ(block.vtx.size(), e.txs);
        if (e.inputs) {
            size_t inputs = 0;
            for (size_t i = 1; i < block.vtx.size(); ++i) inputs += block.vtx[i]->vin.size();
            EXPECT_EQ(inputs, e.inputs);
        }
        if (e.weight) {
            EXPECT_EQ(GetBlockWeight(block), e.weight);
        }
        // Weight from the sizes of the two serializations, independently of the caches.
        EXPECT_EQ(GetBlockWeight(block), static_cast<int64_t>(3 * GetSerializeSize(TX_NO_WITNESS(block)) + raw.size()));
    }
    EXPECT_EQ(ParseBlock(testutil::ReadTestBytes("blocks/main-413567.raw")).vtx.size(), 1557u);
}

TEST(BlockTest, GenesisBlocksMatchPublishedFacts)
{
    BITNODE_REQUIRE_TESTDATA();
    const boost::json::object facts = boost::json::parse(testutil::ReadTestText("genesis/genesis_facts.json")).as_object();
    int checked = 0;
    for (const auto& [network, value] : facts) {
        const boost::json::object& f = value.as_object();
        SCOPED_TRACE(std::string(network));
        const std::vector<uint8_t> raw = testutil::ReadTestBytes("genesis/genesis_" + std::string(network) + ".raw");
        const Block block = ParseBlock(raw);
        EXPECT_EQ(block.GetHash().GetHex(), f.at("hash").as_string());
        EXPECT_EQ(block.hash_merkle_root.GetHex(), f.at("merkle_root").as_string());
        EXPECT_EQ(block.vtx.at(0)->GetHash().GetHex(), f.at("coinbase_txid").as_string());
        EXPECT_EQ(block.version, f.at("version").as_int64());
        EXPECT_EQ(block.time, f.at("time").as_int64());
        EXPECT_EQ(block.nonce, f.at("nonce").as_int64());
        EXPECT_EQ(block.bits, std::stoul(std::string(f.at("bits").as_string()), nullptr, 16));
        EXPECT_EQ(raw.size(), static_cast<size_t>(f.at("block_size").as_int64()));
        EXPECT_EQ(block.vtx[0]->GetValueOut(), f.at("reward_sat").as_int64());
        EXPECT_TRUE(block.hash_prev_block.IsNull());
        ++checked;
    }
    std::printf("checked %d genesis blocks\n", checked);
    EXPECT_EQ(checked, 5);
}

TEST(BlockTest, ChainFilesLinkUp)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto dir = *testutil::TestDataDir();
    for (const char* file : {"chains/main-blocks-1-255.dat", "chains/regtest-206-blocks.hex.txt",
                             "chains/main-genesis-plus-synthetic-1-4.dat"}) {
        SCOPED_TRACE(file);
        const auto blocks = testtools::ReadBlockFile(dir / file);
        ASSERT_FALSE(blocks.empty());
        uint256 prev;
        for (size_t i = 0; i < blocks.size(); ++i) {
            const Block block = ParseBlock(blocks[i].bytes);
            if (i > 0) {
                EXPECT_EQ(block.hash_prev_block, prev) << blocks[i].name;
            }
            prev = block.GetHash();
        }
    }
    const auto main = testtools::ReadBlockFile(dir / "chains/main-blocks-1-255.dat");
    EXPECT_EQ(main.size(), 255u);
    EXPECT_EQ(ParseBlock(main[0].bytes).GetHash().GetHex(), "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
    EXPECT_EQ(testtools::ReadBlockFile(dir / "chains/regtest-206-blocks.hex.txt").size(), 206u);
}

TEST(BlockTest, MalformedBlocksThrowWithOffsets)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> raw = testutil::ReadTestBytes("blocks/main-482683.raw");
    // Truncated anywhere: header, transaction count, inside a witness, lock time.
    for (size_t len : {size_t{0}, size_t{79}, size_t{80}, raw.size() / 2, raw.size() - 1}) {
        try {
            ParseBlock(std::span(raw).first(len));
            ADD_FAILURE() << "truncated to " << len << " parsed";
        } catch (const DeserializeError& e) {
            EXPECT_TRUE(std::string(e.what()).starts_with("unexpected end of data")) << e.what();
            EXPECT_EQ(e.Offset(), std::min<size_t>(len, e.Offset().value_or(0))) << e.what();
        }
    }
    std::vector<uint8_t> trailing = raw;
    trailing.push_back(0xff);
    try {
        ParseBlock(trailing);
        ADD_FAILURE() << "trailing byte accepted";
    } catch (const DeserializeError& e) {
        EXPECT_EQ(std::string(e.what()), "1 unexpected bytes after the end of the block at byte " + std::to_string(raw.size()));
    }
}

TEST(BlockTest, HeaderIs80Bytes)
{
    BlockHeader header;
    EXPECT_TRUE(header.IsNull());
    header.version = 0x20000000;
    header.bits = 0x207fffff;
    header.time = 1296688602;
    header.nonce = 2;
    const std::vector<uint8_t> bytes = SerializeToBytes(header);
    EXPECT_EQ(bytes.size(), BLOCK_HEADER_SIZE);
    BlockHeader back;
    DeserializeFromBytes(bytes, back);
    EXPECT_EQ(back, header);
    EXPECT_EQ(back.GetHash(), header.GetHash());
    EXPECT_EQ(header.GetBlockTime(), 1296688602);
}

} // namespace
