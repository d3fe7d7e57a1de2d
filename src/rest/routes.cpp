#include <rest/routes.h>

#include <algorithm>
#include <cassert>

namespace rest {

namespace {

/** HEAD is answered by the GET route (the server drops the body). */
net::HttpMethod RoutingMethod(net::HttpMethod method)
{
    return method == net::HttpMethod::HEAD ? net::HttpMethod::GET : method;
}

std::vector<std::string_view> SplitPattern(std::string_view pattern)
{
    std::vector<std::string_view> parts;
    size_t start = 1;
    while (start <= pattern.size()) {
        size_t end = pattern.find('/', start);
        if (end == std::string_view::npos) end = pattern.size();
        if (end > start) parts.push_back(pattern.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

/** Literal segments earlier in the path make a route more specific. */
bool MoreSpecific(const std::vector<bool>& a, const std::vector<bool>& b)
{
    // true = literal; compare position by position, literal first.
    return std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
}

} // namespace

const std::string& ApiRequest::PathParam(std::string_view name) const
{
    for (const auto& [key, value] : path_params) {
        if (key == name) return value;
    }
    assert(false && "route handler asked for a path parameter its pattern lacks");
    static const std::string empty;
    return empty;
}

std::optional<std::string> ApiRequest::Query(std::string_view name) const
{
    for (const auto& [key, value] : query) {
        if (key == name) return value;
    }
    return std::nullopt;
}

ApiRoute& RouteTable::Add(net::HttpMethod method, std::string pattern, Role role, std::string tag, std::string summary,
                          std::vector<ApiParam> params, ApiHandler handler)
{
    ApiRoute route;
    route.method = method;
    route.pattern = std::move(pattern);
    route.role = role;
    route.tag = std::move(tag);
    route.summary = std::move(summary);
    route.params = std::move(params);
    route.handler = std::move(handler);
    Add(std::move(route));
    return m_routes.back();
}

void RouteTable::Add(ApiRoute route)
{
    assert(!route.pattern.empty() && route.pattern.front() == '/');
    Compiled compiled;
    for (const std::string_view part : SplitPattern(route.pattern)) {
        const bool is_param = part.size() > 2 && part.front() == '{' && part.back() == '}';
        std::string text{is_param ? part.substr(1, part.size() - 2) : part};
        if (is_param) {
            [[maybe_unused]] const bool documented =
                std::any_of(route.params.begin(), route.params.end(),
                            [&](const ApiParam& p) { return p.in == ApiParam::In::PATH && p.name == text; });
            assert(documented && "every path parameter must be documented");
        }
        compiled.segments.emplace_back(is_param, std::move(text));
    }
    for ([[maybe_unused]] const ApiRoute& existing : m_routes) {
        assert(!(existing.method == route.method && existing.pattern == route.pattern) && "duplicate route");
    }
    m_routes.push_back(std::move(route));
    m_compiled.push_back(std::move(compiled));
}

std::optional<std::vector<std::pair<std::string, std::string>>>
RouteTable::MatchPattern(const Compiled& compiled, const std::vector<std::string>& segments)
{
    if (compiled.segments.size() != segments.size()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> params;
    for (size_t i = 0; i < segments.size(); ++i) {
        const auto& [is_param, text] = compiled.segments[i];
        if (is_param) {
            params.emplace_back(text, segments[i]);
        } else if (text != segments[i]) {
            return std::nullopt;
        }
    }
    return params;
}

std::optional<RouteMatch> RouteTable::Match(net::HttpMethod method, const std::vector<std::string>& segments,
                                            std::vector<net::HttpMethod>* allowed) const
{
    const net::HttpMethod wanted = RoutingMethod(method);
    std::optional<RouteMatch> best;
    std::vector<bool> best_shape;
    if (allowed) allowed->clear();
    for (size_t i = 0; i < m_routes.size(); ++i) {
        auto params = MatchPattern(m_compiled[i], segments);
        if (!params) continue;
        std::vector<bool> shape;
        for (const auto& segment : m_compiled[i].segments) shape.push_back(!segment.first);
        if (m_routes[i].method != wanted) {
            if (allowed && std::find(allowed->begin(), allowed->end(), m_routes[i].method) == allowed->end()) {
                allowed->push_back(m_routes[i].method);
            }
            continue;
        }
        if (!best || MoreSpecific(shape, best_shape)) {
            best = RouteMatch{&m_routes[i], std::move(*params)};
            best_shape = std::move(shape);
        }
    }
    if (best && allowed) allowed->clear();
    return best;
}

std::vector<net::HttpMethod> RouteTable::MethodsFor(const std::vector<std::string>& segments) const
{
    std::vector<net::HttpMethod> methods;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        if (!MatchPattern(m_compiled[i], segments)) continue;
        if (std::find(methods.begin(), methods.end(), m_routes[i].method) == methods.end()) {
            methods.push_back(m_routes[i].method);
        }
    }
    return methods;
}

} // namespace rest
