// Allow-list subnets, host:port splitting, Core's -rpcbind/-rpcallowip rule and the work queue.
#include <net/http_access.h>
#include <net/http_work_queue.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace {

net::HttpIpAddress Ip(const char* text)
{
    auto address = net::HttpIpAddress::Parse(text);
    EXPECT_TRUE(address) << text;
    return address.value_or(net::HttpIpAddress{});
}

TEST(HttpAccess, SubnetParsingAndPrinting)
{
    const std::pair<const char*, const char*> cases[] = {
        {"1.2.3.4", "1.2.3.4/32"},
        {"1.2.3.4/24", "1.2.3.0/24"},
        {"1.2.3.4/255.255.0.0", "1.2.0.0/16"},
        {"0.0.0.0/0", "0.0.0.0/0"},
        {"::1", "::1/128"},
        {"fe80::1/10", "fe80::/10"},
        {"::/0", "::/0"},
        {"::ffff:10.0.0.1", "10.0.0.1/32"},
    };
    for (const auto& [text, printed] : cases) {
        const auto subnet = net::HttpSubnet::Parse(text);
        ASSERT_TRUE(subnet) << text;
        EXPECT_EQ(subnet->ToString(), printed) << text;
    }
    for (const char* bad : {"", "1.2.3", "1.2.3.4/33", "1.2.3.4/255.0.255.0", "::1/129", "localhost", "1.2.3.4/",
                            "1.2.3.4/ffff::", "1.2.3.4/-1", "256.1.1.1"}) {
        EXPECT_FALSE(net::HttpSubnet::Parse(bad)) << bad;
    }
}

TEST(HttpAccess, SubnetMatching)
{
    const auto net24 = *net::HttpSubnet::Parse("192.168.7.0/24");
    EXPECT_TRUE(net24.Match(Ip("192.168.7.1")));
    EXPECT_TRUE(net24.Match(Ip("192.168.7.255")));
    EXPECT_FALSE(net24.Match(Ip("192.168.8.1")));
    EXPECT_TRUE(net24.Match(Ip("::ffff:192.168.7.9"))) << "IPv4-mapped addresses match as IPv4";
    EXPECT_FALSE(net24.Match(Ip("::1")));

    const auto odd = *net::HttpSubnet::Parse("10.0.0.0/13");
    EXPECT_TRUE(odd.Match(Ip("10.7.255.255")));
    EXPECT_FALSE(odd.Match(Ip("10.8.0.0")));

    const auto any6 = *net::HttpSubnet::Parse("::/0");
    EXPECT_TRUE(any6.Match(Ip("2001:db8::1")));
    EXPECT_FALSE(any6.Match(Ip("1.2.3.4")));

    bool loopback_v4 = false, loopback_v6 = false, other = false;
    for (const auto& subnet : net::LoopbackSubnets()) {
        loopback_v4 |= subnet.Match(Ip("127.45.0.3"));
        loopback_v6 |= subnet.Match(Ip("::1"));
        other |= subnet.Match(Ip("10.0.0.1")) || subnet.Match(Ip("::2"));
    }
    EXPECT_TRUE(loopback_v4);
    EXPECT_TRUE(loopback_v6);
    EXPECT_FALSE(other);
}

TEST(HttpAccess, SplitHostPort)
{
    struct Case {
        const char* text;
        const char* host;
        uint16_t port;
    };
    const Case cases[] = {
        {"127.0.0.1", "127.0.0.1", 8332}, {"127.0.0.1:18443", "127.0.0.1", 18443},
        {"localhost:1", "localhost", 1},  {"[::1]:8080", "::1", 8080},
        {"[::1]", "::1", 8332},           {"::1", "::1", 8332},
        {"fe80::1:2", "fe80::1:2", 8332}, {"example.com", "example.com", 8332},
    };
    for (const Case& c : cases) {
        const auto endpoint = net::SplitHostPort(c.text, 8332);
        ASSERT_TRUE(endpoint) << c.text;
        EXPECT_EQ(endpoint->host, c.host) << c.text;
        EXPECT_EQ(endpoint->port, c.port) << c.text;
    }
    for (const char* bad : {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "[::1]:", "host:"}) {
        EXPECT_FALSE(net::SplitHostPort(bad, 8332)) << bad;
    }
}

TEST(HttpAccess, BindPlanFollowsCoreRule)
{
    const std::vector<net::HttpEndpoint> loopback{{"::1", 18443}, {"127.0.0.1", 18443}};
    auto plan = net::PlanHttpBind({}, {}, 18443);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->endpoints, loopback);
    EXPECT_TRUE(plan->warnings.empty());

    plan = net::PlanHttpBind({"0.0.0.0"}, {}, 18443);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->endpoints, loopback) << "-rpcbind without -rpcallowip is ignored";
    ASSERT_EQ(plan->warnings.size(), 1u);
    EXPECT_NE(plan->warnings[0].find("-rpcbind was ignored"), std::string::npos);

    plan = net::PlanHttpBind({}, {"10.0.0.0/8"}, 18443);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->endpoints, loopback);
    ASSERT_EQ(plan->warnings.size(), 1u);
    EXPECT_NE(plan->warnings[0].find("-rpcallowip was specified without -rpcbind"), std::string::npos);

    plan = net::PlanHttpBind({"10.0.0.5", "[::]:9000"}, {"10.0.0.0/8"}, 18443);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->endpoints, (std::vector<net::HttpEndpoint>{{"10.0.0.5", 18443}, {"::", 9000}}));

    EXPECT_FALSE(net::PlanHttpBind({"10.0.0.5:99999"}, {"10.0.0.0/8"}, 18443));

    auto allow = net::ParseAllowList({"10.0.0.0/8", "::1"});
    ASSERT_TRUE(allow);
    EXPECT_EQ(allow->size(), 2u);
    const auto bad = net::ParseAllowList({"10.0.0.0/8", "nonsense"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("Invalid -rpcallowip subnet specification: nonsense"), std::string::npos);
}

TEST(HttpWorkQueue, RefusesWhenFullAndDrainsOnJoin)
{
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> done{0};
    std::promise<void> started;
    net::HttpWorkQueue queue{/*max_depth=*/2, /*threads=*/1};

    net::HttpWorkQueue::WorkItem blocker = [&] {
        started.set_value();
        released.wait();
        ++done;
    };
    ASSERT_TRUE(queue.Enqueue(blocker));
    started.get_future().wait(); // the only worker is busy; the queue itself is empty
    for (int i = 0; i < 2; ++i) {
        net::HttpWorkQueue::WorkItem item = [&] { ++done; };
        EXPECT_TRUE(queue.Enqueue(item));
    }
    EXPECT_EQ(queue.Depth(), 2u);
    net::HttpWorkQueue::WorkItem refused = [&] { done += 100; };
    EXPECT_FALSE(queue.Enqueue(refused));
    EXPECT_TRUE(refused) << "a refused item is left with the caller";

    queue.Interrupt();
    net::HttpWorkQueue::WorkItem late = [&] { done += 100; };
    EXPECT_FALSE(queue.Enqueue(late));
    release.set_value();
    queue.Join();
    EXPECT_EQ(done.load(), 3) << "queued items still run after Interrupt";
}

} // namespace
