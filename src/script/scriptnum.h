// ScriptNum: the integers that script arithmetic works on.
//
// Stack elements are little-endian sign-magnitude byte strings. Numeric opcodes read
// at most 4 bytes (5 for CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY), so operands lie in
// [-2^31+1, 2^31-1] but results may overflow that range: they are kept as int64 and
// may be pushed, only not read back as operands. Reading an oversized or (with
// MINIMALDATA) non-minimal element throws ScriptNumError, which the interpreter turns
// into SCRIPT_ERR_UNKNOWN_ERROR exactly as Bitcoin Core does. Values are plain data;
// thread-safe.
#ifndef BITNODE_SCRIPT_SCRIPTNUM_H
#define BITNODE_SCRIPT_SCRIPTNUM_H

#include <util/span.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace script {

class ScriptNumError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class ScriptNum
{
public:
    static constexpr size_t DEFAULT_MAX_SIZE = 4;

    explicit ScriptNum(int64_t value) : m_value(value) {}

    /**
     * Decode a stack element. Throws ScriptNumError if it is longer than max_size, or
     * if require_minimal and it has a needless most-significant byte (including the
     * negative-zero encodings such as 0x80).
     */
    ScriptNum(util::ByteSpan element, bool require_minimal, size_t max_size = DEFAULT_MAX_SIZE);

    /** Whether element is minimally encoded (the rule above, without the size limit). */
    static bool IsMinimallyEncoded(util::ByteSpan element);

    /** Minimal encoding of value; empty for 0. */
    static std::vector<uint8_t> Serialize(int64_t value);

    std::vector<uint8_t> GetBytes() const { return Serialize(m_value); }
    int64_t GetInt64() const { return m_value; }
    /** The value clamped to int's range (what CHECKMULTISIG and PICK/ROLL use). */
    int GetInt() const
    {
        if (m_value > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
        if (m_value < std::numeric_limits<int>::min()) return std::numeric_limits<int>::min();
        return static_cast<int>(m_value);
    }

    friend bool operator==(const ScriptNum& a, const ScriptNum& b) { return a.m_value == b.m_value; }
    friend auto operator<=>(const ScriptNum& a, const ScriptNum& b) { return a.m_value <=> b.m_value; }
    friend bool operator==(const ScriptNum& a, int64_t b) { return a.m_value == b; }
    friend auto operator<=>(const ScriptNum& a, int64_t b) { return a.m_value <=> b; }

    // Operands are at most 5 bytes, so sums and differences cannot overflow int64;
    // the assertions document that contract.
    ScriptNum operator+(int64_t rhs) const
    {
        assert(rhs == 0 || (rhs > 0 && m_value <= std::numeric_limits<int64_t>::max() - rhs) ||
               (rhs < 0 && m_value >= std::numeric_limits<int64_t>::min() - rhs));
        return ScriptNum(m_value + rhs);
    }
    ScriptNum operator-(int64_t rhs) const
    {
        assert(rhs == 0 || (rhs > 0 && m_value >= std::numeric_limits<int64_t>::min() + rhs) ||
               (rhs < 0 && m_value <= std::numeric_limits<int64_t>::max() + rhs));
        return ScriptNum(m_value - rhs);
    }
    ScriptNum operator+(const ScriptNum& rhs) const { return *this + rhs.m_value; }
    ScriptNum operator-(const ScriptNum& rhs) const { return *this - rhs.m_value; }
    ScriptNum operator&(int64_t rhs) const { return ScriptNum(m_value & rhs); }
    ScriptNum operator-() const
    {
        assert(m_value != std::numeric_limits<int64_t>::min());
        return ScriptNum(-m_value);
    }

private:
    int64_t m_value;
};

} // namespace script

#endif // BITNODE_SCRIPT_SCRIPTNUM_H
