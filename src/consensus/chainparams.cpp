#include <consensus/chainparams.h>

#include <consensus/merkle.h>
#include <primitives/streams.h>
#include <primitives/transaction.h>
#include <util/hex.h>

#include <algorithm>
#include <cassert>

namespace consensus {

using primitives::COIN;
using primitives::uint256;

std::string ChainTypeToString(ChainType chain)
{
    switch (chain) {
    case ChainType::MAIN: return "main";
    case ChainType::TESTNET: return "test";
    case ChainType::TESTNET4: return "testnet4";
    case ChainType::SIGNET: return "signet";
    case ChainType::REGTEST: return "regtest";
    }
    assert(false);
    return "";
}

std::optional<ChainType> ChainTypeFromString(std::string_view name)
{
    for (const ChainType chain :
         {ChainType::MAIN, ChainType::TESTNET, ChainType::TESTNET4, ChainType::SIGNET, ChainType::REGTEST}) {
        if (name == ChainTypeToString(chain)) return chain;
    }
    return std::nullopt;
}

primitives::Block CreateGenesisBlock(std::string_view timestamp, const script::Script& output_script, uint32_t time,
                                     uint32_t nonce, uint32_t bits, int32_t version, primitives::Amount reward)
{
    // The coinbase input pushes 486604799 (0x1d00ffff) as a 4-byte number, the number 4
    // as a one-byte push (not OP_4), and the timestamp text: byte-exact with Satoshi's.
    script::Script script_sig;
    script_sig.PushInt(486604799);
    script_sig << std::vector<uint8_t>{4};
    script_sig << util::AsBytes(timestamp);

    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.vin.resize(1);
    tx.vin[0].script_sig = script_sig.bytes();
    tx.vout.resize(1);
    tx.vout[0].value = reward;
    tx.vout[0].script_pubkey = output_script.bytes();

    primitives::Block genesis;
    genesis.version = version;
    genesis.time = time;
    genesis.bits = bits;
    genesis.nonce = nonce;
    genesis.vtx.push_back(primitives::MakeTransactionRef(std::move(tx)));
    genesis.hash_merkle_root = BlockMerkleRoot(genesis);
    return genesis;
}

namespace {

// Hashes and targets in display (byte-reversed) hex. Named constants rather than inline
// literals: clang 14 crashes on some consteval temporaries inside large functions. The
// genesis hashes are only checked by assertions, hence maybe_unused.
constexpr uint256 MAIN_BIP16_EXCEPTION{"00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"};
constexpr uint256 MAIN_TAPROOT_EXCEPTION{"0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"};
constexpr uint256 MAIN_BIP34_HASH{"000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8"};
constexpr uint256 POW_LIMIT_DIFFICULTY_1{"00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"};
constexpr uint256 MAIN_MINIMUM_CHAIN_WORK{"0000000000000000000000000000000000000000dee8e2a309ad8a9820433c68"};
constexpr uint256 MAIN_ASSUME_VALID{"00000000000000000000611fd22f2df7c8fbd0688745c3a6c3bb5109cc2a12cb"}; // block 912683
[[maybe_unused]] constexpr uint256 MAIN_GENESIS{"000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"};
[[maybe_unused]] constexpr uint256 SATOSHI_MERKLE_ROOT{"4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"};
constexpr uint256 TESTNET_BIP16_EXCEPTION{"00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"};
constexpr uint256 TESTNET_BIP34_HASH{"0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8"};
constexpr uint256 TESTNET_MINIMUM_CHAIN_WORK{"0000000000000000000000000000000000000000000016dd270dd94fac1d7632"};
constexpr uint256 TESTNET_ASSUME_VALID{"0000000000000065c6c38258e201971a3fdfcc2ceee0dd6e85a6c022d45dee34"}; // block 4550000
[[maybe_unused]] constexpr uint256 TESTNET_GENESIS{"000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"};
constexpr uint256 TESTNET4_MINIMUM_CHAIN_WORK{"00000000000000000000000000000000000000000000034a4690fe592dc49c7c"};
constexpr uint256 TESTNET4_ASSUME_VALID{"000000000000000180a58e7fa3b0db84b5ea76377524894f53660d93ac839d9b"}; // block 91000
[[maybe_unused]] constexpr uint256 TESTNET4_GENESIS{"00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043"};
constexpr uint256 SIGNET_MINIMUM_CHAIN_WORK{"0000000000000000000000000000000000000000000000000000067d328e681a"};
constexpr uint256 SIGNET_ASSUME_VALID{"000000128586e26813922680309f04e1de713c7542fee86ed908f56368aefe2e"}; // block 267665
constexpr uint256 SIGNET_POW_LIMIT{"00000377ae000000000000000000000000000000000000000000000000000000"};
[[maybe_unused]] constexpr uint256 SIGNET_GENESIS{"00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"};
constexpr uint256 REGTEST_POW_LIMIT{"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"};
[[maybe_unused]] constexpr uint256 REGTEST_GENESIS{"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"};

/** Mainnet's genesis (also used by testnet3, signet and regtest with other time/nonce/bits). */
primitives::Block SatoshiGenesis(uint32_t time, uint32_t nonce, uint32_t bits)
{
    script::Script output;
    output << *util::TryParseHex("04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f"
                                 "35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f")
           << script::OP_CHECKSIG;
    return CreateGenesisBlock("The Times 03/Jan/2009 Chancellor on brink of second bailout for banks", output, time,
                              nonce, bits, 1, 50 * COIN);
}

BIP9Deployment Deployment(int bit, int64_t start, int64_t timeout, int min_height, uint32_t threshold,
                          uint32_t period)
{
    return BIP9Deployment{bit, start, timeout, min_height, period, threshold};
}

/** Deployment table shared by the public test networks (75% threshold). */
void SetTestDeployments(Params& c, uint32_t threshold, int64_t taproot_start, int64_t taproot_timeout)
{
    c.deployments[DEPLOYMENT_TESTDUMMY] =
        Deployment(28, BIP9Deployment::NEVER_ACTIVE, BIP9Deployment::NO_TIMEOUT, 0, threshold, 2016);
    c.deployments[DEPLOYMENT_TAPROOT] = Deployment(2, taproot_start, taproot_timeout, 0, threshold, 2016);
}

} // namespace

void ChainParams::SetTestNetAddresses(std::string hrp)
{
    m_address_params = {{111}, {196}, {239}, {0x04, 0x35, 0x87, 0xCF}, {0x04, 0x35, 0x83, 0x94}, std::move(hrp)};
}

std::unique_ptr<const ChainParams> ChainParams::Main()
{
    std::unique_ptr<ChainParams> p(new ChainParams());
    p->m_chain_type = ChainType::MAIN;
    Params& c = p->m_consensus;
    c.subsidy_halving_interval = 210000;
    c.script_flag_exceptions.emplace( // BIP16 exception
        MAIN_BIP16_EXCEPTION, script::SCRIPT_VERIFY_NONE);
    c.script_flag_exceptions.emplace( // taproot exception
        MAIN_TAPROOT_EXCEPTION,
        script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS);
    c.bip34_height = 227931;
    c.bip34_hash = MAIN_BIP34_HASH;
    c.bip65_height = 388381;
    c.bip66_height = 363725;
    c.csv_height = 419328;
    c.segwit_height = 481824;
    c.min_bip9_warning_height = 483840; // segwit height + one confirmation window
    c.pow_limit = POW_LIMIT_DIFFICULTY_1;
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = false;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    c.deployments[DEPLOYMENT_TESTDUMMY] =
        Deployment(28, BIP9Deployment::NEVER_ACTIVE, BIP9Deployment::NO_TIMEOUT, 0, 1815, 2016);
    // Taproot signalled in 2021 (Speedy Trial) and activated at 709632.
    c.deployments[DEPLOYMENT_TAPROOT] = Deployment(2, 1619222400, 1628640000, 709632, 1815, 2016);
    c.minimum_chain_work = MAIN_MINIMUM_CHAIN_WORK;
    c.default_assume_valid = MAIN_ASSUME_VALID;

    p->m_message_start = {0xf9, 0xbe, 0xb4, 0xd9};
    p->m_default_port = 8333;
    p->m_prune_after_height = 100000;
    p->m_assumed_blockchain_size = 810;
    p->m_assumed_chain_state_size = 14;
    p->m_genesis = SatoshiGenesis(1231006505, 2083236893, 0x1d00ffff);
    c.hash_genesis_block = p->m_genesis.GetHash();
    assert(c.hash_genesis_block == MAIN_GENESIS);
    assert(p->m_genesis.hash_merkle_root == SATOSHI_MERKLE_ROOT);

    p->m_dns_seeds = {"seed.bitcoin.sipa.be.",          "dnsseed.bluematt.me.",
                      "dnsseed.bitcoin.dashjr-list-of-p2p-nodes.us.", "seed.bitcoin.jonasschnelli.ch.",
                      "seed.btc.petertodd.net.",        "seed.bitcoin.sprovoost.nl.",
                      "dnsseed.emzy.de.",               "seed.bitcoin.wiz.biz.",
                      "seed.mainnet.achownodes.xyz."};
    p->m_address_params = {{0}, {5}, {128}, {0x04, 0x88, 0xB2, 0x1E}, {0x04, 0x88, 0xAD, 0xE4}, "bc"};
    p->m_chain_tx_data = {1756722903, 1235299397, 5.456290459519495};
    return p;
}

std::unique_ptr<const ChainParams> ChainParams::TestNet()
{
    std::unique_ptr<ChainParams> p(new ChainParams());
    p->m_chain_type = ChainType::TESTNET;
    Params& c = p->m_consensus;
    c.subsidy_halving_interval = 210000;
    c.script_flag_exceptions.emplace( // BIP16 exception
        TESTNET_BIP16_EXCEPTION, script::SCRIPT_VERIFY_NONE);
    c.bip34_height = 21111;
    c.bip34_hash = TESTNET_BIP34_HASH;
    c.bip65_height = 581885;
    c.bip66_height = 330776;
    c.csv_height = 770112;
    c.segwit_height = 834624;
    c.min_bip9_warning_height = 836640;
    c.pow_limit = POW_LIMIT_DIFFICULTY_1;
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    SetTestDeployments(c, 1512, 1619222400, 1628640000);
    c.minimum_chain_work = TESTNET_MINIMUM_CHAIN_WORK;
    c.default_assume_valid = TESTNET_ASSUME_VALID;

    p->m_message_start = {0x0b, 0x11, 0x09, 0x07};
    p->m_default_port = 18333;
    p->m_prune_after_height = 1000;
    p->m_assumed_blockchain_size = 240;
    p->m_assumed_chain_state_size = 19;
    p->m_genesis = SatoshiGenesis(1296688602, 414098458, 0x1d00ffff);
    c.hash_genesis_block = p->m_genesis.GetHash();
    assert(c.hash_genesis_block == TESTNET_GENESIS);

    p->m_dns_seeds = {"testnet-seed.bitcoin.jonasschnelli.ch.", "seed.tbtc.petertodd.net.",
                      "seed.testnet.bitcoin.sprovoost.nl.", "testnet-seed.bluematt.me.",
                      "seed.testnet.achownodes.xyz."};
    p->SetTestNetAddresses("tb");
    p->m_chain_tx_data = {1751816758, 508468699, 7.172978845985714};
    return p;
}

std::unique_ptr<const ChainParams> ChainParams::TestNet4()
{
    std::unique_ptr<ChainParams> p(new ChainParams());
    p->m_chain_type = ChainType::TESTNET4;
    Params& c = p->m_consensus;
    c.subsidy_halving_interval = 210000;
    c.bip34_height = 1;
    c.bip34_hash = uint256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 1;
    c.min_bip9_warning_height = 0;
    c.pow_limit = POW_LIMIT_DIFFICULTY_1;
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = true;
    c.pow_no_retargeting = false;
    SetTestDeployments(c, 1512, BIP9Deployment::ALWAYS_ACTIVE, BIP9Deployment::NO_TIMEOUT);
    c.minimum_chain_work = TESTNET4_MINIMUM_CHAIN_WORK;
    c.default_assume_valid = TESTNET4_ASSUME_VALID;

    p->m_message_start = {0x1c, 0x16, 0x3f, 0x28};
    p->m_default_port = 48333;
    p->m_prune_after_height = 1000;
    p->m_assumed_blockchain_size = 22;
    p->m_assumed_chain_state_size = 2;
    script::Script output;
    output << std::vector<uint8_t>(33, 0) << script::OP_CHECKSIG;
    p->m_genesis = CreateGenesisBlock("03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e",
                                      output, 1714777860, 393743547, 0x1d00ffff, 1, 50 * COIN);
    c.hash_genesis_block = p->m_genesis.GetHash();
    assert(c.hash_genesis_block == TESTNET4_GENESIS);

    p->m_dns_seeds = {"seed.testnet4.bitcoin.sprovoost.nl.", "seed.testnet4.wiz.biz."};
    p->SetTestNetAddresses("tb");
    p->m_chain_tx_data = {1752470331, 11414302, 0.2842619757327476};
    return p;
}

std::unique_ptr<const ChainParams> ChainParams::SigNet(const SigNetOptions& options)
{
    std::unique_ptr<ChainParams> p(new ChainParams());
    p->m_chain_type = ChainType::SIGNET;
    Params& c = p->m_consensus;
    if (!options.challenge) {
        // The default global signet: a 1-of-2 multisig of its operators' keys.
        c.signet_challenge = *util::TryParseHex(
            "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540"
            "ce96883fe3b278760f048f5189f2e6c452ae");
        p->m_dns_seeds = {"seed.signet.bitcoin.sprovoost.nl.", "seed.signet.achownodes.xyz."};
        c.minimum_chain_work = SIGNET_MINIMUM_CHAIN_WORK;
        c.default_assume_valid = SIGNET_ASSUME_VALID;
        p->m_assumed_blockchain_size = 20;
        p->m_assumed_chain_state_size = 4;
        p->m_chain_tx_data = {1756723017, 26185472, 0.7452721495389969};
    } else {
        c.signet_challenge = *options.challenge;
    }
    if (options.seeds) p->m_dns_seeds = *options.seeds;

    c.signet_blocks = true;
    c.subsidy_halving_interval = 210000;
    c.bip34_height = 1;
    c.bip34_hash = uint256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 1;
    c.min_bip9_warning_height = 0;
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = false;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    c.pow_limit = SIGNET_POW_LIMIT;
    SetTestDeployments(c, 1815, BIP9Deployment::ALWAYS_ACTIVE, BIP9Deployment::NO_TIMEOUT);

    // BIP325: the message start is the first four bytes of SHA256d(serialized challenge),
    // so every signet with a different challenge is a different P2P network.
    primitives::HashWriter hasher;
    hasher << c.signet_challenge;
    const uint256 hash = hasher.GetHash();
    std::copy_n(hash.begin(), 4, p->m_message_start.begin());

    p->m_default_port = 38333;
    p->m_prune_after_height = 1000;
    p->m_genesis = SatoshiGenesis(1598918400, 52613770, 0x1e0377ae);
    c.hash_genesis_block = p->m_genesis.GetHash();
    assert(c.hash_genesis_block == SIGNET_GENESIS);

    p->SetTestNetAddresses("tb");
    return p;
}

std::unique_ptr<const ChainParams> ChainParams::RegTest(const RegTestOptions& options)
{
    std::unique_ptr<ChainParams> p(new ChainParams());
    p->m_chain_type = ChainType::REGTEST;
    Params& c = p->m_consensus;
    c.subsidy_halving_interval = 150;
    c.bip34_height = 1;
    c.bip34_hash = uint256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 0;
    c.min_bip9_warning_height = 0;
    c.pow_limit = REGTEST_POW_LIMIT;
    c.pow_target_timespan = 24 * 60 * 60; // one day: 144-block periods
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = options.enforce_bip94;
    c.pow_no_retargeting = true;
    c.deployments[DEPLOYMENT_TESTDUMMY] = Deployment(28, 0, BIP9Deployment::NO_TIMEOUT, 0, 108, 144);
    c.deployments[DEPLOYMENT_TAPROOT] =
        Deployment(2, BIP9Deployment::ALWAYS_ACTIVE, BIP9Deployment::NO_TIMEOUT, 0, 108, 144);
    c.minimum_chain_work = uint256{};
    c.default_assume_valid = uint256{};

    for (const auto& [dep, height] : options.activation_heights) {
        switch (dep) {
        case DEPLOYMENT_SEGWIT: c.segwit_height = height; break;
        case DEPLOYMENT_HEIGHTINCB: c.bip34_height = height; break;
        case DEPLOYMENT_DERSIG: c.bip66_height = height; break;
        case DEPLOYMENT_CLTV: c.bip65_height = height; break;
        case DEPLOYMENT_CSV: c.csv_height = height; break;
        }
    }
    for (const auto& [pos, vb] : options.version_bits_parameters) {
        c.deployments[pos].start_time = vb.start_time;
        c.deployments[pos].timeout = vb.timeout;
        c.deployments[pos].min_activation_height = vb.min_activation_height;
    }

    p->m_message_start = {0xfa, 0xbf, 0xb5, 0xda};
    p->m_default_port = 18444;
    p->m_prune_after_height = options.fastprune ? 100 : 1000;
    p->m_genesis = SatoshiGenesis(1296688602, 2, 0x207fffff);
    c.hash_genesis_block = p->m_genesis.GetHash();
    assert(c.hash_genesis_block == REGTEST_GENESIS);

    p->m_dns_seeds = {"dummySeed.invalid."};
    p->m_default_consistency_checks = true;
    p->m_is_mockable_chain = true;
    p->SetTestNetAddresses("bcrt");
    p->m_chain_tx_data = {0, 0, 0.001};
    return p;
}

std::unique_ptr<const ChainParams> ChainParams::ForChain(ChainType chain)
{
    switch (chain) {
    case ChainType::MAIN: return Main();
    case ChainType::TESTNET: return TestNet();
    case ChainType::TESTNET4: return TestNet4();
    case ChainType::SIGNET: return SigNet();
    case ChainType::REGTEST: return RegTest();
    }
    assert(false);
    return nullptr;
}

std::optional<ChainType> GetNetworkForMagic(const MessageStartChars& message)
{
    for (const ChainType chain :
         {ChainType::MAIN, ChainType::TESTNET, ChainType::TESTNET4, ChainType::REGTEST, ChainType::SIGNET}) {
        if (ChainParams::ForChain(chain)->MessageStart() == message) return chain;
    }
    return std::nullopt;
}

} // namespace consensus
