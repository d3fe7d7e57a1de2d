// How an RPC method is described and called (Core's RPCHelpMan).
//
// An RpcMethod holds a name, a description, its arguments (RpcArg: name, type,
// required/optional/default, description, nested members), its result shapes
// (RpcResult) and examples, plus the handler. From that one description come:
//   - the help text (`help <method>`, byte-for-byte Core's layout),
//   - the argument count and JSON type checks done before the handler runs, with Core's
//     messages ("Wrong type passed: ... JSON value of type string is not of expected
//     type number"),
//   - the names used to map named parameters to positions,
//   - the client-side conversion table (which positional arguments bitnode-cli parses
//     as JSON), see rpc/client.h.
// Adding a method: write a function returning an RpcMethod, add one line to a Register*
// function (rpc/register.h).
//
// Handlers read their arguments through RpcCall, which knows the defaults:
//     RpcMethod{"getblockhash", "Returns hash of block in best-block-chain at height provided.",
//               {{"height", RpcArg::Type::NUM, RpcArg::Optional::NO, "The height index"}},
//               RpcResult{RpcResult::Type::STR_HEX, "", "The block hash"},
//               RpcExamples{HelpExampleCli("getblockhash", "1000")},
//               [](const RpcCall& call) -> util::JsonValue { int64_t h = call.ArgInt("height"); ... }}
//
// Thread safety: an RpcMethod is immutable after construction; HandleRequest may run on
// many threads at once (the handler must be thread-safe).
#ifndef BITNODE_RPC_METHOD_H
#define BITNODE_RPC_METHOD_H

#include <rpc/request.h>
#include <util/json.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rpc {

/** How bitnode-cli passes a positional argument (Core's ParamFormat). */
enum class ClientFormat {
    JSON,           //!< parse as JSON; an error if it does not parse
    STRING,         //!< pass the text unchanged
    JSON_OR_STRING, //!< parse as JSON, fall back to the text (e.g. a hash or a height)
};

struct RpcArgOptions {
    bool skip_type_check{false};
    /** Overrides the argument's part of the one-line synopsis. */
    std::string oneline_description{};
    /** Two strings overriding the type shown in an object member and in the description. */
    std::vector<std::string> type_str{};
    /** Hidden from help, and so is every argument after it (for tests). */
    bool hidden{false};
    /** A named-only option (inside OBJ_NAMED_PARAMS) that may also be a top-level parameter. */
    bool also_positional{false};
    /** Overrides the format bitnode-cli uses (default: STRING for strings, JSON otherwise). */
    std::optional<ClientFormat> client_format{};
};

struct RpcArg {
    enum class Type {
        OBJ,
        ARR,
        STR,
        NUM,
        BOOL,
        OBJ_NAMED_PARAMS, //!< an options object whose members may also be passed by name
        OBJ_USER_KEYS,    //!< an object whose keys the user chooses
        AMOUNT,           //!< a number or a string
        STR_HEX,
        RANGE, //!< a number or a [begin, end] pair
    };
    enum class Optional {
        NO,      //!< required
        OMITTED, //!< optional, with no default the handler would see
    };
    /** Optional, with a default described in words ("all commands"). */
    struct DefaultHint {
        std::string text;
    };
    /** Optional, with a default value the handler receives when the argument is omitted. */
    struct Default {
        util::JsonValue value;
    };
    using Fallback = std::variant<Optional, DefaultHint, Default>;

    std::string m_names; //!< "name", or "name|alias"
    Type m_type;
    std::vector<RpcArg> m_inner; //!< members of OBJ/ARR/OBJ_NAMED_PARAMS/OBJ_USER_KEYS
    Fallback m_fallback;
    std::string m_description;
    RpcArgOptions m_opts;

    RpcArg(std::string names, Type type, Fallback fallback, std::string description, RpcArgOptions opts = {});
    RpcArg(std::string names, Type type, Fallback fallback, std::string description, std::vector<RpcArg> inner,
           RpcArgOptions opts = {});

    bool IsOptional() const;
    /** The first of the names. */
    std::string GetFirstName() const;
    /** The only name (asserted). */
    std::string GetName() const;
    /** The default value, if the argument has one. */
    const util::JsonValue* DefaultValue() const;
    /** The format bitnode-cli uses for this argument. */
    ClientFormat GetClientFormat() const;

    /** Empty if `value` is acceptable, else Core's message about its type. */
    std::string MatchesType(const util::JsonValue& value) const;

    // Help text pieces (method_help.cpp).
    std::string ToString(bool oneline) const;
    std::string ToStringObj(bool oneline) const;
    std::string ToDescriptionString(bool is_named_arg) const;
};

struct RpcResult {
    enum class Type {
        OBJ,
        ARR,
        STR,
        NUM,
        BOOL,
        NONE,
        ANY,        //!< not shown in help (for tests)
        STR_AMOUNT, //!< an amount printed as a number
        STR_HEX,
        OBJ_DYN,   //!< an object whose keys vary
        ARR_FIXED, //!< an array of fixed length
        NUM_TIME,  //!< a UNIX timestamp
        ELISION,   //!< "..." standing for something described elsewhere
    };

    std::string m_cond; //!< when this shape applies ("for verbose = true"), or empty
    Type m_type;
    std::string m_key_name;
    std::vector<RpcResult> m_inner;
    bool m_optional{false};
    std::string m_description;

    RpcResult(Type type, std::string key_name, std::string description, std::vector<RpcResult> inner = {});
    RpcResult(Type type, std::string key_name, bool optional, std::string description,
              std::vector<RpcResult> inner = {});
    RpcResult(std::string cond, Type type, std::string key_name, std::string description,
              std::vector<RpcResult> inner = {});
};

struct RpcResults {
    std::vector<RpcResult> m_results;
    RpcResults(RpcResult result) : m_results{std::move(result)} {}
    RpcResults(std::initializer_list<RpcResult> results) : m_results{results} {}
};

struct RpcExamples {
    std::string m_examples;
    explicit RpcExamples(std::string examples) : m_examples(std::move(examples)) {}
};

/** "> bitnode-cli <method> <args>\n" */
std::string HelpExampleCli(const std::string& method, const std::string& args);
/** "> bitnode-cli -named <method> name=value ...\n" */
std::string HelpExampleCliNamed(const std::string& method,
                                const std::vector<std::pair<std::string, util::JsonValue>>& args);
/** A curl line posting a JSON-RPC 2.0 request with positional params. */
std::string HelpExampleRpc(const std::string& method, const std::string& args);
std::string HelpExampleRpcNamed(const std::string& method,
                                const std::vector<std::pair<std::string, util::JsonValue>>& args);

class RpcMethod;

/** One call of a method: the request and typed access to its (defaulted) arguments. */
class RpcCall
{
public:
    RpcCall(const RpcMethod& method, const JsonRpcRequest& request) : m_method(method), m_request(request) {}

    const JsonRpcRequest& Request() const { return m_request; }
    /** Argument i as sent (null if not sent). */
    const util::JsonValue& Param(size_t i) const;

    /** The argument, or its default; nullptr if it was omitted and has no default. */
    const util::JsonValue* MaybeArg(std::string_view name) const;
    /** A required argument or one with a default (asserted). */
    const util::JsonValue& Arg(std::string_view name) const;

    // Typed access; a value of the wrong type throws RpcError(RPC_TYPE_ERROR) with
    // Core's message, a non-integer where an integer is needed throws "JSON integer out
    // of range" (RPC_MISC_ERROR), as UniValue's getInt does.
    int64_t ArgInt(std::string_view name) const;
    std::string ArgString(std::string_view name) const;
    bool ArgBool(std::string_view name) const;
    std::optional<int64_t> MaybeArgInt(std::string_view name) const;
    std::optional<std::string> MaybeArgString(std::string_view name) const;
    std::optional<bool> MaybeArgBool(std::string_view name) const;

private:
    const RpcMethod& m_method;
    const JsonRpcRequest& m_request;
};

/** Type checks that throw Core's RPC_TYPE_ERROR message, for values inside arguments. */
const std::string& GetStrChecked(const util::JsonValue& value);
int64_t GetIntChecked(const util::JsonValue& value);
bool GetBoolChecked(const util::JsonValue& value);
void CheckType(const util::JsonValue& value, util::JsonValue::Type expected);

class RpcMethod
{
public:
    using Handler = std::function<util::JsonValue(const RpcCall& call)>;

    RpcMethod(std::string name, std::string description, std::vector<RpcArg> args, RpcResults results,
              RpcExamples examples, Handler handler);

    const std::string& Name() const { return m_name; }
    const std::vector<RpcArg>& Args() const { return m_args; }

    /**
     * Check the argument count (a wrong count answers the help text as RPC_MISC_ERROR, as
     * Core does) and types, then run the handler. params must be positional here.
     */
    util::JsonValue HandleRequest(const JsonRpcRequest& request) const;

    /** The full help text. */
    std::string ToString() const;
    /** True if a call with this many positional parameters is acceptable. */
    bool IsValidNumArgs(size_t count) const;
    /** Each parameter's name pattern ("a|b") and whether it is named-only, in position order. */
    std::vector<std::pair<std::string, bool>> GetArgNames() const;
    /** [method, position, name, is_string] rows (Core's dumpArgMap). */
    util::JsonValue GetArgMap() const;
    /** Index of the argument with this exact name (asserted to exist). */
    size_t GetParamIndex(std::string_view name) const;

private:
    std::string m_name;
    std::string m_description;
    std::vector<RpcArg> m_args;
    RpcResults m_results;
    RpcExamples m_examples;
    Handler m_handler;
};

} // namespace rpc

#endif // BITNODE_RPC_METHOD_H
