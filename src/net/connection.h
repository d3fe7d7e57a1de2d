// One P2P connection: its identity, its queues, and the peer-state fields the message
// processor (node::PeerManager) and eviction read and write (Core's CNode).
//
// Bytes arrive on the I/O threads, go through the v1 deserializer, and complete messages
// wait in a process queue for the message-handler thread, which takes them one at a time
// with PollMessage(). Outgoing messages are queued by ConnectionManager::PushMessage and
// written in order by the I/O threads. Both directions apply back-pressure like Core:
//  - when the process queue holds more than the receive limit (-maxreceivebuffer), the
//    connection stops reading from its socket until the handler catches up;
//  - when the send queue holds more than the send limit (-maxsendbuffer),
//    IsSendPaused() turns true and the handler stops processing this peer's messages
//    (so a peer that does not read cannot make us queue replies without bound); its
//    process queue then fills and reading stops too.
//
// Thread safety: all public methods and atomics may be used from any thread. The socket
// and deserializer belong to the connection's strand on the I/O threads (connection_io.h).
#ifndef BITNODE_NET_CONNECTION_H
#define BITNODE_NET_CONNECTION_H

#include <consensus/chainparams.h>
#include <net/eviction.h>
#include <net/messages.h>
#include <net/netaddress.h>
#include <net/transport.h>
#include <util/sync.h>
#include <util/time.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace net {

/** Why a connection was made. DO NOT CHANGE the names: RPC output uses them. */
enum class ConnectionType {
    INBOUND,             //!< "inbound": the peer connected to us
    OUTBOUND_FULL_RELAY, //!< "outbound-full-relay": automatic, relays blocks, transactions and addresses
    MANUAL,              //!< "manual": -connect, -addnode or the addnode RPC
    FEELER,              //!< "feeler": short test of an address from the new table
    BLOCK_RELAY,         //!< "block-relay-only": automatic, blocks only
    ADDR_FETCH,          //!< "addr-fetch": -seednode; ask for addresses, then leave
};

/** Core's names ("inbound", "outbound-full-relay", "manual", "feeler", "block-relay-only", "addr-fetch"). */
std::string ConnectionTypeAsString(ConnectionType type);

/** A snapshot of one connection for getpeerinfo/getnettotals. */
struct ConnectionStats {
    NodeId id{0};
    ConnectionType type{ConnectionType::INBOUND};
    Service addr;
    std::string addr_name;
    Service addr_bind;
    Network network{Network::IPV4};
    int64_t connected_time{0};
    int64_t last_send{0};
    int64_t last_recv{0};
    uint64_t bytes_sent{0};
    uint64_t bytes_recv{0};
    std::map<std::string, uint64_t> bytes_sent_per_type;
    std::map<std::string, uint64_t> bytes_recv_per_type;
    // Filled in by the message processor:
    int32_t version{0};
    std::string user_agent;
    uint64_t services{0};
    int32_t starting_height{-1};
    bool successfully_connected{false};
    bool relay_txs{false};
    std::chrono::microseconds min_ping_time{std::chrono::microseconds::max()};
    std::chrono::microseconds last_ping_time{0};
    size_t send_queue_bytes{0};
    bool disconnect_requested{false};
};

/** What the I/O side of a connection tells its manager. */
class ConnectionEvents
{
public:
    /** New messages are ready, or sending resumed: wake the message handler. */
    virtual void WakeMessageHandler() = 0;
    virtual void RecordBytesReceived(uint64_t bytes) = 0;
    virtual void RecordBytesSent(uint64_t bytes) = 0;
    /** The socket closed (by either side, or an error); the handler will finalize the peer. */
    virtual void ConnectionClosed(NodeId id, const std::string& reason) = 0;

protected:
    ~ConnectionEvents() = default;
};

struct SocketIo;

/** Everything fixed when a connection is made. */
struct ConnectionParams {
    NodeId id{0};
    ConnectionType type{ConnectionType::INBOUND};
    Service addr;
    /** What the user asked for ("-connect=host:port"), or the address as text. */
    std::string addr_name;
    Service addr_bind;
    uint64_t keyed_net_group{0};
    /** Nonce of our version message, to detect connecting to ourselves. */
    uint64_t local_nonce{0};
    int64_t connected_time{0};
    consensus::MessageStartChars magic{};
    size_t max_receive_buffer{5'000'000};
    size_t max_send_buffer{1'000'000};
    bool prefer_evict{false};
};

class Connection : public std::enable_shared_from_this<Connection>
{
public:
    Connection(const ConnectionParams& params, std::unique_ptr<SocketIo> io, ConnectionEvents& events,
               const util::Clock& clock);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    NodeId GetId() const { return m_params.id; }
    ConnectionType GetConnectionType() const { return m_params.type; }
    const Service& Addr() const { return m_params.addr; }
    const std::string& AddrName() const { return m_params.addr_name; }
    const Service& AddrBind() const { return m_params.addr_bind; }
    uint64_t KeyedNetGroup() const { return m_params.keyed_net_group; }
    uint64_t LocalNonce() const { return m_params.local_nonce; }
    int64_t ConnectedTime() const { return m_params.connected_time; }
    /** The network for statistics and eviction: the address's net class (localhost is UNROUTABLE). */
    Network ConnectedThroughNetwork() const { return m_params.addr.GetNetClass(); }

    bool IsInboundConn() const { return m_params.type == ConnectionType::INBOUND; }
    bool IsOutboundOrBlockRelayConn() const
    {
        return m_params.type == ConnectionType::OUTBOUND_FULL_RELAY || m_params.type == ConnectionType::BLOCK_RELAY;
    }
    bool IsFullOutboundConn() const { return m_params.type == ConnectionType::OUTBOUND_FULL_RELAY; }
    bool IsManualConn() const { return m_params.type == ConnectionType::MANUAL; }
    bool IsManualOrFullOutboundConn() const { return IsManualConn() || IsFullOutboundConn(); }
    bool IsBlockOnlyConn() const { return m_params.type == ConnectionType::BLOCK_RELAY; }
    bool IsFeelerConn() const { return m_params.type == ConnectionType::FEELER; }
    bool IsAddrFetchConn() const { return m_params.type == ConnectionType::ADDR_FETCH; }
    /** Full-relay outbound and manual peers are expected to relay addresses to us. */
    bool ExpectServicesFromConn() const { return IsOutboundOrBlockRelayConn() || IsManualConn(); }

    /**
     * The next complete message from this peer, in arrival order; `more` says whether
     * others are waiting. Called by the message-handler thread.
     */
    std::optional<ReceivedMessage> PollMessage(bool& more) EXCLUSIVE_LOCKS_REQUIRED(!m_process_mutex);

    /** The send queue is over the limit: do not process this peer's messages until it drains. */
    bool IsSendPaused() const { return m_pause_send.load(); }
    /** Reading is stopped because the process queue is full. */
    bool IsReceivePaused() const { return m_pause_recv.load(); }

    /** Ask for the connection to be closed (Core's fDisconnect = true); safe from any thread. */
    void RequestDisconnect();
    bool IsDisconnectRequested() const { return m_disconnect.load(); }
    /** The socket is closed; no more bytes will arrive or leave. */
    bool IsClosed() const { return m_closed.load(); }

    /** Queue a message (use ConnectionManager::PushMessage). */
    void QueueMessage(SerializedMessage&& msg) EXCLUSIVE_LOCKS_REQUIRED(!m_send_mutex, !m_stats_mutex);
    /** Bytes queued to send and not yet written. */
    size_t SendQueueBytes() const EXCLUSIVE_LOCKS_REQUIRED(!m_send_mutex);

    ConnectionStats GetStats() const EXCLUSIVE_LOCKS_REQUIRED(!m_stats_mutex, !m_send_mutex);
    EvictionCandidate GetEvictionCandidate() const;

    /** Seconds since the epoch of the last byte sent / received (0: never). */
    int64_t LastSend() const { return m_last_send.load(); }
    int64_t LastRecv() const { return m_last_recv.load(); }

    // Peer state written by the message processor (Core's CNode fields of the same meaning).
    std::atomic<bool> m_successfully_connected{false};
    std::atomic<int32_t> m_version{0};
    std::atomic<uint64_t> m_services{0};
    std::atomic<int32_t> m_starting_height{-1};
    std::atomic<bool> m_relays_txs{false};
    std::atomic<bool> m_bloom_filter_loaded{false};
    std::atomic<bool> m_has_all_wanted_services{false};
    std::atomic<bool> m_prefer_evict{false};
    std::atomic<bool> m_noban{false};
    std::atomic<std::chrono::seconds> m_last_block_time{std::chrono::seconds{0}};
    std::atomic<std::chrono::seconds> m_last_tx_time{std::chrono::seconds{0}};
    std::atomic<std::chrono::microseconds> m_min_ping_time{std::chrono::microseconds::max()};
    std::atomic<std::chrono::microseconds> m_last_ping_time{std::chrono::microseconds{0}};
    void SetUserAgent(std::string ua) EXCLUSIVE_LOCKS_REQUIRED(!m_stats_mutex);

    // Used by ConnectionManager:
    /** Start reading (after the connection is registered). */
    void Start();
    /** The handler called InitializeNode / FinalizeNode for this peer. */
    std::atomic<bool> m_initialized{false};
    std::atomic<bool> m_finalized{false};

private:
    void StartRead();
    void OnRead(size_t bytes) EXCLUSIVE_LOCKS_REQUIRED(!m_stats_mutex, !m_process_mutex, !m_send_mutex);
    void WriteNext() EXCLUSIVE_LOCKS_REQUIRED(!m_send_mutex);
    void OnWritten(size_t bytes) EXCLUSIVE_LOCKS_REQUIRED(!m_send_mutex, !m_stats_mutex);
    struct SendResult {
        size_t bytes{0};
        std::optional<std::string> error;
    };
    /** Write queued bytes without blocking from the calling thread (no write may be in flight). */
    SendResult SendNow() EXCLUSIVE_LOCKS_REQUIRED(m_send_mutex, !m_stats_mutex);
    /** Drop `bytes` written bytes from the front of the send queue and count them per type. */
    void ConsumeSent(size_t bytes) EXCLUSIVE_LOCKS_REQUIRED(m_send_mutex, !m_stats_mutex);
    void RecordSent(size_t bytes);
    /** Close the socket (on the strand) and tell the manager once. */
    void CloseOnStrand(const std::string& reason) EXCLUSIVE_LOCKS_REQUIRED(!m_send_mutex);
    void AccountReceived(const std::string& type, size_t bytes) EXCLUSIVE_LOCKS_REQUIRED(!m_stats_mutex);

    const ConnectionParams m_params;
    std::unique_ptr<SocketIo> m_io;
    ConnectionEvents& m_events;
    const util::Clock& m_clock;

    V1Deserializer m_deserializer; // strand only
    bool m_reading{false};         // strand only
    std::atomic<bool> m_pause_recv{false};
    std::atomic<bool> m_pause_send{false};
    std::atomic<bool> m_disconnect{false};
    std::atomic<bool> m_closed{false};
    std::atomic<int64_t> m_last_send{0};
    std::atomic<int64_t> m_last_recv{0};
    std::atomic<uint64_t> m_bytes_sent{0};
    std::atomic<uint64_t> m_bytes_recv{0};

    mutable util::Mutex m_process_mutex;
    std::deque<ReceivedMessage> m_process_queue GUARDED_BY(m_process_mutex);
    size_t m_process_queue_bytes GUARDED_BY(m_process_mutex){0};

    struct OutMessage {
        std::array<uint8_t, MessageHeader::HEADER_SIZE> header;
        std::vector<uint8_t> payload;
        std::string type;
    };
    mutable util::Mutex m_send_mutex;
    std::deque<OutMessage> m_send_queue GUARDED_BY(m_send_mutex);
    size_t m_send_queue_bytes GUARDED_BY(m_send_mutex){0};
    /** A write is in flight on the strand (or posted); SendNow must not run meanwhile. */
    bool m_writing GUARDED_BY(m_send_mutex){false};
    /** Bytes of the front message (header then payload) already written. */
    size_t m_front_offset GUARDED_BY(m_send_mutex){0};

    mutable util::Mutex m_stats_mutex;
    std::map<std::string, uint64_t> m_sent_per_type GUARDED_BY(m_stats_mutex);
    std::map<std::string, uint64_t> m_recv_per_type GUARDED_BY(m_stats_mutex);
    std::string m_user_agent GUARDED_BY(m_stats_mutex);
};

} // namespace net

#endif // BITNODE_NET_CONNECTION_H
