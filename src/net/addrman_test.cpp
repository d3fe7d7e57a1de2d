#include <net/addrman.h>

#include <util/fs.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace net;

namespace {

const consensus::MessageStartChars MAGIC{0xfa, 0xbf, 0xb5, 0xda};
constexpr int64_t NOW = 1'700'000'000;

Service Svc(const std::string& text) { return Service::Parse(text, 8333).value(); }
NetAddress Ip(const std::string& text) { return NetAddress::Parse(text).value(); }

PeerAddress Addr(const std::string& text, int64_t time = NOW - 100)
{
    return PeerAddress{Svc(text), NODE_NETWORK | NODE_WITNESS, time};
}

struct TestClock {
    util::Clock clock;
    TestClock() { clock.SetMockTime(NOW); }
};

/** A temporary directory removed at the end of the test. */
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        path =
            std::filesystem::temp_directory_path() / ("bitnode_net_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

} // namespace

TEST(AddrMan, AddOnlyRoutable)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    EXPECT_EQ(addrman.Size(), 0u);
    EXPECT_FALSE(addrman.Add({Addr("127.0.0.1")}, Ip("8.8.8.8")));
    EXPECT_FALSE(addrman.Add({Addr("10.1.2.3")}, Ip("8.8.8.8")));
    EXPECT_TRUE(addrman.Add({Addr("250.1.2.3")}, Ip("8.8.8.8")));
    EXPECT_EQ(addrman.Size(), 1u);
    EXPECT_EQ(addrman.Size(std::nullopt, true), 1u);
    EXPECT_EQ(addrman.Size(std::nullopt, false), 0u);
    EXPECT_EQ(addrman.Size(Network::IPV4), 1u);
    EXPECT_EQ(addrman.Size(Network::IPV6), 0u);
    // The same address again is not added again.
    EXPECT_FALSE(addrman.Add({Addr("250.1.2.3")}, Ip("8.8.8.8")));
    EXPECT_EQ(addrman.Size(), 1u);
    // Same IP, other port: a separate entry.
    EXPECT_TRUE(addrman.Add({Addr("250.1.2.3:8334")}, Ip("8.8.8.8")));
    EXPECT_EQ(addrman.Size(), 2u);
    EXPECT_EQ(addrman.CheckConsistency(), 0);
}

TEST(AddrMan, SelectFromEmptyAndNew)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    EXPECT_FALSE(addrman.Select().first.IsValid());
    ASSERT_TRUE(addrman.Add({Addr("250.1.2.1:8333")}, Ip("250.1.2.1")));
    const auto [addr, last_try] = addrman.Select();
    EXPECT_EQ(addr.ToStringAddrPort(), "250.1.2.1:8333");
    EXPECT_EQ(last_try, 0);
    EXPECT_TRUE(addrman.Select(/*new_only=*/true).first.IsValid());
    EXPECT_FALSE(addrman.Select(false, {Network::IPV6}).first.IsValid()) << "network filter";
    EXPECT_TRUE(addrman.Select(false, {Network::IPV4}).first.IsValid());
}

TEST(AddrMan, GoodMovesToTried)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    const PeerAddress a = Addr("250.1.1.1");
    ASSERT_TRUE(addrman.Add({a}, Ip("250.2.2.2")));
    ASSERT_TRUE(addrman.FindAddressEntry(a).has_value());
    EXPECT_FALSE(addrman.FindAddressEntry(a)->tried);
    EXPECT_TRUE(addrman.Good(a));
    EXPECT_EQ(addrman.Size(std::nullopt, false), 1u);
    EXPECT_EQ(addrman.Size(std::nullopt, true), 0u);
    EXPECT_TRUE(addrman.FindAddressEntry(a)->tried);
    EXPECT_FALSE(addrman.Good(a)) << "already tried";
    EXPECT_FALSE(addrman.Good(Svc("250.9.9.9"))) << "unknown";
    // new_only selects nothing now.
    EXPECT_FALSE(addrman.Select(true).first.IsValid());
    EXPECT_EQ(addrman.Select().first.ToStringAddrPort(), "250.1.1.1:8333");
    EXPECT_EQ(addrman.CheckConsistency(), 0);
}

TEST(AddrMan, ManyAddressesSpreadOverBuckets)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    // 2,000 addresses in distinct /16s from one source: they share the source group, so
    // they spread over at most 64 new buckets and collide; many are kept, far from all.
    std::vector<PeerAddress> addrs;
    for (int i = 0; i < 2000; ++i) {
        addrs.push_back(Addr(std::to_string(1 + i % 200) + "." + std::to_string(i / 200) + ".1.1"));
    }
    addrman.Add(addrs, Ip("250.250.1.1"));
    const size_t from_one_source = addrman.Size();
    EXPECT_GT(from_one_source, 300u);
    EXPECT_LE(from_one_source, 64u * ADDRMAN_BUCKET_SIZE);
    std::set<int> buckets;
    for (const PeerAddress& a : addrs) {
        if (auto pos = addrman.FindAddressEntry(a)) buckets.insert(pos->bucket);
    }
    EXPECT_LE(buckets.size(), 64u) << "one source group reaches at most 64 new buckets";
    // From many sources they spread further.
    AddrMan spread{t.clock, true};
    for (size_t i = 0; i < addrs.size(); ++i) {
        spread.Add({addrs[i]}, Ip("251." + std::to_string(i % 250) + ".1.1"));
    }
    EXPECT_GT(spread.Size(), from_one_source);
    EXPECT_EQ(addrman.CheckConsistency(), 0);
    EXPECT_EQ(spread.CheckConsistency(), 0);
}

TEST(AddrMan, TriedCollisionsTestBeforeEvict)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    // Fill tried until an address collides with an occupied slot.
    std::optional<PeerAddress> collider;
    for (int i = 1; i < 2000 && !collider; ++i) {
        const PeerAddress a = Addr("250." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1");
        addrman.Add({a}, Ip("252.1.1.1"));
        const size_t tried_before = addrman.Size(std::nullopt, false);
        addrman.Good(a);
        if (addrman.Size(std::nullopt, false) == tried_before && addrman.FindAddressEntry(a) &&
            !addrman.FindAddressEntry(a)->tried) {
            collider = a;
        }
    }
    ASSERT_TRUE(collider.has_value());
    // The occupant is offered for a test connection.
    const auto [occupant, last_try] = addrman.SelectTriedCollision();
    ASSERT_TRUE(occupant.IsValid());
    EXPECT_TRUE(addrman.FindAddressEntry(occupant)->tried);
    // The occupant answered recently: the collision is dropped, the occupant stays.
    addrman.ResolveCollisions();
    EXPECT_FALSE(addrman.SelectTriedCollision().first.IsValid());
    EXPECT_TRUE(addrman.FindAddressEntry(occupant)->tried);
    EXPECT_FALSE(addrman.FindAddressEntry(*collider)->tried);

    // Later the occupant has been silent for 5 hours and a test connection to it failed
    // two minutes ago: the newcomer replaces it.
    addrman.Good(*collider); // collision recorded again
    t.clock.SetMockTime(NOW + 5 * 3600);
    addrman.Attempt(occupant, true, NOW + 5 * 3600 - 120);
    addrman.ResolveCollisions();
    EXPECT_TRUE(addrman.FindAddressEntry(*collider)->tried);
    EXPECT_FALSE(addrman.FindAddressEntry(occupant)->tried) << "moved back to new";
    EXPECT_EQ(addrman.CheckConsistency(), 0);
}

TEST(AddrMan, AttemptsLowerChanceAndMakeTerrible)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    const PeerAddress a = Addr("250.3.3.3");
    addrman.Add({a}, Ip("250.4.4.4"));
    ASSERT_EQ(addrman.GetAddr(0, 0).size(), 1u);
    // Failures count only after some Good() (otherwise we may just be offline).
    addrman.Good(Svc("250.5.5.5"));
    for (int i = 0; i < 3; ++i) addrman.Attempt(a, true, NOW - 1000 + i);
    // Three failures and never a success: terrible, so GetAddr filters it out.
    EXPECT_EQ(addrman.GetAddr(0, 0).size(), 0u);
    EXPECT_EQ(addrman.GetAddr(0, 0, std::nullopt, /*filtered=*/false).size(), 1u);
}

TEST(AddrMan, GetAddrLimits)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    for (int i = 0; i < 400; ++i) {
        addrman.Add({Addr("250." + std::to_string(i % 250) + "." + std::to_string(i / 250) + ".7")},
                    Ip("251." + std::to_string(i % 250) + ".0.1"));
    }
    const size_t total = addrman.Size();
    ASSERT_GT(total, 100u);
    EXPECT_EQ(addrman.GetAddr(0, 0).size(), total);
    EXPECT_EQ(addrman.GetAddr(10, 0).size(), 10u);
    EXPECT_EQ(addrman.GetAddr(0, 23).size(), 23 * total / 100);
    EXPECT_EQ(addrman.GetAddr(0, 0, Network::IPV6).size(), 0u);
    // Addresses from the future (or a month old) are not handed out.
    AddrMan old{t.clock, true};
    old.Add({Addr("250.8.8.8", NOW - 31 * 24 * 3600), Addr("250.9.9.9", NOW + 3600)}, Ip("251.1.1.1"));
    EXPECT_EQ(old.Size(), 2u);
    EXPECT_EQ(old.GetAddr(0, 0).size(), 0u);
}

TEST(AddrMan, TimePenaltyAndServices)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    PeerAddress a = Addr("250.6.6.6", NOW - 10);
    addrman.Add({a}, Ip("250.7.7.7"), std::chrono::hours{2});
    std::vector<PeerAddress> out = addrman.GetAddr(0, 0);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].time, NOW - 10 - 7200) << "penalised: heard from another address";
    // A peer telling us about itself is not penalised.
    AddrMan self{t.clock, true};
    self.Add({a}, a, std::chrono::hours{2});
    EXPECT_EQ(self.GetAddr(0, 0)[0].time, NOW - 10);
    // Services are merged on re-add and replaced by SetServices.
    a.services = NODE_NETWORK_LIMITED;
    addrman.Add({a}, Ip("250.7.7.7"));
    EXPECT_EQ(addrman.GetAddr(0, 0)[0].services, NODE_NETWORK | NODE_WITNESS | NODE_NETWORK_LIMITED);
    addrman.SetServices(a, NODE_WITNESS);
    EXPECT_EQ(addrman.GetAddr(0, 0)[0].services, NODE_WITNESS);
    // Connected() refreshes the time after 20 minutes.
    addrman.Connected(a, NOW + 600);
    EXPECT_EQ(addrman.GetAddr(0, 0)[0].time, NOW - 10) << "not within 20 minutes";
    addrman.Connected(a, NOW + 1300);
    EXPECT_EQ(addrman.GetAddr(0, 0, std::nullopt, false).at(0).time, NOW + 1300);
}

TEST(AddrMan, PersistRoundTrip)
{
    TestClock t;
    TempDir dir;
    AddrMan addrman{t.clock, true};
    for (int i = 0; i < 300; ++i) {
        addrman.Add({Addr("250." + std::to_string(i % 250) + "." + std::to_string(i / 250) + ".9")},
                    Ip("251." + std::to_string(i % 50) + ".0.1"));
    }
    addrman.Add({PeerAddress{Svc("[2a01:4f8::1]:8333"), NODE_NETWORK, NOW}}, Ip("2a01:4f9::1"));
    for (int i = 0; i < 20; ++i) addrman.Good(Svc("250." + std::to_string(i) + ".0.9"));
    // Some addresses sit in several new buckets (heard from different sources).
    for (int s = 0; s < 40; ++s)
        addrman.Add({Addr("250.100.0.9", NOW - 1 + s)}, Ip("252." + std::to_string(s) + ".0.1"));
    ASSERT_EQ(addrman.CheckConsistency(), 0);

    const util::fs::path file = dir.path / "peers.dat";
    ASSERT_TRUE(addrman.Save(file, MAGIC));
    util::Result<std::unique_ptr<AddrMan>> loaded = AddrMan::Load(file, MAGIC, t.clock, true);
    ASSERT_TRUE(loaded) << loaded.error();
    AddrMan& back = **loaded;
    EXPECT_EQ(back.Size(), addrman.Size());
    EXPECT_EQ(back.Size(std::nullopt, false), addrman.Size(std::nullopt, false));
    EXPECT_EQ(back.Size(Network::IPV6), 1u);
    EXPECT_EQ(back.CheckConsistency(), 0);
    for (const PeerAddress& a : addrman.GetAddr(0, 0, std::nullopt, false)) {
        EXPECT_EQ(back.FindAddressEntry(a), addrman.FindAddressEntry(a)) << a.ToStringAddrPort();
    }
    // The same table serializes to the same bytes.
    EXPECT_EQ(back.Serialize(MAGIC), addrman.Serialize(MAGIC));
}

TEST(AddrMan, CorruptFilesAreRefusedWithReasons)
{
    TestClock t;
    AddrMan addrman{t.clock, true};
    addrman.Add({Addr("250.1.2.3"), Addr("250.4.5.6")}, Ip("251.1.1.1"));
    const std::vector<uint8_t> good = addrman.Serialize(MAGIC);
    ASSERT_TRUE(AddrMan::Deserialize(good, MAGIC, t.clock));

    auto error_of = [&](const std::vector<uint8_t>& bytes, const consensus::MessageStartChars& magic = MAGIC) {
        util::Result<std::unique_ptr<AddrMan>> r = AddrMan::Deserialize(bytes, magic, t.clock);
        return r ? std::string("accepted") : r.error();
    };
    EXPECT_NE(error_of(good, {0xf9, 0xbe, 0xb4, 0xd9}).find("another network"), std::string::npos);
    EXPECT_NE(error_of({good.begin(), good.begin() + 10}).find("too short"), std::string::npos);
    std::vector<uint8_t> flipped = good;
    flipped[40] ^= 1;
    EXPECT_NE(error_of(flipped).find("checksum"), std::string::npos);
    std::vector<uint8_t> not_ours = good;
    not_ours[5] = 'X';
    EXPECT_NE(error_of(not_ours).find("not a bitnode peers file"), std::string::npos);
    std::vector<uint8_t> newer = good;
    newer[12] = 2;
    EXPECT_NE(error_of(newer).find("format version 2"), std::string::npos);
    // Every truncation is refused, none crashes.
    for (size_t len = 0; len < good.size(); ++len) {
        EXPECT_NE(error_of({good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len)}), "accepted") << len;
    }
}

TEST(AddrMan, LoadOrCreateStartsFreshOnCorruption)
{
    TestClock t;
    TempDir dir;
    const util::fs::path file = dir.path / "peers.dat";
    std::string warning;
    // Missing file: empty, no warning.
    std::unique_ptr<AddrMan> fresh = AddrMan::LoadOrCreate(file, MAGIC, t.clock, warning);
    EXPECT_EQ(fresh->Size(), 0u);
    EXPECT_TRUE(warning.empty());
    // A good file loads.
    fresh->Add({Addr("250.1.2.3")}, Ip("251.1.1.1"));
    ASSERT_TRUE(fresh->Save(file, MAGIC));
    EXPECT_EQ(AddrMan::LoadOrCreate(file, MAGIC, t.clock, warning)->Size(), 1u);
    EXPECT_TRUE(warning.empty());
    // Garbage: empty table, a warning naming the file and reason, the file moved aside.
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << std::string(100, 'x');
    }
    std::unique_ptr<AddrMan> recovered = AddrMan::LoadOrCreate(file, MAGIC, t.clock, warning);
    EXPECT_EQ(recovered->Size(), 0u);
    EXPECT_NE(warning.find("peers.dat"), std::string::npos) << warning;
    EXPECT_NE(warning.find("starting with an empty address table"), std::string::npos) << warning;
    EXPECT_FALSE(std::filesystem::exists(file));
    EXPECT_TRUE(std::filesystem::exists(dir.path / "peers.dat.bak"));
}
