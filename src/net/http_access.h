// Who may talk to the HTTP server, and where it listens: Core's -rpcallowip subnets and
// its -rpcbind/-rpcallowip rule, as pure functions so `app` can turn flags into
// HttpServer::Options and tests can check the rules without sockets.
//
// Subnets are numeric only (no DNS), as in Core: "1.2.3.4", "1.2.3.0/24",
// "1.2.3.0/255.255.255.0", "::1", "fe80::/10", "0.0.0.0/0", "::/0". IPv4-mapped IPv6
// addresses ("::ffff:1.2.3.4") are matched as the IPv4 address they carry.
//
// Thread safety: value types and pure functions.
#ifndef BITNODE_NET_HTTP_ACCESS_H
#define BITNODE_NET_HTTP_ACCESS_H

#include <util/result.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace net {

/** A numeric IP address: IPv4 is stored in the first 4 bytes. */
struct HttpIpAddress {
    std::array<uint8_t, 16> bytes{};
    bool is_v4{false};

    /** Numeric text to address; IPv4-mapped IPv6 becomes IPv4. nullopt for anything else. */
    static std::optional<HttpIpAddress> Parse(std::string_view text);
    std::string ToString() const;
};

class HttpSubnet
{
public:
    /** Core's LookupSubNet without name lookups; nullopt if the text is not a subnet. */
    static std::optional<HttpSubnet> Parse(std::string_view text);
    /** Exactly one address (/32 or /128). */
    static HttpSubnet Single(const HttpIpAddress& address);

    bool Match(const HttpIpAddress& address) const;
    /** "127.0.0.0/8", "::1/128". */
    std::string ToString() const;

private:
    HttpIpAddress m_network;
    int m_prefix_length{0};
};

/** Core's default allow list: 127.0.0.0/8 and ::1. */
std::vector<HttpSubnet> LoopbackSubnets();

/** A host and a port to listen on or connect to. */
struct HttpEndpoint {
    std::string host;
    uint16_t port{0};
    friend bool operator==(const HttpEndpoint&, const HttpEndpoint&) = default;
};

/**
 * Core's SplitHostPort: "host", "host:port", "[v6]" or "[v6]:port"; an IPv6 address
 * without brackets is all host. The port is `default_port` when absent; an error when it
 * is present but not a number in 1..65535.
 */
util::Result<HttpEndpoint> SplitHostPort(std::string_view text, uint16_t default_port);

/** Where to bind, with the warnings Core logs when it ignores options. */
struct HttpBindPlan {
    std::vector<HttpEndpoint> endpoints;
    std::vector<std::string> warnings;
};

/**
 * Core's rule: -rpcbind is honoured only together with -rpcallowip (else both are
 * ignored with a warning and the server binds to ::1 and 127.0.0.1 at `port`).
 */
util::Result<HttpBindPlan> PlanHttpBind(const std::vector<std::string>& rpcbind,
                                        const std::vector<std::string>& rpcallowip, uint16_t port);

/** -rpcallowip values as subnets; the error is Core's message for an invalid one. */
util::Result<std::vector<HttpSubnet>> ParseAllowList(const std::vector<std::string>& rpcallowip);

} // namespace net

#endif // BITNODE_NET_HTTP_ACCESS_H
