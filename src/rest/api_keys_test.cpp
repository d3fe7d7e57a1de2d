#include <rest/api_keys.h>

#include <gtest/gtest.h>

namespace rest {
namespace {

constexpr std::string_view READ_KEY = "read-key-0123456789abcdef";
constexpr std::string_view ADMIN_KEY = "admin-key-0123456789abcdef";
constexpr std::string_view WALLET_KEY = "wallet-key-0123456789abcdef";

ApiKeys MakeKeys()
{
    ApiKeys keys;
    EXPECT_TRUE(keys.Add(Role::READ, READ_KEY));
    EXPECT_TRUE(keys.Add(Role::ADMIN, ADMIN_KEY));
    EXPECT_TRUE(keys.Add(Role::WALLET, WALLET_KEY));
    return keys;
}

TEST(RestApiKeys, LookupFindsExactKeysOnly)
{
    const ApiKeys keys = MakeKeys();
    EXPECT_EQ(keys.Lookup(READ_KEY), Role::READ);
    EXPECT_EQ(keys.Lookup(ADMIN_KEY), Role::ADMIN);
    EXPECT_EQ(keys.Lookup(WALLET_KEY), Role::WALLET);
    EXPECT_EQ(keys.Lookup(""), std::nullopt);
    EXPECT_EQ(keys.Lookup(READ_KEY.substr(1)), std::nullopt);
    EXPECT_EQ(keys.Lookup(std::string{READ_KEY} + "x"), std::nullopt);
    std::string flipped{ADMIN_KEY};
    flipped.back() = 'F';
    EXPECT_EQ(keys.Lookup(flipped), std::nullopt);
}

TEST(RestApiKeys, RejectsWeakOrDuplicateKeys)
{
    ApiKeys keys;
    EXPECT_FALSE(keys.Add(Role::READ, "short"));
    EXPECT_FALSE(keys.Add(Role::READ, "has a space in it 0123456789"));
    EXPECT_FALSE(keys.Add(Role::NONE, "0123456789abcdef0123"));
    EXPECT_TRUE(keys.Add(Role::READ, "0123456789abcdef0123"));
    EXPECT_FALSE(keys.Add(Role::ADMIN, "0123456789abcdef0123"));
    EXPECT_EQ(keys.Size(), 1U);
}

TEST(RestApiKeys, KeyFile)
{
    ApiKeys keys;
    auto added = keys.AddFromFileText("# comment\n\nread:" + std::string{READ_KEY} + "\n  admin : " +
                                      std::string{ADMIN_KEY} + "  \r\n");
    ASSERT_TRUE(added) << added.error();
    EXPECT_EQ(keys.Lookup(ADMIN_KEY), Role::ADMIN);
    EXPECT_EQ(keys.Lookup(READ_KEY), Role::READ);

    ApiKeys bad;
    auto error = bad.AddFromFileText("read:" + std::string{READ_KEY} + "\nroot:" + std::string{ADMIN_KEY});
    ASSERT_FALSE(error);
    EXPECT_NE(error.error().find("line 2"), std::string::npos);
    EXPECT_EQ(error.error().find(ADMIN_KEY), std::string::npos) << "errors never print keys";
    EXPECT_FALSE(bad.AddFromFileText("no colon here"));
    EXPECT_FALSE(bad.AddFromFileText("admin:short"));
}

TEST(RestApiKeys, AccessMatrix)
{
    const ApiKeys keys = MakeKeys();
    const std::optional<std::string> none;
    const std::optional<std::string> read{std::string{READ_KEY}};
    const std::optional<std::string> admin{std::string{ADMIN_KEY}};
    const std::optional<std::string> wallet{std::string{WALLET_KEY}};
    const std::optional<std::string> wrong{"not-a-configured-key-at-all"};
    Role role = Role::NONE;

    // No key: 401 unless the route is read-only and open read access is on.
    EXPECT_EQ(CheckAccess(keys, false, Role::READ, none, &role), AccessResult::UNAUTHORIZED);
    EXPECT_EQ(CheckAccess(keys, true, Role::READ, none, &role), AccessResult::ALLOWED);
    EXPECT_EQ(role, Role::NONE);
    EXPECT_EQ(CheckAccess(keys, true, Role::ADMIN, none, &role), AccessResult::UNAUTHORIZED);
    EXPECT_EQ(CheckAccess(keys, false, Role::NONE, none, &role), AccessResult::ALLOWED);
    // Unknown key: 401 even where open read would allow no key at all.
    EXPECT_EQ(CheckAccess(keys, true, Role::READ, wrong, &role), AccessResult::UNAUTHORIZED);
    // Known keys: role decides.
    EXPECT_EQ(CheckAccess(keys, false, Role::READ, read, &role), AccessResult::ALLOWED);
    EXPECT_EQ(role, Role::READ);
    EXPECT_EQ(CheckAccess(keys, false, Role::ADMIN, read, &role), AccessResult::FORBIDDEN);
    EXPECT_EQ(CheckAccess(keys, false, Role::ADMIN, admin, &role), AccessResult::ALLOWED);
    EXPECT_EQ(role, Role::ADMIN);
    EXPECT_EQ(CheckAccess(keys, false, Role::READ, admin, &role), AccessResult::ALLOWED);
    EXPECT_EQ(CheckAccess(keys, false, Role::READ, wallet, &role), AccessResult::ALLOWED);
    EXPECT_EQ(CheckAccess(keys, false, Role::ADMIN, wallet, &role), AccessResult::FORBIDDEN);
    EXPECT_EQ(CheckAccess(keys, false, Role::WALLET, read, &role), AccessResult::FORBIDDEN);
    EXPECT_EQ(CheckAccess(keys, false, Role::WALLET, wallet, &role), AccessResult::ALLOWED);
    // No keys configured at all: only open read works.
    const ApiKeys empty;
    EXPECT_EQ(CheckAccess(empty, false, Role::READ, read, &role), AccessResult::UNAUTHORIZED);
}

TEST(RestApiKeys, RoleNames)
{
    for (const Role role : {Role::READ, Role::WALLET, Role::ADMIN}) EXPECT_EQ(ParseRole(RoleName(role)), role);
    EXPECT_EQ(ParseRole("none"), std::nullopt);
    EXPECT_EQ(ParseRole("Admin"), std::nullopt);
}

} // namespace
} // namespace rest
