// Fuzz target for the text the HTTP server takes from its configuration and from
// clients' addresses: -rpcallowip subnets, -rpcbind host:port and numeric IPs. What
// parses must print as text that parses to the same thing (the canonical form is a
// fixed point), and a subnet always matches its own network address.
#include "data_reader.h"
#include "fuzz.h"

#include <net/http_access.h>

#include <string>

FUZZ_TARGET(http_access)
{
    fuzz::DataReader reader{buffer};
    const std::string text = reader.LengthPrefixedString();
    const uint16_t default_port = reader.Integral<uint16_t>();

    if (const auto ip = net::HttpIpAddress::Parse(text)) {
        const auto again = net::HttpIpAddress::Parse(ip->ToString());
        FUZZ_CHECK(again.has_value());
        FUZZ_CHECK(again->bytes == ip->bytes && again->is_v4 == ip->is_v4);
        FUZZ_CHECK(net::HttpSubnet::Single(*ip).Match(*ip));
    }
    if (const auto subnet = net::HttpSubnet::Parse(text)) {
        const std::string canonical = subnet->ToString();
        const auto again = net::HttpSubnet::Parse(canonical);
        FUZZ_CHECK(again.has_value());
        FUZZ_CHECK(again->ToString() == canonical);
    }
    if (const auto endpoint = net::SplitHostPort(text, default_port)) {
        FUZZ_CHECK(endpoint->port != 0 || default_port == 0);
    }
    (void)net::ParseAllowList({text, reader.RemainingString()});
}
