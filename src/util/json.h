// JsonValue: a JSON document model that prints exactly like Bitcoin Core's UniValue.
//
// Numbers keep their decimal text, so an amount built with ValueFromAmount prints as
// "0.00100000" and a parsed number prints back unchanged. Objects keep their keys in
// insertion order (Core's RPC answers depend on it). The writer produces Core's compact
// form (Write()) and its pretty form (Write(2)): `{\n  "key": value,\n  ...\n}`.
//
// ParseJson is strict (RFC 8259): one value, optional surrounding whitespace, nothing
// after it; strings must be valid UTF-8 without raw control characters; nesting is
// limited to MAX_JSON_DEPTH. Errors name the byte offset. It never throws on bad input.
//
// Thread safety: a JsonValue is a plain value type; const access from several threads is
// safe, mutation needs external synchronisation. The free functions are pure.
#ifndef BITNODE_UTIL_JSON_H
#define BITNODE_UTIL_JSON_H

#include <util/result.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace util {

/** Deepest nesting of arrays and objects ParseJson accepts (Core's limit). */
inline constexpr size_t MAX_JSON_DEPTH = 512;

class JsonValue
{
public:
    enum class Type { NUL, BOOL, NUM, STR, ARR, OBJ };

    /** null */
    JsonValue() = default;
    explicit JsonValue(Type type) : m_type(type) {}
    JsonValue(bool b) : m_type(Type::BOOL), m_bool(b) {}
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    JsonValue(T n) : m_type(Type::NUM), m_text(std::to_string(n))
    {
    }
    /** A double printed with 16 significant digits, as Core's setFloat does; null if not finite. */
    JsonValue(double d);
    JsonValue(std::string s) : m_type(Type::STR), m_text(std::move(s)) {}
    JsonValue(std::string_view s) : m_type(Type::STR), m_text(s) {}
    JsonValue(const char* s) : m_type(Type::STR), m_text(s) {}

    static JsonValue Object() { return JsonValue{Type::OBJ}; }
    static JsonValue Array() { return JsonValue{Type::ARR}; }
    /** A number from its decimal text; nullopt unless the text is a valid JSON number. */
    static std::optional<JsonValue> Number(std::string_view text);

    Type GetType() const { return m_type; }
    bool IsNull() const { return m_type == Type::NUL; }
    bool IsBool() const { return m_type == Type::BOOL; }
    bool IsNum() const { return m_type == Type::NUM; }
    bool IsStr() const { return m_type == Type::STR; }
    bool IsArray() const { return m_type == Type::ARR; }
    bool IsObject() const { return m_type == Type::OBJ; }

    /** Typed access; callers check the type first (asserted). */
    bool GetBool() const;
    const std::string& GetStr() const;
    /** The exact decimal text of a number. */
    const std::string& GetNumText() const;
    /** A number as an integer; nullopt if it has a fraction or exponent or does not fit. */
    std::optional<int64_t> GetInt64() const;
    /** A number as the nearest double. */
    double GetDouble() const;

    /** Elements of an array, or values of an object, in order. */
    size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }
    const JsonValue& operator[](size_t i) const { return m_values.at(i); }
    const std::vector<JsonValue>& Values() const { return m_values; }
    /** Keys of an object, in insertion order (parallel to Values()). */
    const std::vector<std::string>& Keys() const { return m_keys; }

    /** Value of the first member named `key`, or nullptr (also when this is not an object). */
    const JsonValue* Find(std::string_view key) const;

    /** Append to an array. */
    void PushBack(JsonValue value);
    /** Set a member of an object: replaces the value of an existing key, else appends. */
    void PushKV(std::string key, JsonValue value);

    /**
     * JSON text. indent 0 is compact; indent > 0 puts each element on its own line,
     * `indent` spaces per level, with ": " after keys (Core's UniValue::write).
     */
    std::string Write(unsigned indent = 0) const;

    friend bool operator==(const JsonValue&, const JsonValue&) = default;

private:
    void WriteTo(std::string& out, unsigned indent, unsigned level) const;
    friend class JsonParser;

    Type m_type{Type::NUL};
    bool m_bool{false};
    std::string m_text;                // string contents, or number text
    std::vector<std::string> m_keys;   // objects only
    std::vector<JsonValue> m_values;   // arrays and objects
};

/** Parse one JSON document; the error names what is wrong and its byte offset. */
Result<JsonValue> ParseJson(std::string_view text);

/** A string's JSON form with quotes, escaped exactly as Core's UniValue does. */
std::string JsonQuote(std::string_view s);

/** Satoshis as a BTC amount number with eight decimals: 100000 -> 0.00100000, -1 -> -0.00000001. */
JsonValue ValueFromAmount(int64_t satoshis);

} // namespace util

#endif // BITNODE_UTIL_JSON_H
