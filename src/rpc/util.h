// Shared pieces of the RPC methods (Core's rpc/util): reaching the node from a call,
// parsing hashes, hex and amounts with Core's error codes and messages, and the result
// descriptions several methods print in their help.
//
// The node: handlers find what they need in JsonRpcRequest::context, which the server
// fills with a `node::NodeContext*`. Methods that need only the network's parameters
// (decodescript, validateaddress, ...) also accept a `const consensus::ChainParams*`
// there, so they can be served and tested without a running node.
//
// Thread safety: pure functions; EnsureNode returns the node shared by every handler
// (NodeContext's methods are thread-safe).
#ifndef BITNODE_RPC_UTIL_H
#define BITNODE_RPC_UTIL_H

#include <consensus/chainparams.h>
#include <primitives/amount.h>
#include <primitives/uint256.h>
#include <rpc/method.h>
#include <util/json.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace node {
class NodeContext;
} // namespace node

namespace rpc {

/** The node behind this call; RPC_INTERNAL_ERROR "Node context not found" if there is none. */
node::NodeContext& EnsureNode(const RpcCall& call);
/** The node, or nullptr when the server runs without one (pure methods, tests). */
node::NodeContext* MaybeNode(const RpcCall& call);
/** The network: the node's, or the ChainParams given as context; RPC_INTERNAL_ERROR if neither. */
const consensus::ChainParams& EnsureChainParams(const RpcCall& call);

/**
 * Core's ParseFixedPoint: a decimal number with at most `decimals` places after the point
 * (an exponent is allowed, e.g. "1e-8"), as an integer scaled by 10^decimals; nullopt if
 * it does not parse or is out of the range Core accepts (|value| < 10^18).
 */
std::optional<int64_t> ParseFixedPoint(std::string_view text, int decimals);
/** An amount in BTC given as a number or string (RPC_TYPE_ERROR with Core's messages). */
primitives::Amount AmountFromValue(const util::JsonValue& value, int decimals = 8);
/** A fee rate in BTC/kvB as sat/kvB; rates of 1 BTC/kvB or more are refused as Core does. */
primitives::Amount ParseFeeRate(const util::JsonValue& value);

/** A 64-digit hex hash (RPC_INVALID_PARAMETER "<name> must be of length 64 (not ..." ). */
primitives::uint256 ParseHashV(const util::JsonValue& value, std::string_view name);
/** ParseHashV of an object's member. */
primitives::uint256 ParseHashO(const util::JsonValue& object, std::string_view key);
/** Hex bytes (RPC_INVALID_PARAMETER "<name> must be hexadecimal string (not '...')"). */
std::vector<uint8_t> ParseHexV(const util::JsonValue& value, std::string_view name);

/** "nonstandard, pubkey, pubkeyhash, ..." as Core's GetAllOutputTypes lists them. */
std::string GetAllOutputTypes();
/** The scriptPubKey members in result help (asm, desc, hex, address, type). */
std::vector<RpcResult> ScriptPubKeyDoc();
/** A decoded transaction's members in result help. */
std::vector<RpcResult> DecodeTxDoc(const std::string& txid_field_doc);

} // namespace rpc

#endif // BITNODE_RPC_UTIL_H
