#include <net/transport.h>

#include <primitives/streams.h>
#include <util/hex.h>

#include <algorithm>
#include <cstring>

namespace net {

namespace {
/** How far ahead of the received bytes the payload buffer may grow. */
constexpr size_t RECV_ALLOCATE_AHEAD = 256 * 1024;
} // namespace

void V1Deserializer::Reset()
{
    m_header_pos = 0;
    m_in_data = false;
    m_data.clear();
    m_data_pos = 0;
    m_hasher.Reset();
}

std::optional<size_t> V1Deserializer::ReadHeader(util::ByteSpan bytes, std::string& error)
{
    const size_t take = std::min(MessageHeader::HEADER_SIZE - m_header_pos, bytes.size());
    std::memcpy(m_header_buf.data() + m_header_pos, bytes.data(), take);
    m_header_pos += take;
    if (m_header_pos < MessageHeader::HEADER_SIZE) return take;

    primitives::SpanReader reader{m_header_buf};
    reader >> m_header;
    if (m_header.message_start != m_magic) {
        error = "Header error: Wrong MessageStart " + util::HexStr(m_header.message_start) + " received";
        return std::nullopt;
    }
    if (m_header.payload_size > MAX_PROTOCOL_MESSAGE_LENGTH) {
        error = "Header error: Size too large (" + SanitizeUserAgent(m_header.GetMessageType()) + ", " +
                std::to_string(m_header.payload_size) + " bytes)";
        return std::nullopt;
    }
    m_in_data = true;
    return take;
}

size_t V1Deserializer::ReadData(util::ByteSpan bytes)
{
    const size_t take = std::min<size_t>(m_header.payload_size - m_data_pos, bytes.size());
    if (m_data.size() < m_data_pos + take) {
        m_data.resize(std::min<size_t>(m_header.payload_size, m_data_pos + take + RECV_ALLOCATE_AHEAD));
    }
    m_hasher.Write(bytes.first(take));
    std::memcpy(m_data.data() + m_data_pos, bytes.data(), take);
    m_data_pos += take;
    return take;
}

ReceivedMessage V1Deserializer::TakeMessage()
{
    ReceivedMessage msg;
    msg.type = m_header.GetMessageType();
    m_data.resize(m_header.payload_size);
    msg.payload = std::move(m_data);
    msg.raw_size = MessageHeader::HEADER_SIZE + m_header.payload_size;
    const std::array<uint8_t, 32> hash = m_hasher.Finalize();
    if (std::memcmp(hash.data(), m_header.checksum.data(), MessageHeader::CHECKSUM_SIZE) != 0) {
        msg.reject_reason = "Header error: Wrong checksum (" + SanitizeUserAgent(msg.type) + ", " +
                            std::to_string(m_header.payload_size) + " bytes), expected " +
                            util::HexStr(util::ByteSpan{hash.data(), MessageHeader::CHECKSUM_SIZE}) + " was " +
                            util::HexStr(m_header.checksum);
    } else if (!m_header.IsMessageTypeValid()) {
        msg.reject_reason = "Header error: Invalid message type (" + SanitizeUserAgent(msg.type) + ", " +
                            std::to_string(m_header.payload_size) + " bytes)";
    }
    Reset();
    return msg;
}

std::optional<std::string> V1Deserializer::Feed(util::ByteSpan bytes, std::vector<ReceivedMessage>& out)
{
    if (m_failed) return "receiving after a transport error";
    while (!bytes.empty()) {
        size_t used;
        if (!m_in_data) {
            std::string error;
            const std::optional<size_t> n = ReadHeader(bytes, error);
            if (!n) {
                m_failed = true;
                return error;
            }
            used = *n;
        } else {
            used = ReadData(bytes);
        }
        bytes = bytes.subspan(used);
        if (m_in_data && m_data_pos == m_header.payload_size) out.push_back(TakeMessage());
    }
    return std::nullopt;
}

std::array<uint8_t, MessageHeader::HEADER_SIZE> SerializeHeader(const consensus::MessageStartChars& magic,
                                                                const SerializedMessage& msg)
{
    const MessageHeader header = MessageHeader::For(magic, msg.type, msg.data);
    std::array<uint8_t, MessageHeader::HEADER_SIZE> out;
    std::vector<uint8_t> bytes;
    bytes.reserve(MessageHeader::HEADER_SIZE);
    primitives::VectorWriter{bytes} << header;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

std::vector<uint8_t> FrameMessage(const consensus::MessageStartChars& magic, const SerializedMessage& msg)
{
    const auto header = SerializeHeader(magic, msg);
    std::vector<uint8_t> out(header.size() + msg.data.size());
    std::memcpy(out.data(), header.data(), header.size());
    if (!msg.data.empty()) std::memcpy(out.data() + header.size(), msg.data.data(), msg.data.size());
    return out;
}

} // namespace net
