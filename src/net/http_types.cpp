#include <net/http_types.h>

namespace net {

std::string_view HttpMethodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::GET:
        return "GET";
    case HttpMethod::POST:
        return "POST";
    case HttpMethod::HEAD:
        return "HEAD";
    case HttpMethod::PUT:
        return "PUT";
    case HttpMethod::OPTIONS:
        return "OPTIONS";
    } // no default: the compiler names a missing case
    return "unknown";
}

static bool EqualsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::optional<std::string> HttpRequest::GetHeader(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
}

std::string HttpRequest::PeerString() const
{
    const bool ipv6 = peer_address.find(':') != std::string::npos;
    return (ipv6 ? "[" + peer_address + "]" : peer_address) + ":" + std::to_string(peer_port);
}

HttpResponse HttpResponse::Make(int status, std::string body, std::string content_type)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    if (!content_type.empty()) response.headers.emplace_back("Content-Type", std::move(content_type));
    return response;
}

} // namespace net
