// Script: the byte-code that locks and unlocks outputs, with its opcodes.
//
// A Script is a plain byte string; GetOp walks it one operation at a time and
// reports a truncated push instead of reading past the end. Values of Opcode
// are consensus: DO NOT CHANGE.
#ifndef BITNODE_SCRIPT_SCRIPT_H
#define BITNODE_SCRIPT_SCRIPT_H

#include <util/span.h>

#include <cstdint>
#include <string>
#include <vector>

namespace script {

/** Consensus limits on scripts (Bitcoin Core's values). */
inline constexpr unsigned MAX_SCRIPT_ELEMENT_SIZE = 520;
inline constexpr int MAX_OPS_PER_SCRIPT = 201;
inline constexpr int MAX_PUBKEYS_PER_MULTISIG = 20;
inline constexpr int MAX_SCRIPT_SIZE = 10000;
inline constexpr size_t MAX_STACK_SIZE = 1000;
/** Witness program sizes (BIP141, BIP341), shared by the interpreter and the templates. */
inline constexpr size_t WITNESS_V0_KEYHASH_SIZE = 20;
inline constexpr size_t WITNESS_V0_SCRIPTHASH_SIZE = 32;
inline constexpr size_t WITNESS_V1_TAPROOT_SIZE = 32;
/** nLockTime below this is a block height, at or above it a Unix time. */
inline constexpr unsigned LOCKTIME_THRESHOLD = 500000000;

enum Opcode : uint8_t {
    // push value
    OP_0 = 0x00,
    OP_FALSE = OP_0,
    OP_PUSHDATA1 = 0x4c,
    OP_PUSHDATA2 = 0x4d,
    OP_PUSHDATA4 = 0x4e,
    OP_1NEGATE = 0x4f,
    OP_RESERVED = 0x50,
    OP_1 = 0x51,
    OP_TRUE = OP_1,
    OP_2 = 0x52,
    OP_3 = 0x53,
    OP_4 = 0x54,
    OP_5 = 0x55,
    OP_6 = 0x56,
    OP_7 = 0x57,
    OP_8 = 0x58,
    OP_9 = 0x59,
    OP_10 = 0x5a,
    OP_11 = 0x5b,
    OP_12 = 0x5c,
    OP_13 = 0x5d,
    OP_14 = 0x5e,
    OP_15 = 0x5f,
    OP_16 = 0x60,

    // control
    OP_NOP = 0x61,
    OP_VER = 0x62,
    OP_IF = 0x63,
    OP_NOTIF = 0x64,
    OP_VERIF = 0x65,
    OP_VERNOTIF = 0x66,
    OP_ELSE = 0x67,
    OP_ENDIF = 0x68,
    OP_VERIFY = 0x69,
    OP_RETURN = 0x6a,

    // stack ops
    OP_TOALTSTACK = 0x6b,
    OP_FROMALTSTACK = 0x6c,
    OP_2DROP = 0x6d,
    OP_2DUP = 0x6e,
    OP_3DUP = 0x6f,
    OP_2OVER = 0x70,
    OP_2ROT = 0x71,
    OP_2SWAP = 0x72,
    OP_IFDUP = 0x73,
    OP_DEPTH = 0x74,
    OP_DROP = 0x75,
    OP_DUP = 0x76,
    OP_NIP = 0x77,
    OP_OVER = 0x78,
    OP_PICK = 0x79,
    OP_ROLL = 0x7a,
    OP_ROT = 0x7b,
    OP_SWAP = 0x7c,
    OP_TUCK = 0x7d,

    // splice ops
    OP_CAT = 0x7e,
    OP_SUBSTR = 0x7f,
    OP_LEFT = 0x80,
    OP_RIGHT = 0x81,
    OP_SIZE = 0x82,

    // bit logic
    OP_INVERT = 0x83,
    OP_AND = 0x84,
    OP_OR = 0x85,
    OP_XOR = 0x86,
    OP_EQUAL = 0x87,
    OP_EQUALVERIFY = 0x88,
    OP_RESERVED1 = 0x89,
    OP_RESERVED2 = 0x8a,

    // numeric
    OP_1ADD = 0x8b,
    OP_1SUB = 0x8c,
    OP_2MUL = 0x8d,
    OP_2DIV = 0x8e,
    OP_NEGATE = 0x8f,
    OP_ABS = 0x90,
    OP_NOT = 0x91,
    OP_0NOTEQUAL = 0x92,
    OP_ADD = 0x93,
    OP_SUB = 0x94,
    OP_MUL = 0x95,
    OP_DIV = 0x96,
    OP_MOD = 0x97,
    OP_LSHIFT = 0x98,
    OP_RSHIFT = 0x99,
    OP_BOOLAND = 0x9a,
    OP_BOOLOR = 0x9b,
    OP_NUMEQUAL = 0x9c,
    OP_NUMEQUALVERIFY = 0x9d,
    OP_NUMNOTEQUAL = 0x9e,
    OP_LESSTHAN = 0x9f,
    OP_GREATERTHAN = 0xa0,
    OP_LESSTHANOREQUAL = 0xa1,
    OP_GREATERTHANOREQUAL = 0xa2,
    OP_MIN = 0xa3,
    OP_MAX = 0xa4,
    OP_WITHIN = 0xa5,

    // crypto
    OP_RIPEMD160 = 0xa6,
    OP_SHA1 = 0xa7,
    OP_SHA256 = 0xa8,
    OP_HASH160 = 0xa9,
    OP_HASH256 = 0xaa,
    OP_CODESEPARATOR = 0xab,
    OP_CHECKSIG = 0xac,
    OP_CHECKSIGVERIFY = 0xad,
    OP_CHECKMULTISIG = 0xae,
    OP_CHECKMULTISIGVERIFY = 0xaf,

    // expansion
    OP_NOP1 = 0xb0,
    OP_CHECKLOCKTIMEVERIFY = 0xb1,
    OP_NOP2 = OP_CHECKLOCKTIMEVERIFY,
    OP_CHECKSEQUENCEVERIFY = 0xb2,
    OP_NOP3 = OP_CHECKSEQUENCEVERIFY,
    OP_NOP4 = 0xb3,
    OP_NOP5 = 0xb4,
    OP_NOP6 = 0xb5,
    OP_NOP7 = 0xb6,
    OP_NOP8 = 0xb7,
    OP_NOP9 = 0xb8,
    OP_NOP10 = 0xb9,

    // BIP342 (tapscript only)
    OP_CHECKSIGADD = 0xba,

    OP_INVALIDOPCODE = 0xff,
};

/** Largest opcode that exists (anything above is invalid outside tapscript). */
inline constexpr unsigned MAX_OPCODE = OP_NOP10;

/** Core's name of an opcode ("OP_DUP", "OP_UNKNOWN" for undefined ones, "0" for OP_0, "1".."16"). */
std::string GetOpName(Opcode op);

/** Small integer an OP_0/OP_1..OP_16 stands for. */
inline int DecodeOpN(Opcode op) { return op == OP_0 ? 0 : static_cast<int>(op) - static_cast<int>(OP_1 - 1); }
inline Opcode EncodeOpN(int n) { return n == 0 ? OP_0 : static_cast<Opcode>(OP_1 + n - 1); }

class Script
{
public:
    using Bytes = std::vector<uint8_t>;

    Script() = default;
    explicit Script(Bytes bytes) : m_bytes(std::move(bytes)) {}
    Script(const uint8_t* begin, const uint8_t* end) : m_bytes(begin, end) {}
    explicit Script(util::ByteSpan bytes) : m_bytes(bytes.begin(), bytes.end()) {}

    const Bytes& bytes() const { return m_bytes; }
    Bytes& bytes() { return m_bytes; }
    size_t size() const { return m_bytes.size(); }
    bool empty() const { return m_bytes.empty(); }
    const uint8_t* data() const { return m_bytes.data(); }
    uint8_t operator[](size_t i) const { return m_bytes[i]; }
    Bytes::const_iterator begin() const { return m_bytes.begin(); }
    Bytes::const_iterator end() const { return m_bytes.end(); }
    util::ByteSpan span() const { return m_bytes; }

    /** Append an opcode. */
    Script& operator<<(Opcode op);
    /** Append a data push with the shortest push opcode (not minimal-number encoding). */
    Script& operator<<(util::ByteSpan data);
    Script& operator<<(const Bytes& data) { return *this << util::ByteSpan{data}; }
    /** Append an integer as OP_0/OP_1NEGATE/OP_1..OP_16 or a minimal script-number push. */
    Script& PushInt(int64_t n);

    /**
     * Read the operation at `pos` and advance past it. On success `op` is the opcode and
     * `data` holds the pushed bytes, if any. Returns false (and sets op to OP_INVALIDOPCODE)
     * at the end of the script or on a push that runs past the end.
     */
    bool GetOp(size_t& pos, Opcode& op, Bytes* data = nullptr) const;

    /** Legacy sigop count; accurate counts CHECKMULTISIG's key count from a preceding OP_n. */
    unsigned GetSigOpCount(bool accurate) const;
    /** True if only push opcodes (OP_0..OP_16, OP_1NEGATE, pushes) appear. */
    bool IsPushOnly() const;
    bool IsPayToScriptHash() const;
    /** BIP141 witness program: version 0..16 and a 2..40-byte program. */
    bool IsWitnessProgram(int& version, Bytes& program) const;
    /** Provably unspendable: starts with OP_RETURN or is larger than MAX_SCRIPT_SIZE. */
    bool IsUnspendable() const { return (!empty() && m_bytes[0] == OP_RETURN) || size() > MAX_SCRIPT_SIZE; }

    friend bool operator==(const Script&, const Script&) = default;
    friend auto operator<=>(const Script&, const Script&) = default;

private:
    Bytes m_bytes;
};

} // namespace script

#endif // BITNODE_SCRIPT_SCRIPT_H
