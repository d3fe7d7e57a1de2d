// ConnectionManager: lifecycle, listening and inbound connections, the message-handler
// thread, and the public API. Outbound connections are in connman_outbound.cpp.
#include <net/connman_impl.h>

#include <crypto/siphash.h>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace net {

namespace {
/** Domain separator for keyed network groups (Core's RANDOMIZER_ID_NETGROUP). */
constexpr uint64_t RANDOMIZER_ID_NETGROUP = 0x6c0edd8036ef4036ULL;
/** Domain separator for getaddr cache ids (Core's RANDOMIZER_ID_ADDRCACHE). */
constexpr uint64_t RANDOMIZER_ID_ADDRCACHE = 0x1cf2e4ddd306dda9ULL;
} // namespace

ConnectionManager::Impl::Impl(const consensus::ChainParams& params, Options options, AddrMan& addrman, BanList* banlist,
                              NetEventsInterface& events, const util::Clock& clock)
    : m_params{params}, m_options{std::move(options)}, m_addrman{addrman}, m_banlist{banlist}, m_events{events},
      m_clock{clock}, m_open_timer{m_io}, m_maintenance_timer{m_io}
{
    LOCK(m_rng_mutex);
    m_netgroup_k0 = m_rng.Rand64();
    m_netgroup_k1 = m_rng.Rand64();
    LOCK(m_added_mutex);
    m_added_nodes = m_options.addnode;
    m_seed_nodes = m_options.seednode;
}

ConnectionManager::Impl::~Impl() { Stop(); }

void ConnectionManager::Impl::Log(const std::string& line) const
{
    if (m_options.log) m_options.log(line);
}

void ConnectionManager::Impl::WakeMessageHandler()
{
    {
        LOCK(m_msgproc_mutex);
        m_msgproc_wake = true;
    }
    m_msgproc_cv.NotifyOne();
}

void ConnectionManager::Impl::ConnectionClosed(NodeId id, const std::string& reason)
{
    Log(reason + ", disconnecting peer=" + std::to_string(id));
}

int ConnectionManager::Impl::MaxInbound() const
{
    const int outbound =
        m_options.max_outbound_full_relay + m_options.max_outbound_block_relay + MAX_FEELER_CONNECTIONS;
    return std::max(0, m_options.max_connections - outbound);
}

util::Result<void> ConnectionManager::Impl::BindListeners()
{
    if (!m_options.listen) return {};
    const uint16_t port = m_options.port.value_or(m_params.GetDefaultPort());
    std::vector<Service> binds = m_options.binds;
    if (binds.empty()) binds.emplace_back(NetAddress::FromIPv4({127, 0, 0, 1}), port);
    for (const Service& bind : binds) {
        const boost::asio::ip::tcp::endpoint endpoint = EndpointFromService(bind);
        auto acceptor = std::make_unique<boost::asio::ip::tcp::acceptor>(m_io);
        boost::system::error_code ec;
        acceptor->open(endpoint.protocol(), ec);
        if (!ec) acceptor->set_option(boost::asio::socket_base::reuse_address(true), ec);
        // An IPv6 listener must not also take IPv4 connections: that is the IPv4 bind's job.
        if (!ec && endpoint.address().is_v6()) acceptor->set_option(boost::asio::ip::v6_only(true), ec);
        if (!ec) acceptor->bind(endpoint, ec);
        if (!ec) acceptor->listen(boost::asio::socket_base::max_listen_connections, ec);
        if (ec) {
            return util::Error{"Unable to bind to " + bind.ToStringAddrPort() + " on this computer (" + ec.message() +
                               "). bitnoded is probably already running, or choose another -bind/-port."};
        }
        const Service bound = ServiceFromEndpoint(acceptor->local_endpoint());
        {
            LOCK(m_listen_mutex);
            m_listening.push_back(bound);
        }
        Log("Bound to " + bound.ToStringAddrPort());
        m_acceptors.push_back(std::move(acceptor));
    }
    return {};
}

util::Result<void> ConnectionManager::Impl::Start()
{
    if (m_started) return util::Error{"the connection manager is already started"};
    if (util::Result<void> bound = BindListeners(); !bound) {
        m_acceptors.clear();
        return bound;
    }
    m_started = true;
    m_last_dump = m_clock.Now();
    m_seed_timer =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    m_add_addr_fetch = m_addrman.Size() == 0 && !m_options.seednode.empty();
    m_work.emplace(m_io.get_executor());
    for (auto& acceptor : m_acceptors) {
        boost::asio::post(m_io, [this, a = acceptor.get()] { AcceptNext(*a); });
    }
    boost::asio::post(m_io, [this] {
        ScheduleMaintenance();
        OpenConnectionsTick();
    });
    for (int i = 0; i < std::max(1, m_options.io_threads); ++i) {
        m_io_threads.emplace_back([this] { m_io.run(); });
    }
    m_msghand_thread = std::thread([this] { ThreadMessageHandler(); });
    return {};
}

void ConnectionManager::Impl::Stop()
{
    if (!m_started) return;
    m_started = false;
    m_interrupt_net = true;
    m_interrupt_msgproc = true;
    WakeMessageHandler();
    if (m_msghand_thread.joinable()) m_msghand_thread.join();

    // Close everything from inside the io_context so no handler races with it, then let
    // the threads run out of work; stop them outright if something lingers.
    boost::asio::post(m_io, [this] {
        boost::system::error_code ignored;
        for (auto& acceptor : m_acceptors) acceptor->close(ignored);
        m_open_timer.cancel();
        m_maintenance_timer.cancel();
        std::vector<std::shared_ptr<ConnectAttempt>> attempts;
        {
            LOCK(m_attempts_mutex);
            for (const auto& [id, attempt] : m_attempts) attempts.push_back(attempt);
        }
        for (const auto& attempt : attempts) {
            attempt->resolver.cancel();
            attempt->timer.cancel();
            attempt->socket.close(ignored);
        }
        for (const auto& node : Snapshot()) node->RequestDisconnect();
    });
    m_work.reset();
    for (int i = 0; i < 200 && !m_io.stopped(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
    m_io.stop();
    for (std::thread& t : m_io_threads) t.join();
    m_io_threads.clear();

    // Every peer is closed now; hand the initialized ones back to the message processor.
    std::vector<std::shared_ptr<Connection>> nodes;
    {
        LOCK(m_nodes_mutex);
        nodes.swap(m_nodes);
    }
    for (const auto& node : nodes) {
        if (node->m_initialized && !node->m_finalized.exchange(true)) m_events.FinalizeNode(*node);
    }
    {
        LOCK(m_attempts_mutex);
        m_attempts.clear();
    }
    m_acceptors.clear();
    if (!m_options.peers_file.empty()) {
        if (util::Result<void> saved = m_addrman.Save(m_options.peers_file, m_params.MessageStart()); !saved) {
            Log(saved.error());
        }
    }
}

std::vector<std::shared_ptr<Connection>> ConnectionManager::Impl::Snapshot() const
{
    LOCK(m_nodes_mutex);
    return m_nodes;
}

void ConnectionManager::Impl::AcceptNext(boost::asio::ip::tcp::acceptor& acceptor)
{
    acceptor.async_accept([this, &acceptor](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || m_interrupt_net) return;
        if (ec) {
            Log("accept failed: " + ec.message());
        } else {
            HandleAccepted(std::move(socket));
        }
        AcceptNext(acceptor);
    });
}

bool ConnectionManager::Impl::AttemptToEvictConnection()
{
    std::vector<EvictionCandidate> candidates;
    {
        LOCK(m_nodes_mutex);
        for (const auto& node : m_nodes) {
            if (!node->IsDisconnectRequested()) candidates.push_back(node->GetEvictionCandidate());
        }
    }
    const std::optional<NodeId> evict = SelectNodeToEvict(std::move(candidates));
    if (!evict) return false;
    LOCK(m_nodes_mutex);
    for (const auto& node : m_nodes) {
        if (node->GetId() == *evict) {
            Log("selected " + ConnectionTypeAsString(node->GetConnectionType()) +
                " connection for eviction, peer=" + std::to_string(*evict));
            node->RequestDisconnect();
            return true;
        }
    }
    return false;
}

void ConnectionManager::Impl::HandleAccepted(boost::asio::ip::tcp::socket socket)
{
    boost::system::error_code ec;
    const boost::asio::ip::tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return; // gone already
    const Service addr = ServiceFromEndpoint(remote);
    if (!m_network_active) {
        Log("connection from " + addr.ToStringAddrPort() + " dropped: not accepting new connections");
        return;
    }
    if (m_banlist && m_banlist->IsBanned(addr)) {
        Log("connection from " + addr.ToStringAddrPort() + " dropped (banned)");
        return;
    }
    int inbound = 0;
    {
        LOCK(m_nodes_mutex);
        for (const auto& node : m_nodes) inbound += node->IsInboundConn() && !node->IsDisconnectRequested() ? 1 : 0;
    }
    const bool discouraged = m_banlist && m_banlist->IsDiscouraged(addr);
    // A discouraged peer gets a slot only while we are not (almost) full.
    if (discouraged && inbound + 1 >= MaxInbound()) {
        Log("connection from " + addr.ToStringAddrPort() + " dropped (discouraged)");
        return;
    }
    if (inbound >= MaxInbound() && !AttemptToEvictConnection()) {
        Log("failed to find an eviction candidate - connection dropped (full)");
        return;
    }
    AddConnection(std::move(socket), ConnectionType::INBOUND, addr, "", discouraged);
    Log("connection from " + addr.ToStringAddrPort() + " accepted");
}

std::shared_ptr<Connection> ConnectionManager::Impl::AddConnection(boost::asio::ip::tcp::socket socket,
                                                                   ConnectionType type, const Service& addr,
                                                                   const std::string& addr_name, bool prefer_evict)
{
    boost::system::error_code ec;
    socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
    const boost::asio::ip::tcp::endpoint local = socket.local_endpoint(ec);
    ConnectionParams params;
    params.id = m_next_node_id++;
    params.type = type;
    params.addr = addr;
    params.addr_name = addr_name.empty() ? addr.ToStringAddrPort() : addr_name;
    if (!ec) params.addr_bind = ServiceFromEndpoint(local);
    params.keyed_net_group = CalculateKeyedNetGroupImpl(addr);
    {
        LOCK(m_rng_mutex);
        params.local_nonce = m_rng.Rand64();
    }
    params.connected_time = m_clock.Now();
    params.magic = m_params.MessageStart();
    params.max_receive_buffer = m_options.max_receive_buffer;
    params.max_send_buffer = m_options.max_send_buffer;
    params.prefer_evict = prefer_evict;
    auto node = std::make_shared<Connection>(params, std::make_unique<SocketIo>(std::move(socket)), *this, m_clock);
    {
        LOCK(m_nodes_mutex);
        m_nodes.push_back(node);
    }
    node->Start();
    WakeMessageHandler();
    return node;
}

uint64_t ConnectionManager::Impl::CalculateKeyedNetGroupImpl(const NetAddress& addr) const
{
    crypto::SipHasher hasher{m_netgroup_k0, m_netgroup_k1};
    hasher.Write(RANDOMIZER_ID_NETGROUP);
    hasher.Write(addr.GetGroup());
    return hasher.Finalize();
}

void ConnectionManager::Impl::ThreadMessageHandler()
{
    crypto::FastRandomContext rng;
    while (!m_interrupt_msgproc) {
        std::vector<std::shared_ptr<Connection>> closed;
        std::vector<std::shared_ptr<Connection>> nodes;
        {
            LOCK(m_nodes_mutex);
            for (const auto& node : m_nodes) (node->IsClosed() ? closed : nodes).push_back(node);
            std::erase_if(m_nodes, [](const std::shared_ptr<Connection>& node) { return node->IsClosed(); });
        }
        for (const auto& node : closed) {
            if (node->m_initialized && !node->m_finalized.exchange(true)) m_events.FinalizeNode(*node);
        }
        for (const auto& node : nodes) {
            if (!node->m_initialized.exchange(true)) m_events.InitializeNode(*node, m_options.local_services);
        }
        // A random order each round, so that no peer gains by its position in the list.
        std::shuffle(nodes.begin(), nodes.end(), rng);
        bool more_work = false;
        for (const auto& node : nodes) {
            if (node->IsDisconnectRequested()) continue;
            if (!node->IsSendPaused()) more_work |= m_events.ProcessMessages(*node, m_interrupt_msgproc);
            if (m_interrupt_msgproc) return;
            m_events.SendMessages(*node);
            if (m_interrupt_msgproc) return;
        }
        WAIT_LOCK(m_msgproc_mutex, lock);
        if (!more_work) {
            m_msgproc_cv.WaitFor(lock, std::chrono::milliseconds{100},
                                 [&]() EXCLUSIVE_LOCKS_REQUIRED(m_msgproc_mutex) { return m_msgproc_wake; });
        }
        m_msgproc_wake = false;
    }
}

//
// ConnectionManager: the public API forwards to Impl.
//

ConnectionManager::ConnectionManager(const consensus::ChainParams& params, Options options, AddrMan& addrman,
                                     BanList* banlist, NetEventsInterface& events, const util::Clock& clock)
    : m_impl{std::make_unique<Impl>(params, std::move(options), addrman, banlist, events, clock)}
{}

ConnectionManager::~ConnectionManager() = default;

util::Result<void> ConnectionManager::Start() { return m_impl->Start(); }
void ConnectionManager::Stop() { m_impl->Stop(); }

std::vector<Service> ConnectionManager::ListeningAddresses() const
{
    LOCK(m_impl->m_listen_mutex);
    return m_impl->m_listening;
}

bool ConnectionManager::OpenConnection(const std::string& dest, ConnectionType type)
{
    if (type == ConnectionType::INBOUND || !m_impl->m_started) return false;
    return m_impl->OpenNetworkConnection(std::nullopt, dest, type, false);
}

bool ConnectionManager::AddNode(const std::string& node)
{
    LOCK(m_impl->m_added_mutex);
    if (std::find(m_impl->m_added_nodes.begin(), m_impl->m_added_nodes.end(), node) != m_impl->m_added_nodes.end()) {
        return false;
    }
    m_impl->m_added_nodes.push_back(node);
    return true;
}

bool ConnectionManager::RemoveAddedNode(const std::string& node)
{
    LOCK(m_impl->m_added_mutex);
    const size_t erased = std::erase(m_impl->m_added_nodes, node);
    m_impl->m_next_retry.erase(node);
    return erased > 0;
}

std::vector<ConnectionManager::AddedNodeInfo> ConnectionManager::GetAddedNodeInfo() const
{
    std::vector<std::string> added;
    {
        LOCK(m_impl->m_added_mutex);
        added = m_impl->m_added_nodes;
    }
    const auto nodes = m_impl->Snapshot();
    std::vector<AddedNodeInfo> out;
    for (const std::string& name : added) {
        AddedNodeInfo info{name, false, Service::Parse(name, m_impl->m_params.GetDefaultPort())};
        for (const auto& node : nodes) {
            if (node->IsClosed()) continue;
            if (node->AddrName() == name || (info.resolved && node->Addr() == *info.resolved)) {
                info.connected = true;
                info.resolved = node->Addr();
            }
        }
        out.push_back(std::move(info));
    }
    return out;
}

void ConnectionManager::PushMessage(Connection& node, SerializedMessage&& msg) { node.QueueMessage(std::move(msg)); }

bool ConnectionManager::ForNode(NodeId id, const std::function<bool(Connection&)>& func)
{
    std::shared_ptr<Connection> found;
    {
        LOCK(m_impl->m_nodes_mutex);
        for (const auto& node : m_impl->m_nodes) {
            if (node->GetId() == id && !node->IsClosed()) found = node;
        }
    }
    return found && func(*found);
}

void ConnectionManager::ForEachNode(const std::function<void(Connection&)>& func)
{
    for (const auto& node : m_impl->Snapshot()) {
        if (!node->IsClosed()) func(*node);
    }
}

bool ConnectionManager::DisconnectNode(NodeId id)
{
    return ForNode(id, [](Connection& node) {
        node.RequestDisconnect();
        return true;
    });
}

bool ConnectionManager::DisconnectNode(const SubNet& subnet)
{
    bool any = false;
    ForEachNode([&](Connection& node) {
        if (subnet.Match(node.Addr())) {
            node.RequestDisconnect();
            any = true;
        }
    });
    return any;
}

bool ConnectionManager::DisconnectNode(const std::string& name)
{
    const std::optional<Service> service = Service::Parse(name, m_impl->m_params.GetDefaultPort());
    bool any = false;
    ForEachNode([&](Connection& node) {
        if (any) return;
        if (node.AddrName() == name || (service && node.Addr() == *service)) {
            node.RequestDisconnect();
            any = true;
        }
    });
    return any;
}

size_t ConnectionManager::GetNodeCount(ConnectionDirection direction) const
{
    size_t count = 0;
    for (const auto& node : m_impl->Snapshot()) {
        if (node->IsClosed()) continue;
        const ConnectionDirection dir = node->IsInboundConn() ? ConnectionDirection::IN : ConnectionDirection::OUT;
        if (static_cast<int>(direction) & static_cast<int>(dir)) ++count;
    }
    return count;
}

std::vector<ConnectionStats> ConnectionManager::GetNodeStats() const
{
    std::vector<ConnectionStats> stats;
    for (const auto& node : m_impl->Snapshot()) {
        if (!node->IsClosed()) stats.push_back(node->GetStats());
    }
    return stats;
}

uint64_t ConnectionManager::GetTotalBytesRecv() const { return m_impl->m_total_bytes_recv; }
uint64_t ConnectionManager::GetTotalBytesSent() const { return m_impl->m_total_bytes_sent; }
uint64_t ConnectionManager::GetLocalServices() const { return m_impl->m_options.local_services; }

bool ConnectionManager::CheckIncomingNonce(uint64_t nonce) const
{
    for (const auto& node : m_impl->Snapshot()) {
        if (!node->m_successfully_connected && !node->IsInboundConn() && node->LocalNonce() == nonce) return false;
    }
    return true;
}

void ConnectionManager::SetNetworkActive(bool active)
{
    if (m_impl->m_network_active.exchange(active) == active) return;
    m_impl->Log(std::string("SetNetworkActive: ") + (active ? "true" : "false"));
    if (!active) {
        for (const auto& node : m_impl->Snapshot()) node->RequestDisconnect();
    }
}

bool ConnectionManager::GetNetworkActive() const { return m_impl->m_network_active; }

void ConnectionManager::WakeMessageHandler() { m_impl->WakeMessageHandler(); }

uint64_t ConnectionManager::CalculateKeyedNetGroup(const NetAddress& addr) const
{
    return m_impl->CalculateKeyedNetGroupImpl(addr);
}

std::vector<PeerAddress> ConnectionManager::GetAddressesUnsafe(size_t max_addresses, size_t max_pct,
                                                               std::optional<Network> network) const
{
    std::vector<PeerAddress> addrs = m_impl->m_addrman.GetAddr(max_addresses, max_pct, network);
    if (BanList* bans = m_impl->m_banlist) {
        std::erase_if(addrs, [&](const PeerAddress& a) { return bans->IsDiscouraged(a) || bans->IsBanned(a); });
    }
    return addrs;
}

std::vector<PeerAddress> ConnectionManager::GetAddresses(const Connection& requestor, size_t max_addresses,
                                                         size_t max_pct)
{
    // One cache per way in: the requestor's network and the local address (and, inbound,
    // port) it reached us on, so peers on different networks cannot link our identities.
    crypto::SipHasher hasher{m_impl->m_netgroup_k0, m_impl->m_netgroup_k1};
    hasher.Write(RANDOMIZER_ID_ADDRCACHE);
    const uint8_t net = static_cast<uint8_t>(requestor.ConnectedThroughNetwork());
    hasher.Write(util::ByteSpan{&net, 1});
    hasher.Write(requestor.AddrBind().Bytes());
    const uint16_t port = requestor.IsInboundConn() ? requestor.AddrBind().GetPort() : 0;
    const uint8_t port_bytes[2]{static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port)};
    hasher.Write(util::ByteSpan{port_bytes, 2});
    const uint64_t cache_id = hasher.Finalize();

    const int64_t now = m_impl->m_clock.Now();
    int64_t lifetime;
    {
        LOCK(m_impl->m_rng_mutex);
        lifetime = 21 * 3600 + static_cast<int64_t>(m_impl->m_rng.RandRange(6 * 3600));
    }
    LOCK(m_impl->m_addr_cache_mutex);
    Impl::CachedAddrResponse& entry = m_impl->m_addr_response_caches[cache_id];
    if (entry.expiration < now) {
        entry.addrs = GetAddressesUnsafe(max_addresses, max_pct);
        entry.expiration = now + lifetime;
    }
    return entry.addrs;
}

util::Result<void> ConnectionManager::DumpAddresses() const
{
    if (m_impl->m_options.peers_file.empty()) return {};
    return m_impl->m_addrman.Save(m_impl->m_options.peers_file, m_impl->m_params.MessageStart());
}

} // namespace net
