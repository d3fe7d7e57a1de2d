// The route table of the /api/v1 web API: one list of routes drives dispatch (which
// handler runs for a method and path, with its path parameters), the role check (each
// route names the least role it needs) and the OpenAPI 3 document served at
// /api/v1/openapi.json, so the three cannot disagree.
//
// A route's pattern is a path of literal segments and `{name}` parameters, e.g.
// "/api/v1/blockchain/blocks/{hash}". When several routes match a path, the one whose
// first differing segment is literal wins ("/blocks/latest" before "/blocks/{hash}").
// A path that matches some route but not for the request's method is a 405 with the
// allowed methods; HEAD is served by the GET route.
//
// Thread safety: routes are added before serving; after that the table is only read and
// Match / BuildOpenApi may run on many threads at once. Handlers must be thread-safe.
#ifndef BITNODE_REST_ROUTES_H
#define BITNODE_REST_ROUTES_H

#include <net/http_types.h>
#include <rest/api_keys.h>
#include <util/json.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rest {

/** What a route handler sees: the HTTP request plus what the dispatcher parsed and checked. */
struct ApiRequest {
    const net::HttpRequest& http;
    /** Decoded path parameters by name, in pattern order. */
    std::vector<std::pair<std::string, std::string>> path_params;
    /** Decoded query pairs in order. */
    std::vector<std::pair<std::string, std::string>> query;
    /** The caller's role (NONE for an open-read request without a key). */
    Role role{Role::NONE};

    /** A path parameter by name (the route guarantees its presence). */
    const std::string& PathParam(std::string_view name) const;
    std::optional<std::string> Query(std::string_view name) const;
};

using ApiHandler = std::function<net::HttpResponse(const ApiRequest& request)>;

/** One parameter as documented in OpenAPI: in the path or the query string. */
struct ApiParam {
    enum class In { PATH, QUERY };
    std::string name;
    In in{In::QUERY};
    /** OpenAPI schema type: "string", "integer" or "boolean". */
    std::string type{"string"};
    std::string description;
    bool required{false};
};

struct ApiRoute {
    net::HttpMethod method{net::HttpMethod::GET};
    std::string pattern;
    Role role{Role::READ};
    /** OpenAPI tag (blockchain, transactions, addresses, mining, node). */
    std::string tag;
    std::string summary;
    /** Every path parameter of the pattern and the query parameters, documented. */
    std::vector<ApiParam> params;
    /** Names and types of the JSON request body's members, if the route takes one. */
    std::vector<ApiParam> body_fields;
    /** Content type of a successful answer (application/json unless streaming). */
    std::string response_type{"application/json"};
    /** Status of a successful answer (200, or 201/202 for creations). */
    int success_status{200};
    ApiHandler handler;
};

/** A route matched to a request path. */
struct RouteMatch {
    const ApiRoute* route{nullptr};
    std::vector<std::pair<std::string, std::string>> path_params;
};

class RouteTable
{
public:
    /** Add a route; asserts that its pattern's parameters are documented and it is not a duplicate. */
    void Add(ApiRoute route);
    /**
     * Add a route from its parts. The reference is for the optional settings (body fields,
     * response type) and stays valid until the next Add.
     */
    ApiRoute& Add(net::HttpMethod method, std::string pattern, Role role, std::string tag, std::string summary,
                  std::vector<ApiParam> params, ApiHandler handler);

    /**
     * The route for a method and decoded path segments. nullopt if none matches; then
     * `allowed` (if given) lists the methods that would match the path (empty: 404).
     */
    std::optional<RouteMatch> Match(net::HttpMethod method, const std::vector<std::string>& segments,
                                    std::vector<net::HttpMethod>* allowed = nullptr) const;

    /** Every method some route serves at this path (empty: no such path). */
    std::vector<net::HttpMethod> MethodsFor(const std::vector<std::string>& segments) const;

    const std::vector<ApiRoute>& Routes() const { return m_routes; }

private:
    struct Compiled {
        /** Literal text, or the parameter name for a parameter segment. */
        std::vector<std::pair<bool, std::string>> segments; // {is_param, text}
    };
    static std::optional<std::vector<std::pair<std::string, std::string>>>
    MatchPattern(const Compiled& compiled, const std::vector<std::string>& segments);

    std::vector<ApiRoute> m_routes;
    std::vector<Compiled> m_compiled;
};

/** The OpenAPI 3.0 document describing every route of the table. */
util::JsonValue BuildOpenApi(const RouteTable& table, std::string_view version);

} // namespace rest

#endif // BITNODE_REST_ROUTES_H
