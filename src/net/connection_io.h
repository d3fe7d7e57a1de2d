// The Boost.Asio side of a Connection: its socket, the strand that serialises every
// operation on it, and the read buffer. Internal to the net library (connection.cpp and
// connman*.cpp); other code sees only connection.h.
//
// Thread safety: everything here is touched only from handlers running on `strand`.
#ifndef BITNODE_NET_CONNECTION_IO_H
#define BITNODE_NET_CONNECTION_IO_H

#include <net/connection.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include <vector>

namespace net {

struct SocketIo {
    SocketIo(boost::asio::ip::tcp::socket&& sock)
        : strand{boost::asio::make_strand(sock.get_executor())}, socket{std::move(sock)}
    {}

    boost::asio::strand<boost::asio::any_io_executor> strand;
    boost::asio::ip::tcp::socket socket;
    /** Typical socket buffers are 64 KiB; reading that much at once keeps system calls few. */
    std::vector<uint8_t> read_buffer = std::vector<uint8_t>(64 * 1024);
};

/** A Service from an Asio endpoint (IPv4-mapped IPv6 becomes IPv4). */
Service ServiceFromEndpoint(const boost::asio::ip::tcp::endpoint& endpoint);
/** An Asio endpoint for an IPv4 or IPv6 Service. */
boost::asio::ip::tcp::endpoint EndpointFromService(const Service& service);

} // namespace net

#endif // BITNODE_NET_CONNECTION_IO_H
