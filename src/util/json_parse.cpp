// Strict JSON parser for JsonValue (RFC 8259, Core's depth limit).
//
// Recursive descent over the input bytes. Recursion depth is bounded by MAX_JSON_DEPTH,
// so hostile input cannot exhaust the stack. Number text is kept verbatim.
#include <util/json.h>

#include <string>

namespace util {

class JsonParser
{
public:
    explicit JsonParser(std::string_view text) : m_text(text) {}

    Result<JsonValue> ParseDocument()
    {
        JsonValue value;
        SkipSpace();
        if (!ParseValue(value, 0)) return Error{m_error};
        SkipSpace();
        if (m_pos != m_text.size()) return Error{"JSON: unexpected data after the value at byte " + std::to_string(m_pos)};
        return value;
    }

private:
    bool Fail(std::string what)
    {
        m_error = "JSON: " + std::move(what) + " at byte " + std::to_string(m_pos);
        return false;
    }

    bool AtEnd() const { return m_pos >= m_text.size(); }
    char Peek() const { return m_text[m_pos]; }

    void SkipSpace()
    {
        while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++m_pos;
    }

    bool ParseValue(JsonValue& out, size_t depth)
    {
        if (AtEnd()) return Fail("unexpected end of input, expected a value");
        switch (Peek()) {
        case '{': return ParseObject(out, depth + 1);
        case '[': return ParseArray(out, depth + 1);
        case '"':
            out.m_type = JsonValue::Type::STR;
            return ParseString(out.m_text);
        case 't': return ParseKeyword("true", out, JsonValue{true});
        case 'f': return ParseKeyword("false", out, JsonValue{false});
        case 'n': return ParseKeyword("null", out, JsonValue{});
        default:
            if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) return ParseNumber(out);
            return Fail("unexpected character");
        }
    }

    bool ParseKeyword(std::string_view word, JsonValue& out, JsonValue value)
    {
        if (m_text.substr(m_pos, word.size()) != word) return Fail("invalid literal");
        m_pos += word.size();
        out = std::move(value);
        return true;
    }

    bool ParseNumber(JsonValue& out)
    {
        const size_t start = m_pos;
        auto digits = [&] {
            const size_t from = m_pos;
            while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++m_pos;
            return m_pos > from;
        };
        if (Peek() == '-') ++m_pos;
        if (!AtEnd() && Peek() == '0') {
            ++m_pos;
            if (!AtEnd() && Peek() >= '0' && Peek() <= '9') return Fail("leading zero in number");
        } else if (!digits()) {
            return Fail("invalid number");
        }
        if (!AtEnd() && Peek() == '.') {
            ++m_pos;
            if (!digits()) return Fail("invalid number: digits expected after '.'");
        }
        if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
            ++m_pos;
            if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++m_pos;
            if (!digits()) return Fail("invalid number: digits expected in exponent");
        }
        out = *JsonValue::Number(m_text.substr(start, m_pos - start));
        return true;
    }

    /** Four hex digits of a \u escape. */
    bool ParseHex4(unsigned& cp)
    {
        if (m_text.size() - m_pos < 4) return Fail("truncated \\u escape");
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            int d = -1;
            if (c >= '0' && c <= '9') d = c - '0';
            if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            if (d < 0) return Fail("invalid \\u escape");
            cp = cp << 4 | static_cast<unsigned>(d);
        }
        return true;
    }

    static void AppendUtf8(std::string& s, unsigned cp)
    {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xc0 | cp >> 6);
            s += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xe0 | cp >> 12);
            s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            s += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            s += static_cast<char>(0xf0 | cp >> 18);
            s += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
            s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            s += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }

    bool ParseEscape(std::string& s)
    {
        if (AtEnd()) return Fail("unterminated string");
        const char c = m_text[m_pos++];
        switch (c) {
        case '"': s += '"'; return true;
        case '\\': s += '\\'; return true;
        case '/': s += '/'; return true;
        case 'b': s += '\b'; return true;
        case 'f': s += '\f'; return true;
        case 'n': s += '\n'; return true;
        case 'r': s += '\r'; return true;
        case 't': s += '\t'; return true;
        case 'u': break;
        default: --m_pos; return Fail("invalid escape");
        }
        unsigned cp{};
        if (!ParseHex4(cp)) return false;
        if (cp >= 0xdc00 && cp <= 0xdfff) return Fail("unpaired low surrogate");
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (m_text.substr(m_pos, 2) != "\\u") return Fail("unpaired high surrogate");
            m_pos += 2;
            unsigned low{};
            if (!ParseHex4(low)) return false;
            if (low < 0xdc00 || low > 0xdfff) return Fail("invalid low surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        AppendUtf8(s, cp);
        return true;
    }

    /** One raw UTF-8 sequence starting with a byte >= 0x80, validated (no overlongs, no surrogates). */
    bool ParseUtf8(std::string& s)
    {
        const auto b0 = static_cast<unsigned char>(Peek());
        size_t len;
        unsigned min;
        unsigned cp;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2, min = 0x80, cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3, min = 0x800, cp = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4, min = 0x10000, cp = b0 & 0x07;
        } else {
            return Fail("invalid UTF-8 in string");
        }
        if (m_text.size() - m_pos < len) return Fail("truncated UTF-8 in string");
        for (size_t i = 1; i < len; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_pos + i]);
            if ((b & 0xc0) != 0x80) return Fail("invalid UTF-8 in string");
            cp = cp << 6 | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return Fail("invalid UTF-8 in string");
        s.append(m_text.substr(m_pos, len));
        m_pos += len;
        return true;
    }

    bool ParseString(std::string& s)
    {
        ++m_pos; // opening quote
        while (true) {
            if (AtEnd()) return Fail("unterminated string");
            const auto c = static_cast<unsigned char>(Peek());
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c == '\\') {
                ++m_pos;
                if (!ParseEscape(s)) return false;
            } else if (c < 0x20) {
                return Fail("control character in string");
            } else if (c >= 0x80) {
                if (!ParseUtf8(s)) return false;
            } else {
                s += static_cast<char>(c);
                ++m_pos;
            }
        }
    }

    bool ParseArray(JsonValue& out, size_t depth)
    {
        if (depth > MAX_JSON_DEPTH) return Fail("nesting deeper than " + std::to_string(MAX_JSON_DEPTH));
        out = JsonValue::Array();
        ++m_pos; // '['
        SkipSpace();
        if (!AtEnd() && Peek() == ']') {
            ++m_pos;
            return true;
        }
        while (true) {
            JsonValue element;
            SkipSpace();
            if (!ParseValue(element, depth)) return false;
            out.m_values.push_back(std::move(element));
            SkipSpace();
            if (AtEnd()) return Fail("unterminated array");
            if (Peek() == ']') {
                ++m_pos;
                return true;
            }
            if (Peek() != ',') return Fail("expected ',' or ']'");
            ++m_pos;
        }
    }

    bool ParseObject(JsonValue& out, size_t depth)
    {
        if (depth > MAX_JSON_DEPTH) return Fail("nesting deeper than " + std::to_string(MAX_JSON_DEPTH));
        out = JsonValue::Object();
        ++m_pos; // '{'
        SkipSpace();
        if (!AtEnd() && Peek() == '}') {
            ++m_pos;
            return true;
        }
        while (true) {
            SkipSpace();
            if (AtEnd() || Peek() != '"') return Fail("expected a string key");
            std::string key;
            if (!ParseString(key)) return false;
            SkipSpace();
            if (AtEnd() || Peek() != ':') return Fail("expected ':'");
            ++m_pos;
            SkipSpace();
            JsonValue value;
            if (!ParseValue(value, depth)) return false;
            // Duplicate keys are kept in order, like Core's reader; Find returns the first.
            out.m_keys.push_back(std::move(key));
            out.m_values.push_back(std::move(value));
            SkipSpace();
            if (AtEnd()) return Fail("unterminated object");
            if (Peek() == '}') {
                ++m_pos;
                return true;
            }
            if (Peek() != ',') return Fail("expected ',' or '}'");
            ++m_pos;
        }
    }

    std::string_view m_text;
    size_t m_pos{0};
    std::string m_error;
};

Result<JsonValue> ParseJson(std::string_view text)
{
    return JsonParser{text}.ParseDocument();
}

} // namespace util
