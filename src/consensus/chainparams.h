// Chain parameters: everything that identifies one Bitcoin network.
//
// A ChainParams object bundles a network's consensus Params, its genesis block, P2P
// message start and default port, address encoding, DNS seeds and a few sizing hints.
// The values are Bitcoin Core 30's for main, test (testnet3), testnet4, signet (the
// default global signet, or a custom challenge) and regtest (with Core's test-only
// overrides). Objects are immutable once built: share them freely between threads.
#ifndef BITNODE_CONSENSUS_CHAINPARAMS_H
#define BITNODE_CONSENSUS_CHAINPARAMS_H

#include <consensus/params.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <script/address.h>
#include <script/script.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace consensus {

/** The networks bitnode knows. DO NOT CHANGE the order: values may be stored. */
enum class ChainType {
    MAIN,
    TESTNET,  //!< testnet3
    SIGNET,
    REGTEST,
    TESTNET4,
};

/** Core's names: "main", "test", "signet", "regtest", "testnet4". */
std::string ChainTypeToString(ChainType chain);
/** The chain a Core name stands for; nullopt for anything else (no aliases). */
std::optional<ChainType> ChainTypeFromString(std::string_view name);

/** The four bytes that open every P2P message on a network. */
using MessageStartChars = std::array<uint8_t, 4>;

/** Transaction-count statistics for estimating sync progress (Core's ChainTxData). */
struct ChainTxData {
    int64_t time{0};     //!< UNIX time of the last known transaction count
    uint64_t tx_count{0}; //!< transactions between genesis and that time
    double tx_rate{0};    //!< estimated transactions per second after that time
};

/** Options for signet: a custom challenge (and seeds) makes a private signet. */
struct SigNetOptions {
    std::optional<std::vector<uint8_t>> challenge;
    std::optional<std::vector<std::string>> seeds;
};

/** Start, timeout and minimum activation height overriding one version-bits deployment. */
struct VersionBitsParameters {
    int64_t start_time;
    int64_t timeout;
    int min_activation_height;
};

/** Test-only overrides for regtest (Core's -testactivationheight, -vbparams, -fastprune, -test=bip94). */
struct RegTestOptions {
    std::map<DeploymentPos, VersionBitsParameters> version_bits_parameters;
    std::map<BuriedDeployment, int> activation_heights;
    bool fastprune{false};
    bool enforce_bip94{false};
};

class ChainParams
{
public:
    static std::unique_ptr<const ChainParams> Main();
    static std::unique_ptr<const ChainParams> TestNet();
    static std::unique_ptr<const ChainParams> TestNet4();
    static std::unique_ptr<const ChainParams> SigNet(const SigNetOptions& options = {});
    static std::unique_ptr<const ChainParams> RegTest(const RegTestOptions& options = {});
    /** The default parameters of any network. */
    static std::unique_ptr<const ChainParams> ForChain(ChainType chain);

    const Params& GetConsensus() const { return m_consensus; }
    const MessageStartChars& MessageStart() const { return m_message_start; }
    uint16_t GetDefaultPort() const { return m_default_port; }
    const primitives::Block& GenesisBlock() const { return m_genesis; }
    const script::AddressParams& GetAddressParams() const { return m_address_params; }
    const std::string& Bech32HRP() const { return m_address_params.bech32_hrp; }
    ChainType GetChainType() const { return m_chain_type; }
    std::string GetChainTypeString() const { return ChainTypeToString(m_chain_type); }
    /** Everything but mainnet. */
    bool IsTestChain() const { return m_chain_type != ChainType::MAIN; }
    /** Regtest lets tests mock the clock and relaxes some checks. */
    bool IsMockableChain() const { return m_is_mockable_chain; }
    /** Regtest runs expensive internal consistency checks by default. */
    bool DefaultConsistencyChecks() const { return m_default_consistency_checks; }
    /** Pruning never deletes blocks below this height. */
    uint64_t PruneAfterHeight() const { return m_prune_after_height; }
    /** Rough disk needs in GB, for warnings before initial sync. */
    uint64_t AssumedBlockchainSize() const { return m_assumed_blockchain_size; }
    uint64_t AssumedChainStateSize() const { return m_assumed_chain_state_size; }
    const std::vector<std::string>& DNSSeeds() const { return m_dns_seeds; }
    const ChainTxData& TxData() const { return m_chain_tx_data; }

private:
    ChainParams() = default;
    void SetTestNetAddresses(std::string hrp);

    ChainType m_chain_type{ChainType::MAIN};
    Params m_consensus;
    MessageStartChars m_message_start{};
    uint16_t m_default_port{0};
    uint64_t m_prune_after_height{0};
    uint64_t m_assumed_blockchain_size{0};
    uint64_t m_assumed_chain_state_size{0};
    std::vector<std::string> m_dns_seeds;
    script::AddressParams m_address_params;
    primitives::Block m_genesis;
    bool m_default_consistency_checks{false};
    bool m_is_mockable_chain{false};
    ChainTxData m_chain_tx_data;
};

/** The network whose message start these bytes are (default signet only), or nullopt. */
std::optional<ChainType> GetNetworkForMagic(const MessageStartChars& message);

/**
 * A genesis block: one coinbase whose input script is <486604799> <4> <timestamp> and
 * whose single output pays `reward` to `output_script`; the merkle root is computed.
 */
primitives::Block CreateGenesisBlock(std::string_view timestamp, const script::Script& output_script, uint32_t time,
                                     uint32_t nonce, uint32_t bits, int32_t version, primitives::Amount reward);

} // namespace consensus

#endif // BITNODE_CONSENSUS_CHAINPARAMS_H
