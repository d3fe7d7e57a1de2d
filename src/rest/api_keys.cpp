#include <rest/api_keys.h>

#include <crypto/sha256.h>
#include <util/strings.h>

namespace rest {

namespace {

std::array<uint8_t, 32> KeyDigest(std::string_view key)
{
    crypto::Sha256 hasher;
    hasher.Write(reinterpret_cast<const uint8_t*>(key.data()), key.size());
    return hasher.Finalize();
}

bool HasWhitespaceOrControl(std::string_view key)
{
    for (const char c : key) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
    }
    return false;
}

} // namespace

std::string_view RoleName(Role role)
{
    switch (role) {
    case Role::NONE:
        return "none";
    case Role::READ:
        return "read";
    case Role::WALLET:
        return "wallet";
    case Role::ADMIN:
        return "admin";
    } // no default: the compiler names a missing case
    return "unknown";
}

std::optional<Role> ParseRole(std::string_view name)
{
    if (name == "read") return Role::READ;
    if (name == "wallet") return Role::WALLET;
    if (name == "admin") return Role::ADMIN;
    return std::nullopt;
}

bool RoleSatisfies(Role have, Role need)
{
    if (need == Role::NONE) return true;
    if (have == Role::ADMIN) return true;
    if (need == Role::READ) return have == Role::READ || have == Role::WALLET;
    return have == need;
}

util::Result<void> ApiKeys::Add(Role role, std::string_view key)
{
    if (role == Role::NONE) return util::Error{"An API key needs a role (read, wallet or admin)"};
    if (key.size() < MIN_API_KEY_LENGTH) {
        return util::Error{"An API key for role " + std::string{RoleName(role)} + " is shorter than " +
                           std::to_string(MIN_API_KEY_LENGTH) + " characters; use a long random key"};
    }
    if (HasWhitespaceOrControl(key)) {
        return util::Error{"An API key for role " + std::string{RoleName(role)} +
                           " contains whitespace or control characters"};
    }
    const auto digest = KeyDigest(key);
    for (const Entry& entry : m_keys) {
        if (entry.digest == digest) return util::Error{"The same API key is configured twice"};
    }
    m_keys.push_back({role, digest});
    return {};
}

util::Result<void> ApiKeys::AddFromFileText(std::string_view text)
{
    size_t line_number = 0;
    for (const std::string& raw_line : util::SplitString(text, '\n')) {
        ++line_number;
        const std::string_view line = util::TrimString(raw_line);
        if (line.empty() || line.front() == '#') continue;
        const size_t colon = line.find(':');
        const std::string where = "API key file line " + std::to_string(line_number);
        if (colon == std::string_view::npos) return util::Error{where + ": expected role:key"};
        const auto role = ParseRole(util::TrimString(line.substr(0, colon)));
        if (!role) return util::Error{where + ": unknown role (use read, wallet or admin)"};
        auto added = Add(*role, util::TrimString(line.substr(colon + 1)));
        if (!added) return util::Error{where + ": " + added.error()};
    }
    return {};
}

std::optional<Role> ApiKeys::Lookup(std::string_view presented) const
{
    const auto digest = KeyDigest(presented);
    std::optional<Role> found;
    for (const Entry& entry : m_keys) {
        uint8_t difference = 0;
        for (size_t i = 0; i < digest.size(); ++i) difference |= static_cast<uint8_t>(digest[i] ^ entry.digest[i]);
        // Keys are distinct, so at most one matches; keep looking to spend the same time.
        if (difference == 0) found = entry.role;
    }
    return found;
}

AccessResult CheckAccess(const ApiKeys& keys, bool open_read, Role need, const std::optional<std::string>& presented,
                         Role* role_out)
{
    Role role = Role::NONE;
    if (presented) {
        const auto looked_up = keys.Lookup(*presented);
        if (!looked_up) return AccessResult::UNAUTHORIZED;
        role = *looked_up;
    } else if (need == Role::NONE || (need == Role::READ && open_read)) {
        if (role_out) *role_out = Role::NONE;
        return AccessResult::ALLOWED;
    } else {
        return AccessResult::UNAUTHORIZED;
    }
    if (!RoleSatisfies(role, need)) return AccessResult::FORBIDDEN;
    if (role_out) *role_out = role;
    return AccessResult::ALLOWED;
}

} // namespace rest
