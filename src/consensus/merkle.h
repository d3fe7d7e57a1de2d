// Merkle roots of blocks and the BIP141 witness commitment.
//
// Bitcoin's Merkle tree duplicates the last node of an odd level, which lets two
// different transaction lists share a root (CVE-2012-2459). `mutated` reports the
// condition Bitcoin Core checks: some level has two equal adjacent nodes at an even
// position. A block with a mutated tree must be rejected as "bad-txns-duplicate" but
// must not be marked permanently invalid, since the honest block has the same hash.
//
// Thread safety: pure functions.
#ifndef BITNODE_CONSENSUS_MERKLE_H
#define BITNODE_CONSENSUS_MERKLE_H

#include <primitives/block.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace consensus {

/** Root of the tree over `leaves` (zero for none); sets *mutated as described above if given. */
primitives::uint256 ComputeMerkleRoot(std::vector<primitives::uint256> leaves, bool* mutated = nullptr);

/** Merkle root over the block's txids (the value hash_merkle_root must equal). */
primitives::uint256 BlockMerkleRoot(const primitives::Block& block, bool* mutated = nullptr);

/** BIP141 witness root: over the wtxids, with the coinbase's taken as zero. */
primitives::uint256 BlockWitnessMerkleRoot(const primitives::Block& block, bool* mutated = nullptr);

/** GetWitnessCommitmentIndex's answer when the coinbase has no commitment output. */
inline constexpr int NO_WITNESS_COMMITMENT = -1;
/** A commitment output script is OP_RETURN, a 36-byte push, 0xaa21a9ed, 32 bytes: at least 38 bytes. */
inline constexpr size_t MINIMUM_WITNESS_COMMITMENT = 38;
/** The first 6 bytes of a commitment output script. DO NOT CHANGE. */
inline constexpr uint8_t WITNESS_COMMITMENT_HEADER[6] = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};

/** True if script has the commitment header and is at least MINIMUM_WITNESS_COMMITMENT bytes. */
bool IsWitnessCommitmentScript(const primitives::ScriptBytes& script);

/**
 * Index of the coinbase output holding the witness commitment: the LAST output whose script
 * matches IsWitnessCommitmentScript, or NO_WITNESS_COMMITMENT (also for a block without txs).
 */
int GetWitnessCommitmentIndex(const primitives::Block& block);

/** Double-SHA-256(witness_root || witness_nonce): the 32 bytes a commitment output carries. */
primitives::uint256 ComputeWitnessCommitment(const primitives::uint256& witness_root,
                                             const primitives::uint256& witness_nonce);

/** The 38-byte output script committing to `commitment`. */
primitives::ScriptBytes WitnessCommitmentScript(const primitives::uint256& commitment);

/**
 * True if the block carries a witness commitment, its coinbase witness is exactly one
 * 32-byte nonce, and the committed hash equals ComputeWitnessCommitment(witness root, nonce).
 * (Validation adds the rules about blocks without commitments and their reject reasons.)
 */
bool CheckWitnessCommitment(const primitives::Block& block);

} // namespace consensus

#endif // BITNODE_CONSENSUS_MERKLE_H
