#include <script/script.h>

namespace script {

std::string GetOpName(Opcode op)
{
    switch (op) {
    case OP_0: return "0";
    case OP_PUSHDATA1: return "OP_PUSHDATA1";
    case OP_PUSHDATA2: return "OP_PUSHDATA2";
    case OP_PUSHDATA4: return "OP_PUSHDATA4";
    case OP_1NEGATE: return "-1";
    case OP_RESERVED: return "OP_RESERVED";
    case OP_NOP: return "OP_NOP";
    case OP_VER: return "OP_VER";
    case OP_IF: return "OP_IF";
    case OP_NOTIF: return "OP_NOTIF";
    case OP_VERIF: return "OP_VERIF";
    case OP_VERNOTIF: return "OP_VERNOTIF";
    case OP_ELSE: return "OP_ELSE";
    case OP_ENDIF: return "OP_ENDIF";
    case OP_VERIFY: return "OP_VERIFY";
    case OP_RETURN: return "OP_RETURN";
    case OP_TOALTSTACK: return "OP_TOALTSTACK";
    case OP_FROMALTSTACK: return "OP_FROMALTSTACK";
    case OP_2DROP: return "OP_2DROP";
    case OP_2DUP: return "OP_2DUP";
    case OP_3DUP: return "OP_3DUP";
    case OP_2OVER: return "OP_2OVER";
    case OP_2ROT: return "OP_2ROT";
    case OP_2SWAP: return "OP_2SWAP";
    case OP_IFDUP: return "OP_IFDUP";
    case OP_DEPTH: return "OP_DEPTH";
    case OP_DROP: return "OP_DROP";
    case OP_DUP: return "OP_DUP";
    case OP_NIP: return "OP_NIP";
    case OP_OVER: return "OP_OVER";
    case OP_PICK: return "OP_PICK";
    case OP_ROLL: return "OP_ROLL";
    case OP_ROT: return "OP_ROT";
    case OP_SWAP: return "OP_SWAP";
    case OP_TUCK: return "OP_TUCK";
    case OP_CAT: return "OP_CAT";
    case OP_SUBSTR: return "OP_SUBSTR";
    case OP_LEFT: return "OP_LEFT";
    case OP_RIGHT: return "OP_RIGHT";
    case OP_SIZE: return "OP_SIZE";
    case OP_INVERT: return "OP_INVERT";
    case OP_AND: return "OP_AND";
    case OP_OR: return "OP_OR";
    case OP_XOR: return "OP_XOR";
    case OP_EQUAL: return "OP_EQUAL";
    case OP_EQUALVERIFY: return "OP_EQUALVERIFY";
    case OP_RESERVED1: return "OP_RESERVED1";
    case OP_RESERVED2: return "OP_RESERVED2";
    case OP_1ADD: return "OP_1ADD";
    case OP_1SUB: return "OP_1SUB";
    case OP_2MUL: return "OP_2MUL";
    case OP_2DIV: return "OP_2DIV";
    case OP_NEGATE: return "OP_NEGATE";
    case OP_ABS: return "OP_ABS";
    case OP_NOT: return "OP_NOT";
    case OP_0NOTEQUAL: return "OP_0NOTEQUAL";
    case OP_ADD: return "OP_ADD";
    case OP_SUB: return "OP_SUB";
    case OP_MUL: return "OP_MUL";
    case OP_DIV: return "OP_DIV";
    case OP_MOD: return "OP_MOD";
    case OP_LSHIFT: return "OP_LSHIFT";
    case OP_RSHIFT: return "OP_RSHIFT";
    case OP_BOOLAND: return "OP_BOOLAND";
    case OP_BOOLOR: return "OP_BOOLOR";
    case OP_NUMEQUAL: return "OP_NUMEQUAL";
    case OP_NUMEQUALVERIFY: return "OP_NUMEQUALVERIFY";
    case OP_NUMNOTEQUAL: return "OP_NUMNOTEQUAL";
    case OP_LESSTHAN: return "OP_LESSTHAN";
    case OP_GREATERTHAN: return "OP_GREATERTHAN";
    case OP_LESSTHANOREQUAL: return "OP_LESSTHANOREQUAL";
    case OP_GREATERTHANOREQUAL: return "OP_GREATERTHANOREQUAL";
    case OP_MIN: return "OP_MIN";
    case OP_MAX: return "OP_MAX";
    case OP_WITHIN: return "OP_WITHIN";
    case OP_RIPEMD160: return "OP_RIPEMD160";
    case OP_SHA1: return "OP_SHA1";
    case OP_SHA256: return "OP_SHA256";
    case OP_HASH160: return "OP_HASH160";
    case OP_HASH256: return "OP_HASH256";
    case OP_CODESEPARATOR: return "OP_CODESEPARATOR";
    case OP_CHECKSIG: return "OP_CHECKSIG";
    case OP_CHECKSIGVERIFY: return "OP_CHECKSIGVERIFY";
    case OP_CHECKMULTISIG: return "OP_CHECKMULTISIG";
    case OP_CHECKMULTISIGVERIFY: return "OP_CHECKMULTISIGVERIFY";
    case OP_NOP1: return "OP_NOP1";
    case OP_CHECKLOCKTIMEVERIFY: return "OP_CHECKLOCKTIMEVERIFY";
    case OP_CHECKSEQUENCEVERIFY: return "OP_CHECKSEQUENCEVERIFY";
    case OP_NOP4: return "OP_NOP4";
    case OP_NOP5: return "OP_NOP5";
    case OP_NOP6: return "OP_NOP6";
    case OP_NOP7: return "OP_NOP7";
    case OP_NOP8: return "OP_NOP8";
    case OP_NOP9: return "OP_NOP9";
    case OP_NOP10: return "OP_NOP10";
    case OP_CHECKSIGADD: return "OP_CHECKSIGADD";
    case OP_INVALIDOPCODE: return "OP_INVALIDOPCODE";
    default:
        if (op >= OP_1 && op <= OP_16) return std::to_string(DecodeOpN(op));
        return "OP_UNKNOWN";
    }
}

Script& Script::operator<<(Opcode op)
{
    m_bytes.push_back(op);
    return *this;
}

Script& Script::operator<<(util::ByteSpan data)
{
    const size_t n = data.size();
    if (n < OP_PUSHDATA1) {
        m_bytes.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xff) {
        m_bytes.push_back(OP_PUSHDATA1);
        m_bytes.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        m_bytes.push_back(OP_PUSHDATA2);
        m_bytes.push_back(static_cast<uint8_t>(n));
        m_bytes.push_back(static_cast<uint8_t>(n >> 8));
    } else {
        m_bytes.push_back(OP_PUSHDATA4);
        for (int i = 0; i < 4; ++i) m_bytes.push_back(static_cast<uint8_t>(n >> (8 * i)));
    }
    m_bytes.insert(m_bytes.end(), data.begin(), data.end());
    return *this;
}

Script& Script::PushInt(int64_t n)
{
    if (n == -1 || (n >= 1 && n <= 16)) {
        m_bytes.push_back(static_cast<uint8_t>(n + (OP_1 - 1)));
        return *this;
    }
    if (n == 0) return *this << OP_0;
    // Minimal little-endian sign-magnitude encoding (script numbers).
    Bytes enc;
    const bool negative = n < 0;
    uint64_t abs = negative ? ~static_cast<uint64_t>(n) + 1 : static_cast<uint64_t>(n);
    while (abs) {
        enc.push_back(static_cast<uint8_t>(abs & 0xff));
        abs >>= 8;
    }
    if (enc.back() & 0x80) {
        enc.push_back(negative ? 0x80 : 0x00);
    } else if (negative) {
        enc.back() |= 0x80;
    }
    return *this << enc;
}

bool Script::GetOp(size_t& pos, Opcode& op, Bytes* data) const
{
    op = OP_INVALIDOPCODE;
    if (data) data->clear();
    if (pos >= m_bytes.size()) return false;
    const uint8_t code = m_bytes[pos++];
    if (code <= OP_PUSHDATA4) {
        uint64_t len = 0;
        if (code < OP_PUSHDATA1) {
            len = code;
        } else {
            const size_t width = code == OP_PUSHDATA1 ? 1 : code == OP_PUSHDATA2 ? 2 : 4;
            if (m_bytes.size() - pos < width) return false;
            for (size_t i = 0; i < width; ++i) len |= uint64_t{m_bytes[pos + i]} << (8 * i);
            pos += width;
        }
        if (m_bytes.size() - pos < len) return false;
        if (data) data->assign(m_bytes.begin() + pos, m_bytes.begin() + pos + len);
        pos += len;
    }
    op = static_cast<Opcode>(code);
    return true;
}

unsigned Script::GetSigOpCount(bool accurate) const
{
    unsigned n = 0;
    size_t pos = 0;
    Opcode op;
    Opcode last = OP_INVALIDOPCODE;
    while (pos < m_bytes.size()) {
        if (!GetOp(pos, op)) break;
        if (op == OP_CHECKSIG || op == OP_CHECKSIGVERIFY) {
            ++n;
        } else if (op == OP_CHECKMULTISIG || op == OP_CHECKMULTISIGVERIFY) {
            if (accurate && last >= OP_1 && last <= OP_16) {
                n += DecodeOpN(last);
            } else {
                n += MAX_PUBKEYS_PER_MULTISIG;
            }
        }
        last = op;
    }
    return n;
}

bool Script::IsPushOnly() const
{
    size_t pos = 0;
    Opcode op;
    while (pos < m_bytes.size()) {
        if (!GetOp(pos, op)) return false;
        // OP_RESERVED counts as a push here, as in Bitcoin Core: it is <= OP_16.
        if (op > OP_16) return false;
    }
    return true;
}

bool Script::IsPayToScriptHash() const
{
    return m_bytes.size() == 23 && m_bytes[0] == OP_HASH160 && m_bytes[1] == 0x14 && m_bytes[22] == OP_EQUAL;
}

bool Script::IsWitnessProgram(int& version, Bytes& program) const
{
    if (m_bytes.size() < 4 || m_bytes.size() > 42) return false;
    if (m_bytes[0] != OP_0 && (m_bytes[0] < OP_1 || m_bytes[0] > OP_16)) return false;
    if (static_cast<size_t>(m_bytes[1]) + 2 != m_bytes.size()) return false;
    version = DecodeOpN(static_cast<Opcode>(m_bytes[0]));
    program.assign(m_bytes.begin() + 2, m_bytes.end());
    return true;
}

} // namespace script
