// Who may call RPC: the cookie file, -rpcuser/-rpcpassword and -rpcauth, checked against
// an HTTP Basic Authorization header (Core's httprpc and rpc/request).
//
// - Cookie: at start the server writes "__cookie__:<64 hex chars of 32 random bytes>" to
//   <datadir>/<network dir>/.cookie (mode 0600, written to .cookie.tmp and renamed) and
//   deletes it at stop; clients read it when no password is given.
// - -rpcauth=<user>:<salt>$<hash>: hash is hex HMAC-SHA256 with the salt's text as key
//   and the password as message. -rpcuser/-rpcpassword and the cookie are stored the
//   same way under a fresh random salt, so no password is kept in plain text.
// - Every comparison takes time independent of where the strings differ.
// doc/http-rpc.md has the formats.
//
// Thread safety: an RpcAuthenticator is immutable once filled; Check* are thread-safe.
// The file functions touch only the paths they are given.
#ifndef BITNODE_RPC_AUTH_H
#define BITNODE_RPC_AUTH_H

#include <util/result.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rpc {

/** The user name of cookie authentication (only shown in logs). */
inline constexpr std::string_view COOKIEAUTH_USER = "__cookie__";
inline constexpr std::string_view COOKIEAUTH_FILE = ".cookie";

/** RFC 4648 base64 with padding. */
std::string EncodeBase64(std::string_view data);
/** Strict decoding (length a multiple of 4, padding only at the end); nullopt if invalid. */
std::optional<std::string> DecodeBase64(std::string_view text);

/** Equal strings, in time that depends only on the lengths (Core's TimingResistantEqual). */
bool TimingResistantEqual(std::string_view a, std::string_view b);

/** hex(HMAC-SHA256(key = salt, message = password)), the -rpcauth hash. */
std::string RpcAuthHash(std::string_view salt, std::string_view password);

class RpcAuthenticator
{
public:
    /** Accept this user and password (cookie or -rpcuser/-rpcpassword), stored salted. */
    void AddPlaintext(std::string user, std::string_view password);
    /** Accept a -rpcauth value "user:salt$hash"; an error if it is not of that form. */
    util::Result<void> AddRpcAuth(std::string_view rpcauth);
    bool Empty() const { return m_credentials.empty(); }

    /** True if some credential has this user and password. */
    bool CheckUserPassword(std::string_view user, std::string_view password) const;
    /**
     * Check an Authorization header ("Basic <base64 user:password>"). The user name is
     * returned through `user` (even when the password is wrong, for the log line).
     */
    bool CheckAuthorizationHeader(std::string_view header, std::string& user) const;

private:
    struct Credential {
        std::string user;
        std::string salt;
        std::string hash;
    };
    std::vector<Credential> m_credentials;
};

/** Core's data directory of a chain below the data dir: "", "testnet3", "testnet4", "signet", "regtest". */
std::string ChainDataDirName(std::string_view chain);
/** <datadir>/<chain dir>/.cookie, or `cookie_file` (relative to the chain dir) if given. */
std::filesystem::path CookiePath(const std::filesystem::path& datadir, std::string_view chain,
                                 const std::filesystem::path& cookie_file = {});

/** Write a new cookie (0600, atomically); returns "__cookie__:<hex>" to add as a credential. */
util::Result<std::string> GenerateAuthCookie(const std::filesystem::path& path);
/** The first line of the cookie file, or nullopt if it cannot be read. */
std::optional<std::string> ReadAuthCookie(const std::filesystem::path& path);
/** Remove the cookie file; false (and no exception) if that failed. */
bool DeleteAuthCookie(const std::filesystem::path& path);

/**
 * The cookie of a running server: written by Create, removed when the object goes away
 * (at stop), so only a file this process wrote is ever deleted.
 */
class AuthCookie
{
public:
    static util::Result<AuthCookie> Create(std::filesystem::path path);
    AuthCookie(AuthCookie&& other) noexcept;
    AuthCookie& operator=(AuthCookie&&) = delete;
    AuthCookie(const AuthCookie&) = delete;
    ~AuthCookie();

    const std::filesystem::path& Path() const { return m_path; }
    /** "__cookie__:<hex>" */
    const std::string& Credential() const { return m_credential; }
    /** The password part, to give RpcAuthenticator::AddPlaintext with COOKIEAUTH_USER. */
    std::string Password() const { return m_credential.substr(COOKIEAUTH_USER.size() + 1); }

private:
    AuthCookie(std::filesystem::path path, std::string credential)
        : m_path(std::move(path)), m_credential(std::move(credential))
    {}
    std::filesystem::path m_path; //!< empty once moved from
    std::string m_credential;
};

} // namespace rpc

#endif // BITNODE_RPC_AUTH_H
