#include <net/http_access.h>

#include <util/strings.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace net {

std::optional<HttpIpAddress> HttpIpAddress::Parse(std::string_view text)
{
    // inet_pton needs a terminated string and refuses embedded NULs only by accident.
    if (text.empty() || text.size() > 64 || text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string z{text};
    HttpIpAddress out;
    if (inet_pton(AF_INET, z.c_str(), out.bytes.data()) == 1) {
        out.is_v4 = true;
        return out;
    }
    if (inet_pton(AF_INET6, z.c_str(), out.bytes.data()) == 1) {
        static constexpr uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(out.bytes.data(), V4_MAPPED, 12) == 0) {
            std::memmove(out.bytes.data(), out.bytes.data() + 12, 4);
            std::fill(out.bytes.begin() + 4, out.bytes.end(), 0);
            out.is_v4 = true;
        }
        return out;
    }
    return std::nullopt;
}

std::string HttpIpAddress::ToString() const
{
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof(buf));
    return buf;
}

/** The prefix length a netmask stands for, or -1 if its one bits are not contiguous. */
static int PrefixFromMask(const HttpIpAddress& mask)
{
    const size_t len = mask.is_v4 ? 4 : 16;
    int prefix = 0;
    bool seen_zero = false;
    for (size_t i = 0; i < len; ++i) {
        for (int bit = 7; bit >= 0; --bit) {
            const bool one = (mask.bytes[i] >> bit) & 1;
            if (one && seen_zero) return -1;
            if (one)
                ++prefix;
            else
                seen_zero = true;
        }
    }
    return prefix;
}

std::optional<HttpSubnet> HttpSubnet::Parse(std::string_view text)
{
    const size_t slash = text.rfind('/');
    const auto address = HttpIpAddress::Parse(text.substr(0, slash));
    if (!address) return std::nullopt;
    if (slash == std::string_view::npos) return Single(*address);

    const int max_prefix = address->is_v4 ? 32 : 128;
    const std::string_view mask_text = text.substr(slash + 1);
    int prefix = -1;
    if (const auto number = util::ParseUInt64(mask_text)) {
        if (*number <= static_cast<uint64_t>(max_prefix)) prefix = static_cast<int>(*number);
    } else if (const auto mask = HttpIpAddress::Parse(mask_text); mask && mask->is_v4 == address->is_v4) {
        prefix = PrefixFromMask(*mask);
    }
    if (prefix < 0) return std::nullopt;

    HttpSubnet subnet;
    subnet.m_network = *address;
    subnet.m_prefix_length = prefix;
    // Keep only the network bits, so ToString prints the network ("1.2.3.0/24").
    for (int bit = prefix; bit < max_prefix; ++bit) {
        subnet.m_network.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    }
    return subnet;
}

HttpSubnet HttpSubnet::Single(const HttpIpAddress& address)
{
    HttpSubnet subnet;
    subnet.m_network = address;
    subnet.m_prefix_length = address.is_v4 ? 32 : 128;
    return subnet;
}

bool HttpSubnet::Match(const HttpIpAddress& address) const
{
    if (address.is_v4 != m_network.is_v4) return false;
    const int full_bytes = m_prefix_length / 8;
    if (std::memcmp(address.bytes.data(), m_network.bytes.data(), full_bytes) != 0) return false;
    const int rest = m_prefix_length % 8;
    if (rest == 0) return true;
    const uint8_t mask = static_cast<uint8_t>(0xff00u >> rest);
    return (address.bytes[full_bytes] & mask) == m_network.bytes[full_bytes];
}

std::string HttpSubnet::ToString() const { return m_network.ToString() + "/" + std::to_string(m_prefix_length); }

std::vector<HttpSubnet> LoopbackSubnets() { return {*HttpSubnet::Parse("127.0.0.0/8"), *HttpSubnet::Parse("::1")}; }

util::Result<HttpEndpoint> SplitHostPort(std::string_view text, uint16_t default_port)
{
    HttpEndpoint out{std::string{text}, default_port};
    std::string_view port_text;
    const size_t colon = text.rfind(':');
    // A colon introduces a port unless the text is an unbracketed IPv6 address.
    const bool bracketed = !text.empty() && text.front() == '[';
    const bool several_colons = colon != std::string_view::npos && text.find(':') != colon;
    if (colon != std::string_view::npos && (bracketed ? colon > text.find(']') : !several_colons)) {
        out.host = std::string{text.substr(0, colon)};
        port_text = text.substr(colon + 1);
        const auto port = util::ParseUInt64(port_text);
        if (!port || *port == 0 || *port > 65535) {
            return util::Error{"Invalid port specified in host:port \"" + std::string{text} + "\""};
        }
        out.port = static_cast<uint16_t>(*port);
    }
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
        out.host = out.host.substr(1, out.host.size() - 2);
    }
    return out;
}

util::Result<HttpBindPlan> PlanHttpBind(const std::vector<std::string>& rpcbind,
                                        const std::vector<std::string>& rpcallowip, uint16_t port)
{
    HttpBindPlan plan;
    if (rpcallowip.empty() || rpcbind.empty()) {
        // Refuse to expose the interface by accident: both options or neither.
        plan.endpoints = {{"::1", port}, {"127.0.0.1", port}};
        if (!rpcallowip.empty()) {
            plan.warnings.emplace_back(
                "option -rpcallowip was specified without -rpcbind; this doesn't usually make sense");
        }
        if (!rpcbind.empty()) {
            plan.warnings.emplace_back("option -rpcbind was ignored because -rpcallowip was not specified, refusing to "
                                       "allow everyone to connect");
        }
        return plan;
    }
    for (const std::string& bind : rpcbind) {
        auto endpoint = SplitHostPort(bind, port);
        if (!endpoint) return util::Error{"Invalid port specified in -rpcbind: '" + bind + "'"};
        plan.endpoints.push_back(std::move(*endpoint));
    }
    return plan;
}

util::Result<std::vector<HttpSubnet>> ParseAllowList(const std::vector<std::string>& rpcallowip)
{
    std::vector<HttpSubnet> subnets;
    for (const std::string& text : rpcallowip) {
        auto subnet = HttpSubnet::Parse(text);
        if (!subnet) {
            return util::Error{"Invalid -rpcallowip subnet specification: " + text +
                               ". Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. "
                               "1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), "
                               "or all ipv6 (::/0)."};
        }
        subnets.push_back(*subnet);
    }
    return subnets;
}

} // namespace net
