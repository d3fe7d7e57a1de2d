// RpcMethod and RpcArg: construction checks, argument checks and typed argument access.
// The help text is produced in method_help.cpp.
#include <rpc/method.h>

#include <rpc/protocol.h>
#include <util/strings.h>

#include <map>
#include <stdexcept>

namespace rpc {

using util::JsonValue;

/**
 * A mistake in a method's description or handler (not in the request): thrown, so the
 * caller gets an error naming the bug instead of the process aborting, as Core's
 * CHECK_NONFATAL does. Release builds keep the check.
 */
static void CheckNonFatal(bool condition, const char* what)
{
    if (!condition) throw std::logic_error(std::string{"Internal bug detected: "} + what);
}

RpcArg::RpcArg(std::string names, Type type, Fallback fallback, std::string description, RpcArgOptions opts)
    : m_names(std::move(names)), m_type(type), m_fallback(std::move(fallback)), m_description(std::move(description)),
      m_opts(std::move(opts))
{
    CheckNonFatal(type != Type::ARR && type != Type::OBJ && type != Type::OBJ_NAMED_PARAMS &&
                      type != Type::OBJ_USER_KEYS,
                  "structured RPC arguments list their members");
}

RpcArg::RpcArg(std::string names, Type type, Fallback fallback, std::string description, std::vector<RpcArg> inner,
               RpcArgOptions opts)
    : m_names(std::move(names)), m_type(type), m_inner(std::move(inner)), m_fallback(std::move(fallback)),
      m_description(std::move(description)), m_opts(std::move(opts))
{
    CheckNonFatal(type == Type::ARR || type == Type::OBJ || type == Type::OBJ_NAMED_PARAMS ||
                      type == Type::OBJ_USER_KEYS,
                  "only structured RPC arguments have members");
}

bool RpcArg::IsOptional() const
{
    if (const auto* optional = std::get_if<Optional>(&m_fallback)) return *optional != Optional::NO;
    return true;
}

std::string RpcArg::GetFirstName() const { return m_names.substr(0, m_names.find('|')); }

std::string RpcArg::GetName() const
{
    CheckNonFatal(m_names.find('|') == std::string::npos, "GetName on an argument with aliases");
    return m_names;
}

const JsonValue* RpcArg::DefaultValue() const
{
    if (const auto* fallback = std::get_if<Default>(&m_fallback)) return &fallback->value;
    return nullptr;
}

ClientFormat RpcArg::GetClientFormat() const
{
    if (m_opts.client_format) return *m_opts.client_format;
    return m_type == Type::STR || m_type == Type::STR_HEX ? ClientFormat::STRING : ClientFormat::JSON;
}

/** The JSON type an argument type demands, or nullopt when the handler checks it. */
static std::optional<JsonValue::Type> ExpectedType(RpcArg::Type type)
{
    using T = RpcArg::Type;
    switch (type) {
    case T::STR_HEX:
    case T::STR:
        return JsonValue::Type::STR;
    case T::NUM:
        return JsonValue::Type::NUM;
    case T::AMOUNT: // a number or a string, checked where the amount is parsed
    case T::RANGE:  // a number or an array, checked where the range is parsed
        return std::nullopt;
    case T::BOOL:
        return JsonValue::Type::BOOL;
    case T::OBJ:
    case T::OBJ_NAMED_PARAMS:
    case T::OBJ_USER_KEYS:
        return JsonValue::Type::OBJ;
    case T::ARR:
        return JsonValue::Type::ARR;
    }
    return std::nullopt;
}

static std::string TypeMismatch(JsonValue::Type got, JsonValue::Type expected)
{
    return std::string{"JSON value of type "} + JsonTypeName(got) + " is not of expected type " +
           JsonTypeName(expected);
}

std::string RpcArg::MatchesType(const JsonValue& value) const
{
    if (m_opts.skip_type_check) return {};
    if (IsOptional() && value.IsNull()) return {};
    const auto expected = ExpectedType(m_type);
    if (!expected || *expected == value.GetType()) return {};
    return TypeMismatch(value.GetType(), *expected);
}

RpcResult::RpcResult(Type type, std::string key_name, std::string description, std::vector<RpcResult> inner)
    : m_type(type), m_key_name(std::move(key_name)), m_inner(std::move(inner)), m_description(std::move(description))
{}

RpcResult::RpcResult(Type type, std::string key_name, bool optional, std::string description,
                     std::vector<RpcResult> inner)
    : m_type(type), m_key_name(std::move(key_name)), m_inner(std::move(inner)), m_optional(optional),
      m_description(std::move(description))
{}

RpcResult::RpcResult(std::string cond, Type type, std::string key_name, std::string description,
                     std::vector<RpcResult> inner)
    : m_cond(std::move(cond)), m_type(type), m_key_name(std::move(key_name)), m_inner(std::move(inner)),
      m_description(std::move(description))
{}

void CheckType(const JsonValue& value, JsonValue::Type expected)
{
    if (value.GetType() != expected) throw RpcError(RPC_TYPE_ERROR, TypeMismatch(value.GetType(), expected));
}

const std::string& GetStrChecked(const JsonValue& value)
{
    CheckType(value, JsonValue::Type::STR);
    return value.GetStr();
}

int64_t GetIntChecked(const JsonValue& value)
{
    CheckType(value, JsonValue::Type::NUM);
    const auto number = value.GetInt64();
    if (!number) throw std::runtime_error("JSON integer out of range");
    return *number;
}

bool GetBoolChecked(const JsonValue& value)
{
    CheckType(value, JsonValue::Type::BOOL);
    return value.GetBool();
}

const JsonValue& RpcCall::Param(size_t i) const
{
    static const JsonValue null_value;
    const JsonValue& params = m_request.params;
    return i < params.size() ? params[i] : null_value;
}

const JsonValue* RpcCall::MaybeArg(std::string_view name) const
{
    const size_t index = m_method.GetParamIndex(name);
    const JsonValue& value = Param(index);
    if (!value.IsNull()) return &value;
    return m_method.Args()[index].DefaultValue();
}

const JsonValue& RpcCall::Arg(std::string_view name) const
{
    const RpcArg& arg = m_method.Args()[m_method.GetParamIndex(name)];
    // Arg is for required arguments and those with a default; the others use MaybeArg.
    CheckNonFatal(!arg.IsOptional() || arg.DefaultValue(), "Arg() on an optional argument without a default");
    const JsonValue* value = MaybeArg(name);
    CheckNonFatal(value != nullptr, "a required argument is missing after the count check");
    return *value;
}

int64_t RpcCall::ArgInt(std::string_view name) const { return GetIntChecked(Arg(name)); }
std::string RpcCall::ArgString(std::string_view name) const { return GetStrChecked(Arg(name)); }
bool RpcCall::ArgBool(std::string_view name) const { return GetBoolChecked(Arg(name)); }

std::optional<int64_t> RpcCall::MaybeArgInt(std::string_view name) const
{
    const JsonValue* value = MaybeArg(name);
    return value ? std::optional{GetIntChecked(*value)} : std::nullopt;
}

std::optional<std::string> RpcCall::MaybeArgString(std::string_view name) const
{
    const JsonValue* value = MaybeArg(name);
    return value ? std::optional{GetStrChecked(*value)} : std::nullopt;
}

std::optional<bool> RpcCall::MaybeArgBool(std::string_view name) const
{
    const JsonValue* value = MaybeArg(name);
    return value ? std::optional{GetBoolChecked(*value)} : std::nullopt;
}

RpcMethod::RpcMethod(std::string name, std::string description, std::vector<RpcArg> args, RpcResults results,
                     RpcExamples examples, Handler handler)
    : m_name(std::move(name)), m_description(std::move(description)), m_args(std::move(args)),
      m_results(std::move(results)), m_examples(std::move(examples)), m_handler(std::move(handler))
{
    // Parameter names must be unique; a named-only option may share a top-level name
    // only if it says also_positional. These are programming errors: registering such a method throws.
    enum : int { POSITIONAL = 1, NAMED = 2, NAMED_ONLY = 4 };
    std::map<std::string, int> seen;
    for (const RpcArg& arg : m_args) {
        for (const std::string& arg_name : util::SplitString(arg.m_names, '|')) {
            int& kind = seen[arg_name];
            CheckNonFatal(!(kind & POSITIONAL) && !(kind & NAMED_ONLY), "duplicate RPC parameter name");
            kind |= POSITIONAL;
        }
        if (arg.m_type == RpcArg::Type::OBJ_NAMED_PARAMS) {
            for (const RpcArg& inner : arg.m_inner) {
                for (const std::string& inner_name : util::SplitString(inner.m_names, '|')) {
                    int& kind = seen[inner_name];
                    CheckNonFatal(!(kind & POSITIONAL) || inner.m_opts.also_positional,
                                  "a named-only option shares a parameter's name without also_positional");
                    CheckNonFatal(!(kind & NAMED) && !(kind & NAMED_ONLY), "duplicate RPC option name");
                    kind |= inner.m_opts.also_positional ? NAMED : NAMED_ONLY;
                }
            }
        }
    }
}

bool RpcMethod::IsValidNumArgs(size_t count) const
{
    size_t required = 0;
    for (size_t n = m_args.size(); n > 0; --n) {
        if (!m_args[n - 1].IsOptional()) {
            required = n;
            break;
        }
    }
    return required <= count && count <= m_args.size();
}

JsonValue RpcMethod::HandleRequest(const JsonRpcRequest& request) const
{
    // Core answers a wrong argument count with the help text as the error message.
    if (!IsValidNumArgs(request.params.size())) throw RpcError(RPC_MISC_ERROR, ToString());
    JsonValue mismatch = JsonValue::Object();
    for (size_t i = 0; i < m_args.size(); ++i) {
        static const JsonValue null_value;
        const JsonValue& value = i < request.params.size() ? request.params[i] : null_value;
        std::string problem = m_args[i].MatchesType(value);
        if (!problem.empty()) {
            mismatch.PushKV("Position " + std::to_string(i + 1) + " (" + m_args[i].m_names + ")", std::move(problem));
        }
    }
    if (!mismatch.empty()) throw RpcError(RPC_TYPE_ERROR, "Wrong type passed:\n" + mismatch.Write(4));
    return m_handler(RpcCall{*this, request});
}

std::vector<std::pair<std::string, bool>> RpcMethod::GetArgNames() const
{
    std::vector<std::pair<std::string, bool>> names;
    for (const RpcArg& arg : m_args) {
        if (arg.m_type == RpcArg::Type::OBJ_NAMED_PARAMS) {
            for (const RpcArg& inner : arg.m_inner) names.emplace_back(inner.m_names, /*named_only=*/true);
        }
        names.emplace_back(arg.m_names, /*named_only=*/false);
    }
    return names;
}

JsonValue RpcMethod::GetArgMap() const
{
    JsonValue rows = JsonValue::Array();
    auto push_row = [&](size_t position, const std::string& name, RpcArg::Type type) {
        JsonValue row = JsonValue::Array();
        row.PushBack(m_name);
        row.PushBack(static_cast<int64_t>(position));
        row.PushBack(name);
        row.PushBack(type == RpcArg::Type::STR || type == RpcArg::Type::STR_HEX);
        rows.PushBack(std::move(row));
    };
    for (size_t i = 0; i < m_args.size(); ++i) {
        const RpcArg& arg = m_args[i];
        for (const std::string& name : util::SplitString(arg.m_names, '|')) {
            push_row(i, name, arg.m_type);
            if (arg.m_type != RpcArg::Type::OBJ_NAMED_PARAMS) continue;
            for (const RpcArg& inner : arg.m_inner) {
                for (const std::string& inner_name : util::SplitString(inner.m_names, '|')) {
                    push_row(i, inner_name, inner.m_type);
                }
            }
        }
    }
    return rows;
}

size_t RpcMethod::GetParamIndex(std::string_view name) const
{
    for (size_t i = 0; i < m_args.size(); ++i) {
        if (m_args[i].m_names == name) return i;
    }
    throw std::logic_error("Internal bug detected: " + m_name + " has no argument named " + std::string{name});
}

} // namespace rpc
