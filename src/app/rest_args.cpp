#include <app/rest_args.h>

#include <util/fs.h>

#include <utility>

namespace app {

namespace {
constexpr const char* CAT_API = "Web API options";
} // namespace

void AddRestArgs(ArgsSpec& spec)
{
    using T = ArgType;
    spec.AddFlag("api", "Serve the /api/v1 web API on the RPC port (default: 1)", CAT_API);
    spec.AddValue("apikey-read", T::STRING, "<key>", "API key of the read role (at least 16 characters; repeatable)",
                  CAT_API, true);
    spec.AddValue("apikey-admin", T::STRING, "<key>",
                  "API key of the admin role: mining, miner policy, peers (at least 16 characters; repeatable)",
                  CAT_API, true);
    spec.AddValue("apikey-wallet", T::STRING, "<key>", "API key of the wallet role (reserved; repeatable)", CAT_API,
                  true);
    spec.AddValue("apikeyfile", T::STRING, "<file>",
                  "Read API keys from a file, one role:key per line (roles: read, admin, wallet)", CAT_API);
    spec.AddFlag("apiopenread", "Let requests without an API key use the read routes (default: 0)", CAT_API);
    spec.AddValue("apiratelimit", T::INT, "<n>", "Requests per second per client IP on /api/v1 (default: 0 = no limit)",
                  CAT_API);
    spec.AddValue("apiratelimitburst", T::INT, "<n>",
                  "Requests a client may make at once before -apiratelimit applies (default: 20)", CAT_API);
    spec.AddValue("corsorigin", T::STRING, "<origin>",
                  "Allow browsers on this origin to call /api/v1 (e.g. https://example.com, or * for any; repeatable; "
                  "default: none)",
                  CAT_API, true);
    spec.AddFlag("metrics", "Serve Prometheus metrics at /metrics (default: 1)", CAT_API);
    spec.AddFlag("health", "Serve /health, /health/live and /health/ready (default: 1)", CAT_API);
    spec.AddFlag("apievents", "Serve the server-sent event stream at /api/v1/events (default: 1)", CAT_API);
}

util::Result<rest::RestOptions> RestOptionsFromArgs(const Args& args, const std::filesystem::path& net_datadir)
{
    rest::RestOptions options;
    options.core_rest = args.GetBool("rest", false);
    options.api = args.GetBool("api", true);
    options.open_read = args.GetBool("apiopenread", false);
    options.metrics = args.GetBool("metrics", true);
    options.health = args.GetBool("health", true);
    options.events = args.GetBool("apievents", true);
    for (const auto& [flag, role] : {std::pair{"apikey-read", rest::Role::READ}, std::pair{"apikey-admin", rest::Role::ADMIN},
                                     std::pair{"apikey-wallet", rest::Role::WALLET}}) {
        for (const std::string& key : args.GetAll(flag)) {
            if (auto added = options.keys.Add(role, key); !added) return util::Error{"-" + std::string{flag} + ": " + added.error()};
        }
    }
    if (auto file = args.GetString("apikeyfile")) {
        std::filesystem::path path{*file};
        if (path.is_relative()) path = net_datadir / path;
        auto text = util::ReadFileText(path);
        if (!text) return util::Error{"Cannot read -apikeyfile " + path.string() + ": " + text.error()};
        if (auto added = options.keys.AddFromFileText(*text); !added) {
            return util::Error{"-apikeyfile " + path.string() + ": " + added.error()};
        }
    }
    const int64_t rate = args.GetInt("apiratelimit", 0);
    const int64_t burst = args.GetInt("apiratelimitburst", 20);
    if (rate < 0 || rate > 1'000'000) return util::Error{"-apiratelimit must be from 0 to 1000000"};
    if (burst < 1 || burst > 1'000'000) return util::Error{"-apiratelimitburst must be from 1 to 1000000"};
    options.rate_limit_per_second = static_cast<double>(rate);
    options.rate_limit_burst = static_cast<double>(burst);
    options.cors_origins = args.GetAll("corsorigin");
    for (const std::string& origin : options.cors_origins) {
        if (origin != "*" && !origin.starts_with("http://") && !origin.starts_with("https://")) {
            return util::Error{"-corsorigin=" + origin + " is not an origin (use scheme://host[:port] or *)"};
        }
    }
    return options;
}

} // namespace app
