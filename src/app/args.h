// Command-line arguments for bitnode's programs (bitnoded, bitnode-cli, bitnode-util).
//
// An ArgsSpec lists the options a program knows (name, type, help). ArgsSpec::Parse turns
// argv into an Args value: named settings plus positional arguments. Both Bitcoin Core's
// spelling and the GNU one are accepted: `-chain=main` and `--chain=main`, `-regtest`,
// `-nofoo` (negation), `-foo=0`. A lone `-` is a positional argument (standard input) and
// `--` ends option parsing. Unknown options, values of the wrong type and string options
// without a value are errors whose message says what to run instead.
//
// Settings live in layers: the command line overrides the config file (filled by a later
// config reader through Args::AddSetting with Source::CONFIG_FILE). Nothing here is global:
// each program builds its own ArgsSpec and passes Args (or Options built from it) down.
//
// Thread safety: ArgsSpec and Args are value types; const access is safe from any thread.
#ifndef BITNODE_APP_ARGS_H
#define BITNODE_APP_ARGS_H

#include <util/result.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace app {

enum class ArgType {
    BOOL,   //!< -foo, -nofoo, -foo=1, -foo=0
    STRING, //!< -foo=<text>; -nofoo negates (disables) it
    INT,    //!< -foo=<integer>
};

struct ArgSpec {
    std::string name;       //!< without dashes: "datadir"
    ArgType type{ArgType::BOOL};
    std::string value_hint; //!< shown in help: "<dir>" gives "-datadir=<dir>"
    std::string help;
    std::string category{"Options"};
    bool allow_multiple{false}; //!< keep every value (-addnode); otherwise the last one wins
};

/** Where a setting came from; earlier sources win. */
enum class Source { COMMAND_LINE, CONFIG_FILE };

class Args;

class ArgsSpec
{
public:
    /** Register an option; the name must be new (asserted). */
    void Add(ArgSpec spec);
    /** A boolean option (-foo, -nofoo). */
    void AddFlag(std::string name, std::string help, std::string category = "Options");
    /** A STRING or INT option shown as -name=<hint>. */
    void AddValue(std::string name, ArgType type, std::string value_hint, std::string help,
                  std::string category = "Options", bool allow_multiple = false);
    const ArgSpec* Find(std::string_view name) const;
    const std::vector<ArgSpec>& Specs() const { return m_specs; }

    /**
     * Parse arguments (without the program name). With stop_at_positional, everything
     * from the first positional argument on is positional (bitnode-cli's RPC parameters,
     * which may start with '-'); otherwise options and positionals may be interleaved.
     * `program` names the program in error hints ("run 'bitnode-util -help'").
     */
    util::Result<Args> Parse(const std::vector<std::string>& argv, std::string_view program,
                             bool stop_at_positional = false) const;
    util::Result<Args> Parse(int argc, const char* const argv[], std::string_view program,
                             bool stop_at_positional = false) const;

    /** Help for every option, grouped by category in registration order, wrapped at 79 columns. */
    std::string FormatHelp() const;

private:
    std::vector<ArgSpec> m_specs;
};

class Args
{
public:
    /** Positional arguments in order. */
    const std::vector<std::string>& Positional() const { return m_positional; }

    /**
     * Record one `name[=value]` setting as written after the dashes ("foo", "nofoo",
     * "foo=1"), checked against the spec. The config reader uses this with CONFIG_FILE.
     */
    util::Result<void> AddSetting(const ArgsSpec& spec, Source source, std::string_view text,
                                  std::string_view program);

    /** True if the option was given at all (including negated). */
    bool IsSet(std::string_view name) const;
    /** True if the option's effective value is a negation (-nofoo). */
    bool IsNegated(std::string_view name) const;

    /** The effective (last) value of a STRING or INT option; nullopt if unset or negated. */
    std::optional<std::string> GetString(std::string_view name) const;
    std::string GetString(std::string_view name, std::string_view fallback) const;
    int64_t GetInt(std::string_view name, int64_t fallback) const;
    bool GetBool(std::string_view name, bool fallback) const;
    /** Every value of a multi-value option from the winning source; empty if negated. */
    std::vector<std::string> GetAll(std::string_view name) const;

private:
    friend class ArgsSpec;

    struct Value {
        std::string text;
        bool negated{false};
    };
    /** The values from the highest-priority source that has any, or nullptr. */
    const std::vector<Value>* Lookup(std::string_view name) const;

    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<Value>, std::less<>> m_command_line;
    std::map<std::string, std::vector<Value>, std::less<>> m_config_file;
};

/** The candidate closest to `word` by edit distance, if it is a near miss (at most 2 edits). */
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/** Names -chain accepts, as Bitcoin Core spells them. */
inline constexpr std::string_view CHAIN_NAMES[] = {"main", "test", "testnet4", "signet", "regtest"};

/** Register -chain, -regtest, -testnet, -testnet4 and -signet. */
void AddChainOptions(ArgsSpec& spec, std::string_view default_chain);

/**
 * The chain selected by -chain or one of the shortcut flags ("main", "test", "testnet4",
 * "signet", "regtest"), or `default_chain` if none is given. More than one selection, or an
 * unknown -chain value, is an error.
 */
util::Result<std::string> SelectChain(const Args& args, std::string_view default_chain);

} // namespace app

#endif // BITNODE_APP_ARGS_H
