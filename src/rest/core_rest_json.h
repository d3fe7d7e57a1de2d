// Pieces of Core's /rest/ endpoints that stand alone: the getutxos request parsers (URI
// and binary body, BIP64), its lookup and its answers. (The JSON of blocks, headers, the
// chain and the mempool comes from the RPC methods themselves.)
//
// Thread safety: the parsers and serializers are pure; the functions taking a NodeContext
// call only its thread-safe methods.
#ifndef BITNODE_REST_CORE_REST_JSON_H
#define BITNODE_REST_CORE_REST_JSON_H

#include <chain/chainstate_types.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/json.h>
#include <util/result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace node {
class NodeContext;
} // namespace node

namespace rest {

/** What getutxos asks: outpoints, and whether the mempool counts. */
struct GetUtxosRequest {
    bool check_mempool{false};
    std::vector<primitives::OutPoint> outpoints;
};

/**
 * "checkmempool/<txid>-<n>/..." split at '/': Core's errors "Parse error" (bad txid or
 * index) and "Error: empty request" (no outpoint).
 */
util::Result<GetUtxosRequest> ParseGetUtxosUri(const std::vector<std::string>& parts);

/**
 * The binary request body (BIP64): one byte check_mempool (0 or not), then a vector of
 * outpoints (compact size count, each a 32-byte txid and a 4-byte index). nullopt if
 * malformed or followed by extra bytes.
 */
std::optional<GetUtxosRequest> ParseGetUtxosBody(std::string_view body);

struct GetUtxosResult {
    int height{0};
    primitives::uint256 tip;
    /** Per requested outpoint, whether it is unspent. */
    std::vector<bool> hits;
    /** The unspent ones, in request order: the height that created them and the output. */
    std::vector<std::pair<uint32_t, primitives::TxOut>> coins;
};

/** Look the outpoints up in the UTXO set (and the mempool when asked). */
GetUtxosResult LookupUtxos(node::NodeContext& node, const GetUtxosRequest& request);
/** Core's binary answer: height, tip hash, bitmap (vector), coins (vector of {0, height, txout}). */
std::vector<uint8_t> SerializeGetUtxos(const GetUtxosResult& result);
/** Core's JSON answer: chainHeight, chaintipHash, bitmap ("1"/"0" per outpoint), utxos. */
util::JsonValue GetUtxosJson(node::NodeContext& node, const GetUtxosResult& result);

} // namespace rest

#endif // BITNODE_REST_CORE_REST_JSON_H
