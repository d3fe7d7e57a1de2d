// Network addresses of peers: NetAddress (an IP or overlay-network address), Service
// (address + TCP port) and SubNet (a range, for bans), with Core's classification rules
// (routable, local, RFC ranges), its network groups for bucketing, and the two wire
// encodings: v1 (16 bytes, IPv4 mapped into IPv6) and BIP155's addrv2 (network id +
// length-prefixed bytes).
//
// bitnode connects over IPv4 and IPv6 only, but addrv2 gossip may carry Tor v3, I2P and
// CJDNS addresses; they are parsed, stored, relayed and printed like Core does.
//
// Thread safety: plain value types; the functions are pure.
#ifndef BITNODE_NET_NETADDRESS_H
#define BITNODE_NET_NETADDRESS_H

#include <primitives/serialize.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace net {

/**
 * The network an address belongs to. Values are ours (Core's order) and appear in
 * per-network statistics only; disk and wire formats use BIP155 ids instead.
 */
enum class Network : uint8_t {
    UNROUTABLE = 0,
    IPV4,
    IPV6,
    ONION,
    I2P,
    CJDNS,
    INTERNAL, //!< names hashed into fake addresses (Core tracks DNS seeds this way)
};

/** Core's names: "ipv4", "ipv6", "onion", "i2p", "cjdns", "internal", "not_publicly_routable". */
std::string GetNetworkName(Network net);
/** The network of an -onlynet value ("ipv4", "ipv6", "onion", "tor", "i2p", "cjdns"), case-insensitive. */
std::optional<Network> ParseNetwork(std::string_view name);

/** BIP155 network ids. DO NOT CHANGE (wire and peers.dat values). */
enum class Bip155Network : uint8_t {
    IPV4 = 1,
    IPV6 = 2,
    TORV2 = 3, //!< retired; addresses with this id are read and dropped
    TORV3 = 4,
    I2P = 5,
    CJDNS = 6,
};

inline constexpr size_t ADDR_IPV4_SIZE = 4;
inline constexpr size_t ADDR_IPV6_SIZE = 16;
inline constexpr size_t ADDR_TORV3_SIZE = 32;
inline constexpr size_t ADDR_I2P_SIZE = 32;
inline constexpr size_t ADDR_CJDNS_SIZE = 16;
inline constexpr size_t ADDR_INTERNAL_SIZE = 10;
/** Longest address BIP155 allows on the wire (longer is a protocol violation). */
inline constexpr size_t MAX_ADDRV2_SIZE = 512;

/** ::ffff:0:0/96, the v1 encoding of an IPv4 address. */
inline constexpr std::array<uint8_t, 12> IPV4_IN_IPV6_PREFIX{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
/** fd87:d87e:eb43::/48, the v1 encoding of a (retired) Tor v2 address. */
inline constexpr std::array<uint8_t, 6> TORV2_IN_IPV6_PREFIX{0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43};
/** 0xfd + SHA256("bitcoin")[0:5], the v1 encoding of an internal address. */
inline constexpr std::array<uint8_t, 6> INTERNAL_IN_IPV6_PREFIX{0xfd, 0x6b, 0x88, 0xc0, 0x87, 0x24};
inline constexpr uint8_t CJDNS_PREFIX = 0xfc;

class NetAddress
{
public:
    /** The IPv6 unspecified address "::", which is not valid. */
    NetAddress() = default;

    static NetAddress FromIPv4(const std::array<uint8_t, 4>& bytes);
    /** An IPv6 address; mapped IPv4 (::ffff:a.b.c.d) becomes IPv4, and so on (SetLegacyIPv6). */
    static NetAddress FromLegacyIPv6(const std::array<uint8_t, 16>& bytes);
    /** A fake address standing for a name (a DNS seed), Core's SetInternal. */
    static NetAddress FromInternalName(std::string_view name);
    /**
     * A numeric IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1", also in brackets) address.
     * No name resolution. nullopt for anything else.
     */
    static std::optional<NetAddress> Parse(std::string_view text);

    Network GetNetwork() const { return m_net; }
    bool IsIPv4() const { return m_net == Network::IPV4; }
    bool IsIPv6() const { return m_net == Network::IPV6; }
    bool IsTor() const { return m_net == Network::ONION; }
    bool IsI2P() const { return m_net == Network::I2P; }
    bool IsCJDNS() const { return m_net == Network::CJDNS; }
    bool IsInternal() const { return m_net == Network::INTERNAL; }
    bool IsPrivacyNet() const { return IsTor() || IsI2P(); }

    bool IsBindAny() const; //!< 0.0.0.0 or ::
    bool IsRFC1918() const; //!< IPv4 private networks
    bool IsRFC2544() const; //!< 198.18.0.0/15
    bool IsRFC6598() const; //!< 100.64.0.0/10
    bool IsRFC5737() const; //!< IPv4 documentation ranges
    bool IsRFC3849() const; //!< 2001:db8::/32
    bool IsRFC3927() const; //!< 169.254.0.0/16
    bool IsRFC3964() const; //!< 2002::/16 (6to4)
    bool IsRFC4193() const; //!< fc00::/7
    bool IsRFC4380() const; //!< 2001::/32 (Teredo)
    bool IsRFC4843() const; //!< 2001:10::/28
    bool IsRFC7343() const; //!< 2001:20::/28
    bool IsRFC4862() const; //!< fe80::/64
    bool IsRFC6052() const; //!< 64:ff9b::/96
    bool IsRFC6145() const; //!< ::ffff:0:0:0/96
    bool IsHeNet() const;   //!< 2001:470::/36
    /** Loopback: 127.0.0.0/8, 0.0.0.0/8 and ::1. */
    bool IsLocal() const;
    /** Core's validity rule: not ::, not documentation, not internal, not 0.0.0.0 or 255.255.255.255. */
    bool IsValid() const;
    /** Valid and in none of the private, local or reserved ranges. */
    bool IsRoutable() const;
    /** Worth gossiping even if we cannot reach it ourselves. */
    bool IsRelayable() const { return IsIPv4() || IsIPv6() || IsTor() || IsI2P() || IsCJDNS(); }
    /** Representable in the 16-byte v1 encoding. */
    bool IsAddrV1Compatible() const { return IsIPv4() || IsIPv6() || IsInternal(); }

    /** For bucketing: UNROUTABLE for unroutable, IPV4 for IPv6 with an embedded IPv4, else the network. */
    Network GetNetClass() const;
    bool HasLinkedIPv4() const;
    /** The IPv4 address embedded in this one (IPv4, 6to4, Teredo, NAT64, SIIT); needs HasLinkedIPv4. */
    uint32_t GetLinkedIPv4() const;
    /**
     * Core's network group (without asmap): net class, then /16 for IPv4, /32 for IPv6
     * (/36 for he.net), 4 bits for Tor and I2P, 12 for CJDNS; all local addresses share one
     * group, all other unroutable ones another.
     */
    std::vector<uint8_t> GetGroup() const;

    /** The raw address bytes (4, 16 or 32 of them; 10 for internal). */
    util::ByteSpan Bytes() const { return {m_addr.data(), m_size}; }
    /** The 16-byte v1 encoding (IPv4 mapped; Tor, I2P and CJDNS become all zeros, as in Core). */
    std::array<uint8_t, 16> GetV1Bytes() const;
    /** The BIP155 network id (for internal addresses: IPv6, with the internal prefix). */
    Bip155Network GetBip155Network() const;

    /** "192.0.2.1", "2001:db8::1" (RFC 5952), "<base32>.onion", "<base32>.b32.i2p". */
    std::string ToString() const;

    friend bool operator==(const NetAddress& a, const NetAddress& b)
    {
        return a.m_net == b.m_net && a.m_size == b.m_size && a.m_addr == b.m_addr;
    }
    /** Core's order: by network, then bytes. */
    friend bool operator<(const NetAddress& a, const NetAddress& b);

    /** v1: 16 bytes. */
    template <typename Stream>
    void SerializeV1(Stream& s) const
    {
        const std::array<uint8_t, 16> bytes = GetV1Bytes();
        s.Write(util::ByteSpan{bytes});
    }
    template <typename Stream>
    void UnserializeV1(Stream& s)
    {
        std::array<uint8_t, 16> bytes;
        s.Read(util::WritableByteSpan{bytes});
        *this = FromLegacyIPv6(bytes);
    }
    /** BIP155: network id, CompactSize length, bytes. */
    template <typename Stream>
    void SerializeV2(Stream& s) const
    {
        primitives::WriteLE8(s, static_cast<uint8_t>(GetBip155Network()));
        if (IsInternal()) {
            primitives::WriteCompactSize(s, ADDR_IPV6_SIZE);
            SerializeV1(s);
            return;
        }
        primitives::WriteCompactSize(s, m_size);
        s.Write(Bytes());
    }
    /**
     * Throws DeserializeError for a known network with the wrong length ("BIP155 IPv4 address
     * with length 5 (should be 4)") or a length over 512; an unknown network id, Tor v2, or an
     * IPv4/Tor v2 address disguised as IPv6 yields the invalid address "::" (Core skips those).
     */
    template <typename Stream>
    void UnserializeV2(Stream& s)
    {
        const std::optional<size_t> start = primitives::StreamPosition(s);
        const uint8_t id = primitives::ReadLE<uint8_t>(s);
        const uint64_t size = primitives::ReadCompactSize(s);
        if (size > MAX_ADDRV2_SIZE) {
            throw primitives::DeserializeError(
                "Address too long: " + std::to_string(size) + " > " + std::to_string(MAX_ADDRV2_SIZE), start);
        }
        std::array<uint8_t, MAX_ADDRV2_SIZE> buf;
        s.Read(util::WritableByteSpan{buf.data(), static_cast<size_t>(size)});
        *this = FromBip155(id, util::ByteSpan{buf.data(), static_cast<size_t>(size)}, start);
    }

private:
    friend class SubNet;

    /** Builds from a BIP155 id and bytes; see UnserializeV2 for the rules. */
    static NetAddress FromBip155(uint8_t id, util::ByteSpan bytes, std::optional<size_t> offset);
    void Assign(Network net, util::ByteSpan bytes);
    template <size_t N>
    bool HasPrefix(const std::array<uint8_t, N>& prefix) const
    {
        if (m_size < N) return false;
        for (size_t i = 0; i < N; ++i) {
            if (m_addr[i] != prefix[i]) return false;
        }
        return true;
    }

    Network m_net{Network::IPV6};
    uint8_t m_size{ADDR_IPV6_SIZE};
    /** Big-endian bytes; those past m_size are always zero so == can compare the whole array. */
    std::array<uint8_t, 32> m_addr{};
};

/** A NetAddress and a TCP port: where to connect. */
class Service : public NetAddress
{
public:
    Service() = default;
    Service(const NetAddress& addr, uint16_t port) : NetAddress{addr}, m_port{port} {}

    /**
     * "192.0.2.1:8333", "[2001:db8::1]:8333", or an address without port (default_port is
     * used). nullopt for names, bad ports or junk.
     */
    static std::optional<Service> Parse(std::string_view text, uint16_t default_port);

    uint16_t GetPort() const { return m_port; }
    void SetPort(uint16_t port) { m_port = port; }
    const NetAddress& GetAddress() const { return *this; }

    /** "192.0.2.1:8333" or "[2001:db8::1]:8333". */
    std::string ToStringAddrPort() const;

    friend bool operator==(const Service& a, const Service& b)
    {
        return static_cast<const NetAddress&>(a) == static_cast<const NetAddress&>(b) && a.m_port == b.m_port;
    }
    friend bool operator<(const Service& a, const Service& b);

    /** v1 address, then the port big-endian. */
    template <typename Stream>
    void SerializeV1(Stream& s) const
    {
        NetAddress::SerializeV1(s);
        WritePort(s);
    }
    template <typename Stream>
    void UnserializeV1(Stream& s)
    {
        NetAddress::UnserializeV1(s);
        ReadPort(s);
    }
    template <typename Stream>
    void SerializeV2(Stream& s) const
    {
        NetAddress::SerializeV2(s);
        WritePort(s);
    }
    template <typename Stream>
    void UnserializeV2(Stream& s)
    {
        NetAddress::UnserializeV2(s);
        ReadPort(s);
    }

private:
    template <typename Stream>
    void WritePort(Stream& s) const
    {
        const uint8_t be[2]{static_cast<uint8_t>(m_port >> 8), static_cast<uint8_t>(m_port)};
        s.Write(util::ByteSpan{be, 2});
    }
    template <typename Stream>
    void ReadPort(Stream& s)
    {
        uint8_t be[2];
        s.Read(util::WritableByteSpan{be, 2});
        m_port = static_cast<uint16_t>(be[0] << 8 | be[1]);
    }

    uint16_t m_port{0};
};

/** A range of addresses: an IPv4/IPv6 network and netmask, or one overlay-network host. */
class SubNet
{
public:
    /** Invalid: matches nothing. */
    SubNet() = default;
    /** The network start with the first `prefix_bits` bits kept; invalid if too many bits or not IP. */
    SubNet(const NetAddress& addr, uint8_t prefix_bits);
    /** A single host. */
    explicit SubNet(const NetAddress& addr);

    /**
     * "192.0.2.0/24", "192.0.2.0/255.255.255.0", "2001:db8::/32", or a single address.
     * nullopt on junk, non-contiguous masks or prefix lengths that do not fit.
     */
    static std::optional<SubNet> Parse(std::string_view text);

    bool IsValid() const { return m_valid; }
    bool Match(const NetAddress& addr) const;
    const NetAddress& GetNetworkAddress() const { return m_network; }
    /** Core's form: "192.0.2.0/24", "2001:db8::1/128", or the bare host for overlay networks. */
    std::string ToString() const;

    friend bool operator==(const SubNet& a, const SubNet& b)
    {
        return a.m_valid == b.m_valid && a.m_network == b.m_network && a.m_netmask == b.m_netmask;
    }
    friend bool operator<(const SubNet& a, const SubNet& b);

private:
    /** Network from an address and a netmask address of the same family; invalid if not contiguous. */
    static SubNet FromMask(const NetAddress& addr, const NetAddress& mask);

    NetAddress m_network;
    std::array<uint8_t, 16> m_netmask{};
    bool m_valid{false};
};

/** Wraps a NetAddress/Service for READWRITE in the v1 or v2 (BIP155) encoding. */
template <typename T, bool V2>
struct AddrEncodingRef {
    T& obj;
    template <typename Stream>
    void Serialize(Stream& s) const
    {
        if constexpr (V2)
            obj.SerializeV2(s);
        else
            obj.SerializeV1(s);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        if constexpr (V2)
            obj.UnserializeV2(s);
        else
            obj.UnserializeV1(s);
    }
};
template <typename T>
AddrEncodingRef<T, false> AsV1(T& obj)
{
    return {obj};
}
template <typename T>
AddrEncodingRef<T, true> AsV2(T& obj)
{
    return {obj};
}

} // namespace net

#endif // BITNODE_NET_NETADDRESS_H
