// Fuzz targets for what the pure RPC methods parse: output descriptors (getdescriptorinfo,
// generatetodescriptor, scantxoutset) and whole calls of the methods that need no node
// (decoderawtransaction, decodescript, createrawtransaction, validateaddress,
// createmultisig, getdescriptorinfo, estimatesmartfee) with fuzzed JSON params.
// A descriptor that parses prints a canonical form that parses again to the same form
// and script; a call either answers or throws RpcError — any other exception escaping a
// handler would be an "Internal bug detected" reply, so it counts as a failure here.
#include "fuzz.h"

#include <consensus/chainparams.h>
#include <rpc/descriptor.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/table.h>
#include <util/json.h>

#include <memory>
#include <string>

namespace {

const consensus::ChainParams& Regtest()
{
    static const std::unique_ptr<const consensus::ChainParams> params = consensus::ChainParams::RegTest();
    return *params;
}

const rpc::RpcTable& Table()
{
    static const std::unique_ptr<rpc::RpcTable> table = [] {
        auto t = std::make_unique<rpc::RpcTable>();
        rpc::RegisterAllRpcCommands(*t);
        t->SetWarmupFinished();
        return t;
    }();
    return *table;
}

} // namespace

FUZZ_TARGET(rpc_descriptor)
{
    const std::string text(buffer.begin(), buffer.end());
    const auto parsed = rpc::ParseDescriptor(text, Regtest().GetAddressParams(), /*require_checksum=*/false);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().empty());
        return;
    }
    const auto again = rpc::ParseDescriptor(parsed->canonical, Regtest().GetAddressParams(), /*require_checksum=*/true);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->canonical == parsed->canonical);
    FUZZ_CHECK(again->script_pub_key == parsed->script_pub_key);
    FUZZ_CHECK(again->solvable == parsed->solvable);
}

FUZZ_TARGET(rpc_pure_methods)
{
    // First byte picks the method; the rest is the params JSON.
    static const char* const METHODS[] = {
        "decoderawtransaction", "decodescript",      "createrawtransaction", "validateaddress",
        "createmultisig",       "getdescriptorinfo", "estimatesmartfee",     "help"};
    if (buffer.empty()) return;
    const std::string_view text{reinterpret_cast<const char*>(buffer.data()) + 1, buffer.size() - 1};
    const auto params = util::ParseJson(text);
    if (!params || (!params->IsArray() && !params->IsObject())) return;
    rpc::JsonRpcRequest request;
    request.method = METHODS[buffer[0] % (sizeof(METHODS) / sizeof(METHODS[0]))];
    request.params = *params;
    request.context = &Regtest();
    request.table = &Table();
    try {
        const util::JsonValue result = Table().Execute(request);
        FUZZ_CHECK(util::ParseJson(result.Write()).has_value());
    } catch (const rpc::RpcError& error) {
        FUZZ_CHECK(!error.Message().empty());
    }
}
