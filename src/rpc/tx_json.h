// JSON views of scripts and transactions, field for field as Bitcoin Core's RPC prints them.
//
// ScriptPubKeyToJson is Core's ScriptToUniv with hex and address (the "scriptPubKey"
// object of getblock/decoderawtransaction): asm, desc, hex, address (only when the
// output has one and is not a bare key), type. TxToJson is Core's TxToUniv without undo
// data: txid, hash, version, size, vsize, weight, locktime, vin, vout, then "hex" when
// asked (getblock verbosity 2 asks, decoderawtransaction does not). Fields that need
// chain context (fee, prevout, blockhash) belong to callers that have it.
//
// They live in `rpc` because the RPC methods, REST and bitnode-util all print them
// (they depend only on primitives and script).
//
// Pure functions; thread-safe.
#ifndef BITNODE_RPC_TX_JSON_H
#define BITNODE_RPC_TX_JSON_H

#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <script/address.h>
#include <script/script.h>
#include <util/json.h>

#include <string>

namespace storage {
struct TxUndo;
} // namespace storage

namespace rpc {

/** {"asm", "desc", "hex", "address"?, "type"} for an output script on this network. */
util::JsonValue ScriptPubKeyToJson(const script::Script& script_pub_key, const script::AddressParams& params);

/** Core's TxToUniv (no undo data, no block hash); include_hex adds the serialized tx with witness. */
util::JsonValue TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex);

/**
 * Core's TxToUniv with chain context: with `undo` (the spent coins, from the block's undo
 * data) each input gets its "prevout" when show_prevout (getblock verbosity 3) and the
 * transaction its "fee" after "vout"; a non-null `block_hash` adds "blockhash" before
 * "hex" (getrawtransaction of a confirmed transaction).
 */
util::JsonValue TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex,
                         const storage::TxUndo* undo, bool show_prevout,
                         const primitives::uint256* block_hash = nullptr);

/** Hex of the transaction serialized with witness data (when it has any). */
std::string EncodeHexTx(const primitives::Transaction& tx);

} // namespace rpc

#endif // BITNODE_RPC_TX_JSON_H
