// Classification, network groups and BIP155 decoding of addresses; the text forms are in
// netaddress_text.cpp.
#include <net/netaddress.h>

#include <crypto/hash.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <tuple>

namespace net {

namespace {

uint32_t ReadBE32(const uint8_t* p)
{
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

/** Bits set in a netmask byte, or -1 if the byte is not of the form 1...10...0. */
int NetmaskBits(uint8_t x)
{
    switch (x) {
    case 0x00:
        return 0;
    case 0x80:
        return 1;
    case 0xc0:
        return 2;
    case 0xe0:
        return 3;
    case 0xf0:
        return 4;
    case 0xf8:
        return 5;
    case 0xfc:
        return 6;
    case 0xfe:
        return 7;
    case 0xff:
        return 8;
    default:
        return -1;
    }
}

} // namespace

std::string GetNetworkName(Network net)
{
    switch (net) {
    case Network::UNROUTABLE:
        return "not_publicly_routable";
    case Network::IPV4:
        return "ipv4";
    case Network::IPV6:
        return "ipv6";
    case Network::ONION:
        return "onion";
    case Network::I2P:
        return "i2p";
    case Network::CJDNS:
        return "cjdns";
    case Network::INTERNAL:
        return "internal";
    }
    return "";
}

std::optional<Network> ParseNetwork(std::string_view name)
{
    std::string lower(name);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower == "ipv4") return Network::IPV4;
    if (lower == "ipv6") return Network::IPV6;
    if (lower == "onion" || lower == "tor") return Network::ONION;
    if (lower == "i2p") return Network::I2P;
    if (lower == "cjdns") return Network::CJDNS;
    return std::nullopt;
}

void NetAddress::Assign(Network net, util::ByteSpan bytes)
{
    assert(bytes.size() <= m_addr.size());
    m_net = net;
    m_size = static_cast<uint8_t>(bytes.size());
    m_addr.fill(0);
    std::copy(bytes.begin(), bytes.end(), m_addr.begin());
}

NetAddress NetAddress::FromIPv4(const std::array<uint8_t, 4>& bytes)
{
    NetAddress addr;
    addr.Assign(Network::IPV4, bytes);
    return addr;
}

NetAddress NetAddress::FromLegacyIPv6(const std::array<uint8_t, 16>& bytes)
{
    NetAddress addr;
    const util::ByteSpan span{bytes};
    auto has_prefix = [&](const auto& prefix) { return std::equal(prefix.begin(), prefix.end(), bytes.begin()); };
    if (has_prefix(IPV4_IN_IPV6_PREFIX)) {
        addr.Assign(Network::IPV4, span.subspan(IPV4_IN_IPV6_PREFIX.size()));
    } else if (has_prefix(TORV2_IN_IPV6_PREFIX)) {
        // Tor v2 is retired: read it as the invalid "::" so it is skipped, like Core.
    } else if (has_prefix(INTERNAL_IN_IPV6_PREFIX)) {
        addr.Assign(Network::INTERNAL, span.subspan(INTERNAL_IN_IPV6_PREFIX.size()));
    } else {
        addr.Assign(Network::IPV6, span);
    }
    return addr;
}

NetAddress NetAddress::FromInternalName(std::string_view name)
{
    const std::array<uint8_t, 32> hash = crypto::Sha256Of(util::AsBytes(name));
    NetAddress addr;
    addr.Assign(Network::INTERNAL, util::ByteSpan{hash.data(), ADDR_INTERNAL_SIZE});
    return addr;
}

NetAddress NetAddress::FromBip155(uint8_t id, util::ByteSpan bytes, std::optional<size_t> offset)
{
    auto check_size = [&](const char* name, size_t expected) {
        if (bytes.size() != expected) {
            throw primitives::DeserializeError(std::string("BIP155 ") + name + " address with length " +
                                                   std::to_string(bytes.size()) + " (should be " +
                                                   std::to_string(expected) + ")",
                                               offset);
        }
    };
    NetAddress addr;
    switch (static_cast<Bip155Network>(id)) {
    case Bip155Network::IPV4:
        check_size("IPv4", ADDR_IPV4_SIZE);
        addr.Assign(Network::IPV4, bytes);
        return addr;
    case Bip155Network::IPV6: {
        check_size("IPv6", ADDR_IPV6_SIZE);
        std::array<uint8_t, 16> raw;
        std::copy(bytes.begin(), bytes.end(), raw.begin());
        auto has_prefix = [&](const auto& prefix) { return std::equal(prefix.begin(), prefix.end(), raw.begin()); };
        if (has_prefix(INTERNAL_IN_IPV6_PREFIX)) {
            // Only peers.dat holds these (Core stores its DNS seed markers this way).
            addr.Assign(Network::INTERNAL, bytes.subspan(INTERNAL_IN_IPV6_PREFIX.size()));
            return addr;
        }
        // IPv4 and Tor v2 must use their own ids in addrv2: disguised ones are skipped.
        if (has_prefix(IPV4_IN_IPV6_PREFIX) || has_prefix(TORV2_IN_IPV6_PREFIX)) return NetAddress{};
        addr.Assign(Network::IPV6, bytes);
        return addr;
    }
    case Bip155Network::TORV3:
        check_size("TORv3", ADDR_TORV3_SIZE);
        addr.Assign(Network::ONION, bytes);
        return addr;
    case Bip155Network::I2P:
        check_size("I2P", ADDR_I2P_SIZE);
        addr.Assign(Network::I2P, bytes);
        return addr;
    case Bip155Network::CJDNS:
        check_size("CJDNS", ADDR_CJDNS_SIZE);
        addr.Assign(Network::CJDNS, bytes);
        return addr;
    case Bip155Network::TORV2:
        break;
    }
    // Unknown ids (from the future) and Tor v2 are skipped: the caller reads on.
    return NetAddress{};
}

std::array<uint8_t, 16> NetAddress::GetV1Bytes() const
{
    std::array<uint8_t, 16> out{};
    switch (m_net) {
    case Network::IPV6:
        std::copy_n(m_addr.begin(), 16, out.begin());
        break;
    case Network::IPV4:
        std::copy(IPV4_IN_IPV6_PREFIX.begin(), IPV4_IN_IPV6_PREFIX.end(), out.begin());
        std::copy_n(m_addr.begin(), 4, out.begin() + 12);
        break;
    case Network::INTERNAL:
        std::copy(INTERNAL_IN_IPV6_PREFIX.begin(), INTERNAL_IN_IPV6_PREFIX.end(), out.begin());
        std::copy_n(m_addr.begin(), ADDR_INTERNAL_SIZE, out.begin() + 6);
        break;
    case Network::ONION:
    case Network::I2P:
    case Network::CJDNS:
    case Network::UNROUTABLE:
        break; // not representable: all zeros, as Core writes them
    }
    return out;
}

Bip155Network NetAddress::GetBip155Network() const
{
    switch (m_net) {
    case Network::IPV4:
        return Bip155Network::IPV4;
    case Network::ONION:
        return Bip155Network::TORV3;
    case Network::I2P:
        return Bip155Network::I2P;
    case Network::CJDNS:
        return Bip155Network::CJDNS;
    case Network::IPV6:
    case Network::INTERNAL:
    case Network::UNROUTABLE:
        break;
    }
    return Bip155Network::IPV6;
}

bool operator<(const NetAddress& a, const NetAddress& b)
{
    return std::tie(a.m_net, a.m_size, a.m_addr) < std::tie(b.m_net, b.m_size, b.m_addr);
}

bool NetAddress::IsBindAny() const
{
    if (!IsIPv4() && !IsIPv6()) return false;
    return std::all_of(m_addr.begin(), m_addr.begin() + m_size, [](uint8_t b) { return b == 0; });
}

bool NetAddress::IsRFC1918() const
{
    return IsIPv4() && (m_addr[0] == 10 || (m_addr[0] == 192 && m_addr[1] == 168) ||
                        (m_addr[0] == 172 && m_addr[1] >= 16 && m_addr[1] <= 31));
}
bool NetAddress::IsRFC2544() const { return IsIPv4() && m_addr[0] == 198 && (m_addr[1] == 18 || m_addr[1] == 19); }
bool NetAddress::IsRFC3927() const { return IsIPv4() && m_addr[0] == 169 && m_addr[1] == 254; }
bool NetAddress::IsRFC6598() const { return IsIPv4() && m_addr[0] == 100 && m_addr[1] >= 64 && m_addr[1] <= 127; }
bool NetAddress::IsRFC5737() const
{
    return IsIPv4() &&
           (HasPrefix(std::array<uint8_t, 3>{192, 0, 2}) || HasPrefix(std::array<uint8_t, 3>{198, 51, 100}) ||
            HasPrefix(std::array<uint8_t, 3>{203, 0, 113}));
}
bool NetAddress::IsRFC3849() const { return IsIPv6() && HasPrefix(std::array<uint8_t, 4>{0x20, 0x01, 0x0d, 0xb8}); }
bool NetAddress::IsRFC3964() const { return IsIPv6() && HasPrefix(std::array<uint8_t, 2>{0x20, 0x02}); }
bool NetAddress::IsRFC6052() const
{
    return IsIPv6() && HasPrefix(std::array<uint8_t, 12>{0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
}
bool NetAddress::IsRFC4380() const { return IsIPv6() && HasPrefix(std::array<uint8_t, 4>{0x20, 0x01, 0x00, 0x00}); }
bool NetAddress::IsRFC4862() const
{
    return IsIPv6() && HasPrefix(std::array<uint8_t, 8>{0xfe, 0x80, 0, 0, 0, 0, 0, 0});
}
bool NetAddress::IsRFC4193() const { return IsIPv6() && (m_addr[0] & 0xfe) == 0xfc; }
bool NetAddress::IsRFC6145() const
{
    return IsIPv6() && HasPrefix(std::array<uint8_t, 12>{0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0});
}
bool NetAddress::IsRFC4843() const
{
    return IsIPv6() && HasPrefix(std::array<uint8_t, 3>{0x20, 0x01, 0x00}) && (m_addr[3] & 0xf0) == 0x10;
}
bool NetAddress::IsRFC7343() const
{
    return IsIPv6() && HasPrefix(std::array<uint8_t, 3>{0x20, 0x01, 0x00}) && (m_addr[3] & 0xf0) == 0x20;
}
bool NetAddress::IsHeNet() const { return IsIPv6() && HasPrefix(std::array<uint8_t, 4>{0x20, 0x01, 0x04, 0x70}); }

bool NetAddress::IsLocal() const
{
    if (IsIPv4() && (m_addr[0] == 127 || m_addr[0] == 0)) return true;
    static constexpr std::array<uint8_t, 16> loopback6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return IsIPv6() && HasPrefix(loopback6);
}

bool NetAddress::IsValid() const
{
    if (IsIPv6() && IsBindAny()) return false;
    if (IsCJDNS() && m_addr[0] != CJDNS_PREFIX) return false;
    if (IsRFC3849()) return false;
    if (IsInternal()) return false;
    if (IsIPv4()) {
        const uint32_t ip = ReadBE32(m_addr.data());
        if (ip == 0 || ip == 0xffffffff) return false;
    }
    return true;
}

bool NetAddress::IsRoutable() const
{
    return IsValid() && !(IsRFC1918() || IsRFC2544() || IsRFC3927() || IsRFC4862() || IsRFC6598() || IsRFC5737() ||
                          IsRFC4193() || IsRFC4843() || IsRFC7343() || IsLocal() || IsInternal());
}

bool NetAddress::HasLinkedIPv4() const
{
    return IsRoutable() && (IsIPv4() || IsRFC6145() || IsRFC6052() || IsRFC3964() || IsRFC4380());
}

uint32_t NetAddress::GetLinkedIPv4() const
{
    if (IsIPv4()) return ReadBE32(m_addr.data());
    if (IsRFC6052() || IsRFC6145()) return ReadBE32(m_addr.data() + 12);
    if (IsRFC3964()) return ReadBE32(m_addr.data() + 2);
    if (IsRFC4380()) return ~ReadBE32(m_addr.data() + 12);
    assert(false && "GetLinkedIPv4 needs HasLinkedIPv4");
    return 0;
}

Network NetAddress::GetNetClass() const
{
    if (IsInternal()) return Network::INTERNAL;
    if (!IsRoutable()) return Network::UNROUTABLE;
    if (HasLinkedIPv4()) return Network::IPV4;
    return m_net;
}

std::vector<uint8_t> NetAddress::GetGroup() const
{
    std::vector<uint8_t> group{static_cast<uint8_t>(GetNetClass())};
    size_t start_byte = 0;
    size_t bits = 0;
    if (IsLocal()) {
        // every local address shares one group
    } else if (IsInternal()) {
        bits = ADDR_INTERNAL_SIZE * 8;
    } else if (!IsRoutable()) {
        // every other unroutable address shares one group
    } else if (HasLinkedIPv4()) {
        const uint32_t ipv4 = GetLinkedIPv4();
        group.push_back(static_cast<uint8_t>(ipv4 >> 24));
        group.push_back(static_cast<uint8_t>(ipv4 >> 16));
        return group;
    } else if (IsTor() || IsI2P()) {
        bits = 4;
    } else if (IsCJDNS()) {
        // The first byte is the constant 0xfc: take 4 bits of the random part after it.
        bits = 12;
    } else if (IsHeNet()) {
        bits = 36;
    } else {
        bits = 32;
    }
    const size_t whole = bits / 8;
    for (size_t i = 0; i < whole; ++i) group.push_back(m_addr[start_byte + i]);
    if (bits % 8) {
        assert(start_byte + whole < m_size);
        group.push_back(static_cast<uint8_t>(m_addr[start_byte + whole] | ((1 << (8 - bits % 8)) - 1)));
    }
    return group;
}

SubNet::SubNet(const NetAddress& addr, uint8_t prefix_bits)
{
    m_valid = (addr.IsIPv4() && prefix_bits <= 32) || (addr.IsIPv6() && prefix_bits <= 128);
    if (!m_valid) return;
    m_network = addr;
    unsigned left = prefix_bits;
    for (size_t i = 0; i < addr.m_size; ++i) {
        const unsigned bits = std::min(left, 8u);
        m_netmask[i] = static_cast<uint8_t>(0xff << (8 - bits));
        m_network.m_addr[i] &= m_netmask[i];
        left -= bits;
    }
}

SubNet::SubNet(const NetAddress& addr)
{
    switch (addr.GetNetwork()) {
    case Network::IPV4:
    case Network::IPV6:
        std::fill_n(m_netmask.begin(), addr.m_size, 0xff);
        m_valid = true;
        break;
    case Network::ONION:
    case Network::I2P:
    case Network::CJDNS:
        m_valid = true;
        break;
    case Network::INTERNAL:
    case Network::UNROUTABLE:
        return;
    }
    m_network = addr;
}

SubNet SubNet::FromMask(const NetAddress& addr, const NetAddress& mask)
{
    SubNet subnet;
    if (!(addr.IsIPv4() || addr.IsIPv6()) || addr.GetNetwork() != mask.GetNetwork()) return subnet;
    bool zeros_found = false;
    for (size_t i = 0; i < mask.m_size; ++i) {
        const int bits = NetmaskBits(mask.m_addr[i]);
        if (bits < 0 || (zeros_found && bits != 0)) return subnet;
        if (bits < 8) zeros_found = true;
    }
    subnet.m_network = addr;
    for (size_t i = 0; i < mask.m_size; ++i) {
        subnet.m_netmask[i] = mask.m_addr[i];
        subnet.m_network.m_addr[i] &= mask.m_addr[i];
    }
    subnet.m_valid = true;
    return subnet;
}

bool SubNet::Match(const NetAddress& addr) const
{
    if (!m_valid || !addr.IsValid() || m_network.GetNetwork() != addr.GetNetwork()) return false;
    switch (m_network.GetNetwork()) {
    case Network::IPV4:
    case Network::IPV6:
        break;
    case Network::ONION:
    case Network::I2P:
    case Network::CJDNS:
    case Network::INTERNAL:
        return addr == m_network;
    case Network::UNROUTABLE:
        return false;
    }
    for (size_t i = 0; i < addr.m_size; ++i) {
        if ((addr.m_addr[i] & m_netmask[i]) != m_network.m_addr[i]) return false;
    }
    return true;
}

std::string SubNet::ToString() const
{
    std::string text = m_network.ToString();
    if (m_network.IsIPv4() || m_network.IsIPv6()) {
        int cidr = 0;
        for (size_t i = 0; i < m_network.m_size && m_netmask[i] != 0; ++i) cidr += NetmaskBits(m_netmask[i]);
        text += "/" + std::to_string(cidr);
    }
    return text;
}

bool operator<(const SubNet& a, const SubNet& b)
{
    return std::tie(a.m_network, a.m_netmask) < std::tie(b.m_network, b.m_netmask);
}

bool operator<(const Service& a, const Service& b)
{
    const NetAddress& na = a;
    const NetAddress& nb = b;
    if (na < nb) return true;
    if (nb < na) return false;
    return a.m_port < b.m_port;
}

} // namespace net
