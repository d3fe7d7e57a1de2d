#include <rpc/auth.h>

#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <util/hex.h>
#include <util/span.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

namespace rpc {

namespace fs = std::filesystem;

static constexpr char BASE64_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string EncodeBase64(std::string_view data)
{
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const uint32_t n =
            uint32_t(uint8_t(data[i])) << 16 | uint32_t(uint8_t(data[i + 1])) << 8 | uint8_t(data[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6) out += BASE64_ALPHABET[(n >> shift) & 63];
    }
    if (const size_t rest = data.size() - i; rest > 0) {
        uint32_t n = uint32_t(uint8_t(data[i])) << 16;
        if (rest == 2) n |= uint32_t(uint8_t(data[i + 1])) << 8;
        out += BASE64_ALPHABET[(n >> 18) & 63];
        out += BASE64_ALPHABET[(n >> 12) & 63];
        out += rest == 2 ? BASE64_ALPHABET[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view text)
{
    if (text.size() % 4 != 0) return std::nullopt;
    size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
    std::string out;
    uint32_t accumulator = 0;
    int bits = 0;
    for (size_t i = 0; i < text.size() - padding; ++i) {
        const char* pos = std::strchr(BASE64_ALPHABET, text[i]);
        if (!pos || text[i] == '\0') return std::nullopt;
        accumulator = (accumulator << 6) | static_cast<uint32_t>(pos - BASE64_ALPHABET);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((accumulator >> bits) & 0xff);
        }
    }
    // Leftover bits must be zero padding, or the text is not canonical.
    if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

bool TimingResistantEqual(std::string_view a, std::string_view b)
{
    if (b.empty()) return a.empty();
    size_t difference = a.size() ^ b.size();
    for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<uint8_t>(a[i] ^ b[i % b.size()]);
    return difference == 0;
}

std::string RpcAuthHash(std::string_view salt, std::string_view password)
{
    return util::HexStr(crypto::HmacSha256Of(util::AsBytes(salt), util::AsBytes(password)));
}

void RpcAuthenticator::AddPlaintext(std::string user, std::string_view password)
{
    std::array<uint8_t, 16> raw_salt;
    crypto::GetStrongRandBytes(raw_salt);
    std::string salt = util::HexStr(raw_salt);
    std::string hash = RpcAuthHash(salt, password);
    m_credentials.push_back({std::move(user), std::move(salt), std::move(hash)});
}

util::Result<void> RpcAuthenticator::AddRpcAuth(std::string_view rpcauth)
{
    // Core splits at ':' and then the last field at '$', and wants two fields each time.
    const size_t colon = rpcauth.find(':');
    if (colon == std::string_view::npos || rpcauth.find(':', colon + 1) != std::string_view::npos) {
        return util::Error{"Invalid -rpcauth argument."};
    }
    const std::string_view salt_hash = rpcauth.substr(colon + 1);
    const size_t dollar = salt_hash.find('$');
    if (dollar == std::string_view::npos || salt_hash.find('$', dollar + 1) != std::string_view::npos) {
        return util::Error{"Invalid -rpcauth argument."};
    }
    m_credentials.push_back({std::string{rpcauth.substr(0, colon)}, std::string{salt_hash.substr(0, dollar)},
                             std::string{salt_hash.substr(dollar + 1)}});
    return {};
}

bool RpcAuthenticator::CheckUserPassword(std::string_view user, std::string_view password) const
{
    for (const Credential& credential : m_credentials) {
        if (!TimingResistantEqual(credential.user, user)) continue;
        if (TimingResistantEqual(RpcAuthHash(credential.salt, password), credential.hash)) return true;
    }
    return false;
}

bool RpcAuthenticator::CheckAuthorizationHeader(std::string_view header, std::string& user) const
{
    if (!header.starts_with("Basic ")) return false;
    std::string_view encoded = header.substr(6);
    while (!encoded.empty() && (encoded.front() == ' ' || encoded.front() == '\t')) encoded.remove_prefix(1);
    while (!encoded.empty() && (encoded.back() == ' ' || encoded.back() == '\t')) encoded.remove_suffix(1);
    const auto decoded = DecodeBase64(encoded);
    if (!decoded) return false;
    const size_t colon = decoded->find(':');
    if (colon == std::string::npos) return false;
    user = decoded->substr(0, colon);
    return CheckUserPassword(user, std::string_view{*decoded}.substr(colon + 1));
}

std::string ChainDataDirName(std::string_view chain)
{
    if (chain == "main") return "";
    if (chain == "test") return "testnet3";
    return std::string{chain}; // testnet4, signet, regtest
}

fs::path CookiePath(const fs::path& datadir, std::string_view chain, const fs::path& cookie_file)
{
    const fs::path chain_dir = datadir / ChainDataDirName(chain);
    if (cookie_file.empty()) return chain_dir / COOKIEAUTH_FILE;
    return cookie_file.is_absolute() ? cookie_file : chain_dir / cookie_file;
}

util::Result<std::string> GenerateAuthCookie(const fs::path& path)
{
    const std::string credential = std::string{COOKIEAUTH_USER} + ":" + util::HexStr(crypto::GetStrongRand32());
    fs::path tmp = path;
    tmp += ".tmp";
    // Created 0600 from the start, so the secret is never readable by others.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return util::Error{"Unable to open cookie authentication file " + tmp.string() +
                           " for writing: " + std::strerror(errno)};
    ::fchmod(fd, S_IRUSR | S_IWUSR); // an existing file keeps its old mode through O_CREAT
    const bool written = ::write(fd, credential.data(), credential.size()) == static_cast<ssize_t>(credential.size());
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) return util::Error{"Unable to write cookie authentication file " + tmp.string()};
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
        return util::Error{"Unable to rename cookie authentication file " + tmp.string() + " to " + path.string() +
                           ": " + ec.message()};
    return credential;
}

std::optional<std::string> ReadAuthCookie(const fs::path& path)
{
    std::ifstream file{path};
    if (!file.is_open()) return std::nullopt;
    std::string line;
    std::getline(file, line);
    return line;
}

bool DeleteAuthCookie(const fs::path& path)
{
    std::error_code ec;
    return fs::remove(path, ec) && !ec;
}

util::Result<AuthCookie> AuthCookie::Create(fs::path path)
{
    auto credential = GenerateAuthCookie(path);
    if (!credential) return util::Error{credential.error()};
    return AuthCookie{std::move(path), std::move(*credential)};
}

AuthCookie::AuthCookie(AuthCookie&& other) noexcept
    : m_path(std::exchange(other.m_path, fs::path{})), m_credential(std::move(other.m_credential))
{}

AuthCookie::~AuthCookie()
{
    if (!m_path.empty()) DeleteAuthCookie(m_path);
}

} // namespace rpc
