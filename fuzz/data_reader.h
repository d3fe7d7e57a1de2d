// DataReader: splits one fuzz input into typed values, front to back.
//
// Every read succeeds: when the input runs out, integers read as zero-filled and byte
// strings come back short, so a target never needs to check lengths. The layout is
// deliberately plain (little-endian integers, u16 length prefixes) so that
// scripts/fuzz-corpus.py can write seeds in the same shape from real data.
// Thread safety: a DataReader is used by one thread.
#ifndef BITNODE_FUZZ_DATA_READER_H
#define BITNODE_FUZZ_DATA_READER_H

#include "fuzz.h"

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

class DataReader
{
public:
    explicit DataReader(Buffer data) : m_data(data) {}

    size_t Remaining() const { return m_data.size(); }
    bool Empty() const { return m_data.empty(); }

    /** sizeof(T) bytes, little-endian (missing high bytes are zero). */
    template <std::integral T>
    T Integral()
    {
        using U = std::make_unsigned_t<T>;
        U value = 0;
        const size_t n = std::min(sizeof(T), m_data.size());
        for (size_t i = 0; i < n; ++i) value |= static_cast<U>(U{m_data[i]} << (8 * i));
        m_data = m_data.subspan(n);
        return static_cast<T>(value);
    }

    /** A value in [lo, hi], from as few bytes as the range needs. */
    template <std::integral T>
    T IntegralInRange(T lo, T hi)
    {
        const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
        uint64_t raw = 0;
        for (unsigned shift = 0; shift < 64 && (range >> shift) != 0; shift += 8) {
            raw |= uint64_t{Integral<uint8_t>()} << shift;
        }
        if (range != UINT64_MAX) raw %= range + 1;
        return static_cast<T>(static_cast<uint64_t>(lo) + raw);
    }

    bool Bool() { return (Integral<uint8_t>() & 1) != 0; }

    /** Up to n bytes. */
    std::vector<uint8_t> Bytes(size_t n)
    {
        n = std::min(n, m_data.size());
        std::vector<uint8_t> out(m_data.begin(), m_data.begin() + static_cast<std::ptrdiff_t>(n));
        m_data = m_data.subspan(n);
        return out;
    }

    /** A u16 little-endian length, then that many bytes (fewer if the input ends). */
    std::vector<uint8_t> LengthPrefixedBytes() { return Bytes(Integral<uint16_t>()); }
    std::string LengthPrefixedString()
    {
        const std::vector<uint8_t> bytes = LengthPrefixedBytes();
        return {bytes.begin(), bytes.end()};
    }

    std::vector<uint8_t> RemainingBytes() { return Bytes(m_data.size()); }
    std::string RemainingString()
    {
        const std::vector<uint8_t> bytes = RemainingBytes();
        return {bytes.begin(), bytes.end()};
    }

private:
    Buffer m_data;
};

} // namespace fuzz

#endif // BITNODE_FUZZ_DATA_READER_H
