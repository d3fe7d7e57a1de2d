// Internals of ConnectionManager (connman.h), shared by connman.cpp (lifecycle, inbound,
// the message handler, the public API) and connman_outbound.cpp (opening connections,
// slot filling, timeouts).
//
// Thread safety: members marked GUARDED_BY need their mutex; the Asio objects (acceptors,
// timers, pending connects) are touched only from handlers on the io_context and from
// Start/Stop while no I/O thread runs them concurrently (Stop posts its work).
#ifndef BITNODE_NET_CONNMAN_IMPL_H
#define BITNODE_NET_CONNMAN_IMPL_H

#include <crypto/random.h>
#include <net/connection_io.h>
#include <net/connman.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <deque>
#include <map>

namespace net {

/** An outbound connection in progress (resolving or connecting). */
struct ConnectAttempt {
    explicit ConnectAttempt(boost::asio::io_context& io)
        : strand{boost::asio::make_strand(io)}, socket{strand}, timer{strand}, resolver{strand}
    {}
    /** Socket, timer and resolver handlers all run here, so the timeout cannot race the connect. */
    boost::asio::strand<boost::asio::io_context::executor_type> strand;
    uint64_t id{0};
    ConnectionType type{ConnectionType::MANUAL};
    /** The -connect/-addnode/-seednode text, or empty for an address-manager pick. */
    std::string dest;
    /** The address-manager pick, if any. */
    std::optional<PeerAddress> addr;
    bool count_failure{false};
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer timer;
    boost::asio::ip::tcp::resolver resolver;
    bool timed_out{false};
};

class ConnectionManager::Impl final : public ConnectionEvents
{
public:
    Impl(const consensus::ChainParams& params, Options options, AddrMan& addrman, BanList* banlist,
         NetEventsInterface& events, const util::Clock& clock);
    ~Impl();

    // ConnectionEvents
    void WakeMessageHandler() override EXCLUSIVE_LOCKS_REQUIRED(!m_msgproc_mutex);
    void RecordBytesReceived(uint64_t bytes) override { m_total_bytes_recv += bytes; }
    void RecordBytesSent(uint64_t bytes) override { m_total_bytes_sent += bytes; }
    void ConnectionClosed(NodeId id, const std::string& reason) override;

    util::Result<void> Start() EXCLUSIVE_LOCKS_REQUIRED(!m_listen_mutex);
    void Stop() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_msgproc_mutex, !m_attempts_mutex);
    void Log(const std::string& line) const;

    // connman.cpp: inbound and the message handler.
    util::Result<void> BindListeners() EXCLUSIVE_LOCKS_REQUIRED(!m_listen_mutex);
    void AcceptNext(boost::asio::ip::tcp::acceptor& acceptor) EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    void HandleAccepted(boost::asio::ip::tcp::socket socket) EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_msgproc_mutex);
    bool AttemptToEvictConnection() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    void ThreadMessageHandler() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_msgproc_mutex);
    std::shared_ptr<Connection> AddConnection(boost::asio::ip::tcp::socket socket, ConnectionType type,
                                              const Service& addr, const std::string& addr_name, bool prefer_evict)
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_msgproc_mutex);
    int MaxInbound() const;
    uint64_t CalculateKeyedNetGroupImpl(const NetAddress& addr) const;

    // connman_outbound.cpp
    bool OpenNetworkConnection(const std::optional<PeerAddress>& addr, const std::string& dest, ConnectionType type,
                               bool count_failure) EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex);
    void StartConnect(const std::shared_ptr<ConnectAttempt>& attempt,
                      const std::vector<boost::asio::ip::tcp::endpoint>& endpoints)
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex);
    void FinishConnect(const std::shared_ptr<ConnectAttempt>& attempt, const boost::system::error_code& ec)
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_msgproc_mutex, !m_attempts_mutex);
    void RemoveAttempt(uint64_t id) EXCLUSIVE_LOCKS_REQUIRED(!m_attempts_mutex);
    void ScheduleOpenConnections() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    void OpenConnectionsTick() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex, !m_added_mutex);
    void OpenAddedConnections(const std::vector<std::string>& targets, bool limit_addnode)
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex, !m_added_mutex);
    void ProcessAddrFetch(int full_outbound)
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex, !m_added_mutex);
    void OpenAutomaticConnection() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex, !m_added_mutex);
    void ScheduleMaintenance();
    void MaintenanceTick() EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    /** Core's InactivityCheck: a reason to drop the peer, or nullopt. */
    std::optional<std::string> InactivityCheck(const Connection& node, int64_t now) const;
    bool AlreadyConnectedToHost(const std::string& name) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex, !m_attempts_mutex);
    bool AlreadyConnectedToAddress(const NetAddress& addr) const EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    bool AlreadyConnectedToAddressPort(const Service& addr) const EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);
    std::set<Network> ReachableNetworks() const;

    std::vector<std::shared_ptr<Connection>> Snapshot() const EXCLUSIVE_LOCKS_REQUIRED(!m_nodes_mutex);

    const consensus::ChainParams& m_params;
    const Options m_options;
    AddrMan& m_addrman;
    BanList* const m_banlist;
    NetEventsInterface& m_events;
    const util::Clock& m_clock;
    uint64_t m_netgroup_k0{0};
    uint64_t m_netgroup_k1{0};

    // Declared first so it is destroyed last: sockets and timers below belong to it.
    boost::asio::io_context m_io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_io_threads;
    std::thread m_msghand_thread;
    std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> m_acceptors;
    boost::asio::steady_timer m_open_timer;
    boost::asio::steady_timer m_maintenance_timer;
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_interrupt_net{false};
    std::atomic<bool> m_interrupt_msgproc{false};
    std::atomic<bool> m_network_active{true};
    std::atomic<uint64_t> m_total_bytes_recv{0};
    std::atomic<uint64_t> m_total_bytes_sent{0};
    std::atomic<NodeId> m_next_node_id{0};
    int64_t m_last_dump{0};       // maintenance timer only
    int64_t m_seed_timer{0};      // slot-filling timer only
    bool m_add_addr_fetch{false}; // slot-filling timer only

    mutable util::Mutex m_listen_mutex;
    std::vector<Service> m_listening GUARDED_BY(m_listen_mutex);

    mutable util::Mutex m_nodes_mutex;
    std::vector<std::shared_ptr<Connection>> m_nodes GUARDED_BY(m_nodes_mutex);

    mutable util::Mutex m_attempts_mutex;
    std::map<uint64_t, std::shared_ptr<ConnectAttempt>> m_attempts GUARDED_BY(m_attempts_mutex);
    uint64_t m_next_attempt_id GUARDED_BY(m_attempts_mutex){0};

    mutable util::Mutex m_added_mutex;
    std::vector<std::string> m_added_nodes GUARDED_BY(m_added_mutex);
    /** Earliest time (seconds) to retry a -connect/-addnode name. */
    std::map<std::string, int64_t> m_next_retry GUARDED_BY(m_added_mutex);
    std::deque<std::string> m_addr_fetches GUARDED_BY(m_added_mutex);
    std::vector<std::string> m_seed_nodes GUARDED_BY(m_added_mutex);

    struct CachedAddrResponse {
        std::vector<PeerAddress> addrs;
        int64_t expiration{0};
    };
    mutable util::Mutex m_addr_cache_mutex;
    std::map<uint64_t, CachedAddrResponse> m_addr_response_caches GUARDED_BY(m_addr_cache_mutex);

    mutable util::Mutex m_rng_mutex;
    crypto::FastRandomContext m_rng GUARDED_BY(m_rng_mutex);

    util::Mutex m_msgproc_mutex;
    util::ConditionVariable m_msgproc_cv;
    bool m_msgproc_wake GUARDED_BY(m_msgproc_mutex){false};
};

} // namespace net

#endif // BITNODE_NET_CONNMAN_IMPL_H
