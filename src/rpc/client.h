// The client side of the method table: how bitnode-cli turns command-line words into
// JSON-RPC params (Core's rpc/client with vRPCConvertParams), and each chain's default
// RPC port.
//
// The conversion table is generated from the server's own method descriptions (every
// argument of every method registered by RegisterAllRpcCommands), so client and server
// cannot disagree: string arguments pass through as text, other types are parsed as
// JSON ("Error parsing JSON: <text>" if they do not parse), and an argument may ask for
// JSON_OR_STRING. Words for methods the table does not know are passed as strings.
//
// Thread safety: an RpcConversionTable is immutable after construction.
#ifndef BITNODE_RPC_CLIENT_H
#define BITNODE_RPC_CLIENT_H

#include <rpc/method.h>
#include <util/json.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rpc {

class RpcTable;

/** Core's -rpcport defaults: main 8332, test 18332, testnet4 48332, signet 38332, regtest 18443. */
uint16_t DefaultRpcPort(std::string_view chain);

struct ConvertParam {
    std::string method;
    size_t position;
    std::string name;
    ClientFormat format;
    /**
     * The method asked for this format explicitly. Only such STRING parameters take a
     * "name=value" word with an unknown name as a positional value (Core lists exactly
     * the string parameters that may contain '=', such as labels and file names).
     */
    bool explicit_format{false};
};

class RpcConversionTable
{
public:
    explicit RpcConversionTable(const RpcTable& table);

    const ConvertParam* FromPosition(std::string_view method, size_t position) const;
    const ConvertParam* FromName(std::string_view method, std::string_view name) const;

    /** Positional words to a params array (throws std::runtime_error on bad JSON). */
    util::JsonValue ConvertValues(const std::string& method, const std::vector<std::string>& words) const;
    /**
     * -named words to a params object: "name=value" words are named (later ones win);
     * words without '=' — and "a=b" words whose name is unknown while the next positional
     * argument is a string, or JSON that parses — are positional and go to "args".
     */
    util::JsonValue ConvertNamedValues(const std::string& method, const std::vector<std::string>& words) const;

    const std::vector<ConvertParam>& Params() const { return m_params; }

private:
    std::vector<ConvertParam> m_params;
};

} // namespace rpc

#endif // BITNODE_RPC_CLIENT_H
