#include <net/netaddress.h>
#include <net/peer_address.h>

#include <primitives/streams.h>
#include <util/hex.h>

#include <gtest/gtest.h>

using namespace net;

namespace {

NetAddress Addr(std::string_view text)
{
    const std::optional<NetAddress> addr = NetAddress::Parse(text);
    EXPECT_TRUE(addr.has_value()) << text;
    return addr.value_or(NetAddress{});
}

std::vector<uint8_t> Hex(std::string_view hex) { return util::TryParseHex(hex).value(); }

template <typename T>
std::vector<uint8_t> EncodeV2(const T& obj)
{
    std::vector<uint8_t> out;
    primitives::VectorWriter w{out};
    obj.SerializeV2(w);
    return out;
}

NetAddress DecodeV2(std::string_view hex)
{
    const std::vector<uint8_t> bytes = Hex(hex);
    primitives::SpanReader r{bytes};
    NetAddress addr;
    addr.UnserializeV2(r);
    EXPECT_TRUE(r.empty());
    return addr;
}

} // namespace

TEST(NetAddress, ParseAndFormat)
{
    EXPECT_EQ(Addr("192.0.2.1").ToString(), "192.0.2.1");
    EXPECT_TRUE(Addr("192.0.2.1").IsIPv4());
    // RFC 5952 forms, as Core prints them.
    EXPECT_EQ(Addr("2001:0db8:0000:0000:0000:0000:0000:0001").ToString(), "2001:db8::1");
    EXPECT_EQ(Addr("2001:db8:0:1:0:0:0:1").ToString(), "2001:db8:0:1::1");
    EXPECT_EQ(Addr("2001:db8:0:0:1:0:0:1").ToString(), "2001:db8::1:0:0:1");
    EXPECT_EQ(Addr("2001:db8:1:1:1:1:0:1").ToString(), "2001:db8:1:1:1:1:0:1");
    EXPECT_EQ(Addr("::").ToString(), "::");
    EXPECT_EQ(Addr("::1").ToString(), "::1");
    EXPECT_EQ(Addr("[::1]").ToString(), "::1");
    // IPv4-mapped IPv6 is IPv4 (Core's SetLegacyIPv6).
    EXPECT_TRUE(Addr("::ffff:1.2.3.4").IsIPv4());
    EXPECT_EQ(Addr("::ffff:1.2.3.4").ToString(), "1.2.3.4");
    for (const char* bad : {"", "1.2.3", "1.2.3.256", "localhost", "1.2.3.4:80", "[::1", "::g", " 1.2.3.4"}) {
        EXPECT_FALSE(NetAddress::Parse(bad).has_value()) << bad;
    }
}

TEST(NetAddress, Classification)
{
    EXPECT_TRUE(Addr("127.0.0.1").IsLocal());
    EXPECT_TRUE(Addr("0.1.2.3").IsLocal());
    EXPECT_TRUE(Addr("::1").IsLocal());
    EXPECT_FALSE(Addr("127.0.0.1").IsRoutable());
    EXPECT_TRUE(Addr("8.8.8.8").IsRoutable());
    EXPECT_TRUE(Addr("2a01:4f8::1").IsRoutable());
    for (const char* unroutable :
         {"10.0.0.1", "192.168.1.1", "172.16.0.1", "172.31.255.255", "198.18.0.1", "169.254.1.1", "100.64.0.1",
          "192.0.2.1", "198.51.100.1", "203.0.113.1", "fe80::1", "fc00::1", "2001:10::1", "2001:20::1"}) {
        EXPECT_FALSE(Addr(unroutable).IsRoutable()) << unroutable;
        EXPECT_TRUE(Addr(unroutable).IsValid()) << unroutable;
    }
    EXPECT_TRUE(Addr("172.32.0.1").IsRoutable());
    for (const char* invalid : {"::", "0.0.0.0", "255.255.255.255", "2001:db8::1"}) {
        EXPECT_FALSE(Addr(invalid).IsValid()) << invalid;
    }
    EXPECT_TRUE(Addr("0.0.0.0").IsBindAny());
    EXPECT_TRUE(Addr("::").IsBindAny());
    EXPECT_FALSE(Addr("::1").IsBindAny());
}

TEST(NetAddress, GroupsMatchCore)
{
    // Expected groups from Core's netbase_tests (netbase_getgroup), without asmap.
    using G = std::vector<uint8_t>;
    const uint8_t IPV4 = static_cast<uint8_t>(Network::IPV4);
    const uint8_t IPV6 = static_cast<uint8_t>(Network::IPV6);
    const uint8_t UNROUTABLE = static_cast<uint8_t>(Network::UNROUTABLE);
    EXPECT_EQ(Addr("127.0.0.1").GetGroup(), G({UNROUTABLE}));
    EXPECT_EQ(Addr("10.0.0.1").GetGroup(), G({UNROUTABLE}));
    EXPECT_EQ(Addr("169.254.1.1").GetGroup(), G({UNROUTABLE}));
    EXPECT_EQ(Addr("1.2.3.4").GetGroup(), G({IPV4, 1, 2}));
    EXPECT_EQ(Addr("::FFFF:0:102:304").GetGroup(), G({IPV4, 1, 2})) << "RFC6145";
    EXPECT_EQ(Addr("64:FF9B::102:304").GetGroup(), G({IPV4, 1, 2})) << "RFC6052";
    EXPECT_EQ(Addr("2002:102:304:9999:9999:9999:9999:9999").GetGroup(), G({IPV4, 1, 2})) << "RFC3964";
    EXPECT_EQ(Addr("2001:0:9999:9999:9999:9999:FEFD:FCFB").GetGroup(), G({IPV4, 1, 2})) << "RFC4380";
    EXPECT_EQ(Addr("2001:470:abcd:9999:9999:9999:9999:9999").GetGroup(), G({IPV6, 32, 1, 4, 112, 175})) << "he.net";
    EXPECT_EQ(Addr("2001:2001:9999:9999:9999:9999:9999:9999").GetGroup(), G({IPV6, 32, 1, 32, 1}));
    // Two addresses in one /16 share a group; another /16 does not.
    EXPECT_EQ(Addr("8.8.1.1").GetGroup(), Addr("8.8.200.7").GetGroup());
    EXPECT_NE(Addr("8.8.1.1").GetGroup(), Addr("8.9.1.1").GetGroup());
}

TEST(NetAddress, V1Encoding)
{
    const NetAddress v4 = Addr("1.2.3.4");
    const auto bytes = v4.GetV1Bytes();
    EXPECT_EQ(util::HexStr(bytes), "00000000000000000000ffff01020304");
    EXPECT_EQ(NetAddress::FromLegacyIPv6(bytes), v4);
    // A Tor v2 address disguised as IPv6 reads as the invalid "::".
    std::array<uint8_t, 16> torv2{0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_FALSE(NetAddress::FromLegacyIPv6(torv2).IsValid());
    // Internal addresses round-trip through their prefix.
    const NetAddress internal = NetAddress::FromInternalName("seed.bitcoin.sipa.be");
    EXPECT_TRUE(internal.IsInternal());
    EXPECT_EQ(NetAddress::FromLegacyIPv6(internal.GetV1Bytes()), internal);
    EXPECT_FALSE(internal.IsValid());

    Service service{v4, 8333};
    std::vector<uint8_t> out;
    primitives::VectorWriter w{out};
    service.SerializeV1(w);
    EXPECT_EQ(util::HexStr(out), "00000000000000000000ffff01020304208d") << "port is big-endian";
}

TEST(NetAddress, Bip155Encoding)
{
    // Vectors from Core's net_tests (cnetaddr_serialize_v2 / cnetaddr_unserialize_v2).
    EXPECT_EQ(util::HexStr(EncodeV2(Addr("1.2.3.4"))), "010401020304");
    EXPECT_EQ(util::HexStr(EncodeV2(Addr("1a1b:2a2b:3a3b:4a4b:5a5b:6a6b:7a7b:8a8b"))),
              "02101a1b2a2b3a3b4a4b5a5b6a6b7a7b8a8b");
    EXPECT_EQ(DecodeV2("010401020304"), Addr("1.2.3.4"));
    EXPECT_EQ(DecodeV2("0210" + std::string(30, '0') + "01").ToString(), "::1");
    // IPv4 embedded in IPv6, and Tor v2: skipped (invalid), not an error.
    EXPECT_FALSE(DecodeV2("021000000000000000000000ffff01020304").IsValid());
    EXPECT_FALSE(DecodeV2("0210fd87d87eeb430102030405060708090a").IsValid());
    EXPECT_FALSE(DecodeV2("030af1f2f3f4f5f6f7f8f9fa").IsValid()) << "Tor v2 id";
    // Unknown network id: skipped with its bytes consumed.
    EXPECT_FALSE(DecodeV2("aa0401020304").IsValid());
    // Tor v3, I2P and CJDNS.
    const NetAddress tor = DecodeV2("042079bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f");
    EXPECT_TRUE(tor.IsTor());
    EXPECT_EQ(tor.ToString(), "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    const NetAddress i2p = DecodeV2("0520a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87");
    EXPECT_TRUE(i2p.IsI2P());
    EXPECT_EQ(i2p.ToString(), "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p");
    const NetAddress cjdns = DecodeV2("0610fc000001000200030004000500060007");
    EXPECT_TRUE(cjdns.IsCJDNS());
    EXPECT_EQ(cjdns.ToString(), "fc00:1:2:3:4:5:6:7");
    EXPECT_EQ(util::HexStr(EncodeV2(cjdns)), "0610fc000001000200030004000500060007");
}

TEST(NetAddress, Bip155LengthChecks)
{
    struct Case {
        const char* hex;
        const char* error;
    };
    for (const Case& c : {
             Case{"01050102030405", "BIP155 IPv4 address with length 5 (should be 4)"},
             Case{"02110102030405060708090a0b0c0d0e0f1011", "BIP155 IPv6 address with length 17 (should be 16)"},
             Case{"040000", "BIP155 TORv3 address with length 0 (should be 32)"},
             Case{"0503010203", "BIP155 I2P address with length 3 (should be 32)"},
             Case{"0601fc", "BIP155 CJDNS address with length 1 (should be 16)"},
             Case{"01fd0102", "Address too long: 513 > 512"},
         }) {
        const std::vector<uint8_t> bytes = Hex(c.hex);
        primitives::SpanReader r{bytes};
        NetAddress addr;
        try {
            addr.UnserializeV2(r);
            ADD_FAILURE() << c.hex << " was accepted";
        } catch (const primitives::DeserializeError& e) {
            EXPECT_EQ(e.Reason(), c.error) << c.hex;
        }
    }
    // Truncated: the length says 4, one byte follows.
    const std::vector<uint8_t> truncated = Hex("010401");
    primitives::SpanReader r{truncated};
    NetAddress addr;
    EXPECT_THROW(addr.UnserializeV2(r), primitives::DeserializeError);
}

TEST(Service, ParseAndFormat)
{
    auto parse = [](std::string_view s) { return Service::Parse(s, 18444); };
    EXPECT_EQ(parse("127.0.0.1")->ToStringAddrPort(), "127.0.0.1:18444");
    EXPECT_EQ(parse("127.0.0.1:8333")->GetPort(), 8333);
    EXPECT_EQ(parse("[::1]:8333")->ToStringAddrPort(), "[::1]:8333");
    EXPECT_EQ(parse("::1")->ToStringAddrPort(), "[::1]:18444");
    EXPECT_EQ(parse("[2001:db8::1]")->ToStringAddrPort(), "[2001:db8::1]:18444");
    EXPECT_EQ(parse("1.2.3.4:0")->GetPort(), 0);
    for (const char* bad : {"1.2.3.4:65536", "1.2.3.4:", "[::1]x", "[::1]:-1", "host:80", "1.2.3.4:8a"}) {
        EXPECT_FALSE(parse(bad).has_value()) << bad;
    }
    EXPECT_LT(*parse("1.2.3.4:1"), *parse("1.2.3.4:2"));
}

TEST(SubNet, ParseMatchFormat)
{
    const SubNet net24 = SubNet::Parse("1.2.3.77/24").value();
    EXPECT_EQ(net24.ToString(), "1.2.3.0/24");
    EXPECT_TRUE(net24.Match(Addr("1.2.3.200")));
    EXPECT_FALSE(net24.Match(Addr("1.2.4.1")));
    EXPECT_EQ(SubNet::Parse("1.2.3.4/255.255.255.0")->ToString(), "1.2.3.0/24");
    EXPECT_EQ(SubNet::Parse("1.2.3.4")->ToString(), "1.2.3.4/32");
    EXPECT_EQ(SubNet::Parse("::1")->ToString(), "::1/128");
    EXPECT_EQ(SubNet::Parse("2001:db8:1234::/48")->ToString(), "2001:db8:1234::/48");
    EXPECT_EQ(SubNet::Parse("1.2.3.4/0")->ToString(), "0.0.0.0/0");
    EXPECT_TRUE(SubNet::Parse("0.0.0.0/0")->Match(Addr("8.8.8.8")));
    EXPECT_FALSE(SubNet::Parse("0.0.0.0/0")->Match(Addr("::1"))) << "families never mix";
    for (const char* bad :
         {"1.2.3.4/33", "1.2.3.4/255.0.255.0", "::1/129", "1.2.3.4/", "1.2.3.4/x", "junk/8", "1.2.3.4/ffff::"}) {
        EXPECT_FALSE(SubNet::Parse(bad).has_value()) << bad;
    }
    EXPECT_FALSE(SubNet{}.Match(Addr("1.2.3.4")));
}

TEST(PeerAddress, V1AndV2RoundTrip)
{
    const PeerAddress addr{Service{Addr("2a01:4f8::5"), 8333}, NODE_NETWORK | NODE_WITNESS, 1700000000};
    std::vector<uint8_t> v1, v2;
    primitives::VectorWriter w1{v1}, w2{v2};
    addr.SerializeV1(w1);
    addr.SerializeV2(w2);
    EXPECT_EQ(v1.size(), 30u);
    EXPECT_EQ(util::HexStr(v2), "00f15365"
                                "09"
                                "02"
                                "10"
                                "2a0104f8000000000000000000000005"
                                "208d");
    PeerAddress back1, back2;
    primitives::SpanReader r1{v1}, r2{v2};
    back1.UnserializeV1(r1);
    back2.UnserializeV2(r2);
    EXPECT_EQ(back1, addr);
    EXPECT_EQ(back2, addr);
}
