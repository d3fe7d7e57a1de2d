// Fuzz targets for what a web client controls before any node data is read: request
// targets (path segments, %-escapes, query strings) as the REST layers split them, Core's
// "<param>.<ext>" format suffix, /api/v1 route matching, and the getutxos URI and binary
// request body. Parsers must accept any bytes without crashing; what they accept must
// hold the documented invariants (no "."/".." or '/' in a decoded segment, a parsed
// getutxos body re-serializes to the same bytes).
#include "fuzz.h"

#include <primitives/streams.h>
#include <rest/core_rest_json.h>
#include <rest/routes.h>
#include <rest/url.h>
#include <util/strings.h>

#include <string>
#include <string_view>

namespace {

rest::RouteTable MakeTable()
{
    rest::RouteTable table;
    for (const char* pattern : {"/api/v1/blockchain/blocks/{hash}", "/api/v1/blockchain/blocks/latest",
                                "/api/v1/blockchain/blocks/height/{height}", "/api/v1/addresses/{address}/utxos"}) {
        rest::ApiRoute route;
        route.pattern = pattern;
        for (const char* name : {"hash", "height", "address"}) {
            if (std::string_view{pattern}.find(std::string{"{"} + name + "}") != std::string_view::npos) {
                route.params.push_back({name, rest::ApiParam::In::PATH, "string", "", true});
            }
        }
        route.handler = [](const rest::ApiRequest&) { return net::HttpResponse{}; };
        table.Add(std::move(route));
    }
    return table;
}

} // namespace

FUZZ_TARGET(rest_paths)
{
    const std::string_view text{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    static const rest::RouteTable table = MakeTable();

    if (auto parsed = rest::ParseTarget(text)) {
        for (const std::string& segment : parsed->segments) {
            FUZZ_CHECK(!segment.empty() && segment != "." && segment != "..");
            FUZZ_CHECK(segment.find('/') == std::string::npos && segment.find('\\') == std::string::npos);
        }
        FUZZ_CHECK(parsed->raw_path.find('?') == std::string::npos);
        std::vector<net::HttpMethod> allowed;
        if (auto match = table.Match(net::HttpMethod::GET, parsed->segments, &allowed)) {
            FUZZ_CHECK(match->route != nullptr && allowed.empty());
            for (const auto& [name, value] : match->path_params) FUZZ_CHECK(!name.empty() && !value.empty());
        }
    }

    std::string param;
    const rest::RestFormat format = rest::ParseDataFormat(text, param);
    FUZZ_CHECK(param.size() <= text.size());
    if (format != rest::RestFormat::UNDEF) FUZZ_CHECK(text.starts_with(param));

    if (param.size() > 1) {
        if (auto request = rest::ParseGetUtxosUri(util::SplitString(std::string_view{param}.substr(1), '/'))) {
            FUZZ_CHECK(!request->outpoints.empty());
        }
    }

    if (auto body = rest::ParseGetUtxosBody(text)) {
        // A parsed body is canonical apart from the flag byte's value: re-encode and compare.
        std::vector<uint8_t> again;
        primitives::VectorWriter writer{again};
        writer << static_cast<uint8_t>(text.empty() ? 0 : static_cast<uint8_t>(text[0])) << body->outpoints;
        FUZZ_CHECK(std::string(again.begin(), again.end()) == text);
    }
}
