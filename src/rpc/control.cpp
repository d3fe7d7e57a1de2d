#include <rpc/control.h>

#include <rpc/protocol.h>
#include <rpc/table.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

/** The table serving this call (set by RpcTable::Execute). */
static const RpcTable& TableOf(const RpcCall& call)
{
    if (!call.Request().table) throw std::logic_error("Internal bug detected: request without its RPC table");
    return *call.Request().table;
}

RpcMethod HelpMethod()
{
    return RpcMethod{
        "help",
        "List all commands, or get help for a specified command.\n",
        {
            {"command", T::STR, RpcArg::DefaultHint{"all commands"}, "The command to get help on"},
        },
        {
            RpcResult{R::STR, "", "The help text"},
            RpcResult{R::ANY, "", ""},
        },
        RpcExamples{""},
        [](const RpcCall& call) -> JsonValue {
            const std::string command = call.MaybeArgString("command").value_or("");
            // Undocumented, for tests: the argument table bitnode-cli's conversions come from.
            if (command == "dump_all_command_conversions") return TableOf(call).DumpArgMap();
            return TableOf(call).Help(command);
        },
    };
}

RpcMethod StopMethod()
{
    static const std::string RESULT{"bitnode stopping"};
    return RpcMethod{
        "stop",
        "Request a graceful shutdown of bitnode.",
        {
            // Hidden: `stop 1000` answers after one second (for tests).
            {"wait", T::NUM, RpcArg::Optional::OMITTED, "how long to wait in ms", RpcArgOptions{.hidden = true}},
        },
        RpcResult{R::STR, "", "A string with the content '" + RESULT + "'"},
        RpcExamples{""},
        [](const RpcCall& call) -> JsonValue {
            const auto& shutdown = TableOf(call).Hooks().request_shutdown;
            if (!shutdown) throw RpcError(RPC_MISC_ERROR, "This server cannot be stopped over RPC");
            // The HTTP server finishes the requests in flight, so this reply still goes out.
            shutdown();
            if (const JsonValue& wait = call.Param(0); wait.IsNum()) {
                std::this_thread::sleep_for(std::chrono::milliseconds{GetIntChecked(wait)});
            }
            return RESULT;
        },
    };
}

RpcMethod UptimeMethod()
{
    return RpcMethod{
        "uptime",
        "Returns the total uptime of the server.\n",
        {},
        RpcResult{R::NUM, "", "The number of seconds that the server has been running"},
        RpcExamples{HelpExampleCli("uptime", "") + HelpExampleRpc("uptime", "")},
        [](const RpcCall& call) -> JsonValue {
            const RpcServerHooks& hooks = TableOf(call).Hooks();
            return hooks.now() - hooks.startup_time;
        },
    };
}

RpcMethod LoggingMethod()
{
    return RpcMethod{
        "logging",
        "Gets and sets the logging configuration.\n"
        "When called without an argument, returns the list of categories with status that are currently being debug "
        "logged or not.\n"
        "When called with arguments, adds or removes categories from debug logging and return the lists above.\n"
        "The arguments are evaluated in order \"include\", \"exclude\".\n"
        "If an item is both included and excluded, it will thus end up being excluded.\n"
        "The valid logging categories are those listed by calling it without arguments.\n"
        "In addition, the following are available as category names with special meanings:\n"
        "  - \"all\",  \"1\" : represent all logging categories.\n",
        {
            {"include",
             T::ARR,
             RpcArg::Optional::OMITTED,
             "The categories to add to debug logging",
             {
                 {"include_category", T::STR, RpcArg::Optional::OMITTED, "the valid logging category"},
             }},
            {"exclude",
             T::ARR,
             RpcArg::Optional::OMITTED,
             "The categories to remove from debug logging",
             {
                 {"exclude_category", T::STR, RpcArg::Optional::OMITTED, "the valid logging category"},
             }},
        },
        RpcResult{R::OBJ_DYN,
                  "",
                  "keys are the logging categories, and values indicates its status",
                  {
                      {R::BOOL, "category", "if being debug logged or not. false:inactive, true:active"},
                  }},
        RpcExamples{HelpExampleCli("logging", "\"[\\\"all\\\"]\" \"[\\\"http\\\"]\"") +
                    HelpExampleRpc("logging", "[\"all\"], [\"libevent\"]")},
        [](const RpcCall& call) -> JsonValue {
            const RpcServerHooks& hooks = TableOf(call).Hooks();
            if (!hooks.log_categories || !hooks.set_log_category) {
                throw RpcError(RPC_MISC_ERROR, "This server has no debug log to configure");
            }
            const auto apply = [&](const JsonValue& names, bool enable) {
                if (!names.IsArray()) return;
                for (size_t i = 0; i < names.size(); ++i) {
                    const std::string& name = names[i].GetStr();
                    if (name == "all" || name == "1") {
                        for (const auto& [category, on] : hooks.log_categories()) hooks.set_log_category(category, enable);
                    } else if (!hooks.set_log_category(name, enable)) {
                        throw RpcError(RPC_INVALID_PARAMETER, "unknown logging category " + name);
                    }
                }
            };
            apply(call.Param(0), true);
            apply(call.Param(1), false);
            JsonValue result = JsonValue::Object();
            for (const auto& [category, on] : hooks.log_categories()) result.PushKV(category, on);
            return result;
        },
    };
}

RpcMethod GetRpcInfoMethod()
{
    return RpcMethod{
        "getrpcinfo",
        "Returns details of the RPC server.\n",
        {},
        RpcResult{R::OBJ,
                  "",
                  "",
                  {
                      {R::ARR,
                       "active_commands",
                       "All active commands",
                       {
                           {R::OBJ,
                            "",
                            "Information about an active command",
                            {
                                {R::STR, "method", "The name of the RPC command"},
                                {R::NUM, "duration", "The running time in microseconds"},
                            }},
                       }},
                      {R::STR, "logpath", "The complete file path to the debug log"},
                  }},
        RpcExamples{HelpExampleCli("getrpcinfo", "") + HelpExampleRpc("getrpcinfo", "")},
        [](const RpcCall& call) -> JsonValue {
            const RpcTable& table = TableOf(call);
            const auto now = std::chrono::steady_clock::now();
            JsonValue active = JsonValue::Array();
            for (const RpcTable::ActiveCommand& command : table.ActiveCommands()) {
                JsonValue entry = JsonValue::Object();
                entry.PushKV("method", command.method);
                entry.PushKV("duration",
                             static_cast<int64_t>(
                                 std::chrono::duration_cast<std::chrono::microseconds>(now - command.start).count()));
                active.PushBack(std::move(entry));
            }
            JsonValue result = JsonValue::Object();
            result.PushKV("active_commands", std::move(active));
            result.PushKV("logpath", table.Hooks().log_path);
            return result;
        },
    };
}

RpcMethod EchoMethod(const std::string& name)
{
    std::vector<RpcArg> args;
    for (int i = 0; i < 10; ++i) {
        RpcArgOptions options{.skip_type_check = true};
        if (name == "echojson") options.client_format = ClientFormat::JSON;
        args.emplace_back("arg" + std::to_string(i), T::STR, RpcArg::Optional::OMITTED, "", options);
    }
    return RpcMethod{
        name,
        "Simply echo back the input arguments. This command is for testing.\n"
        "\nIt will return an internal bug report when arg9='trigger_internal_bug' is passed.\n"
        "\nThe difference between echo and echojson is that echojson has argument conversion enabled in the "
        "client-side table in bitnode-cli. There is no server-side difference.",
        std::move(args),
        RpcResult{R::ANY, "", "Returns whatever was passed in"},
        RpcExamples{""},
        [](const RpcCall& call) -> JsonValue {
            if (const JsonValue& last = call.Param(9); last.IsStr() && last.GetStr() == "trigger_internal_bug") {
                throw std::logic_error(
                    "Internal bug detected: request.params[9].get_str() != \"trigger_internal_bug\"");
            }
            return call.Request().params;
        },
    };
}

void RegisterControlRpcCommands(RpcTable& table)
{
    table.Register("control", GetRpcInfoMethod());
    table.Register("control", HelpMethod());
    table.Register("control", LoggingMethod());
    table.Register("control", StopMethod());
    table.Register("control", UptimeMethod());
    table.Register("hidden", EchoMethod("echo"));
    table.Register("hidden", EchoMethod("echojson"));
}

} // namespace rpc
