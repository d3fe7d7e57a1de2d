// The small blocking HTTP client bitnode-cli talks to the node with: one POST per
// connection ("Connection: close", as bitcoin-cli), Basic authentication, a timeout
// for the whole exchange.
//
// Thread safety: no shared state; each call uses its own io_context.
#ifndef BITNODE_APP_CLI_HTTP_H
#define BITNODE_APP_CLI_HTTP_H

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace app {

/** No connection, or the connection broke before a response: -rpcwait retries these. */
struct CliConnectionFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CliHttpReply {
    int status{0};
    std::string body;
};

struct CliHttpRequest {
    std::string host;
    uint16_t port{0};
    std::string target{"/"};
    std::string user_colon_password;
    std::string body;
    /** Zero: wait as long as it takes. */
    std::chrono::seconds timeout{0};
};

/** POST the request; throws CliConnectionFailed if no HTTP response came back. */
CliHttpReply PostHttp(const CliHttpRequest& request);

} // namespace app

#endif // BITNODE_APP_CLI_HTTP_H
