// The RPC framework without HTTP: request parsing, reply objects, named parameters (Core's
// rpc_tests vectors), argument checks and their messages, help text, the conversion
// table bitnode-cli uses.
#include <rpc/client.h>
#include <rpc/control.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/table.h>
#include <util/json.h>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using rpc::RpcArg;
using rpc::RpcResult;
using util::JsonValue;

namespace {

JsonValue Json(std::string_view text)
{
    auto parsed = util::ParseJson(text);
    EXPECT_TRUE(parsed) << text;
    return parsed ? *parsed : JsonValue{};
}

/** The RpcError a callable throws, as {"code":..,"message":..} text; "" if none. */
template <typename F>
std::string ErrorOf(F&& f)
{
    try {
        f();
    } catch (const rpc::RpcError& e) {
        return e.ToJson().Write();
    }
    return "";
}

TEST(JsonRpcRequest, ParsesCoreDialects)
{
    rpc::JsonRpcRequest request;
    request.Parse(Json(R"({"method":"getblockcount","id":7})"));
    EXPECT_EQ(request.method, "getblockcount");
    EXPECT_EQ(request.params, JsonValue::Array()) << "missing params become []";
    EXPECT_EQ(request.json_version, rpc::JsonRpcVersion::V1_LEGACY);
    EXPECT_EQ(request.id->Write(), "7");
    EXPECT_FALSE(request.IsNotification());

    request.Parse(Json(R"({"jsonrpc":"2.0","method":"m","params":{"a":1}})"));
    EXPECT_EQ(request.json_version, rpc::JsonRpcVersion::V2);
    EXPECT_FALSE(request.id.has_value());
    EXPECT_TRUE(request.IsNotification());

    request.Parse(Json(R"({"jsonrpc":"1.0","method":"m","params":null})"));
    EXPECT_EQ(request.json_version, rpc::JsonRpcVersion::V1_LEGACY);
    EXPECT_FALSE(request.IsNotification()) << "1.0 requests without id still get replies";

    const std::pair<const char*, const char*> bad[] = {
        {"[]", R"({"code":-32600,"message":"Invalid Request object"})"},
        {R"({"id":1})", R"({"code":-32600,"message":"Missing method"})"},
        {R"({"method":5})", R"({"code":-32600,"message":"Method must be a string"})"},
        {R"({"method":"m","params":"x"})", R"({"code":-32600,"message":"Params must be an array or object"})"},
        {R"({"method":"m","jsonrpc":2})", R"({"code":-32600,"message":"jsonrpc field must be a string"})"},
        {R"({"method":"m","jsonrpc":"3.0"})", R"({"code":-32600,"message":"JSON-RPC version not supported"})"},
    };
    for (const auto& [text, error] : bad) {
        rpc::JsonRpcRequest r;
        const JsonValue value = Json(text);
        EXPECT_EQ(ErrorOf([&] { r.Parse(value); }), error) << text;
    }
}

TEST(JsonRpcRequest, ReplyObjectsOfBothVersions)
{
    const JsonValue error = rpc::JsonRpcErrorObj(-1, "oops");
    EXPECT_EQ(rpc::JsonRpcReplyObj(5, JsonValue{}, JsonValue{1}, rpc::JsonRpcVersion::V1_LEGACY).Write(),
              R"({"result":5,"error":null,"id":1})");
    EXPECT_EQ(rpc::JsonRpcReplyObj(JsonValue{}, error, JsonValue{1}, rpc::JsonRpcVersion::V1_LEGACY).Write(),
              R"({"result":null,"error":{"code":-1,"message":"oops"},"id":1})");
    EXPECT_EQ(rpc::JsonRpcReplyObj(5, JsonValue{}, JsonValue{"a"}, rpc::JsonRpcVersion::V2).Write(),
              R"({"jsonrpc":"2.0","result":5,"id":"a"})");
    EXPECT_EQ(rpc::JsonRpcReplyObj(JsonValue{}, error, std::nullopt, rpc::JsonRpcVersion::V2).Write(),
              R"({"jsonrpc":"2.0","error":{"code":-1,"message":"oops"}})");
    EXPECT_EQ(rpc::JsonRpcRequestObj("uptime", JsonValue::Array(), 1).Write(),
              R"({"method":"uptime","params":[],"id":1,"jsonrpc":"2.0"})");

    const auto batch = rpc::JsonRpcProcessBatchReply(Json(R"([{"id":1,"result":"b"},{"id":0,"result":"a"}])"));
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch[0].Find("result")->GetStr(), "a");
    EXPECT_THROW(rpc::JsonRpcProcessBatchReply(Json(R"([{"id":2}])")), std::runtime_error);
    EXPECT_THROW(rpc::JsonRpcProcessBatchReply(Json(R"({})")), std::runtime_error);
}

TEST(RpcTable, NamedParametersAsCore)
{
    // Core's rpc_tests/rpc_namedparams.
    const std::vector<std::pair<std::string, bool>> names{
        {"arg1", false}, {"arg2", false}, {"arg3", false}, {"arg4", false}, {"arg5", false}};
    auto transform = [&](std::string_view text) { return rpc::TransformNamedArguments(Json(text), names).Write(); };
    EXPECT_EQ(transform(R"({"arg2": 2, "arg4": 4})"), "[null,2,null,4]");
    EXPECT_EQ(ErrorOf([&] { transform(R"({"arg2": 2, "arg2": 4})"); }),
              R"({"code":-8,"message":"Parameter arg2 specified multiple times"})");
    EXPECT_EQ(transform(R"({"arg5": 5, "args": [1, 2], "arg4": 4})"), "[1,2,null,4,5]");
    EXPECT_EQ(ErrorOf([&] { transform(R"({"arg2": 2, "unknown": 6})"); }),
              R"({"code":-8,"message":"Unknown named parameter unknown"})");
    EXPECT_EQ(ErrorOf([&] { transform(R"({"args": [1,2,3], "arg4": 4, "arg2": 2})"); }),
              R"({"code":-8,"message":"Parameter arg2 specified twice both as positional and named argument"})");
    EXPECT_EQ(transform(R"({"args": [1,2,3,4,5,6,7,8,9,10]})"), "[1,2,3,4,5,6,7,8,9,10]");

    // Core's rpc_tests/rpc_namedonlyparams.
    const std::vector<std::pair<std::string, bool>> only{
        {"arg1", false}, {"arg2", false}, {"opt1", true}, {"opt2", true}, {"options", false}};
    auto transform_only = [&](std::string_view text) { return rpc::TransformNamedArguments(Json(text), only).Write(); };
    EXPECT_EQ(transform_only(R"({"arg1": 1, "arg2": 2})"), "[1,2]");
    EXPECT_EQ(transform_only(R"({"arg1": 1, "arg2": 2, "opt1": 10, "opt2": 20})"), R"([1,2,{"opt1":10,"opt2":20}])");
    EXPECT_EQ(transform_only(R"({"arg1": 1, "arg2": 2, "options":{"opt1": 10, "opt2": 20}})"),
              R"([1,2,{"opt1":10,"opt2":20}])");
    EXPECT_EQ(ErrorOf([&] { transform_only(R"({"arg1": 1, "arg2": 2, "opt1": 10, "options":{"opt1": 10}})"); }),
              R"({"code":-8,"message":"Parameter options conflicts with parameter opt1"})");
    EXPECT_EQ(ErrorOf([&] { transform_only(R"({"args": [1, 2, {"opt1": 10}], "opt2": 20})"); }),
              R"({"code":-8,"message":"Parameter options specified twice both as positional and named argument"})");

    // Aliases: the first name that is present wins.
    EXPECT_EQ(rpc::TransformNamedArguments(Json(R"({"b": 1})"), {{"a|b", false}}).Write(), "[1]");
}

/** A method with one argument of each kind, answering with its params. */
rpc::RpcMethod ProbeMethod()
{
    return rpc::RpcMethod{
        "probe",
        "Checks arguments.",
        {
            {"height", RpcArg::Type::NUM, RpcArg::Optional::NO, "A height"},
            {"label", RpcArg::Type::STR, RpcArg::Default{"none"}, "A label",
             rpc::RpcArgOptions{.client_format = rpc::ClientFormat::STRING}},
            {"verbose", RpcArg::Type::BOOL, RpcArg::Default{false}, "Talk more"},
            {"amount", RpcArg::Type::AMOUNT, RpcArg::Optional::OMITTED, "An amount"},
        },
        RpcResult{RpcResult::Type::ANY, "", ""},
        rpc::RpcExamples{""},
        [](const rpc::RpcCall& call) -> JsonValue {
            JsonValue out = JsonValue::Object();
            out.PushKV("height", call.ArgInt("height"));
            out.PushKV("label", call.ArgString("label"));
            out.PushKV("verbose", call.ArgBool("verbose"));
            out.PushKV("amount_given", call.MaybeArg("amount") != nullptr);
            return out;
        },
    };
}

class RpcTableTest : public ::testing::Test
{
protected:
    RpcTableTest()
    {
        rpc::RegisterControlRpcCommands(m_table);
        m_table.Register("test", ProbeMethod());
        m_table.SetWarmupFinished();
    }

    JsonValue Call(std::string_view method, std::string_view params)
    {
        rpc::JsonRpcRequest request;
        request.method = std::string{method};
        request.params = Json(params);
        return m_table.Execute(request);
    }

    std::string CallError(std::string_view method, std::string_view params)
    {
        return ErrorOf([&] { Call(method, params); });
    }

    rpc::RpcTable m_table;
};

TEST_F(RpcTableTest, ChecksArgumentsWithCoreMessages)
{
    EXPECT_EQ(Call("probe", "[5]").Write(), R"({"height":5,"label":"none","verbose":false,"amount_given":false})");
    EXPECT_EQ(Call("probe", R"({"height":5,"verbose":true,"amount":"0.1"})").Write(),
              R"({"height":5,"label":"none","verbose":true,"amount_given":true})");
    EXPECT_EQ(
        CallError("probe", R"(["5"])"),
        R"({"code":-3,"message":"Wrong type passed:\n{\n    \"Position 1 (height)\": \"JSON value of type string is not of expected type number\"\n}"})");
    EXPECT_EQ(
        CallError("probe", R"([5, 1, "x"])"),
        R"({"code":-3,"message":"Wrong type passed:\n{\n    \"Position 2 (label)\": \"JSON value of type number is not of expected type string\",\n    \"Position 3 (verbose)\": \"JSON value of type string is not of expected type bool\"\n}"})");
    EXPECT_EQ(CallError("probe", "[1.5]"), R"({"code":-1,"message":"JSON integer out of range"})");
    EXPECT_EQ(CallError("probe", R"({"height":1,"bogus":2})"),
              R"({"code":-8,"message":"Unknown named parameter bogus"})");
    EXPECT_EQ(CallError("nosuchmethod", "[]"), R"({"code":-32601,"message":"Method not found"})");

    // A wrong count answers the help text, as Core does.
    const std::string no_args = CallError("probe", "[]");
    EXPECT_NE(no_args.find(R"("code":-1)"), std::string::npos);
    EXPECT_NE(no_args.find("probe height ( \\\"label\\\" verbose amount )"), std::string::npos) << no_args;
    EXPECT_NE(CallError("probe", "[1,2,3,4,5]").find("probe height"), std::string::npos);
}

TEST_F(RpcTableTest, WarmupRefusesEveryCall)
{
    rpc::RpcTable table;
    rpc::RegisterControlRpcCommands(table);
    rpc::JsonRpcRequest request;
    request.method = "uptime";
    EXPECT_EQ(ErrorOf([&] { table.Execute(request); }), R"({"code":-28,"message":"RPC server started"})");
    table.SetWarmupStatus("Loading block index…");
    std::string status;
    EXPECT_TRUE(table.IsInWarmup(&status));
    EXPECT_EQ(status, "Loading block index…");
    table.SetWarmupFinished();
    EXPECT_TRUE(table.Execute(request).IsNum());
}

TEST_F(RpcTableTest, HelpTextMatchesCoreLayout)
{
    EXPECT_EQ(Call("help", R"(["uptime"])").GetStr(),
              "uptime\n"
              "\n"
              "Returns the total uptime of the server.\n"
              "\n"
              "Result:\n"
              "n    (numeric) The number of seconds that the server has been running\n"
              "\n"
              "Examples:\n"
              "> bitnode-cli uptime \n"
              "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": "
              "\"uptime\", \"params\": []}' -H 'content-type: application/json' http://127.0.0.1:18443/\n");
    EXPECT_EQ(Call("help", R"(["help"])").GetStr(),
              "help ( \"command\" )\n"
              "\n"
              "List all commands, or get help for a specified command.\n"
              "\n"
              "Arguments:\n"
              "1. command    (string, optional, default=all commands) The command to get help on\n"
              "\n"
              "Result:\n"
              "\"str\"    (string) The help text\n");
    EXPECT_EQ(Call("help", R"(["stop"])").GetStr(),
              "stop\n\nRequest a graceful shutdown of bitnode.\n\nResult:\n"
              "\"str\"    (string) A string with the content 'bitnode stopping'\n")
        << "the hidden wait argument stays out of the help";
    EXPECT_EQ(Call("help", R"(["getrpcinfo"])").GetStr(),
              "getrpcinfo\n"
              "\n"
              "Returns details of the RPC server.\n"
              "\n"
              "Result:\n"
              "{                          (json object)\n"
              "  \"active_commands\" : [    (json array) All active commands\n"
              "    {                      (json object) Information about an active command\n"
              "      \"method\" : \"str\",    (string) The name of the RPC command\n"
              "      \"duration\" : n       (numeric) The running time in microseconds\n"
              "    },\n"
              "    ...\n"
              "  ],\n"
              "  \"logpath\" : \"str\"        (string) The complete file path to the debug log\n"
              "}\n"
              "\n"
              "Examples:\n"
              "> bitnode-cli getrpcinfo \n"
              "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": "
              "\"getrpcinfo\", \"params\": []}' -H 'content-type: application/json' http://127.0.0.1:18443/\n");

    // The listing: categories in order, first lines only, hidden methods left out.
    EXPECT_EQ(Call("help", "[]").GetStr(), "== Control ==\n"
                                           "getrpcinfo\n"
                                           "help ( \"command\" )\n"
                                           "logging ( [\"include_category\",...] [\"exclude_category\",...] )\n"
                                           "stop\n"
                                           "uptime\n"
                                           "\n"
                                           "== Test ==\n"
                                           "probe height ( \"label\" verbose amount )");
    EXPECT_EQ(Call("help", R"(["nonexistent"])").GetStr(), "help: unknown command: nonexistent");
    EXPECT_NE(Call("help", R"(["echo"])").GetStr().find("Simply echo back"), std::string::npos)
        << "hidden methods still have help by name";
}

TEST_F(RpcTableTest, HelpOfStructuredArguments)
{
    rpc::RpcTable table;
    table.Register("test", rpc::RpcMethod{
                               "send",
                               "Sends.",
                               {
                                   {"outputs",
                                    RpcArg::Type::ARR,
                                    RpcArg::Optional::NO,
                                    "The outputs",
                                    {
                                        {"",
                                         RpcArg::Type::OBJ_USER_KEYS,
                                         RpcArg::Optional::OMITTED,
                                         "",
                                         {
                                             {"address", RpcArg::Type::AMOUNT, RpcArg::Optional::NO, "An amount"},
                                         }},
                                    }},
                                   {"options",
                                    RpcArg::Type::OBJ_NAMED_PARAMS,
                                    RpcArg::Optional::OMITTED,
                                    "",
                                    {
                                        {"fee_rate", RpcArg::Type::AMOUNT, RpcArg::DefaultHint{"not set"}, "Fee rate"},
                                        {"replaceable", RpcArg::Type::BOOL, RpcArg::Default{true}, "BIP125"},
                                    }},
                               },
                               RpcResult{RpcResult::Type::STR_HEX, "txid", "The id"},
                               rpc::RpcExamples{""},
                               [](const rpc::RpcCall&) -> JsonValue { return {}; },
                           });
    EXPECT_EQ(table.Find("send")->ToString(),
              "send [{\"address\":amount,...},...] ( {\"fee_rate\":amount,\"replaceable\":bool,...} )\n"
              "\n"
              "Sends.\n"
              "\n"
              "Arguments:\n"
              "1. outputs                     (json array, required) The outputs\n"
              "     [\n"
              "       {                       (json object)\n"
              "         \"address\": amount,    (numeric or string, required) An amount\n"
              "         ...\n"
              "       },\n"
              "       ...\n"
              "     ]\n"
              "2. options                     (json object, optional) Options object that can be used to pass named "
              "arguments, listed below.\n"
              "\n"
              "Named Arguments:\n"
              "fee_rate       (numeric or string, optional, default=not set) Fee rate\n"
              "replaceable    (boolean, optional, default=true) BIP125\n"
              "\n"
              "Result:\n"
              "\"hex\"    (string) The id\n");
    const JsonValue map = table.DumpArgMap();
    EXPECT_EQ(
        map.Write(),
        R"([["send",0,"outputs",false],["send",1,"options",false],["send",1,"fee_rate",false],["send",1,"replaceable",false]])");
}

TEST_F(RpcTableTest, ControlMethods)
{
    EXPECT_EQ(Call("echo", R"(["a", 1, {"x":[true]}])").Write(), R"(["a",1,{"x":[true]}])");
    EXPECT_EQ(Call("echojson", "[]").Write(), "[]");
    EXPECT_EQ(CallError("echo", R"([0,1,2,3,4,5,6,7,8,"trigger_internal_bug"])").substr(0, 46),
              R"({"code":-1,"message":"Internal bug detected: r)");
    const JsonValue info = Call("getrpcinfo", "[]");
    ASSERT_EQ(info.Find("active_commands")->size(), 1u) << "getrpcinfo sees itself";
    EXPECT_EQ((*info.Find("active_commands"))[0].Find("method")->GetStr(), "getrpcinfo");
    EXPECT_TRUE(info.Find("logpath")->IsStr());
    EXPECT_GE(Call("uptime", "[]").GetInt64().value_or(-1), 0);
    EXPECT_EQ(CallError("stop", "[]"), R"({"code":-1,"message":"This server cannot be stopped over RPC"})");
    const JsonValue conversions = Call("help", R"(["dump_all_command_conversions"])");
    EXPECT_TRUE(conversions.IsArray());
    EXPECT_GT(conversions.size(), 20u);
}

TEST(RpcTableHooks, UptimeAndStopUseTheHooks)
{
    int64_t now = 1000;
    int shutdowns = 0;
    rpc::RpcTable table{rpc::RpcServerHooks{.request_shutdown = [&] { ++shutdowns; },
                                            .now = [&] { return now; },
                                            .startup_time = 900,
                                            .log_path = "/tmp/debug.log",
                                            .log_categories = {},
                                            .set_log_category = {}}};
    rpc::RegisterControlRpcCommands(table);
    table.SetWarmupFinished();
    rpc::JsonRpcRequest request;
    request.method = "uptime";
    EXPECT_EQ(table.Execute(request).Write(), "100");
    now = 1234;
    EXPECT_EQ(table.Execute(request).Write(), "334");
    request.method = "stop";
    EXPECT_EQ(table.Execute(request).GetStr(), "bitnode stopping");
    EXPECT_EQ(shutdowns, 1);
    request.method = "getrpcinfo";
    EXPECT_EQ(table.Execute(request).Find("logpath")->GetStr(), "/tmp/debug.log");
}

TEST(RpcTableHooks, LoggingIncludesThenExcludes)
{
    std::map<std::string, bool> categories{{"mempool", false}, {"net", true}, {"rpc", false}};
    rpc::RpcServerHooks hooks;
    hooks.log_categories = [&] { return std::vector<std::pair<std::string, bool>>(categories.begin(), categories.end()); };
    hooks.set_log_category = [&](const std::string& name, bool enable) {
        const auto it = categories.find(name);
        if (it == categories.end()) return false;
        it->second = enable;
        return true;
    };
    rpc::RpcTable table{std::move(hooks)};
    rpc::RegisterControlRpcCommands(table);
    table.SetWarmupFinished();
    const auto call = [&](const char* params) {
        rpc::JsonRpcRequest request;
        request.method = "logging";
        request.params = *util::ParseJson(params);
        return table.Execute(request).Write();
    };
    EXPECT_EQ(call("[]"), R"({"mempool":false,"net":true,"rpc":false})");
    // Include first, then exclude: a category in both ends up off (Core's order).
    EXPECT_EQ(call(R"([["mempool","rpc"],["rpc","net"]])"), R"({"mempool":true,"net":false,"rpc":false})");
    EXPECT_EQ(call(R"([["all"]])"), R"({"mempool":true,"net":true,"rpc":true})");
    EXPECT_EQ(call(R"([[],["1"]])"), R"({"mempool":false,"net":false,"rpc":false})");
    try {
        call(R"([["nosuch"]])");
        ADD_FAILURE() << "an unknown category must be refused";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.ToJson().Write(), R"({"code":-8,"message":"unknown logging category nosuch"})");
    }

    // A server without a debug log says so.
    rpc::RpcTable bare;
    rpc::RegisterControlRpcCommands(bare);
    bare.SetWarmupFinished();
    rpc::JsonRpcRequest request;
    request.method = "logging";
    EXPECT_THROW(bare.Execute(request), rpc::RpcError);
}

TEST_F(RpcTableTest, ClientConversionTableComesFromTheMethods)
{
    const rpc::RpcConversionTable conversions{m_table};
    // Every argument of every method is in the table, with its client format.
    size_t args = 0;
    for (const rpc::RpcMethod* method : m_table.Methods()) args += method->Args().size();
    EXPECT_EQ(conversions.Params().size(), args);
    ASSERT_TRUE(conversions.FromPosition("stop", 0));
    EXPECT_EQ(conversions.FromPosition("stop", 0)->format, rpc::ClientFormat::JSON);
    EXPECT_EQ(conversions.FromName("help", "command")->format, rpc::ClientFormat::STRING);
    EXPECT_EQ(conversions.FromPosition("echo", 3)->format, rpc::ClientFormat::STRING);
    EXPECT_EQ(conversions.FromPosition("echojson", 3)->format, rpc::ClientFormat::JSON);

    EXPECT_EQ(conversions.ConvertValues("echo", {"1", "[2]", "x"}).Write(), R"(["1","[2]","x"])");
    EXPECT_EQ(conversions.ConvertValues("echojson", {"1", "[2]", "{\"a\":null}"}).Write(), R"([1,[2],{"a":null}])");
    EXPECT_THROW(conversions.ConvertValues("echojson", {"not json"}), std::runtime_error);
    EXPECT_EQ(conversions.ConvertValues("probe", {"7", "lbl", "true"}).Write(), R"([7,"lbl",true])");
    EXPECT_EQ(conversions.ConvertValues("unknownmethod", {"7"}).Write(), R"(["7"])");

    EXPECT_EQ(conversions.ConvertNamedValues("probe", {"height=7", "verbose=true"}).Write(),
              R"({"height":7,"verbose":true})");
    EXPECT_EQ(conversions.ConvertNamedValues("probe", {"7", "verbose=true", "verbose=false"}).Write(),
              R"({"verbose":false,"args":[7]})");
    // "a=b" with an unknown name is a positional string only where the method says a
    // string may contain '=' (Core lists those parameters); elsewhere it is a name.
    EXPECT_EQ(conversions.ConvertNamedValues("probe", {"7", "my=label"}).Write(), R"({"args":[7,"my=label"]})");
    EXPECT_EQ(conversions.ConvertNamedValues("help", {"my=thing"}).Write(), R"({"my":"thing"})");
    EXPECT_EQ(conversions.ConvertNamedValues("echojson", {R"({"k=v":1})"}).Write(), R"({"args":[{"k=v":1}]})");

    // And the server maps what the client produced back to positions.
    EXPECT_EQ(Call("probe", conversions.ConvertNamedValues("probe", {"7", "verbose=true"}).Write()).Write(),
              R"({"height":7,"label":"none","verbose":true,"amount_given":false})");
}

TEST(RpcClient, DefaultPortsAsCore)
{
    EXPECT_EQ(rpc::DefaultRpcPort("main"), 8332);
    EXPECT_EQ(rpc::DefaultRpcPort("test"), 18332);
    EXPECT_EQ(rpc::DefaultRpcPort("testnet4"), 48332);
    EXPECT_EQ(rpc::DefaultRpcPort("signet"), 38332);
    EXPECT_EQ(rpc::DefaultRpcPort("regtest"), 18443);
}

} // namespace
