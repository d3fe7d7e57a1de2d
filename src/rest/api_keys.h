// API keys and roles of the /api/v1 web API.
//
// A request presents a key in the X-API-Key header. Each configured key belongs to one
// role: `read` (the GET routes), `admin` (everything: mining, peers, policy, plus what
// read may do) or `wallet` (reserved for wallet routes; today it may do what read may).
// Keys come only from configuration (-apikey-read=, -apikey-admin=, -apikey-wallet= or
// -apikeyfile=, one `role:key` per line, see doc/api-v1.md); nothing ships enabled. With
// open read access (-apiopenread) requests without a key may use read routes.
//
// Keys are kept as SHA-256 digests and a presented key is compared against every
// configured digest in full, without stopping at a match, so the time taken does not
// reveal how much of a key was right or which key matched.
//
// Thread safety: an ApiKeys object is filled before serving and then only read, so
// const methods may run on many threads at once.
#ifndef BITNODE_REST_API_KEYS_H
#define BITNODE_REST_API_KEYS_H

#include <util/result.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rest {

/** Roles in increasing order of power; a route names the least role it needs. */
enum class Role { NONE = 0, READ = 1, WALLET = 2, ADMIN = 3 };

std::string_view RoleName(Role role);
/** "read", "wallet", "admin" (case-sensitive); nullopt otherwise. */
std::optional<Role> ParseRole(std::string_view name);
/** Whether a caller with `have` may use a route that needs `need` (wallet does not imply admin). */
bool RoleSatisfies(Role have, Role need);

/** Shortest key accepted: shorter keys are guessable over the network. */
inline constexpr size_t MIN_API_KEY_LENGTH = 16;

class ApiKeys
{
public:
    /** Add a key for a role; an error if it is too short, has whitespace, or is already configured. */
    util::Result<void> Add(Role role, std::string_view key);
    /**
     * Add every `role:key` line of a key file's text. Blank lines and lines starting with
     * '#' are skipped; the error names the line (never the key).
     */
    util::Result<void> AddFromFileText(std::string_view text);

    /** The role of a presented key, or nullopt if it is not configured. */
    std::optional<Role> Lookup(std::string_view presented) const;

    bool Empty() const { return m_keys.empty(); }
    size_t Size() const { return m_keys.size(); }

private:
    struct Entry {
        Role role;
        std::array<uint8_t, 32> digest;
    };
    std::vector<Entry> m_keys;
};

/** The outcome of checking a request against a route's role. */
enum class AccessResult { ALLOWED, UNAUTHORIZED, FORBIDDEN };

/**
 * No key: allowed only for READ routes with open_read, else UNAUTHORIZED (401). A key that
 * is not configured: UNAUTHORIZED. A configured key whose role is too weak: FORBIDDEN (403).
 * `role_out` receives the caller's role when allowed.
 */
AccessResult CheckAccess(const ApiKeys& keys, bool open_read, Role need, const std::optional<std::string>& presented,
                         Role* role_out);

} // namespace rest

#endif // BITNODE_REST_API_KEYS_H
