// Text forms of addresses: numeric parsing (no name resolution) and Core's printing,
// including Tor v3 and I2P names (base32, with SHA3-256 for the onion checksum).
#include <net/netaddress.h>

#include <util/strings.h>

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace net {

namespace {

/** Keccak-f[1600] permutation, for the one SHA3-256 use below. */
void KeccakF(std::array<uint64_t, 25>& st)
{
    static constexpr uint64_t RC[24] = {0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
                                        0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
                                        0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
                                        0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
                                        0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
                                        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};
    static constexpr int ROT[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                    25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};
    auto rotl = [](uint64_t x, int n) { return n == 0 ? x : (x << n) | (x >> (64 - n)); };
    for (uint64_t rc : RC) {
        uint64_t c[5];
        for (int x = 0; x < 5; ++x) c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
        for (int x = 0; x < 5; ++x) {
            const uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
            for (int y = 0; y < 25; y += 5) st[y + x] ^= d;
        }
        std::array<uint64_t, 25> b;
        for (int x = 0; x < 5; ++x) {
            for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(st[x + 5 * y], ROT[x + 5 * y]);
        }
        for (int y = 0; y < 25; y += 5) {
            for (int x = 0; x < 5; ++x) st[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
        }
        st[0] ^= rc;
    }
}

/** SHA3-256 of a short message (at most one 136-byte block, which is all onion checksums need). */
std::array<uint8_t, 32> Sha3_256Short(util::ByteSpan msg)
{
    constexpr size_t RATE = 136;
    std::array<uint8_t, RATE> block{};
    std::memcpy(block.data(), msg.data(), msg.size());
    block[msg.size()] ^= 0x06;
    block[RATE - 1] ^= 0x80;
    std::array<uint64_t, 25> st{};
    for (size_t i = 0; i < RATE / 8; ++i) {
        uint64_t lane = 0;
        for (int j = 0; j < 8; ++j) lane |= uint64_t{block[i * 8 + j]} << (8 * j);
        st[i] ^= lane;
    }
    KeccakF(st);
    std::array<uint8_t, 32> out;
    for (size_t i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(st[i / 8] >> (8 * (i % 8)));
    return out;
}

/** RFC 4648 base32, lower case, no padding (as Tor and I2P names use it). */
std::string EncodeBase32(util::ByteSpan data)
{
    static constexpr char ALPHABET[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t byte : data) {
        acc = (acc << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += ALPHABET[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
    return out;
}

std::string OnionToString(util::ByteSpan pubkey)
{
    static constexpr std::string_view PREFIX = ".onion checksum";
    constexpr uint8_t VERSION = 3;
    std::vector<uint8_t> input(PREFIX.begin(), PREFIX.end());
    input.insert(input.end(), pubkey.begin(), pubkey.end());
    input.push_back(VERSION);
    const std::array<uint8_t, 32> checksum = Sha3_256Short(input);
    std::vector<uint8_t> name(pubkey.begin(), pubkey.end());
    name.push_back(checksum[0]);
    name.push_back(checksum[1]);
    name.push_back(VERSION);
    return EncodeBase32(name) + ".onion";
}

std::string IPv6ToString(util::ByteSpan a)
{
    uint16_t groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
    // RFC 5952: the longest run (the first of equal ones) of at least two zero groups becomes "::".
    size_t best_start = 0, best_len = 0, cur_start = 0, cur_len = 0;
    for (size_t i = 0; i < 8; ++i) {
        if (groups[i] != 0) {
            cur_start = i + 1;
            cur_len = 0;
            continue;
        }
        if (++cur_len > best_len) {
            best_len = cur_len;
            best_start = cur_start;
        }
    }
    std::string out;
    for (size_t i = 0; i < 8; ++i) {
        if (best_len >= 2 && i >= best_start && i < best_start + best_len) {
            if (i == best_start) out += "::";
            continue;
        }
        char buf[8];
        std::snprintf(buf, sizeof(buf), "%s%x", (!out.empty() && out.back() != ':') ? ":" : "", groups[i]);
        out += buf;
    }
    return out;
}

std::optional<uint16_t> ParsePort(std::string_view text)
{
    if (text.empty() || text.size() > 5) return std::nullopt;
    uint32_t port = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        port = port * 10 + static_cast<uint32_t>(c - '0');
    }
    if (port > 65535) return std::nullopt;
    return static_cast<uint16_t>(port);
}

} // namespace

std::optional<NetAddress> NetAddress::Parse(std::string_view text)
{
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() > 45) return std::nullopt;
    const std::string str(text);
    if (std::array<uint8_t, 4> v4; inet_pton(AF_INET, str.c_str(), v4.data()) == 1) return FromIPv4(v4);
    if (std::array<uint8_t, 16> v6; inet_pton(AF_INET6, str.c_str(), v6.data()) == 1) return FromLegacyIPv6(v6);
    return std::nullopt;
}

std::string NetAddress::ToString() const
{
    switch (m_net) {
    case Network::IPV4: {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m_addr[0], m_addr[1], m_addr[2], m_addr[3]);
        return buf;
    }
    case Network::IPV6:
    case Network::CJDNS:
        return IPv6ToString(Bytes());
    case Network::ONION:
        return OnionToString(Bytes());
    case Network::I2P:
        return EncodeBase32(Bytes()) + ".b32.i2p";
    case Network::INTERNAL:
        return EncodeBase32(Bytes()) + ".internal";
    case Network::UNROUTABLE:
        break;
    }
    return "";
}

std::optional<Service> Service::Parse(std::string_view text, uint16_t default_port)
{
    std::string_view host = text;
    std::optional<uint16_t> port = default_port;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(0, close + 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port = ParsePort(rest.substr(1));
        }
    } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos && text.find(':') == colon) {
        // Exactly one colon: host:port. Several colons without brackets is a bare IPv6 address.
        host = text.substr(0, colon);
        port = ParsePort(text.substr(colon + 1));
    }
    if (!port) return std::nullopt;
    const std::optional<NetAddress> addr = NetAddress::Parse(host);
    if (!addr) return std::nullopt;
    return Service{*addr, *port};
}

std::string Service::ToStringAddrPort() const
{
    const std::string port = std::to_string(m_port);
    if (IsIPv4() || IsTor() || IsI2P() || IsInternal()) return ToString() + ":" + port;
    return "[" + ToString() + "]:" + port;
}

std::optional<SubNet> SubNet::Parse(std::string_view text)
{
    const size_t slash = text.find('/');
    const std::optional<NetAddress> addr = NetAddress::Parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    if (slash == std::string_view::npos) {
        SubNet host{*addr};
        return host.IsValid() ? std::optional<SubNet>{host} : std::nullopt;
    }
    const std::string_view suffix = text.substr(slash + 1);
    SubNet subnet;
    if (const std::optional<uint64_t> bits = util::ParseUInt64(suffix);
        bits && !suffix.empty() && suffix.find_first_not_of("0123456789") == std::string_view::npos) {
        if (*bits > 128) return std::nullopt;
        subnet = SubNet{*addr, static_cast<uint8_t>(*bits)};
    } else if (const std::optional<NetAddress> mask = NetAddress::Parse(suffix)) {
        subnet = FromMask(*addr, *mask);
    }
    return subnet.IsValid() ? std::optional<SubNet>{subnet} : std::nullopt;
}

} // namespace net
