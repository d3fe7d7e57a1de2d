#include <consensus/chainparams.h>
#include <consensus/deployments.h>

#include <primitives/arith_uint256.h>
#include <primitives/streams.h>
#include <script/address.h>
#include <script/wif.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace {

using consensus::ChainParams;
using consensus::ChainType;

// Parsed at run time: clang 14 crashes on some consteval uint256 literals in test bodies.
primitives::uint256 Hash(const char* hex) { return primitives::uint256::FromHex(hex).value(); }

// The genesis files are named by network; ChainTypeFromString uses Core's names.
struct NetworkCase {
    const char* file_name;
    ChainType chain;
    const char* message_start;
    uint16_t port;
};

const NetworkCase NETWORKS[] = {
    {"main", ChainType::MAIN, "f9beb4d9", 8333},
    {"testnet3", ChainType::TESTNET, "0b110907", 18333},
    {"testnet4", ChainType::TESTNET4, "1c163f28", 48333},
    {"signet", ChainType::SIGNET, "0a03cf40", 38333},
    {"regtest", ChainType::REGTEST, "fabfb5da", 18444},
};

TEST(ChainParamsTest, GenesisBlocksMatchPublishedFacts)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto facts = boost::json::parse(testutil::ReadTestText("genesis/genesis_facts.json")).as_object();
    int count = 0;
    for (const auto& net : NETWORKS) {
        SCOPED_TRACE(net.file_name);
        const auto params = ChainParams::ForChain(net.chain);
        const auto& fact = facts.at(net.file_name).as_object();
        const auto& genesis = params->GenesisBlock();

        EXPECT_EQ(genesis.GetHash().GetHex(), fact.at("hash").as_string());
        EXPECT_EQ(params->GetConsensus().hash_genesis_block, genesis.GetHash());
        EXPECT_EQ(genesis.hash_merkle_root.GetHex(), fact.at("merkle_root").as_string());
        EXPECT_EQ(genesis.vtx.at(0)->GetHash().GetHex(), fact.at("coinbase_txid").as_string());
        EXPECT_EQ(genesis.version, fact.at("version").as_int64());
        EXPECT_EQ(genesis.time, fact.at("time").as_int64());
        EXPECT_EQ(genesis.nonce, fact.at("nonce").as_int64());
        EXPECT_EQ(std::stoul(std::string(fact.at("bits").as_string()), nullptr, 16), genesis.bits);
        EXPECT_EQ(genesis.vtx.at(0)->vout.at(0).value, fact.at("reward_sat").as_int64());

        const auto header = primitives::SerializeToBytes(genesis.GetBlockHeader());
        EXPECT_EQ(util::HexStr(header), fact.at("header_hex").as_string());
        const auto raw = primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(genesis));
        EXPECT_EQ(raw, testutil::ReadTestBytes(std::string("genesis/genesis_") + net.file_name + ".raw"));
        EXPECT_EQ(static_cast<int64_t>(raw.size()), fact.at("block_size").as_int64());

        EXPECT_EQ(util::HexStr(params->MessageStart()), net.message_start);
        EXPECT_EQ(params->GetDefaultPort(), net.port);
        EXPECT_EQ(consensus::GetNetworkForMagic(params->MessageStart()), net.chain);
        ++count;
    }
    std::cout << "genesis blocks checked: " << count << "\n";
}

TEST(ChainParamsTest, ChainTypeNames)
{
    for (const char* name : {"main", "test", "testnet4", "signet", "regtest"}) {
        const auto chain = consensus::ChainTypeFromString(name);
        ASSERT_TRUE(chain) << name;
        EXPECT_EQ(consensus::ChainTypeToString(*chain), name);
        EXPECT_EQ(ChainParams::ForChain(*chain)->GetChainTypeString(), name);
    }
    for (const char* name : {"mainnet", "testnet", "testnet3", "Main", "", "regtest "}) {
        EXPECT_FALSE(consensus::ChainTypeFromString(name)) << name;
    }
    EXPECT_FALSE(consensus::GetNetworkForMagic({0, 0, 0, 0}));
}

TEST(ChainParamsTest, ConsensusValuesOfCore30)
{
    const auto main = ChainParams::Main();
    const auto& m = main->GetConsensus();
    EXPECT_EQ(m.subsidy_halving_interval, 210000);
    EXPECT_EQ(m.bip34_height, 227931);
    EXPECT_EQ(m.bip34_hash.GetHex(), "000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8");
    EXPECT_EQ(m.bip65_height, 388381);
    EXPECT_EQ(m.bip66_height, 363725);
    EXPECT_EQ(m.csv_height, 419328);
    EXPECT_EQ(m.segwit_height, 481824);
    EXPECT_EQ(m.deployments[consensus::DEPLOYMENT_TAPROOT].min_activation_height, 709632);
    EXPECT_EQ(m.DifficultyAdjustmentInterval(), 2016);
    EXPECT_EQ(m.script_flag_exceptions.size(), 2u);
    EXPECT_EQ(m.script_flag_exceptions.at(Hash("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22")),
              script::SCRIPT_VERIFY_NONE);
    EXPECT_FALSE(m.pow_allow_min_difficulty_blocks);
    EXPECT_FALSE(m.enforce_bip94);

    const auto regtest = ChainParams::RegTest();
    const auto& r = regtest->GetConsensus();
    EXPECT_EQ(r.subsidy_halving_interval, 150);
    EXPECT_EQ(r.bip34_height, 1);
    EXPECT_EQ(r.bip65_height, 1);
    EXPECT_EQ(r.bip66_height, 1);
    EXPECT_EQ(r.csv_height, 1);
    EXPECT_EQ(r.segwit_height, 0);
    EXPECT_EQ(r.deployments[consensus::DEPLOYMENT_TAPROOT].start_time, consensus::BIP9Deployment::ALWAYS_ACTIVE);
    EXPECT_EQ(r.DifficultyAdjustmentInterval(), 144);
    EXPECT_TRUE(r.pow_no_retargeting);
    EXPECT_TRUE(r.pow_allow_min_difficulty_blocks);
    EXPECT_TRUE(regtest->IsMockableChain());

    const auto t4 = ChainParams::TestNet4();
    EXPECT_TRUE(t4->GetConsensus().enforce_bip94);
    EXPECT_TRUE(t4->GetConsensus().pow_allow_min_difficulty_blocks);

    const auto signet = ChainParams::SigNet();
    EXPECT_TRUE(signet->GetConsensus().signet_blocks);
    EXPECT_EQ(signet->GetConsensus().pow_limit.GetHex(),
              "00000377ae000000000000000000000000000000000000000000000000000000");
}

TEST(ChainParamsTest, RegtestOverridesAndCustomSignet)
{
    consensus::RegTestOptions options;
    options.activation_heights[consensus::DEPLOYMENT_SEGWIT] = 432;
    options.activation_heights[consensus::DEPLOYMENT_CSV] = 100;
    options.version_bits_parameters[consensus::DEPLOYMENT_TESTDUMMY] = {1, 2, 3};
    options.enforce_bip94 = true;
    options.fastprune = true;
    const auto regtest = ChainParams::RegTest(options);
    EXPECT_EQ(regtest->GetConsensus().segwit_height, 432);
    EXPECT_EQ(regtest->GetConsensus().DeploymentHeight(consensus::DEPLOYMENT_CSV), 100);
    EXPECT_EQ(regtest->GetConsensus().deployments[consensus::DEPLOYMENT_TESTDUMMY].timeout, 2);
    EXPECT_TRUE(regtest->GetConsensus().enforce_bip94);
    EXPECT_EQ(regtest->PruneAfterHeight(), 100u);

    consensus::SigNetOptions signet_options;
    signet_options.challenge = std::vector<uint8_t>{0x51}; // OP_TRUE
    const auto custom = ChainParams::SigNet(signet_options);
    EXPECT_EQ(custom->GetConsensus().signet_challenge, std::vector<uint8_t>{0x51});
    EXPECT_NE(custom->MessageStart(), ChainParams::SigNet()->MessageStart());
    EXPECT_TRUE(custom->GetConsensus().minimum_chain_work.IsNull());
    EXPECT_TRUE(custom->DNSSeeds().empty());
    // Same genesis as the default signet.
    EXPECT_EQ(custom->GenesisBlock().GetHash(), ChainParams::SigNet()->GenesisBlock().GetHash());
}

TEST(ChainParamsTest, SanityLikeCore)
{
    for (const auto& net : NETWORKS) {
        SCOPED_TRACE(net.file_name);
        const auto params = ChainParams::ForChain(net.chain);
        const auto& c = params->GetConsensus();
        EXPECT_EQ(c.pow_target_timespan % c.pow_target_spacing, 0);
        bool negative = false;
        bool overflow = false;
        primitives::arith_uint256 genesis_target;
        genesis_target.SetCompact(params->GenesisBlock().bits, &negative, &overflow);
        EXPECT_FALSE(negative);
        EXPECT_FALSE(overflow);
        EXPECT_NE(genesis_target, 0);
        EXPECT_LE(genesis_target, primitives::UintToArith256(c.pow_limit));
        if (!c.pow_no_retargeting) {
            // pow_limit * 4 * timespan must not overflow in CalculateNextWorkRequired.
            primitives::arith_uint256 max = ~primitives::arith_uint256(0);
            max /= primitives::arith_uint256(static_cast<uint64_t>(c.pow_target_timespan * 4));
            EXPECT_LT(primitives::UintToArith256(c.pow_limit), max);
        }
    }
}

// The address parameters carried by each network decode Core's key_io vectors.
TEST(ChainParamsTest, AddressParamsMatchKeyIoVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto tests = boost::json::parse(testutil::ReadTestText("core/key_io_valid.json")).as_array();
    int count = 0;
    for (const auto& entry : tests) {
        const auto& test = entry.as_array();
        const std::string text(test[0].as_string());
        const auto& meta = test[2].as_object();
        const auto chain = consensus::ChainTypeFromString(std::string(meta.at("chain").as_string()));
        ASSERT_TRUE(chain);
        const auto params = ChainParams::ForChain(*chain);
        const auto payload = util::TryParseHex(std::string(test[1].as_string()));
        if (meta.at("isPrivkey").as_bool()) {
            const auto key = script::DecodeSecret(text, params->GetAddressParams());
            ASSERT_TRUE(key) << text;
            EXPECT_EQ(util::HexStr(key->secret), util::HexStr(*payload));
        } else {
            const auto dest = script::DecodeDestination(text, params->GetAddressParams());
            EXPECT_EQ(util::HexStr(script::GetScriptForDestination(dest).span()), util::HexStr(*payload)) << text;
        }
        ++count;
    }
    EXPECT_EQ(count, 70);
}

TEST(DeploymentsTest, NamesAndExceptions)
{
    EXPECT_STREQ(consensus::GetDeploymentInfo(consensus::DEPLOYMENT_TESTDUMMY).name, "testdummy");
    EXPECT_EQ(consensus::DeploymentName(consensus::DEPLOYMENT_TAPROOT), "taproot");
    EXPECT_EQ(consensus::DeploymentName(consensus::DEPLOYMENT_HEIGHTINCB), "bip34");
    EXPECT_EQ(consensus::DeploymentName(consensus::DEPLOYMENT_SEGWIT), "segwit");
    EXPECT_EQ(consensus::GetBuriedDeployment("dersig"), consensus::DEPLOYMENT_DERSIG);
    EXPECT_EQ(consensus::GetBuriedDeployment("cltv"), consensus::DEPLOYMENT_CLTV);
    EXPECT_FALSE(consensus::GetBuriedDeployment("taproot"));

    const auto main = ChainParams::Main();
    EXPECT_FALSE(consensus::DeploymentActiveAtHeight(481823, main->GetConsensus(), consensus::DEPLOYMENT_SEGWIT));
    EXPECT_TRUE(consensus::DeploymentActiveAtHeight(481824, main->GetConsensus(), consensus::DEPLOYMENT_SEGWIT));

    EXPECT_TRUE(consensus::IsBIP30Repeat(91842, Hash("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec")));
    EXPECT_TRUE(consensus::IsBIP30Repeat(91880, Hash("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721")));
    EXPECT_FALSE(consensus::IsBIP30Repeat(91843, Hash("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec")));
    EXPECT_TRUE(consensus::IsBIP30Unspendable(91722, Hash("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e")));
    EXPECT_TRUE(consensus::IsBIP30Unspendable(91812, Hash("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f")));
    EXPECT_FALSE(consensus::IsBIP30Unspendable(91812, primitives::uint256{}));
}

} // namespace
