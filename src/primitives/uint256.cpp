// Hex conversion of the opaque blobs.
#include <primitives/uint256.h>

#include <util/hex.h>

#include <stdexcept>

namespace primitives {

template <unsigned BITS>
std::string BaseBlob<BITS>::GetHex() const
{
    std::array<uint8_t, WIDTH> reversed;
    for (size_t i = 0; i < WIDTH; ++i) reversed[i] = m_data[WIDTH - 1 - i];
    return util::HexStr(reversed);
}

template <unsigned BITS>
bool BaseBlob<BITS>::ParseHex(std::string_view hex, BaseBlob& out)
{
    if (hex.size() != 2 * WIDTH) return false;
    for (size_t i = 0; i < WIDTH; ++i) {
        const int hi = util::HexDigit(hex[2 * i]);
        const int lo = util::HexDigit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.m_data[WIDTH - 1 - i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return true;
}

template <unsigned BITS>
void BaseBlob<BITS>::ThrowNotConstant()
{
    throw std::invalid_argument("hash literal must be exactly 2*WIDTH hex digits");
}

template class BaseBlob<160>;
template class BaseBlob<256>;

std::optional<uint160> uint160::FromHex(std::string_view hex)
{
    uint160 out;
    if (!ParseHex(hex, out)) return std::nullopt;
    return out;
}

std::optional<uint256> uint256::FromHex(std::string_view hex)
{
    uint256 out;
    if (!ParseHex(hex, out)) return std::nullopt;
    return out;
}

} // namespace primitives
