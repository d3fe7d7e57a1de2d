#include <net/transport.h>

#include <consensus/chainparams.h>
#include <crypto/random.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

using namespace net;

namespace {

const consensus::MessageStartChars REGTEST_MAGIC{0xfa, 0xbf, 0xb5, 0xda};

std::vector<uint8_t> Concat(const std::vector<std::vector<uint8_t>>& parts)
{
    std::vector<uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::vector<SerializedMessage> SampleMessages()
{
    std::vector<SerializedMessage> msgs;
    msgs.push_back(MakeMessage(VerackMessage{}));
    msgs.push_back(MakeMessage(PingMessage{0xdeadbeef}));
    InvMessage inv;
    for (uint8_t i = 0; i < 100; ++i) inv.inventory.push_back(Inv{MSG_TX, primitives::uint256{i}});
    msgs.push_back(MakeMessage(inv));
    msgs.push_back(SerializedMessage{"futuremsg", std::vector<uint8_t>(70000, 0x5a)});
    msgs.push_back(MakeMessage(SendHeadersMessage{}));
    return msgs;
}

void ExpectSame(const std::vector<ReceivedMessage>& got, const std::vector<SerializedMessage>& want)
{
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].type, want[i].type);
        EXPECT_EQ(got[i].payload, want[i].data);
        EXPECT_EQ(got[i].raw_size, 24 + want[i].data.size());
        EXPECT_FALSE(got[i].reject_reason.has_value()) << *got[i].reject_reason;
    }
}

} // namespace

TEST(Transport, HeaderBytes)
{
    // verack on mainnet: magic, "verack" padded, length 0, checksum of the empty string (5df6e0e2).
    const auto header = SerializeHeader({0xf9, 0xbe, 0xb4, 0xd9}, MakeMessage(VerackMessage{}));
    EXPECT_EQ(util::HexStr(header), "f9beb4d9"
                                    "76657261636b000000000000"
                                    "00000000"
                                    "5df6e0e2");
    // The magic comes from the chain parameters.
    for (auto chain : {consensus::ChainType::MAIN, consensus::ChainType::REGTEST, consensus::ChainType::TESTNET4}) {
        const auto params = consensus::ChainParams::ForChain(chain);
        const auto bytes = FrameMessage(params->MessageStart(), MakeMessage(PingMessage{1}));
        EXPECT_TRUE(std::equal(params->MessageStart().begin(), params->MessageStart().end(), bytes.begin()));
        EXPECT_EQ(bytes.size(), 32u);
    }
}

TEST(Transport, WholeStreamAtOnce)
{
    const auto msgs = SampleMessages();
    std::vector<std::vector<uint8_t>> framed;
    for (const auto& m : msgs) framed.push_back(FrameMessage(REGTEST_MAGIC, m));
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    EXPECT_FALSE(deser.Feed(Concat(framed), got).has_value());
    ExpectSame(got, msgs);
    EXPECT_EQ(deser.PendingBytes(), 0u);
}

TEST(Transport, ByteByByte)
{
    const auto msgs = SampleMessages();
    std::vector<std::vector<uint8_t>> framed;
    for (const auto& m : msgs) framed.push_back(FrameMessage(REGTEST_MAGIC, m));
    const std::vector<uint8_t> stream = Concat(framed);
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    for (uint8_t byte : stream) ASSERT_FALSE(deser.Feed(util::ByteSpan{&byte, 1}, got).has_value());
    ExpectSame(got, msgs);
}

TEST(Transport, RandomChunks)
{
    const auto msgs = SampleMessages();
    std::vector<std::vector<uint8_t>> framed;
    for (const auto& m : msgs) framed.push_back(FrameMessage(REGTEST_MAGIC, m));
    const std::vector<uint8_t> stream = Concat(framed);
    std::array<uint8_t, 32> seed{};
    crypto::FastRandomContext rng{seed};
    for (int round = 0; round < 50; ++round) {
        V1Deserializer deser{REGTEST_MAGIC};
        std::vector<ReceivedMessage> got;
        size_t pos = 0;
        while (pos < stream.size()) {
            const size_t n = std::min<size_t>(stream.size() - pos, 1 + rng.RandRange(round < 25 ? 40 : 70000));
            ASSERT_FALSE(deser.Feed(util::ByteSpan{stream}.subspan(pos, n), got).has_value());
            pos += n;
        }
        ExpectSame(got, msgs);
    }
}

TEST(Transport, BadMagicIsFatal)
{
    const std::vector<uint8_t> framed = FrameMessage({0xf9, 0xbe, 0xb4, 0xd9}, MakeMessage(PingMessage{1}));
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    // Nothing is decided until the whole header is in.
    EXPECT_FALSE(deser.Feed(util::ByteSpan{framed}.first(23), got).has_value());
    const auto error = deser.Feed(util::ByteSpan{framed}.subspan(23), got);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(*error, "Header error: Wrong MessageStart f9beb4d9 received");
    EXPECT_TRUE(got.empty());
    EXPECT_TRUE(deser.Failed());
    // The deserializer stays failed: nothing more is accepted.
    EXPECT_TRUE(deser.Feed(FrameMessage(REGTEST_MAGIC, MakeMessage(VerackMessage{})), got).has_value());
    EXPECT_TRUE(got.empty());
}

TEST(Transport, OversizedIsFatal)
{
    // A header announcing 4,000,001 bytes is refused as soon as the header is complete.
    SerializedMessage big{"block", {}};
    auto header = SerializeHeader(REGTEST_MAGIC, big);
    const uint32_t size = MAX_PROTOCOL_MESSAGE_LENGTH + 1;
    for (int i = 0; i < 4; ++i) header[16 + i] = static_cast<uint8_t>(size >> (8 * i));
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    const auto error = deser.Feed(header, got);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(*error, "Header error: Size too large (block, 4000001 bytes)");

    // Exactly the limit is fine (and the buffer grows only with the data that arrives).
    SerializedMessage max{"block", std::vector<uint8_t>(MAX_PROTOCOL_MESSAGE_LENGTH, 1)};
    const std::vector<uint8_t> framed = FrameMessage(REGTEST_MAGIC, max);
    V1Deserializer ok{REGTEST_MAGIC};
    EXPECT_FALSE(ok.Feed(util::ByteSpan{framed}.first(1000), got).has_value());
    EXPECT_EQ(ok.PendingBytes(), 1000u);
    EXPECT_FALSE(ok.Feed(util::ByteSpan{framed}.subspan(1000), got).has_value());
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].payload.size(), MAX_PROTOCOL_MESSAGE_LENGTH);
}

TEST(Transport, BadChecksumDropsMessageKeepsConnection)
{
    std::vector<uint8_t> bad = FrameMessage(REGTEST_MAGIC, MakeMessage(PingMessage{0x42}));
    bad[20] ^= 0xff; // first checksum byte
    const std::vector<uint8_t> good = FrameMessage(REGTEST_MAGIC, MakeMessage(PongMessage{0x42}));
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    EXPECT_FALSE(deser.Feed(Concat({bad, good}), got).has_value());
    ASSERT_EQ(got.size(), 2u);
    ASSERT_TRUE(got[0].reject_reason.has_value());
    EXPECT_EQ(got[0].raw_size, 32u);
    EXPECT_EQ(got[0].reject_reason->substr(0, 45), "Header error: Wrong checksum (ping, 8 bytes),");
    EXPECT_FALSE(got[1].reject_reason.has_value());
    EXPECT_EQ(got[1].type, "pong");
}

TEST(Transport, MessageTypeValidation)
{
    auto with_type = [](const std::array<uint8_t, 12>& type) {
        std::vector<uint8_t> framed = FrameMessage(REGTEST_MAGIC, MakeMessage(VerackMessage{}));
        std::copy(type.begin(), type.end(), framed.begin() + 4);
        V1Deserializer deser{REGTEST_MAGIC};
        std::vector<ReceivedMessage> got;
        EXPECT_FALSE(deser.Feed(framed, got).has_value());
        EXPECT_EQ(got.size(), 1u);
        return got.empty() ? std::optional<std::string>{"none"} : got[0].reject_reason;
    };
    EXPECT_FALSE(with_type({'v', 'e', 'r', 'a', 'c', 'k'}).has_value());
    EXPECT_FALSE(with_type({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'}).has_value())
        << "12 chars, no NUL";
    EXPECT_TRUE(with_type({'v', 'e', 'r', 0, 'c', 'k'}).has_value()) << "non-NUL after NUL";
    EXPECT_TRUE(with_type({'v', 'e', 'r', 0x7f}).has_value()) << "DEL";
    EXPECT_TRUE(with_type({'v', '\n'}).has_value()) << "control character";
    EXPECT_EQ(*with_type({'v', '\n'}), "Header error: Invalid message type (v, 0 bytes)");
}

TEST(Transport, TruncatedStreamWaits)
{
    const std::vector<uint8_t> framed = FrameMessage(REGTEST_MAGIC, MakeMessage(PingMessage{9}));
    V1Deserializer deser{REGTEST_MAGIC};
    std::vector<ReceivedMessage> got;
    EXPECT_FALSE(deser.Feed(util::ByteSpan{framed}.first(framed.size() - 1), got).has_value());
    EXPECT_TRUE(got.empty()) << "a message is never delivered before its last byte";
    EXPECT_EQ(deser.PendingBytes(), framed.size() - 1);
    EXPECT_FALSE(deser.Feed(util::ByteSpan{framed}.last(1), got).has_value());
    EXPECT_EQ(got.size(), 1u);
}

TEST(Transport, RealChainFileRecords)
{
    // chains/main-blocks-1-255.dat stores each block as magic + length + block: exactly the
    // first 8 bytes of a v1 "block" header. Frame every block and read them all back.
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> data = testutil::ReadTestBytes("chains/main-blocks-1-255.dat");
    const consensus::MessageStartChars main_magic{0xf9, 0xbe, 0xb4, 0xd9};
    std::vector<uint8_t> stream;
    std::vector<SerializedMessage> expected;
    for (size_t pos = 0; pos + 8 <= data.size();) {
        ASSERT_TRUE(std::equal(main_magic.begin(), main_magic.end(), data.begin() + pos));
        const uint32_t len = data[pos + 4] | data[pos + 5] << 8 | data[pos + 6] << 16 | uint32_t{data[pos + 7]} << 24;
        SerializedMessage msg{"block", std::vector<uint8_t>(data.begin() + pos + 8, data.begin() + pos + 8 + len)};
        const auto framed = FrameMessage(main_magic, msg);
        stream.insert(stream.end(), framed.begin(), framed.end());
        expected.push_back(std::move(msg));
        pos += 8 + len;
    }
    ASSERT_EQ(expected.size(), 255u);
    V1Deserializer deser{main_magic};
    std::vector<ReceivedMessage> got;
    EXPECT_FALSE(deser.Feed(stream, got).has_value());
    ExpectSame(got, expected);
    for (const ReceivedMessage& msg : got) EXPECT_NO_THROW(DecodeMessage<BlockMessage>(msg.payload));
}
