#include <script/asm.h>

#include <script/interpreter.h>
#include <script/scriptnum.h>
#include <util/hex.h>

namespace script {

std::string SighashToStr(uint8_t sighash_type)
{
    switch (sighash_type) {
    case 0x01: return "ALL";
    case 0x81: return "ALL|ANYONECANPAY";
    case 0x02: return "NONE";
    case 0x82: return "NONE|ANYONECANPAY";
    case 0x03: return "SINGLE";
    case 0x83: return "SINGLE|ANYONECANPAY";
    default: return "";
    }
}

std::string ScriptToAsmStr(const Script& script, bool attempt_sighash_decode)
{
    std::string str;
    Script::Bytes push;
    size_t pc = 0;
    while (pc < script.size()) {
        if (!str.empty()) str += ' ';
        Opcode op;
        if (!script.GetOp(pc, op, &push)) {
            str += "[error]";
            return str;
        }
        if (op > OP_PUSHDATA4) {
            str += GetOpName(op);
            continue;
        }
        if (push.size() <= 4) {
            str += std::to_string(ScriptNum(push, false).GetInt());
            continue;
        }
        // OP_RETURN data is never taken for a signature, however it looks.
        if (attempt_sighash_decode && !script.IsUnspendable() &&
            CheckSignatureEncoding(push, SCRIPT_VERIFY_STRICTENC, nullptr)) {
            const std::string name = SighashToStr(push.back());
            if (!name.empty()) {
                push.pop_back();
                str += util::HexStr(push) + "[" + name + "]";
                continue;
            }
        }
        str += util::HexStr(push);
    }
    return str;
}

std::string FormatScript(const Script& script)
{
    std::string ret;
    size_t pc = 0;
    Script::Bytes push;
    while (pc < script.size()) {
        const size_t op_start = pc;
        Opcode op;
        if (!script.GetOp(pc, op, &push)) {
            ret += "0x" + util::HexStr(script.span().subspan(op_start)) + " ";
            break;
        }
        if (op == OP_0) {
            ret += "0 ";
            continue;
        }
        if ((op >= OP_1 && op <= OP_16) || op == OP_1NEGATE) {
            ret += std::to_string(static_cast<int>(op) - static_cast<int>(OP_1NEGATE) - 1) + " ";
            continue;
        }
        if (op >= OP_NOP && op <= OP_NOP10) {
            const std::string name = GetOpName(op);
            if (name.starts_with("OP_")) {
                ret += name.substr(3) + " ";
                continue;
            }
        }
        const util::ByteSpan whole = script.span().subspan(op_start, pc - op_start);
        if (!push.empty()) {
            const size_t header = whole.size() - push.size();
            ret += "0x" + util::HexStr(whole.first(header)) + " 0x" + util::HexStr(whole.subspan(header)) + " ";
        } else {
            ret += "0x" + util::HexStr(whole) + " ";
        }
    }
    if (!ret.empty()) ret.pop_back();
    return ret;
}

} // namespace script
