#include <app/args.h>

#include <util/strings.h>

#include <algorithm>
#include <cassert>

namespace app {

namespace {

using util::Error;
using util::Result;

/** Edit distance, to suggest the option a person probably meant. */
size_t EditDistance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string HelpHint(std::string_view program)
{
    return "Run '" + std::string(program) + " -help' to see the options.";
}

/** Core-style boolean text: "" and "1"/"true" are true, "0"/"false" false. */
std::optional<bool> ParseBoolText(std::string_view text)
{
    if (text.empty() || text == "1" || text == "true") return true;
    if (text == "0" || text == "false") return false;
    return std::nullopt;
}

std::string Wrap(std::string_view text, size_t indent, size_t width)
{
    std::string out;
    size_t column = 0;
    for (const std::string& word : util::SplitString(text, ' ')) {
        if (word.empty()) continue;
        if (column > indent && column + 1 + word.size() > width) {
            out += '\n';
            column = 0;
        }
        if (column == 0) {
            out.append(indent, ' ');
            column = indent;
        } else {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

} // namespace

void ArgsSpec::Add(ArgSpec spec)
{
    assert(!spec.name.empty() && Find(spec.name) == nullptr);
    m_specs.push_back(std::move(spec));
}

void ArgsSpec::AddFlag(std::string name, std::string help, std::string category)
{
    Add(ArgSpec{std::move(name), ArgType::BOOL, "", std::move(help), std::move(category), false});
}

void ArgsSpec::AddValue(std::string name, ArgType type, std::string value_hint, std::string help, std::string category,
                        bool allow_multiple)
{
    Add(ArgSpec{std::move(name), type, std::move(value_hint), std::move(help), std::move(category), allow_multiple});
}

const ArgSpec* ArgsSpec::Find(std::string_view name) const
{
    for (const ArgSpec& spec : m_specs) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

Result<Args> ArgsSpec::Parse(int argc, const char* const argv[], std::string_view program, bool stop_at_positional) const
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return Parse(args, program, stop_at_positional);
}

Result<Args> ArgsSpec::Parse(const std::vector<std::string>& argv, std::string_view program, bool stop_at_positional) const
{
    Args args;
    bool options_done = false;
    for (const std::string& arg : argv) {
        const bool is_option = !options_done && arg.size() > 1 && arg[0] == '-';
        if (!is_option) {
            args.m_positional.push_back(arg);
            if (stop_at_positional) options_done = true;
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        std::string_view text{arg};
        text.remove_prefix(text.starts_with("--") ? 2 : 1);
        if (text.empty() || text[0] == '-' || text[0] == '=') {
            return Error{"invalid option '" + arg + "'. " + HelpHint(program)};
        }
        if (auto added = args.AddSetting(*this, Source::COMMAND_LINE, text, program); !added) {
            return Error{added.error()};
        }
    }
    return args;
}

std::string ArgsSpec::FormatHelp() const
{
    std::vector<std::string> categories;
    for (const ArgSpec& spec : m_specs) {
        if (std::find(categories.begin(), categories.end(), spec.category) == categories.end()) {
            categories.push_back(spec.category);
        }
    }
    std::string out;
    for (const std::string& category : categories) {
        out += category + ":\n";
        for (const ArgSpec& spec : m_specs) {
            if (spec.category != category) continue;
            out += "\n  -" + spec.name;
            if (!spec.value_hint.empty()) out += "=" + spec.value_hint;
            out += "\n" + Wrap(spec.help, 7, 79) + "\n";
        }
        out += "\n";
    }
    return out;
}

Result<void> Args::AddSetting(const ArgsSpec& spec, Source source, std::string_view text, std::string_view program)
{
    const size_t eq = text.find('=');
    const std::string_view key = text.substr(0, eq);
    const std::optional<std::string_view> value =
        eq == std::string_view::npos ? std::nullopt : std::optional{text.substr(eq + 1)};

    const ArgSpec* option = spec.Find(key);
    bool negated = false;
    if (!option && key.starts_with("no")) {
        option = spec.Find(key.substr(2));
        negated = option != nullptr;
    }
    if (!option) {
        std::string message = "unknown option -" + std::string(key) + ".";
        std::vector<std::string> names;
        for (const ArgSpec& candidate : spec.Specs()) names.push_back(candidate.name);
        if (const auto closest = ClosestMatch(key, names)) message += " Did you mean -" + *closest + "?";
        return Error{message + " " + HelpHint(program)};
    }
    const std::string dashed = "-" + option->name;

    Value setting;
    if (negated) {
        const auto flag = ParseBoolText(value.value_or(""));
        if (!flag) return Error{"invalid value for -no" + option->name + ": '" + std::string(*value) + "' (use -no" + option->name + " alone)"};
        if (*flag) {
            setting.negated = true;
        } else if (option->type == ArgType::BOOL) {
            setting.text = "1"; // -nofoo=0 is a double negation: foo is on
        } else {
            return Error{"-no" + option->name + "=0 does not set a value; use " + dashed + "=" + option->value_hint + " instead"};
        }
    } else {
        switch (option->type) {
        case ArgType::BOOL: {
            const auto flag = ParseBoolText(value.value_or(""));
            if (!flag) {
                return Error{"invalid value for " + dashed + ": '" + std::string(*value) + "' (use " + dashed + ", " +
                             dashed + "=1, " + dashed + "=0 or -no" + option->name + ")"};
            }
            setting.text = *flag ? "1" : "0";
            break;
        }
        case ArgType::INT:
            if (!value) return Error{dashed + " needs a value: " + dashed + "=" + option->value_hint};
            if (!util::ParseInt64(*value)) {
                return Error{"invalid value for " + dashed + ": '" + std::string(*value) + "' is not an integer"};
            }
            setting.text = *value;
            break;
        case ArgType::STRING:
            if (!value) return Error{dashed + " needs a value: " + dashed + "=" + option->value_hint};
            setting.text = *value;
            break;
        }
    }

    auto& layer = source == Source::COMMAND_LINE ? m_command_line : m_config_file;
    auto& values = layer[option->name];
    // A negation or a single-value option replaces what came before; the last one wins.
    if (setting.negated || !option->allow_multiple || (!values.empty() && values.back().negated)) values.clear();
    values.push_back(std::move(setting));
    return {};
}

const std::vector<Args::Value>* Args::Lookup(std::string_view name) const
{
    if (auto it = m_command_line.find(name); it != m_command_line.end()) return &it->second;
    if (auto it = m_config_file.find(name); it != m_config_file.end()) return &it->second;
    return nullptr;
}

bool Args::IsSet(std::string_view name) const { return Lookup(name) != nullptr; }

bool Args::IsNegated(std::string_view name) const
{
    const auto* values = Lookup(name);
    return values && values->back().negated;
}

std::optional<std::string> Args::GetString(std::string_view name) const
{
    const auto* values = Lookup(name);
    if (!values || values->back().negated) return std::nullopt;
    return values->back().text;
}

std::string Args::GetString(std::string_view name, std::string_view fallback) const
{
    return GetString(name).value_or(std::string(fallback));
}

int64_t Args::GetInt(std::string_view name, int64_t fallback) const
{
    const auto text = GetString(name);
    if (!text) return fallback;
    return util::ParseInt64(*text).value_or(fallback);
}

bool Args::GetBool(std::string_view name, bool fallback) const
{
    const auto* values = Lookup(name);
    if (!values) return fallback;
    if (values->back().negated) return false;
    return ParseBoolText(values->back().text).value_or(fallback);
}

std::vector<std::string> Args::GetAll(std::string_view name) const
{
    std::vector<std::string> out;
    const auto* values = Lookup(name);
    if (!values) return out;
    for (const Value& v : *values) {
        if (!v.negated) out.push_back(v.text);
    }
    return out;
}

std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates)
{
    std::optional<std::string> closest;
    size_t best = 3; // only near misses are worth suggesting
    for (const std::string& candidate : candidates) {
        const size_t distance = EditDistance(word, candidate);
        if (distance < best) {
            best = distance;
            closest = candidate;
        }
    }
    return closest;
}

void AddChainOptions(ArgsSpec& spec, std::string_view default_chain)
{
    const std::string category = "Chain selection options";
    spec.AddValue("chain", ArgType::STRING, "<chain>",
                  "Use the chain <chain> (default: " + std::string(default_chain) +
                      "). Allowed values: main, test, testnet4, signet, regtest",
                  category);
    spec.AddFlag("regtest", "Use the regression test chain; equivalent to -chain=regtest", category);
    spec.AddFlag("signet", "Use the signet chain; equivalent to -chain=signet", category);
    spec.AddFlag("testnet", "Use the testnet3 chain; equivalent to -chain=test", category);
    spec.AddFlag("testnet4", "Use the testnet4 chain; equivalent to -chain=testnet4", category);
}

Result<std::string> SelectChain(const Args& args, std::string_view default_chain)
{
    struct Shortcut {
        std::string_view flag;
        std::string_view chain;
    };
    static constexpr Shortcut SHORTCUTS[] = {
        {"regtest", "regtest"}, {"signet", "signet"}, {"testnet", "test"}, {"testnet4", "testnet4"}};

    std::optional<std::string> chosen;
    int selections = 0;
    for (const Shortcut& s : SHORTCUTS) {
        if (args.GetBool(s.flag, false)) {
            chosen = std::string(s.chain);
            ++selections;
        }
    }
    if (const auto chain = args.GetString("chain")) {
        if (std::find(std::begin(CHAIN_NAMES), std::end(CHAIN_NAMES), *chain) == std::end(CHAIN_NAMES)) {
            return Error{"invalid -chain=" + *chain + ": use one of main, test, testnet4, signet, regtest"};
        }
        chosen = *chain;
        ++selections;
    }
    if (selections > 1) {
        return Error{"invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain: use at most one"};
    }
    return chosen.value_or(std::string(default_chain));
}

} // namespace app
