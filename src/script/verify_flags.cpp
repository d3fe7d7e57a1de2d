#include <script/verify_flags.h>

#include <util/strings.h>

#include <cstdio>

namespace script {

const std::vector<std::pair<std::string_view, ScriptVerifyFlags>>& ScriptFlagNames()
{
    static const std::vector<std::pair<std::string_view, ScriptVerifyFlags>> names{
        {"CHECKLOCKTIMEVERIFY", SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY},
        {"CHECKSEQUENCEVERIFY", SCRIPT_VERIFY_CHECKSEQUENCEVERIFY},
        {"CLEANSTACK", SCRIPT_VERIFY_CLEANSTACK},
        {"CONST_SCRIPTCODE", SCRIPT_VERIFY_CONST_SCRIPTCODE},
        {"DERSIG", SCRIPT_VERIFY_DERSIG},
        {"DISCOURAGE_OP_SUCCESS", SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS},
        {"DISCOURAGE_UPGRADABLE_NOPS", SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS},
        {"DISCOURAGE_UPGRADABLE_PUBKEYTYPE", SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE},
        {"DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION},
        {"DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM},
        {"LOW_S", SCRIPT_VERIFY_LOW_S},
        {"MINIMALDATA", SCRIPT_VERIFY_MINIMALDATA},
        {"MINIMALIF", SCRIPT_VERIFY_MINIMALIF},
        {"NULLDUMMY", SCRIPT_VERIFY_NULLDUMMY},
        {"NULLFAIL", SCRIPT_VERIFY_NULLFAIL},
        {"P2SH", SCRIPT_VERIFY_P2SH},
        {"SIGPUSHONLY", SCRIPT_VERIFY_SIGPUSHONLY},
        {"STRICTENC", SCRIPT_VERIFY_STRICTENC},
        {"TAPROOT", SCRIPT_VERIFY_TAPROOT},
        {"WITNESS", SCRIPT_VERIFY_WITNESS},
        {"WITNESS_PUBKEYTYPE", SCRIPT_VERIFY_WITNESS_PUBKEYTYPE},
    };
    return names;
}

std::optional<ScriptVerifyFlags> ParseScriptFlags(std::string_view text)
{
    if (text.empty() || text == "NONE") return SCRIPT_VERIFY_NONE;
    ScriptVerifyFlags flags = SCRIPT_VERIFY_NONE;
    for (const std::string& word : util::SplitString(text, ',')) {
        bool found = false;
        for (const auto& [name, flag] : ScriptFlagNames()) {
            if (name == word) {
                flags |= flag;
                found = true;
                break;
            }
        }
        if (!found) return std::nullopt;
    }
    return flags;
}

std::vector<std::string> GetScriptFlagNames(ScriptVerifyFlags flags)
{
    std::vector<std::string> names;
    ScriptVerifyFlags leftover = flags;
    for (const auto& [name, flag] : ScriptFlagNames()) {
        if (flags & flag) {
            names.emplace_back(name);
            leftover &= ~flag;
        }
    }
    if (leftover != 0) {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "0x%08x", static_cast<unsigned>(leftover));
        names.emplace_back(buf);
    }
    return names;
}

std::string FormatScriptFlags(ScriptVerifyFlags flags)
{
    std::string out;
    for (const std::string& name : GetScriptFlagNames(flags)) {
        if (!out.empty()) out += ',';
        out += name;
    }
    return out;
}

} // namespace script
