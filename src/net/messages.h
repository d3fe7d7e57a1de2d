// Payloads of the P2P messages bitnode speaks, each a struct with its wire type name
// (TYPE) and one serialization description, plus MakeMessage/DecodeMessage to turn them
// into and out of bytes. doc/p2p-messages.md lists every field.
//
// Decoding follows Core: trailing bytes after the fields a message defines are ignored,
// the version message's fields after addr_recv are optional, and malformed payloads
// throw primitives::DeserializeError. Lists longer than the protocol allows throw
// MessageLimitError (a DeserializeError) before anything is allocated for them, with
// Core's misbehaviour text ("addr message size = 1001") so PeerManager can penalise.
//
// Thread safety: plain value types and pure functions.
#ifndef BITNODE_NET_MESSAGES_H
#define BITNODE_NET_MESSAGES_H

#include <net/netaddress.h>
#include <net/peer_address.h>
#include <net/protocol.h>
#include <primitives/block.h>
#include <primitives/streams.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace net {

/** A message ready for the transport: its type and serialized payload. */
struct SerializedMessage {
    std::string type;
    std::vector<uint8_t> data;
};

/** A list in a message is longer than the protocol allows; what() is Core's misbehaviour text. */
class MessageLimitError : public primitives::DeserializeError
{
public:
    explicit MessageLimitError(const std::string& reason) : DeserializeError(reason, std::nullopt) {}
};

namespace detail {
/** Read a CompactSize count and throw MessageLimitError("<what> = <n>") if it exceeds limit. */
template <typename Stream>
uint64_t ReadLimitedCount(Stream& s, size_t limit, const char* what)
{
    const uint64_t count = primitives::ReadCompactSize(s);
    if (count > limit) throw MessageLimitError(std::string(what) + " = " + std::to_string(count));
    return count;
}
} // namespace detail

/** Messages without a payload. */
template <const char* const& Name>
struct EmptyMessage {
    static constexpr const char* const& TYPE = Name;
    template <typename Stream>
    void Serialize(Stream&) const
    {}
    template <typename Stream>
    void Unserialize(Stream&)
    {}
    friend bool operator==(const EmptyMessage&, const EmptyMessage&) = default;
};
using VerackMessage = EmptyMessage<msgtype::VERACK>;
using WtxidRelayMessage = EmptyMessage<msgtype::WTXIDRELAY>;
using SendAddrV2Message = EmptyMessage<msgtype::SENDADDRV2>;
using SendHeadersMessage = EmptyMessage<msgtype::SENDHEADERS>;
using GetAddrMessage = EmptyMessage<msgtype::GETADDR>;
using MempoolMessage = EmptyMessage<msgtype::MEMPOOL>;

/**
 * version: the first message on a connection. The addresses are pre-31402 CAddresses
 * (services then a v1 Service, no time). Core sends addr_from as all zeros.
 */
struct VersionMessage {
    static constexpr const char* const& TYPE = msgtype::VERSION;

    int32_t version{PROTOCOL_VERSION};
    uint64_t services{NODE_NONE};
    int64_t time{0};
    uint64_t addr_recv_services{NODE_NONE};
    Service addr_recv;
    uint64_t addr_from_services{NODE_NONE};
    Service addr_from;
    uint64_t nonce{0};
    std::string user_agent;
    int32_t start_height{-1};
    /** BIP37 fRelay: false asks the peer not to announce transactions. */
    bool relay{true};

    friend bool operator==(const VersionMessage&, const VersionMessage&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteLE(s, static_cast<uint32_t>(version));
        primitives::WriteLE(s, services);
        primitives::WriteLE(s, static_cast<uint64_t>(time));
        primitives::WriteLE(s, addr_recv_services);
        addr_recv.SerializeV1(s);
        primitives::WriteLE(s, addr_from_services);
        addr_from.SerializeV1(s);
        primitives::WriteLE(s, nonce);
        primitives::SerializeWith(s, user_agent);
        primitives::WriteLE(s, static_cast<uint32_t>(start_height));
        primitives::WriteLE8(s, relay ? 1 : 0);
    }
    /** Needs a stream with empty() (SpanReader): old peers omit the trailing fields. */
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        version = static_cast<int32_t>(primitives::ReadLE<uint32_t>(s));
        services = primitives::ReadLE<uint64_t>(s);
        time = static_cast<int64_t>(primitives::ReadLE<uint64_t>(s));
        addr_recv_services = primitives::ReadLE<uint64_t>(s);
        addr_recv.UnserializeV1(s);
        if (!s.empty()) {
            addr_from_services = primitives::ReadLE<uint64_t>(s);
            addr_from.UnserializeV1(s);
            nonce = primitives::ReadLE<uint64_t>(s);
        }
        if (!s.empty()) {
            const std::optional<size_t> start = primitives::StreamPosition(s);
            const uint64_t len = primitives::ReadCompactSize(s);
            if (len > MAX_SUBVERSION_LENGTH) throw primitives::DeserializeError("String length limit exceeded", start);
            primitives::ReadBytesChunked(s, user_agent, len);
        }
        if (!s.empty()) start_height = static_cast<int32_t>(primitives::ReadLE<uint32_t>(s));
        if (!s.empty()) relay = primitives::ReadLE<uint8_t>(s) != 0;
    }
};

/** ping / pong: a nonce the pong echoes. */
template <const char* const& Name>
struct NonceMessage {
    static constexpr const char* const& TYPE = Name;
    uint64_t nonce{0};
    friend bool operator==(const NonceMessage&, const NonceMessage&) = default;
    SERIALIZE_METHODS(NonceMessage, obj) { READWRITE(obj.nonce); }
};
using PingMessage = NonceMessage<msgtype::PING>;
using PongMessage = NonceMessage<msgtype::PONG>;

/** addr (v1 encoding) and addrv2 (BIP155): at most MAX_ADDR_TO_SEND timestamped addresses. */
template <const char* const& Name, bool V2>
struct AddrListMessage {
    static constexpr const char* const& TYPE = Name;
    std::vector<PeerAddress> addrs;
    friend bool operator==(const AddrListMessage&, const AddrListMessage&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteCompactSize(s, addrs.size());
        for (const PeerAddress& a : addrs) {
            if constexpr (V2)
                a.SerializeV2(s);
            else
                a.SerializeV1(s);
        }
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint64_t count =
            detail::ReadLimitedCount(s, MAX_ADDR_TO_SEND, V2 ? "addrv2 message size" : "addr message size");
        addrs.assign(count, PeerAddress{});
        for (PeerAddress& a : addrs) {
            if constexpr (V2)
                a.UnserializeV2(s);
            else
                a.UnserializeV1(s);
        }
    }
};
using AddrMessage = AddrListMessage<msgtype::ADDR, false>;
using AddrV2Message = AddrListMessage<msgtype::ADDRV2, true>;

/** inv / getdata / notfound: at most MAX_INV_SZ inventory vectors. */
template <const char* const& Name>
struct InvListMessage {
    static constexpr const char* const& TYPE = Name;
    std::vector<Inv> inventory;
    friend bool operator==(const InvListMessage&, const InvListMessage&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::SerializeWith(s, inventory);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint64_t count = detail::ReadLimitedCount(s, MAX_INV_SZ, (std::string(Name) + " message size").c_str());
        inventory.assign(count, Inv{});
        for (Inv& inv : inventory) primitives::UnserializeWith(s, inv);
    }
};
using InvMessage = InvListMessage<msgtype::INV>;
using GetDataMessage = InvListMessage<msgtype::GETDATA>;
using NotFoundMessage = InvListMessage<msgtype::NOTFOUND>;

/** getheaders / getblocks: a locator (at most MAX_LOCATOR_SZ hashes, newest first) and a stop hash. */
template <const char* const& Name>
struct LocatorMessage {
    static constexpr const char* const& TYPE = Name;
    /** Ignored by receivers; Core writes 70016. */
    int32_t version{LOCATOR_DUMMY_VERSION};
    std::vector<primitives::uint256> locator;
    /** Zero asks for as many as the peer will send. */
    primitives::uint256 hash_stop;
    friend bool operator==(const LocatorMessage&, const LocatorMessage&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteLE(s, static_cast<uint32_t>(version));
        primitives::SerializeWith(s, locator);
        primitives::SerializeWith(s, hash_stop);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        version = static_cast<int32_t>(primitives::ReadLE<uint32_t>(s));
        const uint64_t count = primitives::ReadCompactSize(s);
        if (count > MAX_LOCATOR_SZ) {
            throw MessageLimitError(std::string(Name) + " locator size " + std::to_string(count) + " > " +
                                    std::to_string(MAX_LOCATOR_SZ));
        }
        locator.assign(count, primitives::uint256{});
        for (primitives::uint256& hash : locator) primitives::UnserializeWith(s, hash);
        primitives::UnserializeWith(s, hash_stop);
    }
};
using GetHeadersMessage = LocatorMessage<msgtype::GETHEADERS>;
using GetBlocksMessage = LocatorMessage<msgtype::GETBLOCKS>;

/** headers: at most MAX_HEADERS_RESULTS headers, each followed by a transaction count of 0. */
struct HeadersMessage {
    static constexpr const char* const& TYPE = msgtype::HEADERS;
    std::vector<primitives::BlockHeader> headers;
    friend bool operator==(const HeadersMessage&, const HeadersMessage&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteCompactSize(s, headers.size());
        for (const primitives::BlockHeader& header : headers) {
            primitives::SerializeWith(s, header);
            primitives::WriteCompactSize(s, 0);
        }
    }
    /** The transaction count after each header is read and ignored, as Core does. */
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint64_t count = detail::ReadLimitedCount(s, MAX_HEADERS_RESULTS, "headers message size");
        headers.assign(count, primitives::BlockHeader{});
        for (primitives::BlockHeader& header : headers) {
            primitives::UnserializeWith(s, header);
            primitives::ReadCompactSize(s);
        }
    }
};

/** block: a whole block with witness data. */
struct BlockMessage {
    static constexpr const char* const& TYPE = msgtype::BLOCK;
    std::shared_ptr<const primitives::Block> block;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::SerializeWith(s, primitives::TX_WITH_WITNESS(*block));
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        auto decoded = std::make_shared<primitives::Block>();
        auto wrapped = primitives::TX_WITH_WITNESS(*decoded);
        primitives::UnserializeWith(s, wrapped);
        block = std::move(decoded);
    }
};

/** tx: one transaction; with_witness false sends the stripped form (to peers that asked for MSG_TX). */
struct TxMessage {
    static constexpr const char* const& TYPE = msgtype::TX;
    primitives::TransactionRef tx;
    bool with_witness{true};

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        if (with_witness) {
            primitives::SerializeWith(s, primitives::TX_WITH_WITNESS(*tx));
        } else {
            primitives::SerializeWith(s, primitives::TX_NO_WITNESS(*tx));
        }
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        primitives::MutableTransaction mtx;
        auto wrapped = primitives::TX_WITH_WITNESS(mtx);
        primitives::UnserializeWith(s, wrapped);
        tx = primitives::MakeTransactionRef(std::move(mtx));
        with_witness = true;
    }
};

/** feefilter (BIP133): the lowest fee rate, in satoshis per 1000 virtual bytes, worth announcing. */
struct FeeFilterMessage {
    static constexpr const char* const& TYPE = msgtype::FEEFILTER;
    int64_t fee_rate{0};
    friend bool operator==(const FeeFilterMessage&, const FeeFilterMessage&) = default;
    SERIALIZE_METHODS(FeeFilterMessage, obj) { READWRITE(obj.fee_rate); }
};

/** sendcmpct (BIP152). bitnode announces high_bandwidth=false until compact blocks exist. */
struct SendCmpctMessage {
    static constexpr const char* const& TYPE = msgtype::SENDCMPCT;
    bool high_bandwidth{false};
    uint64_t version{CMPCTBLOCKS_VERSION};
    friend bool operator==(const SendCmpctMessage&, const SendCmpctMessage&) = default;
    SERIALIZE_METHODS(SendCmpctMessage, obj) { READWRITE(obj.high_bandwidth, obj.version); }
};

/** The payload of a message struct, tagged with its type. */
template <typename M>
SerializedMessage MakeMessage(const M& msg)
{
    SerializedMessage out{M::TYPE, {}};
    primitives::VectorWriter writer{out.data};
    writer << msg;
    return out;
}

/** A message struct from its payload. Throws DeserializeError; trailing bytes are ignored (Core). */
template <typename M>
M DecodeMessage(util::ByteSpan payload)
{
    primitives::SpanReader reader{payload};
    M msg;
    reader >> msg;
    return msg;
}

/**
 * Core's SanitizeString for user agents: keeps letters, digits and " .,;-_/:?@()", drops
 * everything else (so a peer cannot inject control characters into logs and RPC output).
 */
std::string SanitizeUserAgent(std::string_view text);

} // namespace net

#endif // BITNODE_NET_MESSAGES_H
