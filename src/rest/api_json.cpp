// The JSON answers of /api/v1: one error shape, bodies, and pagination parameters.
#include <rest/rest_service.h>

#include <rest/url.h>

namespace rest {

net::HttpResponse ApiError(int status, std::string_view message)
{
    util::JsonValue inner = util::JsonValue::Object();
    inner.PushKV("code", status);
    inner.PushKV("message", message);
    util::JsonValue body = util::JsonValue::Object();
    body.PushKV("error", std::move(inner));
    return net::HttpResponse::Make(status, body.Write() + "\n", "application/json");
}

net::HttpResponse ApiJson(const util::JsonValue& value, int status)
{
    return net::HttpResponse::Make(status, value.Write() + "\n", "application/json");
}

std::vector<ApiParam> PageParams()
{
    return {{"page", ApiParam::In::QUERY, "integer", "Page number, from 1 (default 1)", false},
            {"limit", ApiParam::In::QUERY, "integer",
             "Items per page, 1 to " + std::to_string(MAX_PAGE_SIZE) + " (default " +
                 std::to_string(DEFAULT_PAGE_SIZE) + ")",
             false}};
}

std::optional<net::HttpResponse> ParsePage(const ApiRequest& request, Page& page)
{
    if (const auto raw = request.Query("page")) {
        const auto value = ParseBoundedUint(*raw, 1, 1'000'000'000);
        if (!value) return ApiError(net::HTTP_BAD_REQUEST, "page must be a whole number from 1");
        page.page = *value;
    }
    if (const auto raw = request.Query("limit")) {
        const auto value = ParseBoundedUint(*raw, 1, MAX_PAGE_SIZE);
        if (!value) {
            return ApiError(net::HTTP_BAD_REQUEST,
                            "limit must be a whole number from 1 to " + std::to_string(MAX_PAGE_SIZE));
        }
        page.limit = *value;
    }
    return std::nullopt;
}

} // namespace rest
