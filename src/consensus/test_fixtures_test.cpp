#include <consensus/test_fixtures.h>

#include <consensus/merkle.h>
#include <primitives/streams.h>
#include <test/tools/block_files.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <stdexcept>

namespace consensus::testfix {

primitives::Block ReadBlock(const std::string& name)
{
    const std::vector<uint8_t> bytes = testutil::ReadTestBytes("blocks/" + name + ".raw");
    primitives::Block block;
    primitives::DeserializeFromBytes(bytes, primitives::TX_WITH_WITNESS(block), "block");
    return block;
}

std::vector<SpentOutput> ReadSpentOutputs(const std::string& name)
{
    auto parsed = ParseSpentOutputs(testutil::ReadTestText("blocks/" + name + ".spent.json"));
    if (!parsed) throw std::runtime_error(parsed.error());
    return std::move(*parsed);
}

std::vector<primitives::Block> ReadDatBlocks(const std::string& relative)
{
    std::vector<primitives::Block> blocks;
    for (const auto& record : testtools::ReadBlockFile(*testutil::TestDataDir() / relative)) {
        primitives::Block block;
        primitives::DeserializeFromBytes(record.bytes, primitives::TX_WITH_WITNESS(block), "block");
        blocks.push_back(std::move(block));
    }
    return blocks;
}

BlockCase LoadBlockCase(const std::string& name)
{
    const bool main = name.rfind("main-", 0) == 0;
    const int height = std::stoi(name.substr(name.find('-') + 1));
    BlockCase c{name, height, main ? ChainParams::Main() : ChainParams::TestNet(), ReadBlock(name), {}};
    auto coins = BuildSpentCoinsView(c.block, ReadSpentOutputs(name));
    if (!coins) throw std::runtime_error(coins.error());
    c.coins = std::move(*coins);
    return c;
}

void RecomputeMerkleRoot(primitives::Block& block) { block.hash_merkle_root = BlockMerkleRoot(block); }

VerifyOutcome Verify(const BlockCase& c, const primitives::Block& block, unsigned workers,
                     std::optional<bool> check_pow)
{
    BlockContext context;
    context.check_pow = check_pow.value_or(block.GetBlockHeader() == c.block.GetBlockHeader());
    context.height = c.height;
    context.coin_heights_known = c.coins.heights_known;
    ScriptCheckQueue queue{workers};
    VerifyOutcome outcome{false, {}, {}};
    outcome.valid =
        VerifyBlock(block, outcome.state, context, &c.coins.view, c.params->GetConsensus(), queue, outcome.stats);
    return outcome;
}

VerifyOutcome Verify(const BlockCase& c, unsigned workers) { return Verify(c, c.block, workers); }

} // namespace consensus::testfix
