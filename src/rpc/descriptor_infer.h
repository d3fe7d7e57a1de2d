// Output descriptors inferred from a scriptPubKey, as Bitcoin Core's RPC prints them in "desc".
//
// Core's InferDescriptor with an empty signing provider (what getblock and
// decoderawtransaction use) knows no keys or scripts behind hashes, so it produces:
//   pk(KEY)                bare public key outputs (not hybrid-encoded keys)
//   multi(k,KEY,...)       bare multisig outputs whose keys are all non-hybrid
//   rawtr(XONLY)           taproot outputs whose key is on the curve
//   addr(ADDRESS)          any other output with an address
//   raw(HEX)               everything else
// each followed by '#' and the BIP380 checksum. Wallet descriptors (parsing, keys,
// derivation) are a separate, later module.
//
// Pure functions; thread-safe.
#ifndef BITNODE_RPC_DESCRIPTOR_INFER_H
#define BITNODE_RPC_DESCRIPTOR_INFER_H

#include <script/address.h>
#include <script/script.h>

#include <string>
#include <string_view>

namespace rpc {

/** BIP380 checksum of a descriptor (8 characters), or "" if it holds a character outside the descriptor set. */
std::string DescriptorChecksum(std::string_view descriptor);

/** descriptor + "#" + its checksum. */
std::string AddChecksum(std::string_view descriptor);

/** Core's InferDescriptor(script, DUMMY_SIGNING_PROVIDER)->ToString() for this network's addresses. */
std::string InferDescriptor(const script::Script& script_pub_key, const script::AddressParams& params);

/**
 * The descriptor of the P2WSH output paying to `witness_script` when the witness script
 * itself is known (decodescript's "segwit" member): wsh(pk(KEY)) or wsh(multi(...)) for
 * compressed keys, otherwise addr(P2WSH address). Core would also infer miniscript
 * policies here; bitnode has no miniscript yet, so those print as addr().
 */
std::string InferWitnessScriptDescriptor(const script::Script& witness_script, const script::AddressParams& params);

} // namespace rpc

#endif // BITNODE_RPC_DESCRIPTOR_INFER_H
