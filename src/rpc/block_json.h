// JSON view of a block as Bitcoin Core's getblock prints it at verbosity 2, limited to the
// fields a block carries by itself.
//
// Printed, in Core 30's order: hash, version, versionHex, merkleroot, time, nonce, bits,
// target, difficulty, nTx, previousblockhash (absent for a genesis block, whose previous
// hash is zero), strippedsize, size, weight, tx (each as TxToJson with "hex").
// Left out because they need the chain: confirmations, height, mediantime, chainwork,
// nextblockhash, and each transaction's fee. "target" is the expanded compact target; it
// is null when the bits do not encode a valid target (negative, zero or overflowing),
// where Core, which only shows validated blocks, has no answer.
//
// Pure functions; thread-safe.
#ifndef BITNODE_RPC_BLOCK_JSON_H
#define BITNODE_RPC_BLOCK_JSON_H

#include <primitives/block.h>
#include <primitives/uint256.h>
#include <script/address.h>
#include <util/json.h>

#include <cstdint>
#include <optional>

namespace rpc {

/** Core's GetDifficulty: how many times harder than difficulty 1 (bits 0x1d00ffff) the target is. */
double GetDifficulty(uint32_t bits);

/** The 256-bit target the compact bits encode; nullopt if negative, zero or overflowing. */
std::optional<primitives::uint256> TargetFromBits(uint32_t bits);

/** The getblock (verbosity 2) fields described above. */
util::JsonValue BlockToJson(const primitives::Block& block, const script::AddressParams& params);

} // namespace rpc

#endif // BITNODE_RPC_BLOCK_JSON_H
