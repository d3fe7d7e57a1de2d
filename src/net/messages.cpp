#include <net/messages.h>

namespace net {

std::string SanitizeUserAgent(std::string_view text)
{
    static constexpr std::string_view SAFE_CHARS =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()";
    std::string out;
    for (char c : text) {
        if (SAFE_CHARS.find(c) != std::string_view::npos) out += c;
    }
    return out;
}

} // namespace net
