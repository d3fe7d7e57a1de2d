// Signet block solutions (BIP325): on signet networks every block (but genesis) carries,
// inside its witness commitment output, a solution to the network's challenge script.
//
// The solution is the data after the 4-byte header ecc7daa2 in a push of the commitment
// output: a serialized scriptSig followed by a serialized witness stack. It must satisfy
// the challenge in a virtual transaction pair: "to_spend" (version 0, one input with
// scriptSig OP_0 <block data>, one output of 0 paying the challenge) and "to_sign"
// (version 0, spending to_spend:0 with the solution, one OP_RETURN output), where block
// data commits to the header fields and to a merkle root computed with the solution
// removed from the coinbase. Verified with P2SH, WITNESS, DERSIG and NULLDUMMY.
//
// Thread safety: pure function.
#ifndef BITNODE_CONSENSUS_SIGNET_H
#define BITNODE_CONSENSUS_SIGNET_H

#include <consensus/params.h>
#include <primitives/block.h>

namespace consensus {

/** Whether the block's signet solution satisfies params.signet_challenge (always true for genesis). */
bool CheckSignetBlockSolution(const primitives::Block& block, const Params& params);

} // namespace consensus

#endif // BITNODE_CONSENSUS_SIGNET_H
