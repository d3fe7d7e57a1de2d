// Bitcoin's v1 transport: framing messages with the 24-byte header on the way out, and
// an incremental deserializer that turns arbitrary chunks of socket bytes back into
// messages on the way in.
//
// The deserializer follows Core 30's V1Transport exactly:
//  - a header with the wrong network magic, or announcing more than
//    MAX_PROTOCOL_MESSAGE_LENGTH bytes, is fatal: Feed returns an error and the
//    connection must be closed (nothing after it can be trusted to be aligned);
//  - a message whose checksum does not match, or whose type is not printable ASCII
//    followed by NULs, is dropped but the connection stays: it is returned with a
//    reject reason so the caller can count its bytes (under "*other*") and log it.
// Payload memory is allocated at most 256 KiB ahead of the bytes actually received, so
// a peer announcing a 4 MB message cannot make us allocate it without sending it.
//
// Thread safety: a V1Deserializer belongs to one connection and is used by one thread at
// a time; the free functions are pure.
#ifndef BITNODE_NET_TRANSPORT_H
#define BITNODE_NET_TRANSPORT_H

#include <consensus/chainparams.h>
#include <crypto/hash.h>
#include <net/messages.h>
#include <net/protocol.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace net {

/** A complete message read off the wire. */
struct ReceivedMessage {
    std::string type;
    std::vector<uint8_t> payload;
    /** Header plus payload bytes, for statistics. */
    size_t raw_size{0};
    /** Set when the message was dropped (bad checksum or type); Core's log text. */
    std::optional<std::string> reject_reason;
};

class V1Deserializer
{
public:
    explicit V1Deserializer(const consensus::MessageStartChars& magic) : m_magic{magic} {}

    /**
     * Consume all of `bytes`, appending every message completed by them to `out`. Returns an
     * error (Core's log text) if the stream is broken; the deserializer then stays failed.
     */
    std::optional<std::string> Feed(util::ByteSpan bytes, std::vector<ReceivedMessage>& out);

    /** Bytes of the message in progress (header and payload received so far). */
    size_t PendingBytes() const { return m_header_pos + m_data_pos; }
    bool Failed() const { return m_failed; }

private:
    /** Copy header bytes; validate once all 24 are there. Returns bytes used or nullopt on a fatal error. */
    std::optional<size_t> ReadHeader(util::ByteSpan bytes, std::string& error);
    size_t ReadData(util::ByteSpan bytes);
    ReceivedMessage TakeMessage();
    void Reset();

    consensus::MessageStartChars m_magic;
    std::array<uint8_t, MessageHeader::HEADER_SIZE> m_header_buf{};
    size_t m_header_pos{0};
    MessageHeader m_header;
    bool m_in_data{false};
    std::vector<uint8_t> m_data;
    size_t m_data_pos{0};
    crypto::Hash256 m_hasher;
    bool m_failed{false};
};

/** The 24-byte header for a message. */
std::array<uint8_t, MessageHeader::HEADER_SIZE> SerializeHeader(const consensus::MessageStartChars& magic,
                                                                const SerializedMessage& msg);

/** Header followed by payload: the exact bytes a peer receives. */
std::vector<uint8_t> FrameMessage(const consensus::MessageStartChars& magic, const SerializedMessage& msg);

} // namespace net

#endif // BITNODE_NET_TRANSPORT_H
