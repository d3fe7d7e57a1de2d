#include <app/cli_config.h>

#include <util/strings.h>

#include <algorithm>

namespace app {

using util::Error;
using util::Result;

Result<std::vector<ConfigEntry>> ParseConfigText(std::string_view text, std::string_view file_name)
{
    std::vector<ConfigEntry> entries;
    std::string section;
    int number = 0;
    for (const std::string& raw : util::SplitString(text, '\n')) {
        ++number;
        std::string_view line = raw;
        if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = util::TrimString(line);
        if (line.empty()) continue;
        if (line.front() == '[' && line.back() == ']') {
            section = std::string{util::TrimString(line.substr(1, line.size() - 2))};
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            return Error{"parse error on line " + std::to_string(number) + " of " + std::string{file_name} + ": " +
                         std::string{line} + ", if you intended to specify a negated option, use -" +
                         std::string{line} + "=1 instead"};
        }
        std::string name{util::TrimString(line.substr(0, eq))};
        // "regtest.rpcport=1" is Core's other way of writing a section entry.
        std::string entry_section = section;
        if (const size_t dot = name.find('.'); dot != std::string::npos) {
            entry_section = name.substr(0, dot);
            name = name.substr(dot + 1);
        }
        if (name.starts_with("-")) name.erase(0, 1);
        entries.push_back({entry_section, name, std::string{util::TrimString(line.substr(eq + 1))}, number});
    }
    return entries;
}

static bool IsKnown(const ArgsSpec& spec, std::string_view name)
{
    return spec.Find(name) || (name.starts_with("no") && spec.Find(name.substr(2)));
}

static std::string BaseName(std::string_view name)
{
    return std::string{name.starts_with("no") ? name.substr(2) : name};
}

static Result<void> Apply(const ConfigEntry& entry, const ArgsSpec& spec, Args& args, std::string_view program)
{
    if (!IsKnown(spec, entry.name)) return {}; // an option for bitnoded, not for this program
    auto added = args.AddSetting(spec, Source::CONFIG_FILE, entry.name + "=" + entry.value, program);
    if (!added) return Error{"line " + std::to_string(entry.line) + ": " + added.error()};
    return {};
}

Result<void> ApplyTopLevelConfig(const std::vector<ConfigEntry>& entries, const ArgsSpec& spec, Args& args,
                                 std::string_view program, const std::vector<std::string>& network_only)
{
    for (const ConfigEntry& entry : entries) {
        if (!entry.section.empty()) continue;
        const bool is_network_only =
            std::find(network_only.begin(), network_only.end(), BaseName(entry.name)) != network_only.end();
        if (is_network_only) continue;
        if (auto applied = Apply(entry, spec, args, program); !applied) return applied;
    }
    return {};
}

Result<void> ApplyChainConfig(const std::vector<ConfigEntry>& entries, const ArgsSpec& spec, Args& args,
                              std::string_view chain, std::string_view program,
                              const std::vector<std::string>& network_only)
{
    for (const ConfigEntry& entry : entries) {
        const bool is_network_only =
            std::find(network_only.begin(), network_only.end(), BaseName(entry.name)) != network_only.end();
        const bool top_level_for_main = entry.section.empty() && is_network_only && chain == "main";
        if (entry.section != chain && !top_level_for_main) continue;
        if (auto applied = Apply(entry, spec, args, program); !applied) return applied;
    }
    return {};
}

} // namespace app
