#include <util/json.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

namespace {

using util::JsonValue;
using util::ParseJson;

TEST(JsonTest, AmountsPrintLikeCore)
{
    EXPECT_EQ(util::ValueFromAmount(0).Write(), "0.00000000");
    EXPECT_EQ(util::ValueFromAmount(1).Write(), "0.00000001");
    EXPECT_EQ(util::ValueFromAmount(-1).Write(), "-0.00000001");
    EXPECT_EQ(util::ValueFromAmount(100000).Write(), "0.00100000");
    EXPECT_EQ(util::ValueFromAmount(5'000'000'000).Write(), "50.00000000");
    EXPECT_EQ(util::ValueFromAmount(-123'456'789'012).Write(), "-1234.56789012");
    EXPECT_EQ(util::ValueFromAmount(2'100'000'000'000'000).Write(), "21000000.00000000");
    EXPECT_EQ(util::ValueFromAmount(INT64_MAX).Write(), "92233720368.54775807");
    EXPECT_EQ(util::ValueFromAmount(INT64_MIN).Write(), "-92233720368.54775808");
}

TEST(JsonTest, NumbersFromIntegersAndDoubles)
{
    EXPECT_EQ(JsonValue{0}.Write(), "0");
    EXPECT_EQ(JsonValue{-7}.Write(), "-7");
    EXPECT_EQ(JsonValue{uint32_t{4294967295}}.Write(), "4294967295");
    EXPECT_EQ(JsonValue{UINT64_MAX}.Write(), "18446744073709551615");
    EXPECT_EQ(JsonValue{INT64_MIN}.Write(), "-9223372036854775808");
    // Core's difficulty formatting (ostream precision 16).
    EXPECT_EQ(JsonValue{1.0}.Write(), "1");
    EXPECT_EQ(JsonValue{0.5}.Write(), "0.5");
    EXPECT_EQ(JsonValue{4.656542373906925e-10}.Write(), "4.656542373906925e-10");
    EXPECT_EQ(JsonValue{16307.42093852398}.Write(), "16307.42093852398");
    EXPECT_EQ(JsonValue{1e300 * 1e300}.Write(), "null");
    EXPECT_TRUE(JsonValue::Number("1.50").has_value());
    EXPECT_EQ(JsonValue::Number("1.50")->Write(), "1.50");
    EXPECT_FALSE(JsonValue::Number("01").has_value());
    EXPECT_FALSE(JsonValue::Number("1.").has_value());
    EXPECT_FALSE(JsonValue::Number("+1").has_value());
    EXPECT_FALSE(JsonValue::Number("").has_value());
    EXPECT_FALSE(JsonValue::Number("1e").has_value());
}

TEST(JsonTest, CompactAndPrettyWriterMatchCore)
{
    JsonValue obj = JsonValue::Object();
    obj.PushKV("txid", "ab");
    obj.PushKV("n", 0);
    JsonValue arr = JsonValue::Array();
    arr.PushBack(true);
    arr.PushBack(JsonValue{});
    obj.PushKV("list", arr);
    obj.PushKV("empty", JsonValue::Array());
    obj.PushKV("none", JsonValue::Object());
    EXPECT_EQ(obj.Write(), R"({"txid":"ab","n":0,"list":[true,null],"empty":[],"none":{}})");
    EXPECT_EQ(obj.Write(2),
              "{\n"
              "  \"txid\": \"ab\",\n"
              "  \"n\": 0,\n"
              "  \"list\": [\n"
              "    true,\n"
              "    null\n"
              "  ],\n"
              "  \"empty\": [\n"
              "  ],\n"
              "  \"none\": {\n"
              "  }\n"
              "}");
    EXPECT_EQ(JsonValue::Array().Write(2), "[\n]");
    // PushKV replaces an existing key in place, keeping its position.
    obj.PushKV("txid", "cd");
    EXPECT_EQ(obj.Keys().front(), "txid");
    EXPECT_EQ(obj.Find("txid")->GetStr(), "cd");
    EXPECT_EQ(obj.Find("missing"), nullptr);
}

TEST(JsonTest, StringEscapesMatchCore)
{
    EXPECT_EQ(util::JsonQuote("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(util::JsonQuote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
    EXPECT_EQ(util::JsonQuote(std::string("\x00\x01\x1f\x7f", 4)), R"("\u0000\u0001\u001f\u007f")");
    EXPECT_EQ(util::JsonQuote("/ \xc3\xa9"), "\"/ \xc3\xa9\"");
}

TEST(JsonTest, ParsesAndRoundTrips)
{
    const std::string text =
        R"({"a":[1,-2.50,3e+2,0.00100000],"b":{"c":null,"d":false,"e":true},"s":"x\u00e9\ud83d\ude00\n\/"})";
    auto v = ParseJson(text);
    ASSERT_TRUE(v) << v.error();
    ASSERT_TRUE(v->IsObject());
    EXPECT_EQ(v->Keys(), (std::vector<std::string>{"a", "b", "s"}));
    const JsonValue& a = *v->Find("a");
    ASSERT_EQ(a.size(), 4u);
    EXPECT_EQ(a[0].GetInt64(), 1);
    EXPECT_EQ(a[1].GetNumText(), "-2.50");
    EXPECT_FALSE(a[1].GetInt64().has_value());
    EXPECT_DOUBLE_EQ(a[2].GetDouble(), 300.0);
    EXPECT_EQ(a[3].GetNumText(), "0.00100000");
    EXPECT_TRUE(v->Find("b")->Find("c")->IsNull());
    EXPECT_FALSE(v->Find("b")->Find("d")->GetBool());
    EXPECT_EQ(v->Find("s")->GetStr(), "x\xc3\xa9\xf0\x9f\x98\x80\n/");
    // Numbers keep their text, so writing gives back the input (less the "\/" and \u escapes).
    EXPECT_EQ(v->Write(), R"({"a":[1,-2.50,3e+2,0.00100000],"b":{"c":null,"d":false,"e":true},"s":"x)"
                          "\xc3\xa9\xf0\x9f\x98\x80"
                          R"(\n/"})");
    auto again = ParseJson(v->Write(2));
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ(*again, *v);

    for (const char* scalar : {"null", " true ", "\n-0\t", "\"\"", "[]", "{}", "1E-7"}) {
        EXPECT_TRUE(ParseJson(scalar)) << scalar;
    }
}

TEST(JsonTest, RejectsMalformedInputWithOffset)
{
    const char* bad[] = {
        "", " ", "{", "[", "]", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{1:1}",
        "[1 2]", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "falsey", "\"abc", "\"a\\x\"",
        "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"tab\there\"", "NaN", "Infinity",
        "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xff\"", "\"\xe2\x82\"", "[1] x", "{} {}", "1 2", "'a'",
    };
    int count = 0;
    for (const char* text : bad) {
        auto v = ParseJson(text);
        EXPECT_FALSE(v) << "accepted: " << text;
        if (!v) {
            EXPECT_NE(v.error().find("at byte "), std::string::npos) << v.error();
        }
        ++count;
    }
    EXPECT_EQ(ParseJson("[1] x").error(), "JSON: unexpected data after the value at byte 4");
    EXPECT_EQ(ParseJson("[1,]").error(), "JSON: unexpected character at byte 3");
    std::cout << "rejected " << count << " malformed documents\n";
}

TEST(JsonTest, DepthLimit)
{
    const size_t limit = util::MAX_JSON_DEPTH;
    std::string ok = std::string(limit, '[') + std::string(limit, ']');
    EXPECT_TRUE(ParseJson(ok));
    std::string deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
    auto v = ParseJson(deep);
    ASSERT_FALSE(v);
    EXPECT_NE(v.error().find("nesting deeper than 512"), std::string::npos) << v.error();
    // Far deeper input must fail cleanly rather than exhaust the stack.
    std::string hostile(1'000'000, '[');
    EXPECT_FALSE(ParseJson(hostile));
    std::string objects;
    for (size_t i = 0; i < limit + 1; ++i) objects += "{\"k\":";
    objects += "1";
    objects += std::string(limit + 1, '}');
    EXPECT_FALSE(ParseJson(objects));
}

TEST(JsonTest, DuplicateKeysKeptFindReturnsFirst)
{
    auto v = ParseJson(R"({"k":1,"k":2})");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->size(), 2u);
    EXPECT_EQ(v->Find("k")->GetInt64(), 1);
}

} // namespace
