// JsonValue accessors and the writer. The parser is in json_parse.cpp.
#include <util/json.h>

#include <cassert>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace util {

namespace {

/** True if `text` is exactly one JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
bool IsJsonNumber(std::string_view text)
{
    size_t i = 0;
    const size_t n = text.size();
    auto digits = [&] {
        const size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        return i > start;
    };
    if (i < n && text[i] == '-') ++i;
    if (i < n && text[i] == '0') {
        ++i;
    } else if (!digits()) {
        return false;
    }
    if (i < n && text[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == n;
}

void AppendEscaped(std::string& out, std::string_view s)
{
    // Core escapes the control characters, the quote, the backslash and DEL; every other
    // byte (including UTF-8 sequences) is written as is.
    static constexpr char HEX[] = "0123456789abcdef";
    auto plain = [](unsigned char ch) { return ch >= 0x20 && ch != '"' && ch != '\\' && ch != 0x7f; };
    size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run that needs no escaping in one append (hex strings are all run).
        size_t run = i;
        while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
        out.append(s.data() + i, run - i);
        if (run == s.size()) break;
        i = run + 1;
        const auto ch = static_cast<unsigned char>(s[run]);
        switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
            out += "\\u00";
            out += HEX[ch >> 4];
            out += HEX[ch & 15];
        }
    }
}

} // namespace

JsonValue::JsonValue(double d)
{
    if (!std::isfinite(d)) return; // JSON has no text for inf/nan: stays null
    // Core formats with an ostream at precision 16 in the default float field, which is
    // %.16g; to_chars gives the same text without depending on the C locale.
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::general, 16);
    m_type = Type::NUM;
    m_text.assign(buf, result.ptr);
}

std::optional<JsonValue> JsonValue::Number(std::string_view text)
{
    if (!IsJsonNumber(text)) return std::nullopt;
    JsonValue v{Type::NUM};
    v.m_text = text;
    return v;
}

bool JsonValue::GetBool() const
{
    assert(m_type == Type::BOOL);
    return m_bool;
}

const std::string& JsonValue::GetStr() const
{
    assert(m_type == Type::STR);
    return m_text;
}

const std::string& JsonValue::GetNumText() const
{
    assert(m_type == Type::NUM);
    return m_text;
}

std::optional<int64_t> JsonValue::GetInt64() const
{
    if (m_type != Type::NUM) return std::nullopt;
    int64_t n{};
    const char* end = m_text.data() + m_text.size();
    const auto [ptr, ec] = std::from_chars(m_text.data(), end, n);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return n;
}

double JsonValue::GetDouble() const
{
    assert(m_type == Type::NUM);
    double d{};
    std::from_chars(m_text.data(), m_text.data() + m_text.size(), d);
    return d;
}

const JsonValue* JsonValue::Find(std::string_view key) const
{
    if (m_type != Type::OBJ) return nullptr;
    for (size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == key) return &m_values[i];
    }
    return nullptr;
}

void JsonValue::PushBack(JsonValue value)
{
    assert(m_type == Type::ARR);
    m_values.push_back(std::move(value));
}

void JsonValue::PushKV(std::string key, JsonValue value)
{
    assert(m_type == Type::OBJ);
    for (size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == key) {
            m_values[i] = std::move(value);
            return;
        }
    }
    m_keys.push_back(std::move(key));
    m_values.push_back(std::move(value));
}

std::string JsonValue::Write(unsigned indent) const
{
    std::string out;
    WriteTo(out, indent, 1);
    return out;
}

void JsonValue::WriteTo(std::string& out, unsigned indent, unsigned level) const
{
    switch (m_type) {
    case Type::NUL: out += "null"; return;
    case Type::BOOL: out += m_bool ? "true" : "false"; return;
    case Type::NUM: out += m_text; return;
    case Type::STR:
        out += '"';
        AppendEscaped(out, m_text);
        out += '"';
        return;
    case Type::ARR:
    case Type::OBJ: break;
    }
    // Core prints empty containers as "[\n]" / "{\n}" in pretty mode, and so do we.
    const bool object = m_type == Type::OBJ;
    out += object ? '{' : '[';
    if (indent) out += '\n';
    for (size_t i = 0; i < m_values.size(); ++i) {
        if (indent) out.append(size_t{indent} * level, ' ');
        if (object) {
            out += '"';
            AppendEscaped(out, m_keys[i]);
            out += indent ? "\": " : "\":";
        }
        m_values[i].WriteTo(out, indent, level + 1);
        if (i + 1 != m_values.size()) out += ',';
        if (indent) out += '\n';
    }
    if (indent) out.append(size_t{indent} * (level - 1), ' ');
    out += object ? '}' : ']';
}

std::string JsonQuote(std::string_view s)
{
    std::string out{"\""};
    AppendEscaped(out, s);
    out += '"';
    return out;
}

JsonValue ValueFromAmount(int64_t satoshis)
{
    constexpr int64_t COIN = 100'000'000;
    // Split before negating so INT64_MIN does not overflow.
    int64_t whole = satoshis / COIN;
    int64_t frac = satoshis % COIN;
    if (satoshis < 0) {
        whole = -whole;
        frac = -frac;
    }
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%s%" PRId64 ".%08" PRId64, satoshis < 0 ? "-" : "", whole, frac);
    return *JsonValue::Number(buf);
}

} // namespace util
