#include <rpc/client.h>

#include <rpc/table.h>
#include <util/strings.h>

#include <stdexcept>

namespace rpc {

using util::JsonValue;

uint16_t DefaultRpcPort(std::string_view chain)
{
    if (chain == "main") return 8332;
    if (chain == "test") return 18332;
    if (chain == "testnet4") return 48332;
    if (chain == "signet") return 38332;
    return 18443; // regtest, bitnode's default chain
}

RpcConversionTable::RpcConversionTable(const RpcTable& table)
{
    for (const RpcMethod* method : table.Methods()) {
        const auto& args = method->Args();
        for (size_t i = 0; i < args.size(); ++i) {
            for (const std::string& name : util::SplitString(args[i].m_names, '|')) {
                m_params.push_back(
                    {method->Name(), i, name, args[i].GetClientFormat(), args[i].m_opts.client_format.has_value()});
            }
            if (args[i].m_type != RpcArg::Type::OBJ_NAMED_PARAMS) continue;
            for (const RpcArg& inner : args[i].m_inner) {
                for (const std::string& name : util::SplitString(inner.m_names, '|')) {
                    m_params.push_back(
                        {method->Name(), i, name, inner.GetClientFormat(), inner.m_opts.client_format.has_value()});
                }
            }
        }
    }
}

const ConvertParam* RpcConversionTable::FromPosition(std::string_view method, size_t position) const
{
    for (const ConvertParam& param : m_params) {
        if (param.method == method && param.position == position) return &param;
    }
    return nullptr;
}

const ConvertParam* RpcConversionTable::FromName(std::string_view method, std::string_view name) const
{
    for (const ConvertParam& param : m_params) {
        if (param.method == method && param.name == name) return &param;
    }
    return nullptr;
}

/** The word as the parameter wants it: parsed JSON, or the text itself. */
static JsonValue ParseParam(const ConvertParam* param, std::string_view word)
{
    if (!param || param->format == ClientFormat::STRING) return JsonValue{std::string{word}};
    auto parsed = util::ParseJson(word);
    if (parsed) return std::move(*parsed);
    if (param->format == ClientFormat::JSON_OR_STRING) return JsonValue{std::string{word}};
    throw std::runtime_error("Error parsing JSON: " + std::string{word});
}

JsonValue RpcConversionTable::ConvertValues(const std::string& method, const std::vector<std::string>& words) const
{
    JsonValue params = JsonValue::Array();
    for (const std::string& word : words) params.PushBack(ParseParam(FromPosition(method, params.size()), word));
    return params;
}

JsonValue RpcConversionTable::ConvertNamedValues(const std::string& method, const std::vector<std::string>& words) const
{
    JsonValue params = JsonValue::Object();
    JsonValue positional = JsonValue::Array();
    for (const std::string& word : words) {
        const size_t eq = word.find('=');
        if (eq == std::string::npos) {
            positional.PushBack(ParseParam(FromPosition(method, positional.size()), word));
            continue;
        }
        const std::string name = word.substr(0, eq);
        const std::string_view value = std::string_view{word}.substr(eq + 1);
        const ConvertParam* named = FromName(method, name);
        if (!named) {
            // Not a parameter name: maybe the '=' belongs to a positional value.
            const ConvertParam* next = FromPosition(method, positional.size());
            if (next && next->format == ClientFormat::JSON) {
                if (auto parsed = util::ParseJson(word)) {
                    positional.PushBack(std::move(*parsed));
                    continue;
                }
            } else if (next && next->format == ClientFormat::STRING && next->explicit_format) {
                positional.PushBack(word);
                continue;
            }
        }
        params.PushKV(name, ParseParam(named, value));
    }
    // An explicit args=... keeps priority over the collected positional words.
    if (!positional.empty() && !params.Find("args")) params.PushKV("args", std::move(positional));
    return params;
}

} // namespace rpc
