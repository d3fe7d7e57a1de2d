// The help text of an RpcMethod, laid out exactly as Core's RPCHelpMan::ToString:
//
//   <name> <arg> ( <optional args> )
//
//   <description>
//
//   Arguments:
//   1. <name>    (<type>, required|optional[, default=...]) <description>
//        <members of structured arguments, aligned>
//
//   Result:
//   <result shape, aligned>
//
//   Examples:
//   <examples>
//
// Left columns are padded to the widest left column plus four spaces; continuation lines
// of a description are indented to that column.
#include <rpc/method.h>

#include <util/strings.h>

#include <algorithm>
#include <stdexcept>

namespace rpc {

using util::JsonValue;

namespace {

/** A left column (a name or a brace) and a right column (its description). */
struct Section {
    std::string left;
    std::string right;
};

enum class OuterType { ARR, OBJ, NONE };

struct Sections {
    std::vector<Section> sections;
    size_t max_pad{0};

    void PushSection(Section section)
    {
        max_pad = std::max(max_pad, section.left.size());
        sections.push_back(std::move(section));
    }

    /** The nested members of a structured argument (scalars add nothing at top level). */
    void Push(const RpcArg& arg, size_t indent_size = 5, OuterType outer = OuterType::NONE)
    {
        const std::string indent(indent_size, ' ');
        const std::string indent_next(indent_size + 2, ' ');
        const bool push_name = outer == OuterType::OBJ;
        const bool top_level = outer == OuterType::NONE;
        using T = RpcArg::Type;
        switch (arg.m_type) {
        case T::STR_HEX:
        case T::STR:
        case T::NUM:
        case T::AMOUNT:
        case T::RANGE:
        case T::BOOL:
        case T::OBJ_NAMED_PARAMS: {
            if (top_level) return;
            std::string left = indent;
            if (!arg.m_opts.type_str.empty() && push_name) {
                left += "\"" + arg.GetName() + "\": " + arg.m_opts.type_str.at(0);
            } else {
                left += push_name ? arg.ToStringObj(false) : arg.ToString(false);
            }
            left += ",";
            PushSection({left, arg.ToDescriptionString(push_name)});
            return;
        }
        case T::OBJ:
        case T::OBJ_USER_KEYS: {
            const std::string right = top_level ? "" : arg.ToDescriptionString(push_name);
            PushSection({indent + (push_name ? "\"" + arg.GetName() + "\": " : "") + "{", right});
            for (const RpcArg& inner : arg.m_inner) Push(inner, indent_size + 2, OuterType::OBJ);
            if (arg.m_type != T::OBJ) PushSection({indent_next + "...", ""});
            PushSection({indent + "}" + (top_level ? "" : ","), ""});
            return;
        }
        case T::ARR: {
            std::string left = indent + (push_name ? "\"" + arg.GetName() + "\": " : "") + "[";
            const std::string right = top_level ? "" : arg.ToDescriptionString(push_name);
            PushSection({left, right});
            for (const RpcArg& inner : arg.m_inner) Push(inner, indent_size + 2, OuterType::ARR);
            PushSection({indent_next + "...", ""});
            PushSection({indent + "]" + (top_level ? "" : ","), ""});
            return;
        }
        }
    }

    std::string ToString() const
    {
        std::string out;
        const size_t pad = max_pad + 4;
        for (const Section& s : sections) {
            if (s.right.empty()) {
                out += s.left + "\n";
                continue;
            }
            std::string left = s.left;
            left.resize(pad, ' ');
            out += left;
            // Continuation lines start at the description column; leading spaces of a
            // continuation line are dropped (Core's layout, quirks included).
            size_t begin = 0;
            size_t newline = s.right.find_first_of('\n');
            while (true) {
                out += s.right.substr(begin, newline == std::string::npos ? std::string::npos : newline - begin);
                if (newline == std::string::npos) break;
                out += "\n" + std::string(pad, ' ');
                begin = s.right.find_first_not_of(' ', newline + 1);
                if (begin == std::string::npos) break;
                newline = s.right.find_first_of('\n', begin + 1);
            }
            out += "\n";
        }
        return out;
    }
};

std::string ResultDescription(const RpcResult& result, const std::string& type)
{
    return "(" + type + (result.m_optional ? ", optional" : "") + ")" +
           (result.m_description.empty() ? "" : " " + result.m_description);
}

void ResultToSections(const RpcResult& result, Sections& sections, OuterType outer = OuterType::NONE,
                      size_t indent_size = 0)
{
    const std::string indent(indent_size, ' ');
    const std::string indent_next(indent_size + 2, ' ');
    const std::string separator = outer != OuterType::NONE ? "," : "";
    const std::string key = outer == OuterType::OBJ ? "\"" + result.m_key_name + "\" : " : "";
    using T = RpcResult::Type;
    switch (result.m_type) {
    case T::ELISION:
        sections.PushSection({indent + "..." + separator, result.m_description});
        return;
    case T::ANY:
        throw std::logic_error("Internal bug detected: RpcResult ANY has no help text");
    case T::NONE:
        sections.PushSection({indent + "null" + separator, ResultDescription(result, "json null")});
        return;
    case T::STR:
        sections.PushSection({indent + key + "\"str\"" + separator, ResultDescription(result, "string")});
        return;
    case T::STR_AMOUNT:
    case T::NUM:
        sections.PushSection({indent + key + "n" + separator, ResultDescription(result, "numeric")});
        return;
    case T::STR_HEX:
        sections.PushSection({indent + key + "\"hex\"" + separator, ResultDescription(result, "string")});
        return;
    case T::NUM_TIME:
        sections.PushSection({indent + key + "xxx" + separator, ResultDescription(result, "numeric")});
        return;
    case T::BOOL:
        sections.PushSection({indent + key + "true|false" + separator, ResultDescription(result, "boolean")});
        return;
    case T::ARR_FIXED:
    case T::ARR: {
        sections.PushSection({indent + key + "[", ResultDescription(result, "json array")});
        for (const RpcResult& inner : result.m_inner)
            ResultToSections(inner, sections, OuterType::ARR, indent_size + 2);
        if (result.m_type == T::ARR && (result.m_inner.empty() || result.m_inner.back().m_type != T::ELISION)) {
            sections.PushSection({indent_next + "...", ""});
        } else if (!sections.sections.back().left.empty()) {
            sections.sections.back().left.pop_back(); // no comma after the last element
        }
        sections.PushSection({indent + "]" + separator, ""});
        return;
    }
    case T::OBJ_DYN:
    case T::OBJ: {
        if (result.m_inner.empty()) {
            sections.PushSection({indent + key + "{}", ResultDescription(result, "empty JSON object")});
            return;
        }
        sections.PushSection({indent + key + "{", ResultDescription(result, "json object")});
        for (const RpcResult& inner : result.m_inner)
            ResultToSections(inner, sections, OuterType::OBJ, indent_size + 2);
        if (result.m_type == T::OBJ_DYN && result.m_inner.back().m_type != T::ELISION) {
            sections.PushSection({indent_next + "...", ""});
        } else {
            sections.sections.back().left.pop_back(); // no comma after the last member
        }
        sections.PushSection({indent + "}" + separator, ""});
        return;
    }
    }
}

std::string ShellQuoteIfNeeded(const std::string& s)
{
    if (s.find_first_of(" '\"") == std::string::npos) return s;
    std::string quoted = "'";
    for (char c : s) quoted += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return quoted + "'";
}

constexpr const char* CURL_PREFIX =
    "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", ";
constexpr const char* CURL_SUFFIX = "}' -H 'content-type: application/json' http://127.0.0.1:18443/\n";

} // namespace

std::string RpcArg::ToStringObj(bool oneline) const
{
    std::string out = "\"" + GetFirstName() + (oneline ? "\":" : "\": ");
    switch (m_type) {
    case Type::STR:
        return out + "\"str\"";
    case Type::STR_HEX:
        return out + "\"hex\"";
    case Type::NUM:
        return out + "n";
    case Type::RANGE:
        return out + "n or [n,n]";
    case Type::AMOUNT:
        return out + "amount";
    case Type::BOOL:
        return out + "bool";
    case Type::ARR:
        out += "[";
        for (const RpcArg& inner : m_inner) out += inner.ToString(oneline) + ",";
        return out + "...]";
    case Type::OBJ:
    case Type::OBJ_NAMED_PARAMS:
    case Type::OBJ_USER_KEYS:
        break;
    }
    throw std::logic_error("Internal bug detected: objects inside objects are not described one-line");
}

std::string RpcArg::ToString(bool oneline) const
{
    if (oneline && !m_opts.oneline_description.empty()) return m_opts.oneline_description;
    switch (m_type) {
    case Type::STR_HEX:
    case Type::STR:
        return "\"" + GetFirstName() + "\"";
    case Type::NUM:
    case Type::RANGE:
    case Type::AMOUNT:
    case Type::BOOL:
        return GetFirstName();
    case Type::OBJ:
    case Type::OBJ_NAMED_PARAMS:
    case Type::OBJ_USER_KEYS: {
        std::string members;
        for (size_t i = 0; i < m_inner.size(); ++i) members += (i ? "," : "") + m_inner[i].ToStringObj(oneline);
        return m_type == Type::OBJ ? "{" + members + "}" : "{" + members + ",...}";
    }
    case Type::ARR: {
        std::string elements;
        for (const RpcArg& inner : m_inner) elements += inner.ToString(oneline) + ",";
        return "[" + elements + "...]";
    }
    }
    return {};
}

std::string RpcArg::ToDescriptionString(bool is_named_arg) const
{
    std::string out = "(";
    if (!m_opts.type_str.empty()) {
        out += m_opts.type_str.at(1);
    } else {
        switch (m_type) {
        case Type::STR_HEX:
        case Type::STR:
            out += "string";
            break;
        case Type::NUM:
            out += "numeric";
            break;
        case Type::AMOUNT:
            out += "numeric or string";
            break;
        case Type::RANGE:
            out += "numeric or array";
            break;
        case Type::BOOL:
            out += "boolean";
            break;
        case Type::OBJ:
        case Type::OBJ_NAMED_PARAMS:
        case Type::OBJ_USER_KEYS:
            out += "json object";
            break;
        case Type::ARR:
            out += "json array";
            break;
        }
    }
    if (const auto* hint = std::get_if<DefaultHint>(&m_fallback)) {
        out += ", optional, default=" + hint->text;
    } else if (const auto* fallback = std::get_if<Default>(&m_fallback)) {
        out += ", optional, default=" + fallback->value.Write();
    } else if (std::get<Optional>(m_fallback) == Optional::OMITTED) {
        // Inside an object an omitted member reads as null, so say it is optional;
        // a positional argument that may be left out says nothing more.
        if (is_named_arg) out += ", optional";
    } else {
        out += ", required";
    }
    out += ")";
    if (m_type == Type::OBJ_NAMED_PARAMS)
        out += " Options object that can be used to pass named arguments, listed below.";
    if (!m_description.empty()) out += " " + m_description;
    return out;
}

std::string RpcMethod::ToString() const
{
    std::string out = m_name;
    bool was_optional = false;
    for (const RpcArg& arg : m_args) {
        if (arg.m_opts.hidden) break; // this and every later argument are hidden
        const bool optional = arg.IsOptional();
        out += " ";
        if (optional && !was_optional) out += "( ";
        if (!optional && was_optional) out += ") ";
        was_optional = optional;
        out += arg.ToString(/*oneline=*/true);
    }
    if (was_optional) out += " )";

    out += "\n\n" + std::string{util::TrimString(m_description)} + "\n";

    Sections args;
    Sections named_only;
    for (size_t i = 0; i < m_args.size(); ++i) {
        const RpcArg& arg = m_args[i];
        if (arg.m_opts.hidden) break;
        args.PushSection(
            {std::to_string(i + 1) + ". " + arg.GetFirstName(), arg.ToDescriptionString(/*is_named_arg=*/true)});
        args.Push(arg);
        if (arg.m_type == RpcArg::Type::OBJ_NAMED_PARAMS) {
            for (const RpcArg& inner : arg.m_inner) {
                named_only.PushSection({inner.GetFirstName(), inner.ToDescriptionString(/*is_named_arg=*/true)});
                named_only.Push(inner);
            }
        }
    }
    if (!args.sections.empty()) out += "\nArguments:\n";
    out += args.ToString();
    if (!named_only.sections.empty()) out += "\nNamed Arguments:\n";
    out += named_only.ToString();

    for (const RpcResult& result : m_results.m_results) {
        if (result.m_type == RpcResult::Type::ANY) continue;
        out += result.m_cond.empty() ? "\nResult:\n" : "\nResult (" + result.m_cond + "):\n";
        Sections sections;
        ResultToSections(result, sections);
        out += sections.ToString();
    }
    if (!m_examples.m_examples.empty()) out += "\nExamples:\n" + m_examples.m_examples;
    return out;
}

std::string HelpExampleCli(const std::string& method, const std::string& args)
{
    return "> bitnode-cli " + method + " " + args + "\n";
}

std::string HelpExampleCliNamed(const std::string& method, const std::vector<std::pair<std::string, JsonValue>>& args)
{
    std::string out = "> bitnode-cli -named " + method;
    for (const auto& [name, value] : args) {
        out += " " + name + "=" + ShellQuoteIfNeeded(value.IsStr() ? value.GetStr() : value.Write());
    }
    return out + "\n";
}

std::string HelpExampleRpc(const std::string& method, const std::string& args)
{
    return std::string{CURL_PREFIX} + "\"method\": \"" + method + "\", \"params\": [" + args + "]" + CURL_SUFFIX;
}

std::string HelpExampleRpcNamed(const std::string& method, const std::vector<std::pair<std::string, JsonValue>>& args)
{
    JsonValue params = JsonValue::Object();
    for (const auto& [name, value] : args) params.PushKV(name, value);
    return std::string{CURL_PREFIX} + "\"method\": \"" + method + "\", \"params\": " + params.Write() + CURL_SUFFIX;
}

} // namespace rpc
