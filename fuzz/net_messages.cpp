// Fuzz targets for what a peer can send: the v1 transport framing and the payload of
// each P2P message type.
//
// p2p_transport feeds the deserializer the input cut into chunks where the input says,
// and checks it against feeding everything at once (the result may not depend on how
// TCP split the bytes) and that every byte is accounted for. The p2p_<type> targets
// decode one message payload; whatever decodes must re-encode to bytes that decode and
// re-encode to the same bytes (decoding may normalise, e.g. a missing relay flag, but
// only once). Malformed payloads must throw DeserializeError (MessageLimitError is one).
#include "data_reader.h"
#include "fuzz.h"

#include <net/messages.h>
#include <net/protocol.h>
#include <net/transport.h>

#include <string>
#include <vector>

namespace {

// Mainnet's message start; the magic only has to be the same on both sides.
constexpr consensus::MessageStartChars MAGIC{0xf9, 0xbe, 0xb4, 0xd9};

struct FeedResult {
    std::vector<net::ReceivedMessage> messages;
    std::optional<std::string> error;
    size_t pending{0};
};

FeedResult Feed(const std::vector<fuzz::Buffer>& chunks)
{
    net::V1Deserializer deserializer{MAGIC};
    FeedResult result;
    for (fuzz::Buffer chunk : chunks) {
        result.error = deserializer.Feed(util::ByteSpan{chunk.data(), chunk.size()}, result.messages);
        if (result.error) break;
    }
    FUZZ_CHECK(deserializer.Failed() == result.error.has_value());
    result.pending = deserializer.PendingBytes();
    return result;
}

template <typename Message>
void CheckMessage(fuzz::Buffer payload)
{
    Message message;
    try {
        message = net::DecodeMessage<Message>(util::ByteSpan{payload.data(), payload.size()});
    } catch (const primitives::DeserializeError&) {
        return;
    }
    const net::SerializedMessage first = net::MakeMessage(message);
    FUZZ_CHECK(first.type == Message::TYPE);
    FUZZ_CHECK(first.data.size() <= net::MAX_PROTOCOL_MESSAGE_LENGTH || payload.size() > net::MAX_PROTOCOL_MESSAGE_LENGTH);
    const Message again = net::DecodeMessage<Message>(first.data);
    FUZZ_CHECK(net::MakeMessage(again).data == first.data);
}

} // namespace

FUZZ_TARGET(p2p_transport)
{
    // The first bytes choose the chunk sizes; the rest is the byte stream from the peer.
    fuzz::DataReader reader{buffer};
    std::vector<size_t> sizes(reader.IntegralInRange<size_t>(0, 16));
    for (size_t& size : sizes) size = reader.Integral<uint8_t>() * size_t{7};
    const std::vector<uint8_t> stream = reader.RemainingBytes();

    std::vector<fuzz::Buffer> chunks;
    size_t pos = 0;
    for (size_t size : sizes) {
        const size_t n = std::min(size, stream.size() - pos);
        chunks.emplace_back(stream.data() + pos, n);
        pos += n;
    }
    chunks.emplace_back(stream.data() + pos, stream.size() - pos);

    const FeedResult split = Feed(chunks);
    const FeedResult whole = Feed({fuzz::Buffer{stream}});
    FUZZ_CHECK(split.error == whole.error);
    FUZZ_CHECK(split.messages.size() == whole.messages.size());
    size_t consumed = 0;
    for (size_t i = 0; i < split.messages.size(); ++i) {
        const net::ReceivedMessage& a = split.messages[i];
        const net::ReceivedMessage& b = whole.messages[i];
        FUZZ_CHECK(a.type == b.type && a.payload == b.payload && a.raw_size == b.raw_size &&
                   a.reject_reason == b.reject_reason);
        FUZZ_CHECK(a.raw_size == net::MessageHeader::HEADER_SIZE + a.payload.size());
        consumed += a.raw_size;
        // A message that was accepted frames back to exactly the bytes it came from (an
        // empty type is accepted, as in Core, but our framer refuses to produce one).
        if (!a.reject_reason && !a.type.empty()) {
            const std::vector<uint8_t> framed = net::FrameMessage(MAGIC, net::SerializedMessage{a.type, a.payload});
            FUZZ_CHECK(std::equal(framed.begin(), framed.end(), stream.begin() + static_cast<std::ptrdiff_t>(consumed - a.raw_size)));
        }
    }
    if (!whole.error) FUZZ_CHECK(consumed + whole.pending == stream.size());
}

#define P2P_MESSAGE_TARGET(name, type) \
    FUZZ_TARGET(name) { CheckMessage<net::type>(buffer); }

P2P_MESSAGE_TARGET(p2p_version, VersionMessage)
P2P_MESSAGE_TARGET(p2p_ping, PingMessage)
P2P_MESSAGE_TARGET(p2p_addr, AddrMessage)
P2P_MESSAGE_TARGET(p2p_addrv2, AddrV2Message)
P2P_MESSAGE_TARGET(p2p_inv, InvMessage)
P2P_MESSAGE_TARGET(p2p_getdata, GetDataMessage)
P2P_MESSAGE_TARGET(p2p_getheaders, GetHeadersMessage)
P2P_MESSAGE_TARGET(p2p_getblocks, GetBlocksMessage)
P2P_MESSAGE_TARGET(p2p_headers, HeadersMessage)
P2P_MESSAGE_TARGET(p2p_block, BlockMessage)
P2P_MESSAGE_TARGET(p2p_tx, TxMessage)
P2P_MESSAGE_TARGET(p2p_feefilter, FeeFilterMessage)
P2P_MESSAGE_TARGET(p2p_sendcmpct, SendCmpctMessage)
