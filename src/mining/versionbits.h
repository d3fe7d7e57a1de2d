// BIP9 version-bits deployment states, for the version of new blocks (Core's
// ComputeBlockVersion): a block signals the bits of deployments that are STARTED or
// LOCKED_IN at its parent.
//
// The state is computed by walking the retarget-period boundaries from the first one
// (no cache): cheap because a deployment stays in a terminal state (ACTIVE, FAILED) once
// there, DEFINED periods cost one median-time lookup, and only STARTED periods count
// their blocks' versions.
//
// Thread safety: pure functions; the caller holds the chainstate lock or otherwise knows
// the BlockIndex entries are alive (only their immutable fields are read).
#ifndef BITNODE_MINING_VERSIONBITS_H
#define BITNODE_MINING_VERSIONBITS_H

#include <consensus/params.h>

#include <cstdint>
#include <string>

namespace chain {
class BlockIndex;
}

namespace mining {

/** BIP9 states. DO NOT CHANGE the names (getblockchaininfo / getdeploymentinfo print them). */
enum class DeploymentState { DEFINED, STARTED, LOCKED_IN, ACTIVE, FAILED };

/** "defined", "started", "locked_in", "active", "failed". */
std::string DeploymentStateName(DeploymentState state);

/** Blocks signal with the top three version bits 001 (BIP9). */
inline constexpr int32_t VERSIONBITS_TOP_BITS = 0x20000000;
inline constexpr int32_t VERSIONBITS_TOP_MASK = static_cast<int32_t>(0xE0000000);

/** The state of `deployment` for a block whose parent is `prev` (null: the genesis block). */
DeploymentState GetDeploymentState(const chain::BlockIndex* prev, const consensus::BIP9Deployment& deployment);

/** The version of a new block on prev: 0x20000000 plus the bit of each STARTED or LOCKED_IN deployment. */
int32_t ComputeBlockVersion(const chain::BlockIndex* prev, const consensus::Params& params);

} // namespace mining

#endif // BITNODE_MINING_VERSIONBITS_H
