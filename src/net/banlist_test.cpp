#include <net/banlist.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace net;

namespace {

constexpr int64_t NOW = 1'700'000'000;

NetAddress Ip(const std::string& text) { return NetAddress::Parse(text).value(); }
SubNet Net(const std::string& text) { return SubNet::Parse(text).value(); }

struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        path =
            std::filesystem::temp_directory_path() / ("bitnode_ban_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

std::string ReadAll(const std::filesystem::path& p)
{
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(BanList, BanMatchExpireUnban)
{
    util::Clock clock;
    clock.SetMockTime(NOW);
    BanList bans{{}, clock};
    bans.Ban(Net("192.0.2.0/24"), 3600);
    bans.Ban(Ip("2001:db9::1"));
    EXPECT_TRUE(bans.IsBanned(Ip("192.0.2.77")));
    EXPECT_FALSE(bans.IsBanned(Ip("192.0.3.1")));
    EXPECT_TRUE(bans.IsBanned(Ip("2001:db9::1")));
    EXPECT_FALSE(bans.IsBanned(Ip("2001:db9::2")));
    EXPECT_TRUE(bans.IsBanned(Net("192.0.2.0/24")));
    EXPECT_FALSE(bans.IsBanned(Net("192.0.2.0/25"))) << "subnet lookup is exact";
    EXPECT_EQ(bans.GetBanned().size(), 2u);
    EXPECT_EQ(bans.GetBanned().at(Net("2001:db9::1/128")).ban_until, NOW + DEFAULT_BAN_TIME);

    // A shorter ban does not shorten a longer one; a longer one extends it.
    bans.Ban(Net("192.0.2.0/24"), 60);
    EXPECT_EQ(bans.GetBanned().at(Net("192.0.2.0/24")).ban_until, NOW + 3600);
    bans.Ban(Net("192.0.2.0/24"), NOW + 7200, /*since_unix_epoch=*/true);
    EXPECT_EQ(bans.GetBanned().at(Net("192.0.2.0/24")).ban_until, NOW + 7200);

    // Expiry: an hour and a half... the /24 is still banned; after a day and a second, none.
    clock.SetMockTime(NOW + 5400);
    EXPECT_TRUE(bans.IsBanned(Ip("192.0.2.1")));
    clock.SetMockTime(NOW + DEFAULT_BAN_TIME + 1);
    EXPECT_FALSE(bans.IsBanned(Ip("192.0.2.1")));
    EXPECT_FALSE(bans.IsBanned(Ip("2001:db9::1")));
    EXPECT_TRUE(bans.GetBanned().empty()) << "expired bans are swept";

    bans.Ban(Ip("198.51.100.1"));
    EXPECT_TRUE(bans.Unban(Ip("198.51.100.1")));
    EXPECT_FALSE(bans.Unban(Ip("198.51.100.1")));
    EXPECT_FALSE(bans.IsBanned(Ip("198.51.100.1")));
    bans.Ban(Ip("198.51.100.2"));
    bans.ClearBanned();
    EXPECT_TRUE(bans.GetBanned().empty());
}

TEST(BanList, PersistsInCoreJsonShape)
{
    util::Clock clock;
    clock.SetMockTime(NOW);
    TempDir dir;
    const auto file = dir.path / "banlist.json";
    {
        BanList bans{file, clock};
        EXPECT_TRUE(bans.LoadWarning().empty());
        bans.Ban(Net("192.0.2.0/24"), 3600);
        bans.Ban(Ip("2001:db9::1"), 7200);
    }
    const std::string text = ReadAll(file);
    util::Result<util::JsonValue> json = util::ParseJson(text);
    ASSERT_TRUE(json) << json.error();
    const util::JsonValue* list = json->Find("banned_nets");
    ASSERT_TRUE(list && list->IsArray());
    ASSERT_EQ(list->size(), 2u);
    const util::JsonValue& first = (*list)[0];
    EXPECT_EQ(first.Keys(), (std::vector<std::string>{"version", "ban_created", "banned_until", "address"}));
    EXPECT_EQ(first.Find("address")->GetStr(), "192.0.2.0/24");
    EXPECT_EQ(first.Find("version")->GetInt64(), 1);
    EXPECT_EQ(first.Find("ban_created")->GetInt64(), NOW);
    EXPECT_EQ(first.Find("banned_until")->GetInt64(), NOW + 3600);
    EXPECT_EQ((*list)[1].Find("address")->GetStr(), "2001:db9::1/128");

    BanList reloaded{file, clock};
    EXPECT_TRUE(reloaded.LoadWarning().empty());
    EXPECT_EQ(reloaded.GetBanned().size(), 2u);
    EXPECT_TRUE(reloaded.IsBanned(Ip("192.0.2.200")));
    // Expired entries are dropped on load.
    clock.SetMockTime(NOW + 5000);
    BanList later{file, clock};
    EXPECT_EQ(later.GetBanned().size(), 1u);
}

TEST(BanList, ReadsCoreFileAndDropsBadEntries)
{
    util::Clock clock;
    clock.SetMockTime(NOW);
    TempDir dir;
    const auto file = dir.path / "banlist.json";
    // A file as Core 30 writes it, plus entries Core would drop.
    {
        std::ofstream out(file);
        out << R"({
    "banned_nets": [
        {
            "version": 1,
            "ban_created": 1700000000,
            "banned_until": 1800000000,
            "address": "10.0.0.0/8"
        },
        {
            "version": 2,
            "ban_created": 1700000000,
            "banned_until": 1800000000,
            "address": "11.0.0.0/8"
        },
        {
            "version": 1,
            "ban_created": 1700000000,
            "banned_until": 1800000000,
            "address": "not-an-address"
        }
    ]
}
)";
    }
    std::vector<std::string> dropped;
    util::Result<util::JsonValue> json = util::ParseJson(ReadAll(file));
    ASSERT_TRUE(json);
    util::Result<BanMap> map = BanMapFromJson(*json, &dropped);
    ASSERT_TRUE(map);
    EXPECT_EQ(map->size(), 1u);
    EXPECT_EQ(dropped.size(), 2u);
    BanList bans{file, clock};
    EXPECT_TRUE(bans.IsBanned(Ip("10.20.30.40")));
    EXPECT_FALSE(bans.IsBanned(Ip("11.0.0.1")));
}

TEST(BanList, CorruptFileStartsEmptyWithWarning)
{
    util::Clock clock;
    clock.SetMockTime(NOW);
    TempDir dir;
    const auto file = dir.path / "banlist.json";
    for (const char* content : {"{not json", R"({"banned_nets": 5})", R"({"banned_nets": [{"version": 1}]})", "[]"}) {
        {
            std::ofstream out(file, std::ios::trunc);
            out << content;
        }
        BanList bans{file, clock};
        EXPECT_NE(bans.LoadWarning().find("starting with an empty ban list"), std::string::npos) << content;
        EXPECT_TRUE(bans.GetBanned().empty());
        // The next change rewrites a valid file.
        bans.Ban(Ip("192.0.2.9"));
        EXPECT_TRUE(util::ParseJson(ReadAll(file))) << content;
    }
}

TEST(BanList, Discouragement)
{
    util::Clock clock;
    BanList bans{{}, clock};
    EXPECT_FALSE(bans.IsDiscouraged(Ip("192.0.2.1")));
    bans.Discourage(Ip("192.0.2.1"));
    EXPECT_TRUE(bans.IsDiscouraged(Ip("192.0.2.1")));
    EXPECT_FALSE(bans.IsDiscouraged(Ip("192.0.2.2")));
    EXPECT_FALSE(bans.IsBanned(Ip("192.0.2.1"))) << "discouraged is not banned";
    // Bounded: the oldest entries are forgotten once the capacity is passed.
    for (uint32_t i = 0; i < DISCOURAGED_CAPACITY; ++i) {
        bans.Discourage(NetAddress::FromIPv4(
            {10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)}));
    }
    EXPECT_FALSE(bans.IsDiscouraged(Ip("192.0.2.1")));
    EXPECT_TRUE(bans.IsDiscouraged(NetAddress::FromIPv4({10, 0, 0, 5})));
}
