// Connection: reading and writing on the connection's strand, the process queue and the
// send queue with their back-pressure (connection.h explains the rules).
#include <net/connection_io.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_set>

namespace net {

namespace {

/** Messages written with one system call, at most (a gather write of header/payload pairs). */
constexpr size_t MAX_MESSAGES_PER_WRITE = 64;
/** Payload bytes written with one system call, at most (one more message may exceed it). */
constexpr size_t MAX_BYTES_PER_WRITE = 256 * 1024;

/** Per-type statistics keep Core's known types and lump everything else together. */
const std::string& StatsKey(const std::string& type)
{
    static const std::unordered_set<std::string> known(AllMessageTypes().begin(), AllMessageTypes().end());
    static const std::string other{MSG_TYPE_OTHER};
    return known.contains(type) ? type : other;
}

/** Memory a queued message is charged for (payload plus header). */
size_t QueuedSize(size_t payload) { return payload + MessageHeader::HEADER_SIZE; }

} // namespace

std::string ConnectionTypeAsString(ConnectionType type)
{
    switch (type) {
    case ConnectionType::INBOUND:
        return "inbound";
    case ConnectionType::OUTBOUND_FULL_RELAY:
        return "outbound-full-relay";
    case ConnectionType::MANUAL:
        return "manual";
    case ConnectionType::FEELER:
        return "feeler";
    case ConnectionType::BLOCK_RELAY:
        return "block-relay-only";
    case ConnectionType::ADDR_FETCH:
        return "addr-fetch";
    }
    return "";
}

Service ServiceFromEndpoint(const boost::asio::ip::tcp::endpoint& endpoint)
{
    const boost::asio::ip::address ip = endpoint.address();
    if (ip.is_v4()) return Service{NetAddress::FromIPv4(ip.to_v4().to_bytes()), endpoint.port()};
    return Service{NetAddress::FromLegacyIPv6(ip.to_v6().to_bytes()), endpoint.port()};
}

boost::asio::ip::tcp::endpoint EndpointFromService(const Service& service)
{
    if (service.IsIPv4()) {
        boost::asio::ip::address_v4::bytes_type bytes;
        std::copy_n(service.Bytes().begin(), 4, bytes.begin());
        return {boost::asio::ip::address_v4{bytes}, service.GetPort()};
    }
    return {boost::asio::ip::address_v6{service.GetV1Bytes()}, service.GetPort()};
}

Connection::Connection(const ConnectionParams& params, std::unique_ptr<SocketIo> io, ConnectionEvents& events,
                       const util::Clock& clock)
    : m_params{params}, m_io{std::move(io)}, m_events{events}, m_clock{clock}, m_deserializer{params.magic}
{
    m_prefer_evict = params.prefer_evict;
    LOCK(m_stats_mutex);
    for (const std::string& type : AllMessageTypes()) {
        m_sent_per_type[type] = 0;
        m_recv_per_type[type] = 0;
    }
    m_sent_per_type[MSG_TYPE_OTHER] = 0;
    m_recv_per_type[MSG_TYPE_OTHER] = 0;
}

Connection::~Connection() = default;

void Connection::Start()
{
    boost::asio::post(m_io->strand, [self = shared_from_this()] { self->StartRead(); });
}

void Connection::StartRead()
{
    if (m_closed || m_reading) return;
    if (m_pause_recv) return; // PollMessage restarts reading once the queue drains
    m_reading = true;
    m_io->socket.async_read_some(
        boost::asio::buffer(m_io->read_buffer),
        boost::asio::bind_executor(
            m_io->strand, [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
                self->m_reading = false;
                if (ec) {
                    self->CloseOnStrand(ec == boost::asio::error::eof ? "socket closed by peer"
                                                                      : "socket recv error: " + ec.message());
                    return;
                }
                self->OnRead(n);
            }));
}

void Connection::AccountReceived(const std::string& type, size_t bytes)
{
    LOCK(m_stats_mutex);
    m_recv_per_type[type] += bytes;
}

void Connection::OnRead(size_t bytes)
{
    m_last_recv = m_clock.Now();
    m_bytes_recv += bytes;
    m_events.RecordBytesReceived(bytes);
    std::vector<ReceivedMessage> complete;
    if (const std::optional<std::string> error =
            m_deserializer.Feed(util::ByteSpan{m_io->read_buffer.data(), bytes}, complete)) {
        CloseOnStrand("receiving message bytes failed: " + *error);
        return;
    }
    bool added = false;
    for (ReceivedMessage& msg : complete) {
        if (msg.reject_reason) {
            // Dropped, the connection stays (Core 30's V1Transport): count it as "other".
            AccountReceived(MSG_TYPE_OTHER, msg.raw_size);
            continue;
        }
        AccountReceived(StatsKey(msg.type), msg.raw_size);
        LOCK(m_process_mutex);
        m_process_queue_bytes += QueuedSize(msg.payload.size());
        m_process_queue.push_back(std::move(msg));
        m_pause_recv = m_process_queue_bytes > m_params.max_receive_buffer;
        added = true;
    }
    if (added) m_events.WakeMessageHandler();
    StartRead();
}

std::optional<ReceivedMessage> Connection::PollMessage(bool& more)
{
    bool resume = false;
    std::optional<ReceivedMessage> msg;
    {
        LOCK(m_process_mutex);
        more = false;
        if (m_process_queue.empty()) return std::nullopt;
        msg = std::move(m_process_queue.front());
        m_process_queue.pop_front();
        m_process_queue_bytes -= QueuedSize(msg->payload.size());
        more = !m_process_queue.empty();
        const bool pause = m_process_queue_bytes > m_params.max_receive_buffer;
        resume = m_pause_recv && !pause;
        m_pause_recv = pause;
    }
    if (resume) boost::asio::post(m_io->strand, [self = shared_from_this()] { self->StartRead(); });
    return msg;
}

void Connection::QueueMessage(SerializedMessage&& msg)
{
    if (m_disconnect) return;
    OutMessage out{SerializeHeader(m_params.magic, msg), std::move(msg.data), std::move(msg.type)};
    bool start = false;
    SendResult sent;
    {
        LOCK(m_send_mutex);
        m_send_queue_bytes += QueuedSize(out.payload.size());
        m_send_queue.push_back(std::move(out));
        if (!m_writing && !m_closed) {
            // Optimistic send, as Core does: hand the bytes to the kernel from this thread
            // while no write is in flight, saving a hop to the I/O thread (the round trip
            // of a small message is dominated by such hops). What the kernel does not take
            // now is written by the strand.
            sent = SendNow();
            if (!m_send_queue.empty() && !sent.error) {
                m_writing = true;
                start = true;
            }
        }
        m_pause_send = m_send_queue_bytes > m_params.max_send_buffer;
    }
    if (sent.bytes) RecordSent(sent.bytes);
    if (sent.error) {
        m_disconnect = true;
        boost::asio::post(m_io->strand, [self = shared_from_this(), reason = "socket send error: " + *sent.error] {
            self->CloseOnStrand(reason);
        });
    } else if (start) {
        boost::asio::post(m_io->strand, [self = shared_from_this()] { self->WriteNext(); });
    }
}

Connection::SendResult Connection::SendNow()
{
    SendResult result;
    // The descriptor stays open while m_send_mutex is held: CloseOnStrand closes it under
    // the same mutex, so these sends can never reach a reused descriptor.
    const int fd = m_io->socket.native_handle();
    while (!m_send_queue.empty()) {
        const OutMessage& msg = m_send_queue.front();
        iovec iov[2];
        int count = 0;
        size_t offset = m_front_offset;
        if (offset < msg.header.size()) {
            iov[count++] = {const_cast<uint8_t*>(msg.header.data()) + offset, msg.header.size() - offset};
            offset = 0;
        } else {
            offset -= msg.header.size();
        }
        if (offset < msg.payload.size()) {
            iov[count++] = {const_cast<uint8_t*>(msg.payload.data()) + offset, msg.payload.size() - offset};
        }
        msghdr header{};
        header.msg_iov = iov;
        header.msg_iovlen = static_cast<size_t>(count);
        const ssize_t n = ::sendmsg(fd, &header, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) result.error = std::strerror(errno);
            break;
        }
        const size_t remaining = msg.header.size() + msg.payload.size() - m_front_offset;
        ConsumeSent(static_cast<size_t>(n));
        result.bytes += static_cast<size_t>(n);
        if (static_cast<size_t>(n) < remaining) break; // the kernel buffer is full
    }
    return result;
}

void Connection::ConsumeSent(size_t bytes)
{
    m_bytes_sent += bytes; // with the queue, so the two never disagree in a snapshot
    LOCK(m_stats_mutex);
    while (bytes > 0) {
        const OutMessage& msg = m_send_queue.front();
        const size_t total = msg.header.size() + msg.payload.size();
        const size_t take = std::min(bytes, total - m_front_offset);
        m_sent_per_type[StatsKey(msg.type)] += take;
        m_front_offset += take;
        bytes -= take;
        if (m_front_offset == total) {
            m_send_queue_bytes -= QueuedSize(msg.payload.size());
            m_send_queue.pop_front();
            m_front_offset = 0;
        }
    }
}

void Connection::RecordSent(size_t bytes)
{
    m_last_send = m_clock.Now();
    m_events.RecordBytesSent(bytes);
}

size_t Connection::SendQueueBytes() const
{
    LOCK(m_send_mutex);
    return m_send_queue_bytes;
}

void Connection::WriteNext()
{
    std::vector<boost::asio::const_buffer> buffers;
    size_t bytes = 0;
    {
        LOCK(m_send_mutex);
        if (m_closed || m_send_queue.empty()) {
            m_writing = false;
            return;
        }
        // Elements of a deque keep their addresses while others are appended, so the
        // buffers stay valid after the lock is released. The first message may be partly
        // sent already (by SendNow).
        size_t offset = m_front_offset;
        size_t messages = 0;
        for (const OutMessage& msg : m_send_queue) {
            if (messages == MAX_MESSAGES_PER_WRITE || (messages > 0 && bytes >= MAX_BYTES_PER_WRITE)) break;
            if (offset < msg.header.size())
                buffers.emplace_back(msg.header.data() + offset, msg.header.size() - offset);
            offset = offset > msg.header.size() ? offset - msg.header.size() : 0;
            if (offset < msg.payload.size())
                buffers.emplace_back(msg.payload.data() + offset, msg.payload.size() - offset);
            bytes += msg.header.size() + msg.payload.size();
            offset = 0;
            ++messages;
        }
    }
    boost::asio::async_write(
        m_io->socket, buffers,
        boost::asio::bind_executor(m_io->strand,
                                   [self = shared_from_this()](const boost::system::error_code& ec, size_t written) {
                                       if (ec) {
                                           {
                                               LOCK(self->m_send_mutex);
                                               self->m_writing = false;
                                           }
                                           self->CloseOnStrand("socket send error: " + ec.message());
                                           return;
                                       }
                                       self->OnWritten(written);
                                   }));
}

void Connection::OnWritten(size_t bytes)
{
    RecordSent(bytes);
    bool resumed = false;
    {
        LOCK(m_send_mutex);
        ConsumeSent(bytes);
        const bool pause = m_send_queue_bytes > m_params.max_send_buffer;
        resumed = m_pause_send && !pause;
        m_pause_send = pause;
    }
    if (resumed) m_events.WakeMessageHandler();
    WriteNext();
}

void Connection::RequestDisconnect()
{
    if (m_disconnect.exchange(true)) return;
    boost::asio::post(m_io->strand, [self = shared_from_this()] { self->CloseOnStrand("disconnect requested"); });
}

void Connection::CloseOnStrand(const std::string& reason)
{
    m_disconnect = true;
    {
        // Under m_send_mutex so that SendNow never uses the descriptor after (or while) it closes.
        LOCK(m_send_mutex);
        if (m_closed.exchange(true)) return;
        boost::system::error_code ignored;
        m_io->socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        m_io->socket.close(ignored);
    }
    m_events.ConnectionClosed(GetId(), reason);
    m_events.WakeMessageHandler();
}

void Connection::SetUserAgent(std::string ua)
{
    LOCK(m_stats_mutex);
    m_user_agent = std::move(ua);
}

ConnectionStats Connection::GetStats() const
{
    ConnectionStats stats;
    stats.id = GetId();
    stats.type = GetConnectionType();
    stats.addr = Addr();
    stats.addr_name = AddrName();
    stats.addr_bind = AddrBind();
    stats.network = ConnectedThroughNetwork();
    stats.connected_time = ConnectedTime();
    stats.last_send = m_last_send;
    stats.last_recv = m_last_recv;
    stats.bytes_sent = m_bytes_sent;
    stats.bytes_recv = m_bytes_recv;
    stats.version = m_version;
    stats.services = m_services;
    stats.starting_height = m_starting_height;
    stats.successfully_connected = m_successfully_connected;
    stats.relay_txs = m_relays_txs;
    stats.min_ping_time = m_min_ping_time.load();
    stats.last_ping_time = m_last_ping_time.load();
    stats.disconnect_requested = m_disconnect;
    stats.send_queue_bytes = SendQueueBytes();
    LOCK(m_stats_mutex);
    stats.bytes_sent_per_type = m_sent_per_type;
    stats.bytes_recv_per_type = m_recv_per_type;
    stats.user_agent = m_user_agent;
    return stats;
}

EvictionCandidate Connection::GetEvictionCandidate() const
{
    EvictionCandidate c;
    c.id = GetId();
    c.connected = std::chrono::seconds{ConnectedTime()};
    c.min_ping_time = m_min_ping_time.load();
    c.last_block_time = m_last_block_time.load();
    c.last_tx_time = m_last_tx_time.load();
    c.relevant_services = m_has_all_wanted_services;
    c.relay_txs = m_relays_txs;
    c.bloom_filter = m_bloom_filter_loaded;
    c.keyed_net_group = KeyedNetGroup();
    c.prefer_evict = m_prefer_evict;
    c.is_local = Addr().IsLocal();
    c.network = ConnectedThroughNetwork();
    c.noban = m_noban;
    c.inbound = IsInboundConn();
    return c;
}

} // namespace net
