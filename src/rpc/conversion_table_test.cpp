// The client-side conversion table bitnode-cli derives from the method descriptions,
// against Bitcoin Core 30's vRPCConvertParams (src/rpc/client.cpp) for every method both
// serve: the same (method, position, name) rows are parsed as JSON, and no others.
#include <rpc/client.h>
#include <rpc/register.h>
#include <rpc/table.h>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

namespace {

using Row = std::tuple<std::string, size_t, std::string>;

TEST(RpcConversionTableTest, MatchesCoresForTheseMethods)
{
    // Core 30's rows for the methods below (JSON unless noted in Core, where
    // gettxoutsetinfo's hash_or_height is JSON_OR_STRING).
    const std::set<Row> core{
        {"generatetoaddress", 0, "nblocks"},
        {"generatetoaddress", 2, "maxtries"},
        {"generatetodescriptor", 0, "num_blocks"},
        {"generatetodescriptor", 2, "maxtries"},
        {"generateblock", 1, "transactions"},
        {"generateblock", 2, "submit"},
        {"getnetworkhashps", 0, "nblocks"},
        {"getnetworkhashps", 1, "height"},
        {"getblockhash", 0, "height"},
        {"getblocktemplate", 0, "template_request"},
        {"scantxoutset", 1, "scanobjects"},
        {"createmultisig", 0, "nrequired"},
        {"createmultisig", 1, "keys"},
        {"getblock", 1, "verbosity"},
        {"getblock", 1, "verbose"},
        {"getblockheader", 1, "verbose"},
        {"getrawtransaction", 1, "verbosity"},
        {"getrawtransaction", 1, "verbose"},
        {"createrawtransaction", 0, "inputs"},
        {"createrawtransaction", 1, "outputs"},
        {"createrawtransaction", 2, "locktime"},
        {"createrawtransaction", 3, "replaceable"},
        {"createrawtransaction", 4, "version"},
        {"decoderawtransaction", 1, "iswitness"},
        {"sendrawtransaction", 1, "maxfeerate"},
        {"sendrawtransaction", 2, "maxburnamount"},
        {"testmempoolaccept", 0, "rawtxs"},
        {"testmempoolaccept", 1, "maxfeerate"},
        {"gettxout", 1, "n"},
        {"gettxout", 2, "include_mempool"},
        {"gettxoutsetinfo", 1, "hash_or_height"},
        {"gettxoutsetinfo", 2, "use_index"},
        {"getrawmempool", 0, "verbose"},
        {"getrawmempool", 1, "mempool_sequence"},
        {"estimatesmartfee", 0, "conf_target"},
        {"prioritisetransaction", 1, "dummy"},
        {"prioritisetransaction", 2, "fee_delta"},
        {"setban", 2, "bantime"},
        {"setban", 3, "absolute"},
        {"setnetworkactive", 0, "state"},
        {"getmempoolancestors", 1, "verbose"},
        {"getmempooldescendants", 1, "verbose"},
        {"disconnectnode", 1, "nodeid"},
        {"echojson", 0, "arg0"},
        {"echojson", 1, "arg1"},
        {"echojson", 2, "arg2"},
        {"echojson", 3, "arg3"},
        {"echojson", 4, "arg4"},
        {"echojson", 5, "arg5"},
        {"echojson", 6, "arg6"},
        {"echojson", 7, "arg7"},
        {"echojson", 8, "arg8"},
        {"echojson", 9, "arg9"},
        {"stop", 0, "wait"},
        {"addnode", 2, "v2transport"},
        {"verifychain", 0, "checklevel"},
        {"verifychain", 1, "nblocks"},
    };
    const std::set<std::string> methods{"getblockchaininfo",
                                        "getblockcount",
                                        "getbestblockhash",
                                        "getblockhash",
                                        "getblock",
                                        "getblockheader",
                                        "getchaintips",
                                        "getdifficulty",
                                        "gettxout",
                                        "gettxoutsetinfo",
                                        "getrawtransaction",
                                        "decoderawtransaction",
                                        "decodescript",
                                        "createrawtransaction",
                                        "sendrawtransaction",
                                        "testmempoolaccept",
                                        "getrawmempool",
                                        "getmempoolinfo",
                                        "getmempoolentry",
                                        "getmempoolancestors",
                                        "getmempooldescendants",
                                        "generatetoaddress",
                                        "generateblock",
                                        "generatetodescriptor",
                                        "getblocktemplate",
                                        "submitblock",
                                        "submitheader",
                                        "getmininginfo",
                                        "getnetworkhashps",
                                        "prioritisetransaction",
                                        "scantxoutset",
                                        "validateaddress",
                                        "getdescriptorinfo",
                                        "estimatesmartfee",
                                        "invalidateblock",
                                        "reconsiderblock",
                                        "verifychain",
                                        "uptime",
                                        "stop",
                                        "getrpcinfo",
                                        "getpeerinfo",
                                        "getconnectioncount",
                                        "getnetworkinfo",
                                        "addnode",
                                        "disconnectnode",
                                        "setban",
                                        "listbanned",
                                        "clearbanned",
                                        "getnettotals",
                                        "ping",
                                        "setnetworkactive",
                                        "getaddednodeinfo",
                                        "createmultisig",
                                        "help",
                                        "echojson",
                                        "echo"};
    rpc::RpcTable table;
    rpc::RegisterAllRpcCommands(table);
    const rpc::RpcConversionTable conversions{table};
    std::set<Row> ours;
    for (const rpc::ConvertParam& param : conversions.Params()) {
        if (!methods.count(param.method) || param.format == rpc::ClientFormat::STRING) continue;
        ours.emplace(param.method, param.position, param.name);
    }
    for (const Row& row : core) {
        EXPECT_TRUE(ours.count(row)) << "missing: " << std::get<0>(row) << " " << std::get<1>(row) << " "
                                     << std::get<2>(row);
    }
    for (const Row& row : ours) {
        EXPECT_TRUE(core.count(row)) << "extra: " << std::get<0>(row) << " " << std::get<1>(row) << " "
                                     << std::get<2>(row);
    }
    EXPECT_EQ(conversions.FromName("gettxoutsetinfo", "hash_or_height")->format, rpc::ClientFormat::JSON_OR_STRING);
    std::printf("conversion table: %zu of Core's rows for %zu methods\n", core.size(), methods.size());
    for (const std::string& method : methods) EXPECT_NE(table.Find(method), nullptr) << method;
}

TEST(RpcConversionTableTest, EveryMethodHasHelp)
{
    rpc::RpcTable table;
    rpc::RegisterAllRpcCommands(table);
    size_t count = 0;
    for (const std::string& name : table.ListCommands()) {
        const std::string help = table.Help(name);
        EXPECT_EQ(help.rfind(name, 0), 0u) << name << ": " << help.substr(0, 200);
        EXPECT_EQ(help.find("Internal bug"), std::string::npos) << name;
        ++count;
    }
    std::printf("help: %zu methods\n", count);
    EXPECT_GE(count, 55u) << "hidden methods are not listed";
}

} // namespace
