// Constants of Bitcoin's P2P protocol: versions, service bits, message type names, the
// 24-byte v1 message header and inventory vectors.
//
// Values are Bitcoin Core 30's. Everything that travels on the wire here is fixed by the
// protocol: the enums and constants marked "DO NOT CHANGE" must keep their values.
// doc/p2p-messages.md describes every message.
//
// Thread safety: constants and plain value types; the functions are pure.
#ifndef BITNODE_NET_PROTOCOL_H
#define BITNODE_NET_PROTOCOL_H

#include <consensus/chainparams.h>
#include <primitives/serialize.h>
#include <primitives/uint256.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace net {

/** The protocol version we speak (wtxidrelay, BIP339). */
inline constexpr int32_t PROTOCOL_VERSION = 70016;
/** Peers older than this are disconnected after their version message (Core's value). */
inline constexpr int32_t MIN_PEER_PROTO_VERSION = 31800;
/** getheaders/getblocks locators carry this in their (ignored) version field, as Core does. */
inline constexpr int32_t LOCATOR_DUMMY_VERSION = 70016;

/** Largest payload a peer may announce in a message header; larger is a protocol violation. */
inline constexpr uint32_t MAX_PROTOCOL_MESSAGE_LENGTH = 4'000'000;
/** Longest user agent accepted in a version message. */
inline constexpr size_t MAX_SUBVERSION_LENGTH = 256;
/** Most addresses in one addr/addrv2 message. */
inline constexpr size_t MAX_ADDR_TO_SEND = 1000;
/** Most entries in one inv/getdata/notfound message. */
inline constexpr size_t MAX_INV_SZ = 50'000;
/** Most hashes in a getheaders/getblocks locator. */
inline constexpr size_t MAX_LOCATOR_SZ = 101;
/** Most headers in one headers message. */
inline constexpr size_t MAX_HEADERS_RESULTS = 2000;
/** Version of the compact block protocol named in sendcmpct (BIP152 v2: witness). */
inline constexpr uint64_t CMPCTBLOCKS_VERSION = 2;

/** Service bits advertised in version and addr messages. DO NOT CHANGE (protocol values). */
enum ServiceFlags : uint64_t {
    NODE_NONE = 0,
    NODE_NETWORK = 1 << 0,          //!< serves the full block chain
    NODE_BLOOM = 1 << 2,            //!< BIP111 bloom filters (not offered by bitnode)
    NODE_WITNESS = 1 << 3,          //!< BIP144 witness data
    NODE_COMPACT_FILTERS = 1 << 6,  //!< BIP157 (not offered by bitnode)
    NODE_NETWORK_LIMITED = 1 << 10, //!< BIP159: the last 288 blocks only
    NODE_P2P_V2 = 1 << 11,          //!< BIP324 transport (not offered: bitnode speaks v1 only)
};

/** Core's names of the set bits ("NETWORK", "WITNESS", ..., "UNKNOWN[2^n]"), lowest first. */
std::vector<std::string> ServiceFlagsToStr(uint64_t flags);

/** True if a peer with these services may keep a useful address database. */
inline bool MayHaveUsefulAddressDB(uint64_t services)
{
    return (services & NODE_NETWORK) || (services & NODE_NETWORK_LIMITED);
}

/** Message type names (the command field). DO NOT CHANGE. */
namespace msgtype {
inline constexpr const char* VERSION = "version";
inline constexpr const char* VERACK = "verack";
inline constexpr const char* ADDR = "addr";
inline constexpr const char* ADDRV2 = "addrv2";
inline constexpr const char* SENDADDRV2 = "sendaddrv2";
inline constexpr const char* INV = "inv";
inline constexpr const char* GETDATA = "getdata";
inline constexpr const char* MERKLEBLOCK = "merkleblock";
inline constexpr const char* GETBLOCKS = "getblocks";
inline constexpr const char* GETHEADERS = "getheaders";
inline constexpr const char* TX = "tx";
inline constexpr const char* HEADERS = "headers";
inline constexpr const char* BLOCK = "block";
inline constexpr const char* GETADDR = "getaddr";
inline constexpr const char* MEMPOOL = "mempool";
inline constexpr const char* PING = "ping";
inline constexpr const char* PONG = "pong";
inline constexpr const char* NOTFOUND = "notfound";
inline constexpr const char* FILTERLOAD = "filterload";
inline constexpr const char* FILTERADD = "filteradd";
inline constexpr const char* FILTERCLEAR = "filterclear";
inline constexpr const char* SENDHEADERS = "sendheaders";
inline constexpr const char* FEEFILTER = "feefilter";
inline constexpr const char* SENDCMPCT = "sendcmpct";
inline constexpr const char* CMPCTBLOCK = "cmpctblock";
inline constexpr const char* GETBLOCKTXN = "getblocktxn";
inline constexpr const char* BLOCKTXN = "blocktxn";
inline constexpr const char* GETCFILTERS = "getcfilters";
inline constexpr const char* CFILTER = "cfilter";
inline constexpr const char* GETCFHEADERS = "getcfheaders";
inline constexpr const char* CFHEADERS = "cfheaders";
inline constexpr const char* GETCFCHECKPT = "getcfcheckpt";
inline constexpr const char* CFCHECKPT = "cfcheckpt";
inline constexpr const char* WTXIDRELAY = "wtxidrelay";
inline constexpr const char* SENDTXRCNCL = "sendtxrcncl";
} // namespace msgtype

/** Every message type Core knows, in Core's order (per-type byte statistics use these keys). */
const std::vector<std::string>& AllMessageTypes();
/** The statistics key for bytes of unknown or rejected message types. */
inline constexpr const char* MSG_TYPE_OTHER = "*other*";

/**
 * The 24-byte v1 message header: 4-byte network magic, 12-byte NUL-padded ASCII message
 * type, payload length (little-endian uint32), and the first 4 bytes of the payload's
 * double SHA-256.
 */
struct MessageHeader {
    static constexpr size_t MESSAGE_TYPE_SIZE = 12;
    static constexpr size_t CHECKSUM_SIZE = 4;
    static constexpr size_t HEADER_SIZE = 4 + MESSAGE_TYPE_SIZE + 4 + CHECKSUM_SIZE;

    consensus::MessageStartChars message_start{};
    std::array<uint8_t, MESSAGE_TYPE_SIZE> message_type{};
    uint32_t payload_size{0};
    std::array<uint8_t, CHECKSUM_SIZE> checksum{};

    /** A header for a payload; the type must be 1 to 12 printable ASCII characters (asserted). */
    static MessageHeader For(const consensus::MessageStartChars& magic, std::string_view type, util::ByteSpan payload);

    /** The type up to its first NUL. */
    std::string GetMessageType() const;
    /**
     * Core's rule: printable ASCII (0x20..0x7e) up to the first NUL, then only NULs. An
     * empty type is valid by this rule, as in Core (no handler will know it).
     */
    bool IsMessageTypeValid() const;

    SERIALIZE_METHODS(MessageHeader, obj)
    {
        READWRITE(obj.message_start, obj.message_type, obj.payload_size, obj.checksum);
    }
};

/** First 4 bytes of SHA256(SHA256(payload)). */
std::array<uint8_t, MessageHeader::CHECKSUM_SIZE> MessageChecksum(util::ByteSpan payload);

/** The witness bit of an inventory type (BIP144). DO NOT CHANGE. */
inline constexpr uint32_t MSG_WITNESS_FLAG = 1U << 30;
inline constexpr uint32_t MSG_TYPE_MASK = 0xffffffff >> 2;

/** Inventory types of inv/getdata/notfound. DO NOT CHANGE (protocol values). */
enum GetDataMsg : uint32_t {
    MSG_UNDEFINED = 0,
    MSG_TX = 1,
    MSG_BLOCK = 2,
    MSG_FILTERED_BLOCK = 3, //!< BIP37; getdata only
    MSG_CMPCT_BLOCK = 4,    //!< BIP152; getdata only
    MSG_WTX = 5,            //!< BIP339
    MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG,
    MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG,
};

/** One inventory vector: a type and a hash. */
struct Inv {
    uint32_t type{MSG_UNDEFINED};
    primitives::uint256 hash;

    bool IsMsgTx() const { return type == MSG_TX; }
    bool IsMsgWtx() const { return type == MSG_WTX; }
    bool IsMsgBlk() const { return type == MSG_BLOCK; }
    bool IsMsgWitnessBlk() const { return type == MSG_WITNESS_BLOCK; }
    bool IsMsgFilteredBlk() const { return type == MSG_FILTERED_BLOCK; }
    bool IsMsgCmpctBlk() const { return type == MSG_CMPCT_BLOCK; }
    /** tx, wtx or witness tx. */
    bool IsGenTxMsg() const { return type == MSG_TX || type == MSG_WTX || type == MSG_WITNESS_TX; }
    /** Any way of asking for a block. */
    bool IsGenBlkMsg() const
    {
        return type == MSG_BLOCK || type == MSG_FILTERED_BLOCK || type == MSG_CMPCT_BLOCK || type == MSG_WITNESS_BLOCK;
    }
    /** Core's ToString: "witness-tx <hash>", "block <hash>", or "0x%08x <hash>" for unknown types. */
    std::string ToString() const;

    friend bool operator==(const Inv&, const Inv&) = default;
    friend auto operator<=>(const Inv&, const Inv&) = default;

    SERIALIZE_METHODS(Inv, obj) { READWRITE(obj.type, obj.hash); }
};

} // namespace net

#endif // BITNODE_NET_PROTOCOL_H
