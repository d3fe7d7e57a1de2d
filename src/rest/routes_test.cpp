#include <rest/routes.h>

#include <gtest/gtest.h>

#include <set>

namespace rest {
namespace {

using net::HttpMethod;

ApiRoute MakeRoute(HttpMethod method, const std::string& pattern, Role role, std::vector<ApiParam> params = {})
{
    ApiRoute route;
    route.method = method;
    route.pattern = pattern;
    route.role = role;
    route.tag = "test";
    route.summary = "route " + pattern;
    route.params = std::move(params);
    route.handler = [pattern](const ApiRequest&) { return net::HttpResponse::Make(200, pattern); };
    return route;
}

ApiParam PathParam(std::string name) { return {std::move(name), ApiParam::In::PATH, "string", "a parameter", true}; }

std::vector<std::string> Segments(std::string_view path)
{
    std::vector<std::string> out;
    size_t start = 1;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) out.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

RouteTable MakeTable()
{
    RouteTable table;
    table.Add(MakeRoute(HttpMethod::GET, "/api/v1/blockchain/blocks/{hash}", Role::READ, {PathParam("hash")}));
    table.Add(MakeRoute(HttpMethod::GET, "/api/v1/blockchain/blocks/latest", Role::READ));
    table.Add(MakeRoute(HttpMethod::GET, "/api/v1/blockchain/blocks/height/{n}", Role::READ, {PathParam("n")}));
    table.Add(MakeRoute(HttpMethod::GET, "/api/v1/mining/policy", Role::READ));
    table.Add(MakeRoute(HttpMethod::PUT, "/api/v1/mining/policy", Role::ADMIN));
    table.Add(MakeRoute(HttpMethod::GET, "/api/v1/addresses/{address}/balance", Role::READ, {PathParam("address")}));
    return table;
}

TEST(RestRoutes, LiteralBeatsParameter)
{
    const RouteTable table = MakeTable();
    auto match = table.Match(HttpMethod::GET, Segments("/api/v1/blockchain/blocks/latest"));
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->pattern, "/api/v1/blockchain/blocks/latest");
    EXPECT_TRUE(match->path_params.empty());

    match = table.Match(HttpMethod::GET, Segments("/api/v1/blockchain/blocks/00ff"));
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->pattern, "/api/v1/blockchain/blocks/{hash}");
    ASSERT_EQ(match->path_params.size(), 1U);
    EXPECT_EQ(match->path_params[0], (std::pair<std::string, std::string>{"hash", "00ff"}));

    match = table.Match(HttpMethod::GET, Segments("/api/v1/blockchain/blocks/height/7"));
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->pattern, "/api/v1/blockchain/blocks/height/{n}");

    match = table.Match(HttpMethod::GET, Segments("/api/v1/addresses/bcrt1qxyz/balance"));
    ASSERT_TRUE(match);
    net::HttpRequest http;
    ApiRequest request{http, match->path_params, {{"q", "1"}}, Role::READ};
    EXPECT_EQ(request.PathParam("address"), "bcrt1qxyz");
    EXPECT_EQ(request.Query("q"), "1");
    EXPECT_EQ(request.Query("r"), std::nullopt);
}

TEST(RestRoutes, MethodsAndMisses)
{
    const RouteTable table = MakeTable();
    std::vector<HttpMethod> allowed;
    auto match = table.Match(HttpMethod::PUT, Segments("/api/v1/mining/policy"), &allowed);
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->role, Role::ADMIN);
    EXPECT_TRUE(allowed.empty());
    // HEAD is served by GET.
    match = table.Match(HttpMethod::HEAD, Segments("/api/v1/mining/policy"), &allowed);
    ASSERT_TRUE(match);
    EXPECT_EQ(match->route->method, HttpMethod::GET);

    EXPECT_FALSE(table.Match(HttpMethod::POST, Segments("/api/v1/mining/policy"), &allowed));
    EXPECT_EQ(std::set<HttpMethod>(allowed.begin(), allowed.end()),
              (std::set<HttpMethod>{HttpMethod::GET, HttpMethod::PUT}));

    const std::vector<HttpMethod> methods = table.MethodsFor(Segments("/api/v1/mining/policy"));
    EXPECT_EQ(std::set<HttpMethod>(methods.begin(), methods.end()),
              (std::set<HttpMethod>{HttpMethod::GET, HttpMethod::PUT}));
    EXPECT_TRUE(table.MethodsFor(Segments("/api/v1/nothing")).empty());

    EXPECT_FALSE(table.Match(HttpMethod::GET, Segments("/api/v1/blockchain/blocks/a/b"), &allowed));
    EXPECT_TRUE(allowed.empty());
    EXPECT_FALSE(table.Match(HttpMethod::GET, Segments("/api/v1"), &allowed));
    EXPECT_FALSE(table.Match(HttpMethod::GET, Segments("/"), &allowed));
}

TEST(RestRoutes, OpenApiListsEveryRoute)
{
    const RouteTable table = MakeTable();
    const util::JsonValue doc = BuildOpenApi(table, "9.9.9");
    ASSERT_TRUE(doc.Find("openapi"));
    EXPECT_EQ(doc.Find("openapi")->GetStr(), "3.0.3");
    EXPECT_EQ(doc.Find("info")->Find("version")->GetStr(), "9.9.9");
    const util::JsonValue* paths = doc.Find("paths");
    ASSERT_TRUE(paths && paths->IsObject());
    std::set<std::pair<std::string, std::string>> documented;
    std::set<std::string> operation_ids;
    for (size_t i = 0; i < paths->size(); ++i) {
        const util::JsonValue& item = (*paths)[i];
        for (size_t j = 0; j < item.size(); ++j) {
            documented.emplace(item.Keys()[j], paths->Keys()[i]);
            operation_ids.insert(item[j].Find("operationId")->GetStr());
        }
    }
    std::set<std::pair<std::string, std::string>> served;
    for (const ApiRoute& route : table.Routes()) {
        std::string method{net::HttpMethodName(route.method)};
        for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
        served.emplace(method, route.pattern);
    }
    EXPECT_EQ(documented, served);
    EXPECT_EQ(operation_ids.size(), table.Routes().size()) << "operation ids are unique";

    // The admin route demands the key and documents 401/403; path parameters are required.
    const util::JsonValue* put = paths->Find("/api/v1/mining/policy")->Find("put");
    EXPECT_EQ(put->Find("x-required-role")->GetStr(), "admin");
    EXPECT_TRUE(put->Find("responses")->Find("403"));
    EXPECT_EQ(put->Find("security")->size(), 1U);
    const util::JsonValue* by_hash = paths->Find("/api/v1/blockchain/blocks/{hash}")->Find("get");
    const util::JsonValue& param = (*by_hash->Find("parameters"))[0];
    EXPECT_EQ(param.Find("name")->GetStr(), "hash");
    EXPECT_EQ(param.Find("in")->GetStr(), "path");
    EXPECT_TRUE(param.Find("required")->GetBool());
    EXPECT_EQ(doc.Find("components")->Find("securitySchemes")->Find("ApiKeyAuth")->Find("name")->GetStr(), "X-API-Key");
    // The document survives a round trip through the parser.
    auto reparsed = util::ParseJson(doc.Write());
    ASSERT_TRUE(reparsed);
    EXPECT_EQ(*reparsed, doc);
}

} // namespace
} // namespace rest
