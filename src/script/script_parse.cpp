#include <script/script_parse.h>

#include <util/hex.h>
#include <util/strings.h>

#include <algorithm>
#include <map>
#include <string>

namespace script {

namespace {

/** Opcode names the parser accepts: every named opcode from OP_NOP up, plus OP_RESERVED. */
const std::map<std::string, Opcode, std::less<>>& OpcodeNames()
{
    static const std::map<std::string, Opcode, std::less<>> names = [] {
        std::map<std::string, Opcode, std::less<>> m;
        for (unsigned op = 0; op <= MAX_OPCODE; ++op) {
            if (op < OP_NOP && op != OP_RESERVED) continue;
            const std::string name = GetOpName(static_cast<Opcode>(op));
            if (name == "OP_UNKNOWN") continue;
            m[name] = static_cast<Opcode>(op);
            if (name.starts_with("OP_")) m[name.substr(3)] = static_cast<Opcode>(op);
        }
        return m;
    }();
    return names;
}

bool IsDigits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

util::Result<Script> ParseScript(std::string_view text)
{
    Script result;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find_first_of(" \t\n", start), text.size());
        const std::string_view word = text.substr(start, end - start);
        start = end + 1;
        if (word.empty()) continue;

        if (IsDigits(word) || (word.front() == '-' && word.size() > 1 && IsDigits(word.substr(1)))) {
            const auto num = util::ParseInt64(word);
            constexpr int64_t LIMIT = 0xffffffff;
            if (!num || *num > LIMIT || *num < -LIMIT) {
                return util::Error{"script parse error: decimal numeric value only allowed in the range "
                                   "-0xFFFFFFFF...0xFFFFFFFF"};
            }
            result.PushInt(*num);
        } else if (word.starts_with("0x") && word.size() > 2 && util::IsHex(word.substr(2))) {
            const auto raw = util::TryParseHex(word.substr(2));
            result.bytes().insert(result.bytes().end(), raw->begin(), raw->end());
        } else if (word.size() >= 2 && word.front() == '\'' && word.back() == '\'') {
            result << util::AsBytes(word.substr(1, word.size() - 2));
        } else {
            const auto& names = OpcodeNames();
            const auto it = names.find(word);
            if (it == names.end()) return util::Error{"script parse error: unknown opcode"};
            result << it->second;
        }
    }
    return result;
}

} // namespace script
