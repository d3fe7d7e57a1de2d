// Deployments: names of rule changes, buried activation checks, and the historical
// exceptions (BIP30) that validation must honour on mainnet.
//
// Names are what RPC (getblockchaininfo, getdeploymentinfo) prints, so they are Bitcoin
// Core's. Pure functions over constant tables; thread-safe.
#ifndef BITNODE_CONSENSUS_DEPLOYMENTS_H
#define BITNODE_CONSENSUS_DEPLOYMENTS_H

#include <consensus/params.h>
#include <primitives/uint256.h>

#include <optional>
#include <string>
#include <string_view>

namespace consensus {

/** Static facts about a version-bits deployment. */
struct VBDeploymentInfo {
    /** Name in RPC output and in getblocktemplate's rules. */
    const char* name;
    /** Whether getblocktemplate clients may ignore the rule (no '!' prefix). */
    bool gbt_optional_rule;
};

/** Info for a version-bits deployment ("testdummy", "taproot"). */
const VBDeploymentInfo& GetDeploymentInfo(DeploymentPos pos);

/** "bip34", "bip65", "bip66", "csv", "segwit". */
std::string DeploymentName(BuriedDeployment dep);
inline std::string DeploymentName(DeploymentPos pos) { return GetDeploymentInfo(pos).name; }

/**
 * The buried deployment called `name` in Core's -testactivationheight option: "segwit",
 * "bip34", "dersig", "cltv", "csv".
 */
std::optional<BuriedDeployment> GetBuriedDeployment(std::string_view name);

/** Whether a buried deployment's rules apply to a block at `height`. */
inline bool DeploymentActiveAtHeight(int height, const Params& params, BuriedDeployment dep)
{
    return height >= params.DeploymentHeight(dep);
}

/**
 * The two mainnet blocks whose coinbases duplicate earlier ones (BIP30 violations from
 * before the rule existed); validation skips the BIP30 check for them.
 */
bool IsBIP30Repeat(int height, const primitives::uint256& block_hash);

/** The two mainnet blocks whose coinbase outputs were overwritten by those repeats and are unspendable. */
bool IsBIP30Unspendable(int height, const primitives::uint256& block_hash);

/**
 * From this height a coinbase may once again match a pre-BIP34 coinbase (its height push
 * looks like an old block's), so BIP30 must be checked again even with BIP34 active.
 */
inline constexpr int BIP34_IMPLIES_BIP30_LIMIT = 1983702;

} // namespace consensus

#endif // BITNODE_CONSENSUS_DEPLOYMENTS_H
