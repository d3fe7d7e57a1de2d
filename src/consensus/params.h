// Consensus parameters: the numbers that make one network's rules differ from another's.
//
// One Params value per network is built by chainparams.cpp and never changes after
// construction, so any number of threads may read it. Field meanings and values follow
// Bitcoin Core 30's Consensus::Params (names are snake_case here; doc/chain-parameters.md
// maps them). The enum values below are consensus-visible (they index tables and name
// RPC fields): DO NOT CHANGE.
#ifndef BITNODE_CONSENSUS_PARAMS_H
#define BITNODE_CONSENSUS_PARAMS_H

#include <primitives/uint256.h>
#include <script/verify_flags.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace consensus {

/**
 * Rule changes whose activation height is hard-coded (BIP90) instead of being signalled.
 * Negative values keep them apart from DeploymentPos. DO NOT CHANGE.
 */
enum BuriedDeployment : int16_t {
    DEPLOYMENT_HEIGHTINCB = std::numeric_limits<int16_t>::min(), //!< BIP34: height in coinbase
    DEPLOYMENT_CLTV,                                             //!< BIP65: OP_CHECKLOCKTIMEVERIFY
    DEPLOYMENT_DERSIG,                                           //!< BIP66: strict DER signatures
    DEPLOYMENT_CSV,                                              //!< BIP68/112/113: relative lock-time
    DEPLOYMENT_SEGWIT,                                           //!< BIP141/143/147
};
constexpr bool ValidDeployment(BuriedDeployment dep) { return dep <= DEPLOYMENT_SEGWIT; }

/** Version-bits (BIP9) deployments, in the order of Params::deployments. DO NOT CHANGE. */
enum DeploymentPos : uint16_t {
    DEPLOYMENT_TESTDUMMY,
    DEPLOYMENT_TAPROOT, //!< BIP340-342
    MAX_VERSION_BITS_DEPLOYMENTS
};
constexpr bool ValidDeployment(DeploymentPos dep) { return dep < MAX_VERSION_BITS_DEPLOYMENTS; }

/** One BIP9 deployment: which version bit, when signalling counts, and how much is needed. */
struct BIP9Deployment {
    /** Bit of the block version that signals (0..28). */
    int bit{28};
    /** Median time past at which signalling starts counting, or ALWAYS_ACTIVE / NEVER_ACTIVE. */
    int64_t start_time{NEVER_ACTIVE};
    /** Median time past after which a deployment that has not locked in fails. */
    int64_t timeout{NEVER_ACTIVE};
    /** Lock-in delays activation until at least this height (a period boundary). */
    int min_activation_height{0};
    /** Blocks per signalling period (normally the retarget interval). */
    uint32_t period{2016};
    /** Signalling blocks per period needed to lock in. */
    uint32_t threshold{1916};

    static constexpr int64_t NO_TIMEOUT = std::numeric_limits<int64_t>::max();
    /** start_time value: active from genesis, no signalling (test networks). */
    static constexpr int64_t ALWAYS_ACTIVE = -1;
    /** start_time value: never active. */
    static constexpr int64_t NEVER_ACTIVE = -2;
};

/** The rule parameters of one network. */
struct Params {
    primitives::uint256 hash_genesis_block;
    /** Blocks between subsidy halvings (210000; regtest 150). */
    int subsidy_halving_interval{210000};
    /**
     * Buried, valid blocks that break the default script rules, with the flags to verify
     * them under instead (BIP16 and taproot exception blocks).
     */
    std::map<primitives::uint256, script::ScriptVerifyFlags> script_flag_exceptions;
    /** BIP34 activation height and the hash of the block at that height. */
    int bip34_height{0};
    primitives::uint256 bip34_hash;
    int bip65_height{0};
    int bip66_height{0};
    /** BIP68, BIP112 and BIP113 activation height. */
    int csv_height{0};
    /** BIP141, BIP143 and BIP147 activation height (segwit v0 script rules apply to all blocks
     *  except the script_flag_exceptions). */
    int segwit_height{0};
    /** No "unknown rule activated" warnings below this height. */
    int min_bip9_warning_height{0};
    std::array<BIP9Deployment, MAX_VERSION_BITS_DEPLOYMENTS> deployments{};

    /** Largest (easiest) target a block may claim. */
    primitives::uint256 pow_limit;
    /** Testnet rule: a block more than twice the spacing after its parent may use pow_limit. */
    bool pow_allow_min_difficulty_blocks{false};
    /** BIP94 (testnet4): timewarp fix and retargeting from the period's first block. */
    bool enforce_bip94{false};
    /** Regtest: the target never changes. */
    bool pow_no_retargeting{false};
    int64_t pow_target_spacing{10 * 60};
    int64_t pow_target_timespan{14 * 24 * 60 * 60};
    /** Blocks per retarget period: 2016 (regtest 144). */
    int64_t DifficultyAdjustmentInterval() const { return pow_target_timespan / pow_target_spacing; }

    /** Headers sync ignores chains with less total work than this. */
    primitives::uint256 minimum_chain_work;
    /** Scripts of this block's ancestors are assumed valid unless configured otherwise. */
    primitives::uint256 default_assume_valid;

    /** BIP325: blocks carry a solution to signet_challenge in their witness commitment. */
    bool signet_blocks{false};
    std::vector<uint8_t> signet_challenge;

    /** Activation height of a buried deployment. */
    int DeploymentHeight(BuriedDeployment dep) const
    {
        switch (dep) {
        case DEPLOYMENT_HEIGHTINCB: return bip34_height;
        case DEPLOYMENT_CLTV: return bip65_height;
        case DEPLOYMENT_DERSIG: return bip66_height;
        case DEPLOYMENT_CSV: return csv_height;
        case DEPLOYMENT_SEGWIT: return segwit_height;
        }
        return std::numeric_limits<int>::max();
    }
};

} // namespace consensus

#endif // BITNODE_CONSENSUS_PARAMS_H
