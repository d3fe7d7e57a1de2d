// Which script rules and lock-time rules a block is validated under, from its height and
// hash and the network's deployment parameters (Bitcoin Core 30's GetBlockScriptFlags).
//
// Core 30 turns P2SH, WITNESS and TAPROOT on for every block (no earlier block breaks them
// except the listed exception blocks, whose flags come from Params::script_flag_exceptions),
// and adds DERSIG, CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from the buried
// BIP66, BIP65, CSV and segwit heights. Before segwit no witness can reach a script anyway:
// blocks without a witness commitment may not carry witnesses ("unexpected-witness").
//
// Thread safety: pure functions.
#ifndef BITNODE_CONSENSUS_SCRIPT_FLAGS_H
#define BITNODE_CONSENSUS_SCRIPT_FLAGS_H

#include <consensus/params.h>
#include <primitives/uint256.h>
#include <script/verify_flags.h>

namespace consensus {

/** Script verification flags for the block `block_hash` at `height`. */
script::ScriptVerifyFlags GetBlockScriptFlags(int height, const primitives::uint256& block_hash, const Params& params);

/** Lock-time flags (LOCKTIME_VERIFY_SEQUENCE once CSV is active) for a block at `height`. */
unsigned GetBlockLockTimeFlags(int height, const Params& params);

/** Whether BIP113 (lock times measured by the parent's median time past) applies at `height`. */
bool EnforceLockTimeMedianTimePast(int height, const Params& params);

} // namespace consensus

#endif // BITNODE_CONSENSUS_SCRIPT_FLAGS_H
