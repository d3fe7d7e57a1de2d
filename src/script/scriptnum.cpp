#include <script/scriptnum.h>

namespace script {

bool ScriptNum::IsMinimallyEncoded(util::ByteSpan element)
{
    if (element.empty()) return true;
    // A most-significant byte that holds nothing but (possibly) the sign bit is
    // needless, unless the byte below it has its top bit set and would otherwise be
    // read as the sign (e.g. 255 is ff00, -255 is ff80).
    if ((element.back() & 0x7f) == 0) {
        if (element.size() <= 1 || (element[element.size() - 2] & 0x80) == 0) return false;
    }
    return true;
}

ScriptNum::ScriptNum(util::ByteSpan element, bool require_minimal, size_t max_size)
{
    if (element.size() > max_size) throw ScriptNumError("script number overflow");
    if (require_minimal && !IsMinimallyEncoded(element)) {
        throw ScriptNumError("non-minimally encoded script number");
    }
    if (element.empty()) {
        m_value = 0;
        return;
    }
    // max_size is at most 8 in every caller, so the shifts stay in range.
    uint64_t magnitude = 0;
    for (size_t i = 0; i < element.size(); ++i) magnitude |= uint64_t{element[i]} << (8 * i);
    const size_t top = 8 * (element.size() - 1);
    if (element.back() & 0x80) {
        magnitude &= ~(uint64_t{0x80} << top);
        m_value = -static_cast<int64_t>(magnitude);
    } else {
        m_value = static_cast<int64_t>(magnitude);
    }
}

std::vector<uint8_t> ScriptNum::Serialize(int64_t value)
{
    std::vector<uint8_t> out;
    if (value == 0) return out;
    const bool negative = value < 0;
    uint64_t magnitude = negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
    while (magnitude) {
        out.push_back(static_cast<uint8_t>(magnitude & 0xff));
        magnitude >>= 8;
    }
    // The top bit of the last byte is the sign: add a byte if the magnitude uses it.
    if (out.back() & 0x80) {
        out.push_back(negative ? 0x80 : 0x00);
    } else if (negative) {
        out.back() |= 0x80;
    }
    return out;
}

} // namespace script
