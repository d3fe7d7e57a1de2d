// BuildOpenApi: the OpenAPI 3.0 document generated from the route table.
#include <rest/routes.h>

#include <map>

namespace rest {

namespace {

using util::JsonValue;

std::string LowerMethod(net::HttpMethod method)
{
    std::string name{net::HttpMethodName(method)};
    for (char& c : name) c = static_cast<char>(c - 'A' + 'a');
    return name;
}

JsonValue Schema(const std::string& type)
{
    JsonValue schema = JsonValue::Object();
    schema.PushKV("type", type);
    return schema;
}

JsonValue ErrorResponse(const std::string& description)
{
    JsonValue ref = JsonValue::Object();
    ref.PushKV("$ref", "#/components/schemas/Error");
    JsonValue media = JsonValue::Object();
    media.PushKV("schema", std::move(ref));
    JsonValue content = JsonValue::Object();
    content.PushKV("application/json", std::move(media));
    JsonValue response = JsonValue::Object();
    response.PushKV("description", description);
    response.PushKV("content", std::move(content));
    return response;
}

std::string OperationId(const ApiRoute& route)
{
    // "GET /api/v1/blockchain/blocks/{hash}" -> "get_blockchain_blocks_hash"
    std::string id = LowerMethod(route.method);
    std::string_view path = route.pattern;
    if (path.starts_with("/api/v1")) path.remove_prefix(7);
    for (const char c : path) {
        if (c == '/') {
            id += '_';
        } else if (c != '{' && c != '}') {
            id += c;
        }
    }
    return id;
}

JsonValue Operation(const ApiRoute& route)
{
    JsonValue op = JsonValue::Object();
    op.PushKV("operationId", OperationId(route));
    op.PushKV("summary", route.summary);
    JsonValue tags = JsonValue::Array();
    tags.PushBack(route.tag);
    op.PushKV("tags", std::move(tags));
    op.PushKV("x-required-role", std::string{RoleName(route.role)});

    JsonValue params = JsonValue::Array();
    for (const ApiParam& param : route.params) {
        JsonValue p = JsonValue::Object();
        p.PushKV("name", param.name);
        p.PushKV("in", param.in == ApiParam::In::PATH ? "path" : "query");
        p.PushKV("required", param.in == ApiParam::In::PATH || param.required);
        p.PushKV("description", param.description);
        p.PushKV("schema", Schema(param.type));
        params.PushBack(std::move(p));
    }
    op.PushKV("parameters", std::move(params));

    if (!route.body_fields.empty()) {
        JsonValue properties = JsonValue::Object();
        JsonValue required = JsonValue::Array();
        for (const ApiParam& field : route.body_fields) {
            JsonValue property = Schema(field.type);
            property.PushKV("description", field.description);
            properties.PushKV(field.name, std::move(property));
            if (field.required) required.PushBack(field.name);
        }
        JsonValue schema = Schema("object");
        schema.PushKV("properties", std::move(properties));
        if (!required.empty()) schema.PushKV("required", std::move(required));
        JsonValue media = JsonValue::Object();
        media.PushKV("schema", std::move(schema));
        JsonValue content = JsonValue::Object();
        content.PushKV("application/json", std::move(media));
        JsonValue body = JsonValue::Object();
        body.PushKV("required", true);
        body.PushKV("content", std::move(content));
        op.PushKV("requestBody", std::move(body));
    }

    JsonValue security = JsonValue::Array();
    if (route.role != Role::NONE) {
        JsonValue requirement = JsonValue::Object();
        requirement.PushKV("ApiKeyAuth", JsonValue::Array());
        security.PushBack(std::move(requirement));
    }
    op.PushKV("security", std::move(security));

    JsonValue responses = JsonValue::Object();
    JsonValue ok = JsonValue::Object();
    ok.PushKV("description", "Success");
    JsonValue media = JsonValue::Object();
    media.PushKV("schema", Schema(route.response_type == "application/json" ? "object" : "string"));
    JsonValue content = JsonValue::Object();
    content.PushKV(route.response_type, std::move(media));
    ok.PushKV("content", std::move(content));
    responses.PushKV(std::to_string(route.success_status), std::move(ok));
    responses.PushKV("400", ErrorResponse("Malformed parameter or body"));
    if (route.role != Role::NONE) {
        responses.PushKV("401", ErrorResponse("Missing or unknown API key"));
        responses.PushKV("403", ErrorResponse("The API key's role may not use this route"));
    }
    responses.PushKV("404", ErrorResponse("Not found"));
    responses.PushKV("429", ErrorResponse("Rate limit exceeded; see Retry-After"));
    responses.PushKV("500", ErrorResponse("Internal error"));
    responses.PushKV("503", ErrorResponse("The node is not ready"));
    op.PushKV("responses", std::move(responses));
    return op;
}

JsonValue Components()
{
    JsonValue scheme = JsonValue::Object();
    scheme.PushKV("type", "apiKey");
    scheme.PushKV("in", "header");
    scheme.PushKV("name", "X-API-Key");
    JsonValue schemes = JsonValue::Object();
    schemes.PushKV("ApiKeyAuth", std::move(scheme));

    JsonValue inner = Schema("object");
    JsonValue inner_props = JsonValue::Object();
    inner_props.PushKV("code", Schema("integer"));
    inner_props.PushKV("message", Schema("string"));
    inner.PushKV("properties", std::move(inner_props));
    JsonValue error = Schema("object");
    JsonValue props = JsonValue::Object();
    props.PushKV("error", std::move(inner));
    error.PushKV("properties", std::move(props));
    JsonValue schemas = JsonValue::Object();
    schemas.PushKV("Error", std::move(error));

    JsonValue components = JsonValue::Object();
    components.PushKV("securitySchemes", std::move(schemes));
    components.PushKV("schemas", std::move(schemas));
    return components;
}

} // namespace

JsonValue BuildOpenApi(const RouteTable& table, std::string_view version)
{
    JsonValue doc = JsonValue::Object();
    doc.PushKV("openapi", "3.0.3");
    JsonValue info = JsonValue::Object();
    info.PushKV("title", "bitnode web API");
    info.PushKV("version", std::string{version});
    info.PushKV("description", "The /api/v1 REST API of bitnode. Errors are {\"error\":{\"code\":<HTTP status>,"
                               "\"message\":<text>}}.");
    doc.PushKV("info", std::move(info));

    // Group operations by path, keeping the table's order of first appearance.
    std::vector<std::string> order;
    std::map<std::string, JsonValue> paths;
    for (const ApiRoute& route : table.Routes()) {
        auto [it, inserted] = paths.try_emplace(route.pattern, JsonValue::Object());
        if (inserted) order.push_back(route.pattern);
        it->second.PushKV(LowerMethod(route.method), Operation(route));
    }
    JsonValue paths_json = JsonValue::Object();
    for (const std::string& pattern : order) paths_json.PushKV(pattern, std::move(paths[pattern]));
    doc.PushKV("paths", std::move(paths_json));
    doc.PushKV("components", Components());
    return doc;
}

} // namespace rest
