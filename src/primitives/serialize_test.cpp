#include <primitives/serialize.h>
#include <primitives/streams.h>

#include <crypto/sha256.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace {

using namespace primitives;

std::vector<uint8_t> Hex(std::string_view s)
{
    auto bytes = util::TryParseHex(s);
    EXPECT_TRUE(bytes.has_value()) << s;
    return bytes.value_or(std::vector<uint8_t>{});
}

std::string CompactHex(uint64_t n)
{
    std::vector<uint8_t> out;
    VectorWriter w{out};
    WriteCompactSize(w, n);
    return util::HexStr(out);
}

/** Runs f and returns the DeserializeError's message ("" if nothing was thrown). */
template <typename F>
std::string ErrorOf(F&& f)
{
    try {
        f();
    } catch (const DeserializeError& e) {
        return e.what();
    }
    return "";
}

TEST(CompactSizeTest, CanonicalTable)
{
    struct Case {
        uint64_t value;
        const char* hex;
    };
    const Case cases[] = {
        {0, "00"},
        {1, "01"},
        {252, "fc"},
        {253, "fdfd00"},
        {254, "fdfe00"},
        {0xffff, "fdffff"},
        {0x10000, "fe00000100"},
        {0x02000000, "fe00000002"},
        {0xffffffff, "feffffffff"},
        {0x100000000, "ff0000000001000000"},
        {0xffffffffffffffff, "ffffffffffffffffff"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(CompactHex(c.value), c.hex) << c.value;
        EXPECT_EQ(GetSizeOfCompactSize(c.value), std::string(c.hex).size() / 2);
        const std::vector<uint8_t> bytes = Hex(c.hex);
        SpanReader r{bytes};
        EXPECT_EQ(ReadCompactSize(r, /*range_check=*/false), c.value);
        EXPECT_TRUE(r.empty());
    }
}

TEST(CompactSizeTest, NonCanonicalEncodingsAreRejected)
{
    // Each value would have fit in a shorter encoding.
    for (const char* hex : {"fd0000", "fdfc00", "fe0000000000", "feffff0000", "ff0000000000000000", "ffffffffff00000000"}) {
        const std::vector<uint8_t> bytes = Hex(hex);
        EXPECT_EQ(ErrorOf([&] {
                      SpanReader r{bytes};
                      ReadCompactSize(r, false);
                  }),
                  "non-canonical ReadCompactSize() at byte 0")
            << hex;
    }
    // The offset is that of the encoding's first byte.
    const std::vector<uint8_t> bytes = Hex("0102fd0100");
    SpanReader r{bytes};
    EXPECT_EQ(ReadCompactSize(r), 1u);
    EXPECT_EQ(ReadCompactSize(r), 2u);
    EXPECT_EQ(ErrorOf([&] { ReadCompactSize(r); }), "non-canonical ReadCompactSize() at byte 2");
}

TEST(CompactSizeTest, MaxSizeCap)
{
    const std::vector<uint8_t> at_cap = Hex("fe00000002");
    SpanReader r1{at_cap};
    EXPECT_EQ(ReadCompactSize(r1), MAX_SIZE);

    const std::vector<uint8_t> over = Hex("fe01000002");
    EXPECT_EQ(ErrorOf([&] {
                  SpanReader r{over};
                  ReadCompactSize(r);
              }),
              "ReadCompactSize(): size too large at byte 0");
    SpanReader r2{over};
    EXPECT_EQ(ReadCompactSize(r2, false), MAX_SIZE + 1);
}

TEST(CompactSizeTest, TruncatedEncoding)
{
    const std::vector<uint8_t> bytes = Hex("fe0000");
    EXPECT_EQ(ErrorOf([&] {
                  SpanReader r{bytes};
                  ReadCompactSize(r);
              }),
              "unexpected end of data: needed 4 bytes, 2 left at byte 1");
}

TEST(SerializeTest, IntegersAreLittleEndian)
{
    std::vector<uint8_t> out;
    VectorWriter w{out};
    w << uint8_t{0xab} << uint16_t{0x1234} << int32_t{-2} << uint32_t{0xdeadbeef} << int64_t{-1}
      << uint64_t{0x0102030405060708} << true << false;
    EXPECT_EQ(util::HexStr(out), "ab3412feffffffefbeadde"
                                 "ffffffffffffffff0807060504030201"
                                 "0100");
    SpanReader r{out};
    uint8_t a;
    uint16_t b;
    int32_t c;
    uint32_t d;
    int64_t e;
    uint64_t f;
    bool g, h;
    r >> a >> b >> c >> d >> e >> f >> g >> h;
    EXPECT_EQ(a, 0xab);
    EXPECT_EQ(b, 0x1234);
    EXPECT_EQ(c, -2);
    EXPECT_EQ(d, 0xdeadbeef);
    EXPECT_EQ(e, -1);
    EXPECT_EQ(f, 0x0102030405060708u);
    EXPECT_TRUE(g);
    EXPECT_FALSE(h);
    EXPECT_TRUE(r.empty());
}

TEST(SerializeTest, ContainersRoundTrip)
{
    const std::vector<uint8_t> bytes{1, 2, 3};
    const std::string str = "hello";
    const std::vector<std::vector<uint8_t>> stack{{}, {0xff}, std::vector<uint8_t>(300, 7)};
    const std::array<uint8_t, 4> fixed{9, 8, 7, 6};
    const std::array<uint16_t, 2> fixed16{0x0102, 0x0304};
    const std::vector<uint32_t> words{1, 0xffffffff};

    std::vector<uint8_t> out;
    VectorWriter w{out};
    w << bytes << str << stack << fixed << fixed16 << words;
    EXPECT_EQ(util::HexStr(std::span(out).first(17)), "03010203"
                                                      "0568656c6c6f"
                                                      "030001fffd2c01");
    EXPECT_EQ(out.size(), GetSerializeSize(bytes) + GetSerializeSize(str) + GetSerializeSize(stack) + 4 + 4 + 9);

    std::vector<uint8_t> bytes2;
    std::string str2;
    std::vector<std::vector<uint8_t>> stack2;
    std::array<uint8_t, 4> fixed2{};
    std::array<uint16_t, 2> fixed16_2{};
    std::vector<uint32_t> words2;
    SpanReader r{out};
    r >> bytes2 >> str2 >> stack2 >> fixed2 >> fixed16_2 >> words2;
    EXPECT_TRUE(r.empty());
    EXPECT_EQ(bytes2, bytes);
    EXPECT_EQ(str2, str);
    EXPECT_EQ(stack2, stack);
    EXPECT_EQ(fixed2, fixed);
    EXPECT_EQ(fixed16_2, fixed16);
    EXPECT_EQ(words2, words);
}

TEST(SerializeTest, LyingLengthsDoNotExhaustMemory)
{
    // A byte vector claiming MAX_SIZE bytes with only 10 present.
    std::vector<uint8_t> data = Hex("fe00000002");
    data.resize(data.size() + 10);
    std::vector<uint8_t> v;
    EXPECT_EQ(ErrorOf([&] {
                  SpanReader r{data};
                  r >> v;
              }),
              "unexpected end of data: needed 5000000 bytes, 10 left at byte 5");
    EXPECT_LE(v.capacity(), MAX_VECTOR_ALLOCATE);

    // A vector of 8-byte elements claiming MAX_SIZE elements: reservation stays bounded.
    std::vector<uint64_t> words;
    EXPECT_NE(ErrorOf([&] {
                  SpanReader r{data};
                  r >> words;
              }),
              "");
    EXPECT_LE(words.capacity() * sizeof(uint64_t), MAX_VECTOR_ALLOCATE);

    // A count above MAX_SIZE fails before anything is allocated.
    const std::vector<uint8_t> huge = Hex("ff0000000001000000");
    EXPECT_EQ(ErrorOf([&] {
                  SpanReader r{huge};
                  r >> v;
              }),
              "ReadCompactSize(): size too large at byte 0");
}

TEST(SerializeTest, VarIntTable)
{
    // The examples documented with Bitcoin Core's VARINT encoding.
    struct Case {
        uint64_t value;
        const char* hex;
    };
    const Case cases[] = {{0, "00"},           {1, "01"},          {127, "7f"},     {128, "8000"},
                          {255, "807f"},       {256, "8100"},      {16383, "fe7f"}, {16384, "ff00"},
                          {16511, "ff7f"},     {65535, "82fe7f"}, {1ULL << 32, "8efefeff00"}};
    for (const Case& c : cases) {
        std::vector<uint8_t> out;
        VectorWriter w{out};
        w << AsVarInt(c.value);
        EXPECT_EQ(util::HexStr(out), c.hex) << c.value;
        SpanReader r{out};
        uint64_t back = 0;
        r >> AsVarInt(back);
        EXPECT_EQ(back, c.value);
    }
    // Ten base-128 digits exceed 64 bits.
    const std::vector<uint8_t> too_big = Hex("ffffffffffffffffff7f");
    EXPECT_EQ(ErrorOf([&] {
                  SpanReader r{too_big};
                  uint64_t v;
                  r >> AsVarInt(v);
              }),
              "ReadVarInt(): size too large at byte 0");
}

struct Example {
    uint32_t id{0};
    uint64_t count{0};
    uint32_t height{0};
    std::vector<uint8_t> payload;

    SERIALIZE_METHODS(Example, obj) { READWRITE(obj.id, AsCompactSize(obj.count), AsVarInt(obj.height), obj.payload); }

    friend bool operator==(const Example&, const Example&) = default;
};

TEST(SerializeTest, SerializeMethodsDescribeBothDirections)
{
    const Example ex{.id = 7, .count = 300, .height = 500000, .payload = {0xaa, 0xbb}};
    const std::vector<uint8_t> bytes = SerializeToBytes(ex);
    EXPECT_EQ(util::HexStr(bytes), "07000000fd2c019dc12002aabb");
    Example back;
    DeserializeFromBytes(bytes, back);
    EXPECT_EQ(back, ex);
    EXPECT_EQ(GetSerializeSize(ex), bytes.size());
}

TEST(SerializeTest, TrailingBytesAreReported)
{
    std::vector<uint8_t> bytes = SerializeToBytes(uint32_t{5});
    bytes.push_back(0);
    bytes.push_back(0);
    uint32_t v;
    EXPECT_EQ(ErrorOf([&] { DeserializeFromBytes(bytes, v, "number"); }),
              "2 unexpected bytes after the end of the number at byte 4");
}

TEST(SerializeTest, DeserializeErrorCarriesReasonAndOffset)
{
    const DeserializeError with("bad thing", 17);
    EXPECT_STREQ(with.what(), "bad thing at byte 17");
    EXPECT_EQ(with.Reason(), "bad thing");
    EXPECT_EQ(with.Offset(), 17u);
    const DeserializeError without("bad thing", std::nullopt);
    EXPECT_STREQ(without.what(), "bad thing");
    EXPECT_FALSE(without.Offset().has_value());
}

TEST(StreamsTest, SpanReaderTracksPosition)
{
    const std::vector<uint8_t> data{1, 2, 3, 4, 5};
    SpanReader r{data};
    uint16_t v;
    r >> v;
    EXPECT_EQ(r.Position(), 2u);
    EXPECT_EQ(r.size(), 3u);
    r.Ignore(2);
    EXPECT_EQ(util::HexStr(r.Remaining()), "05");
    EXPECT_EQ(ErrorOf([&] { r.Ignore(2); }), "unexpected end of data: needed 2 bytes, 1 left at byte 4");
}

TEST(StreamsTest, HashWriterIsDoubleSha256)
{
    const std::string msg = "hello";
    HashWriter hw;
    hw.Write(util::AsBytes(msg));
    const auto once = crypto::Sha256().Write(util::AsBytes(msg)).Finalize();
    const auto twice = crypto::Sha256().Write(once).Finalize();
    EXPECT_EQ(util::HexStr(hw.GetSHA256().span()), util::HexStr(once));
    EXPECT_EQ(util::HexStr(hw.GetHash().span()), util::HexStr(twice));
    // Finalizing does not disturb the writer.
    EXPECT_EQ(hw.GetHash(), hw.GetHash());
    EXPECT_EQ(hw.BytesWritten(), 5u);
    EXPECT_EQ(util::HexStr(twice), "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
}

} // namespace
