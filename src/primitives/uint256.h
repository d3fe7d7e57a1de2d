// uint256 and uint160: opaque fixed-size byte blobs (hashes, ids).
//
// The bytes are kept in the order they are serialized. Bitcoin displays hashes
// byte-reversed (as a little-endian number), so GetHex/FromHex reverse: the genesis
// block's hash prints as 000000000019d6...; its serialized bytes start with 6f e2 8c.
// For arithmetic on 256-bit numbers (targets, chain work) convert to arith_uint256.
//
// Thread safety: plain values; const methods may be called concurrently.
#ifndef BITNODE_PRIMITIVES_UINT256_H
#define BITNODE_PRIMITIVES_UINT256_H

#include <util/span.h>

#include <array>
#include <cassert>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace primitives {

template <unsigned BITS>
class BaseBlob
{
    static_assert(BITS % 8 == 0);

public:
    static constexpr size_t WIDTH = BITS / 8;

    /** All zero. */
    constexpr BaseBlob() : m_data{} {}
    /** First byte v, the rest zero (uint256::ONE is BaseBlob(1)). */
    constexpr explicit BaseBlob(uint8_t v) : m_data{v} {}
    /** Exactly WIDTH bytes, in serialized order. */
    explicit BaseBlob(util::ByteSpan bytes)
    {
        assert(bytes.size() == WIDTH);
        std::memcpy(m_data.data(), bytes.data(), WIDTH);
    }
    /**
     * Compile-time constant from display hex (byte-reversed, exactly 2*WIDTH digits):
     * `uint256{"000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"}`.
     * A malformed literal fails to compile where the value is a constant expression
     * (constexpr variables); elsewhere it throws. constexpr rather than consteval:
     * clang 14 crashes on consteval temporaries of this type.
     */
    constexpr explicit BaseBlob(std::string_view hex) : m_data{}
    {
        if (hex.size() != 2 * WIDTH) ThrowNotConstant();
        for (size_t i = 0; i < WIDTH; ++i) {
            const int hi = ConstHexDigit(hex[2 * i]);
            const int lo = ConstHexDigit(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) ThrowNotConstant();
            m_data[WIDTH - 1 - i] = static_cast<uint8_t>(hi << 4 | lo);
        }
    }

    constexpr bool IsNull() const
    {
        for (uint8_t b : m_data) {
            if (b != 0) return false;
        }
        return true;
    }
    constexpr void SetNull() { m_data = {}; }

    /** memcmp order of the serialized bytes (what std::map ordering of hashes uses). */
    constexpr int Compare(const BaseBlob& other) const
    {
        for (size_t i = 0; i < WIDTH; ++i) {
            if (m_data[i] != other.m_data[i]) return m_data[i] < other.m_data[i] ? -1 : 1;
        }
        return 0;
    }
    friend constexpr bool operator==(const BaseBlob& a, const BaseBlob& b) { return a.m_data == b.m_data; }
    friend constexpr std::strong_ordering operator<=>(const BaseBlob& a, const BaseBlob& b)
    {
        return a.Compare(b) <=> 0;
    }

    /** Display hex: bytes reversed, lower case, 2*WIDTH digits. */
    std::string GetHex() const;
    std::string ToString() const { return GetHex(); }

    constexpr const uint8_t* data() const { return m_data.data(); }
    constexpr uint8_t* data() { return m_data.data(); }
    constexpr const uint8_t* begin() const { return m_data.data(); }
    constexpr const uint8_t* end() const { return m_data.data() + WIDTH; }
    constexpr uint8_t* begin() { return m_data.data(); }
    constexpr uint8_t* end() { return m_data.data() + WIDTH; }
    static constexpr size_t size() { return WIDTH; }
    util::ByteSpan span() const { return m_data; }
    operator util::ByteSpan() const { return m_data; }

    /** Little-endian 64-bit word number pos (pos < WIDTH / 8); for hash tables. */
    constexpr uint64_t GetUint64(int pos) const
    {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(m_data[pos * 8 + i]) << (8 * i);
        return v;
    }

    template <typename Stream>
    void Serialize(Stream& s) const { s.Write(util::ByteSpan{m_data}); }
    template <typename Stream>
    void Unserialize(Stream& s) { s.Read(util::WritableByteSpan{m_data}); }

protected:
    /** Strict parse of display hex into `out`: exactly 2*WIDTH hex digits, no prefix or spaces. */
    static bool ParseHex(std::string_view hex, BaseBlob& out);

private:
    static constexpr int ConstHexDigit(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    // Not constexpr: reaching it while evaluating a constant expression is a compile error.
    static void ThrowNotConstant();

    std::array<uint8_t, WIDTH> m_data;
};

class uint160 : public BaseBlob<160>
{
public:
    using BaseBlob<160>::BaseBlob;
    constexpr uint160() = default;
    constexpr uint160(const BaseBlob<160>& b) : BaseBlob<160>(b) {}
    constexpr explicit uint160(std::string_view hex) : BaseBlob<160>(hex) {}

    /** nullopt unless hex is exactly 40 hex digits. */
    static std::optional<uint160> FromHex(std::string_view hex);
};

class uint256 : public BaseBlob<256>
{
public:
    using BaseBlob<256>::BaseBlob;
    constexpr uint256() = default;
    constexpr uint256(const BaseBlob<256>& b) : BaseBlob<256>(b) {}
    constexpr explicit uint256(std::string_view hex) : BaseBlob<256>(hex) {}

    /** nullopt unless hex is exactly 64 hex digits (display order, as GetHex prints). */
    static std::optional<uint256> FromHex(std::string_view hex);

    static const uint256 ZERO;
    static const uint256 ONE;
};

inline constexpr uint256 uint256::ZERO{};
inline constexpr uint256 uint256::ONE{uint8_t{1}};

static_assert(sizeof(uint256) == 32 && sizeof(uint160) == 20);

} // namespace primitives

#endif // BITNODE_PRIMITIVES_UINT256_H
