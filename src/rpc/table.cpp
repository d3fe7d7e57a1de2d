#include <rpc/table.h>

#include <rpc/protocol.h>
#include <util/strings.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <unordered_map>

namespace rpc {

using util::JsonValue;

static int64_t SystemNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

static RpcServerHooks WithDefaults(RpcServerHooks hooks)
{
    if (!hooks.now) hooks.now = SystemNow;
    if (hooks.startup_time == 0) hooks.startup_time = hooks.now();
    return hooks;
}

RpcTable::RpcTable(RpcServerHooks hooks) : m_hooks(WithDefaults(std::move(hooks))) {}

void RpcTable::Register(std::string category, RpcMethod method)
{
    auto owned = std::make_unique<RpcMethod>(std::move(method));
    const std::string name = owned->Name();
    auto arg_names = owned->GetArgNames();
    if (m_methods.contains(name))
        throw std::logic_error("Internal bug detected: RPC method " + name + " registered twice");
    m_methods.emplace(name, Entry{std::move(category), std::move(owned), std::move(arg_names)});
}

const RpcMethod* RpcTable::Find(std::string_view name) const
{
    const auto it = m_methods.find(name);
    return it == m_methods.end() ? nullptr : it->second.method.get();
}

std::vector<std::string> RpcTable::ListCommands() const
{
    std::vector<std::string> names;
    for (const auto& [name, _] : m_methods) names.push_back(name);
    return names;
}

std::vector<const RpcMethod*> RpcTable::Methods() const
{
    std::vector<const RpcMethod*> methods;
    for (const auto& [_, entry] : m_methods) methods.push_back(entry.method.get());
    return methods;
}

JsonValue RpcTable::DumpArgMap() const
{
    JsonValue rows = JsonValue::Array();
    for (const auto& [_, entry] : m_methods) {
        const JsonValue method_rows = entry.method->GetArgMap();
        for (const JsonValue& row : method_rows.Values()) rows.PushBack(row);
    }
    return rows;
}

std::string RpcTable::Help(std::string_view command) const
{
    // Core orders by category, then name (it sorts the concatenation).
    std::vector<std::pair<std::string, const Entry*>> ordered;
    for (const auto& [name, entry] : m_methods) ordered.emplace_back(entry.category + name, &entry);
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    std::string out;
    std::string category;
    for (const auto& [_, entry] : ordered) {
        const std::string& name = entry->method->Name();
        if ((!command.empty() || entry->category == "hidden") && name != command) continue;
        std::string help = entry->method->ToString();
        if (command.empty()) {
            help = help.substr(0, help.find('\n'));
            if (category != entry->category) {
                if (!category.empty()) out += "\n";
                category = entry->category;
                std::string title = category;
                if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
                    title[0] = static_cast<char>(title[0] - 'a' + 'A');
                out += "== " + title + " ==\n";
            }
        }
        out += help + "\n";
    }
    if (out.empty()) out = "help: unknown command: " + std::string{command} + "\n";
    out.pop_back();
    return out;
}

void RpcTable::SetWarmupStatus(std::string status)
{
    LOCK(m_mutex);
    m_warmup_status = std::move(status);
}

void RpcTable::SetWarmupStarting()
{
    LOCK(m_mutex);
    m_in_warmup = true;
}

void RpcTable::SetWarmupFinished()
{
    LOCK(m_mutex);
    m_in_warmup = false;
}

bool RpcTable::IsInWarmup(std::string* status) const
{
    LOCK(m_mutex);
    if (status) *status = m_warmup_status;
    return m_in_warmup;
}

std::vector<RpcTable::ActiveCommand> RpcTable::ActiveCommands() const
{
    LOCK(m_mutex);
    return {m_active.begin(), m_active.end()};
}

JsonValue RpcTable::Execute(const JsonRpcRequest& request) const
{
    {
        LOCK(m_mutex);
        if (m_in_warmup) throw RpcError(RPC_IN_WARMUP, m_warmup_status);
    }
    const auto it = m_methods.find(request.method);
    if (it == m_methods.end()) throw RpcError(RPC_METHOD_NOT_FOUND, "Method not found");
    const Entry& entry = it->second;

    std::list<ActiveCommand>::iterator active;
    {
        LOCK(m_mutex);
        active = m_active.insert(m_active.end(), {request.method, std::chrono::steady_clock::now()});
    }
    struct Finish {
        const RpcTable& table;
        std::list<ActiveCommand>::iterator active;
        Counters& counters;
        std::chrono::steady_clock::time_point start;
        ~Finish()
        {
            const auto elapsed = std::chrono::steady_clock::now() - start;
            counters.calls.fetch_add(1, std::memory_order_relaxed);
            counters.micros.fetch_add(
                static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()),
                std::memory_order_relaxed);
            LOCK(table.m_mutex);
            table.m_active.erase(active);
        }
    } finish{*this, active, *entry.counters, std::chrono::steady_clock::now()};

    try {
        if (request.params.IsObject()) {
            JsonRpcRequest positional = request;
            positional.params = TransformNamedArguments(request.params, entry.arg_names);
            positional.table = this;
            return entry.method->HandleRequest(positional);
        }
        if (request.table == this) return entry.method->HandleRequest(request);
        JsonRpcRequest with_table = request;
        with_table.table = this;
        return entry.method->HandleRequest(with_table);
    } catch (const RpcError&) {
        entry.counters->errors.fetch_add(1, std::memory_order_relaxed);
        throw;
    } catch (const std::exception& e) {
        entry.counters->errors.fetch_add(1, std::memory_order_relaxed);
        throw RpcError(RPC_MISC_ERROR, e.what());
    }
}

std::vector<RpcTable::MethodStats> RpcTable::GetMethodStats() const
{
    std::vector<MethodStats> stats;
    for (const auto& [name, entry] : m_methods) {
        const uint64_t calls = entry.counters->calls.load(std::memory_order_relaxed);
        if (calls == 0) continue;
        stats.push_back({name, calls, entry.counters->errors.load(std::memory_order_relaxed),
                         entry.counters->micros.load(std::memory_order_relaxed)});
    }
    return stats;
}

JsonValue TransformNamedArguments(const JsonValue& in, const std::vector<std::pair<std::string, bool>>& arg_names)
{
    JsonValue out = JsonValue::Array();
    // Remove each name as it is used, so leftovers can be reported.
    std::unordered_map<std::string, const JsonValue*> named;
    const auto& keys = in.Keys();
    const auto& values = in.Values();
    for (size_t i = 0; i < keys.size(); ++i) {
        if (!named.emplace(keys[i], &values[i]).second) {
            throw RpcError(RPC_INVALID_PARAMETER, "Parameter " + keys[i] + " specified multiple times");
        }
    }
    // Unnamed positions before a named one are filled with nulls ("holes"); trailing
    // ones are left out, since methods look at how many parameters they got.
    int hole = 0;
    int initial_hole_size = 0;
    const std::string* initial_param = nullptr;
    JsonValue options = JsonValue::Object();
    for (const auto& [pattern, named_only] : arg_names) {
        auto found = named.end();
        for (const std::string& alias : util::SplitString(pattern, '|')) {
            found = named.find(alias);
            if (found != named.end()) break;
        }
        if (named_only) {
            // Collected into an options object, pushed as the next positional argument.
            if (found != named.end()) {
                if (options.Find(found->first)) {
                    throw RpcError(RPC_INVALID_PARAMETER, "Parameter " + found->first + " specified multiple times");
                }
                options.PushKV(found->first, *found->second);
                named.erase(found);
            }
            continue;
        }
        if (!options.empty() || found != named.end()) {
            for (int i = 0; i < hole; ++i) out.PushBack(JsonValue{});
            hole = 0;
            if (!initial_param) initial_param = &pattern;
        } else {
            hole += 1;
            if (out.empty()) initial_hole_size = hole;
        }
        if (found != named.end()) {
            if (!options.empty()) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Parameter " + found->first + " conflicts with parameter " + options.Keys().front());
            }
            out.PushBack(*found->second);
            named.erase(found);
        }
        if (!options.empty()) {
            out.PushBack(std::move(options));
            options = JsonValue::Object();
        }
    }
    // "args" carries leading positional values; named values fill positions after them.
    if (auto args = named.find("args"); args != named.end()) {
        const JsonValue* positional = args->second;
        named.erase(args);
        if (positional->IsArray()) {
            if (initial_hole_size < static_cast<int>(positional->size()) && initial_param) {
                throw RpcError(RPC_INVALID_PARAMETER, "Parameter " + *initial_param +
                                                          " specified twice both as positional and named argument");
            }
            JsonValue merged = *positional;
            for (size_t i = merged.size(); i < out.size(); ++i) merged.PushBack(out[i]);
            out = std::move(merged);
        }
    }
    if (!named.empty()) {
        // Core reports the first leftover of its hash map; report the first in request order.
        for (const std::string& key : keys) {
            if (named.contains(key)) throw RpcError(RPC_INVALID_PARAMETER, "Unknown named parameter " + key);
        }
    }
    return out;
}

JsonValue JsonRpcExec(const RpcTable& table, const JsonRpcRequest& request, bool catch_errors)
{
    if (!catch_errors) return JsonRpcReplyObj(table.Execute(request), JsonValue{}, request.id, request.json_version);
    try {
        return JsonRpcReplyObj(table.Execute(request), JsonValue{}, request.id, request.json_version);
    } catch (const RpcError& e) {
        return JsonRpcReplyObj(JsonValue{}, e.ToJson(), request.id, request.json_version);
    } catch (const std::exception& e) {
        return JsonRpcReplyObj(JsonValue{}, JsonRpcErrorObj(RPC_MISC_ERROR, e.what()), request.id,
                               request.json_version);
    }
}

} // namespace rpc
