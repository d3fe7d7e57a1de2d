#include <app/cli_http.h>

#include <rpc/auth.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace app {

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
} // namespace

CliHttpReply PostHttp(const CliHttpRequest& request)
{
    asio::io_context io;
    beast::tcp_stream stream{io};
    beast::error_code result;
    // Each step is asynchronous only so that the stream's deadline applies to it.
    auto run = [&](auto start) {
        result = {};
        if (request.timeout.count() > 0) stream.expires_after(request.timeout);
        start([&](beast::error_code ec, auto&&...) { result = ec; });
        io.restart();
        io.run();
        return result;
    };
    const std::string where = request.host + ":" + std::to_string(request.port);

    tcp::resolver resolver{io};
    beast::error_code ec;
    const auto endpoints = resolver.resolve(request.host, std::to_string(request.port), ec);
    if (ec) throw CliConnectionFailed("Could not connect to the server " + where + " (" + ec.message() + ")");
    if (run([&](auto handler) { stream.async_connect(endpoints, handler); })) {
        throw CliConnectionFailed("Could not connect to the server " + where + " (" + result.message() + ")");
    }
    stream.socket().set_option(tcp::no_delay(true), ec);

    http::request<http::string_body> message{http::verb::post, request.target, 11};
    message.set(http::field::host, request.host);
    message.set(http::field::connection, "close");
    message.set(http::field::content_type, "application/json");
    message.set(http::field::authorization, "Basic " + rpc::EncodeBase64(request.user_colon_password));
    message.body() = request.body;
    message.prepare_payload();
    if (run([&](auto handler) { http::async_write(stream, message, handler); })) {
        throw CliConnectionFailed("Could not send the request to " + where + " (" + result.message() + ")");
    }

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none); // replies (a large getblock) may be big
    parser.header_limit(64 * 1024);
    if (run([&](auto handler) { http::async_read(stream, buffer, parser, handler); })) {
        const std::string reason = result == beast::error::timeout ? "timeout reached" : result.message();
        throw CliConnectionFailed("Could not connect to the server " + where + " (error: " + reason + ")");
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
}

} // namespace app
