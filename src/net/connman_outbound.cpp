// ConnectionManager: outbound connections (name resolution, connect with timeout),
// filling the outbound slots from the address manager, -connect/-addnode/-seednode, and
// the periodic timeout checks.
#include <net/connman_impl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <array>

namespace net {

namespace {

constexpr std::chrono::milliseconds OPEN_CONNECTIONS_INTERVAL{500};
constexpr std::chrono::seconds MAINTENANCE_INTERVAL{1};
/** Pause between retries of a -connect peer (Core backs off to 5 seconds). */
constexpr std::chrono::seconds CONNECT_RETRY_INTERVAL{5};
/** With fewer full-relay outbound peers than this, ask the next -seednode for addresses ... */
constexpr int SEED_OUTBOUND_CONNECTION_THRESHOLD = 2;
/** ... every this often. */
constexpr std::chrono::seconds ADD_NEXT_SEEDNODE{10};
/** Longest life of an addr-fetch connection. */
constexpr std::chrono::seconds ADDR_FETCH_TIMEOUT{5 * 60};

/** Ports of other services that automatic connections avoid (Core's list, its doc/p2p-bad-ports.md). */
constexpr uint16_t BAD_PORTS[] = {
    1,    7,    9,    11,   13,   15,   17,   19,   20,   21,   22,   23,   25,   37,   42,   43,    53,
    69,   77,   79,   87,   95,   101,  102,  103,  104,  109,  110,  111,  113,  115,  117,  119,   123,
    135,  137,  139,  143,  161,  179,  389,  427,  465,  512,  513,  514,  515,  526,  530,  531,   532,
    540,  548,  554,  556,  563,  587,  601,  636,  989,  990,  993,  995,  1719, 1720, 1723, 2049,  3306,
    3389, 3659, 4045, 5060, 5061, 5432, 5900, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080, 27017};

bool IsBadPort(uint16_t port)
{
    return std::find(std::begin(BAD_PORTS), std::end(BAD_PORTS), port) != std::end(BAD_PORTS);
}

int64_t SteadySeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/** "host:port" into its parts; the chain's port when none is given. */
std::pair<std::string, std::string> SplitHostPort(const std::string& dest, uint16_t default_port)
{
    const size_t colon = dest.rfind(':');
    if (colon != std::string::npos && dest.find(':') == colon) return {dest.substr(0, colon), dest.substr(colon + 1)};
    return {dest, std::to_string(default_port)};
}

} // namespace

std::set<Network> ConnectionManager::Impl::ReachableNetworks() const
{
    // Only IPv4 and IPv6 can be reached: bitnode has no Tor, I2P or CJDNS support.
    std::set<Network> nets;
    for (Network net : {Network::IPV4, Network::IPV6}) {
        if (m_options.onlynet.empty() || m_options.onlynet.contains(net)) nets.insert(net);
    }
    return nets;
}

bool ConnectionManager::Impl::AlreadyConnectedToHost(const std::string& name) const
{
    {
        LOCK(m_nodes_mutex);
        for (const auto& node : m_nodes) {
            if (!node->IsClosed() && node->AddrName() == name) return true;
        }
    }
    LOCK(m_attempts_mutex);
    for (const auto& [id, attempt] : m_attempts) {
        if (attempt->dest == name) return true;
    }
    return false;
}

bool ConnectionManager::Impl::AlreadyConnectedToAddress(const NetAddress& addr) const
{
    LOCK(m_nodes_mutex);
    return std::any_of(m_nodes.begin(), m_nodes.end(), [&](const auto& node) {
        return !node->IsClosed() && static_cast<const NetAddress&>(node->Addr()) == addr;
    });
}

bool ConnectionManager::Impl::AlreadyConnectedToAddressPort(const Service& addr) const
{
    LOCK(m_nodes_mutex);
    return std::any_of(m_nodes.begin(), m_nodes.end(),
                       [&](const auto& node) { return !node->IsClosed() && node->Addr() == addr; });
}

bool ConnectionManager::Impl::OpenNetworkConnection(const std::optional<PeerAddress>& addr, const std::string& dest,
                                                    ConnectionType type, bool count_failure)
{
    if (m_interrupt_net || !m_network_active) return false;
    if (dest.empty()) {
        if (!addr) return false;
        if (m_banlist && (m_banlist->IsBanned(*addr) || m_banlist->IsDiscouraged(*addr))) return false;
        if (AlreadyConnectedToAddress(*addr)) return false;
    } else if (AlreadyConnectedToHost(dest)) {
        return false;
    }
    auto attempt = std::make_shared<ConnectAttempt>(m_io);
    attempt->type = type;
    attempt->dest = dest;
    attempt->addr = addr;
    attempt->count_failure = count_failure;
    {
        LOCK(m_attempts_mutex);
        attempt->id = m_next_attempt_id++;
        m_attempts.emplace(attempt->id, attempt);
    }
    // Everything on the attempt happens on its strand, never on the caller's thread.
    boost::asio::post(attempt->strand, [this, attempt] {
        if (m_interrupt_net) {
            FinishConnect(attempt, boost::asio::error::operation_aborted);
            return;
        }
        const uint16_t default_port = m_params.GetDefaultPort();
        if (attempt->addr) {
            StartConnect(attempt, {EndpointFromService(*attempt->addr)});
            return;
        }
        if (const std::optional<Service> numeric = Service::Parse(attempt->dest, default_port)) {
            StartConnect(attempt, {EndpointFromService(*numeric)});
            return;
        }
        const auto [host, port] = SplitHostPort(attempt->dest, default_port);
        attempt->resolver.async_resolve(host, port,
                                        [this, attempt](const boost::system::error_code& ec,
                                                        const boost::asio::ip::tcp::resolver::results_type& results) {
                                            if (ec || results.empty()) {
                                                FinishConnect(attempt, ec ? ec : boost::asio::error::host_not_found);
                                                return;
                                            }
                                            std::vector<boost::asio::ip::tcp::endpoint> endpoints;
                                            for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                                            StartConnect(attempt, endpoints);
                                        });
    });
    return true;
}

void ConnectionManager::Impl::StartConnect(const std::shared_ptr<ConnectAttempt>& attempt,
                                           const std::vector<boost::asio::ip::tcp::endpoint>& endpoints)
{
    attempt->timer.expires_after(m_options.connect_timeout);
    attempt->timer.async_wait([attempt](const boost::system::error_code& ec) {
        if (ec) return; // cancelled: the connect finished first
        attempt->timed_out = true;
        boost::system::error_code ignored;
        attempt->socket.close(ignored);
    });
    boost::asio::async_connect(
        attempt->socket, endpoints,
        [this, attempt](const boost::system::error_code& ec, const boost::asio::ip::tcp::endpoint&) {
            attempt->timer.cancel();
            FinishConnect(attempt, ec);
        });
}

void ConnectionManager::Impl::RemoveAttempt(uint64_t id)
{
    LOCK(m_attempts_mutex);
    m_attempts.erase(id);
}

void ConnectionManager::Impl::FinishConnect(const std::shared_ptr<ConnectAttempt>& attempt,
                                            const boost::system::error_code& ec)
{
    const std::string name = attempt->dest.empty() ? attempt->addr->ToStringAddrPort() : attempt->dest;
    // Every attempt at an address-manager pick counts, successful or not (Core's ConnectNode).
    if (attempt->addr) m_addrman.Attempt(*attempt->addr, attempt->count_failure);
    if (ec || m_interrupt_net || !m_network_active) {
        if (!m_interrupt_net) {
            Log("connection to " + name +
                " failed: " + (attempt->timed_out ? std::string("connect timed out") : ec.message()));
        }
        RemoveAttempt(attempt->id);
        return;
    }
    boost::system::error_code remote_ec;
    const boost::asio::ip::tcp::endpoint remote = attempt->socket.remote_endpoint(remote_ec);
    if (remote_ec) {
        RemoveAttempt(attempt->id);
        return;
    }
    const Service addr = attempt->addr ? Service{*attempt->addr} : ServiceFromEndpoint(remote);
    if (AlreadyConnectedToAddressPort(addr)) {
        // Two names for one peer (or a race with another attempt): keep the first connection.
        Log("not connecting to " + name + ": already connected to " + addr.ToStringAddrPort());
        RemoveAttempt(attempt->id);
        return;
    }
    AddConnection(std::move(attempt->socket), attempt->type, addr, attempt->dest, false);
    // Removed only now, so that AlreadyConnectedToHost sees the name all along.
    RemoveAttempt(attempt->id);
    Log("connected to " + name + " (" + ConnectionTypeAsString(attempt->type) + ")");
}

void ConnectionManager::Impl::ScheduleOpenConnections()
{
    m_open_timer.expires_after(OPEN_CONNECTIONS_INTERVAL);
    m_open_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec || m_interrupt_net) return;
        OpenConnectionsTick();
    });
}

void ConnectionManager::Impl::OpenConnectionsTick()
{
    if (m_interrupt_net) return;
    if (m_network_active) {
        if (!m_options.connect.empty()) {
            OpenAddedConnections(m_options.connect, /*limit_addnode=*/false);
        } else {
            std::vector<std::string> added;
            {
                LOCK(m_added_mutex);
                added = m_added_nodes;
            }
            OpenAddedConnections(added, /*limit_addnode=*/true);
            if (m_options.automatic_outbound) OpenAutomaticConnection();
        }
    }
    ScheduleOpenConnections();
}

void ConnectionManager::Impl::OpenAddedConnections(const std::vector<std::string>& targets, bool limit_addnode)
{
    int manual = 0;
    for (const auto& node : Snapshot()) manual += !node->IsClosed() && node->IsManualConn() ? 1 : 0;
    {
        LOCK(m_attempts_mutex);
        for (const auto& [id, attempt] : m_attempts) manual += attempt->type == ConnectionType::MANUAL ? 1 : 0;
    }
    const int64_t now = SteadySeconds();
    const int64_t retry = limit_addnode ? m_options.addnode_retry_interval.count()
                                        : std::min(m_options.addnode_retry_interval, CONNECT_RETRY_INTERVAL).count();
    for (const std::string& name : targets) {
        if (limit_addnode && manual >= m_options.max_addnode) break;
        if (AlreadyConnectedToHost(name)) continue;
        if (const auto service = Service::Parse(name, m_params.GetDefaultPort());
            service && AlreadyConnectedToAddressPort(*service)) {
            continue;
        }
        {
            LOCK(m_added_mutex);
            int64_t& next = m_next_retry[name];
            if (now < next) continue;
            next = now + retry;
        }
        if (OpenNetworkConnection(std::nullopt, name, ConnectionType::MANUAL, false)) ++manual;
    }
}

void ConnectionManager::Impl::ProcessAddrFetch(int full_outbound)
{
    std::string dest;
    {
        LOCK(m_added_mutex);
        if (m_add_addr_fetch && !m_seed_nodes.empty()) {
            m_addr_fetches.push_back(m_seed_nodes.back());
            m_seed_nodes.pop_back();
            Log((m_addrman.Size() == 0 ? "Empty addrman, adding seednode ("
                                       : "Couldn't connect to peers from addrman, adding seednode (") +
                m_addr_fetches.back() + ") to addrfetch");
        }
        m_add_addr_fetch = false;
        if (!m_addr_fetches.empty()) {
            dest = m_addr_fetches.front();
            m_addr_fetches.pop_front();
        }
        // Few full-relay peers: ask the next seed node every ADD_NEXT_SEEDNODE.
        const int64_t now = SteadySeconds();
        if (!m_seed_nodes.empty() && full_outbound < SEED_OUTBOUND_CONNECTION_THRESHOLD &&
            now > m_seed_timer + ADD_NEXT_SEEDNODE.count()) {
            m_seed_timer = now;
            m_add_addr_fetch = true;
        }
    }
    if (!dest.empty()) OpenNetworkConnection(std::nullopt, dest, ConnectionType::ADDR_FETCH, false);
}

void ConnectionManager::Impl::OpenAutomaticConnection()
{
    int full = 0;
    int block = 0;
    std::set<std::vector<uint8_t>> groups;
    auto count = [&](ConnectionType type, const std::optional<NetAddress>& addr) {
        if (type == ConnectionType::OUTBOUND_FULL_RELAY) ++full;
        if (type == ConnectionType::BLOCK_RELAY) ++block;
        // One outbound peer per network group; inbound, feeler and addr-fetch peers do not count.
        const bool persistent = type == ConnectionType::MANUAL || type == ConnectionType::OUTBOUND_FULL_RELAY ||
                                type == ConnectionType::BLOCK_RELAY;
        if (persistent && addr) groups.insert(addr->GetGroup());
    };
    for (const auto& node : Snapshot()) {
        if (!node->IsClosed()) count(node->GetConnectionType(), node->Addr());
    }
    {
        LOCK(m_attempts_mutex);
        for (const auto& [id, attempt] : m_attempts) {
            count(attempt->type, attempt->addr ? std::optional<NetAddress>{*attempt->addr} : std::nullopt);
        }
    }
    ProcessAddrFetch(full);

    ConnectionType type;
    if (full < m_options.max_outbound_full_relay) {
        type = ConnectionType::OUTBOUND_FULL_RELAY;
    } else if (block < m_options.max_outbound_block_relay) {
        type = ConnectionType::BLOCK_RELAY;
    } else {
        return;
    }
    m_addrman.ResolveCollisions();
    const std::set<Network> reachable = ReachableNetworks();
    std::vector<Service> added;
    {
        LOCK(m_added_mutex);
        for (const std::string& name : m_added_nodes) {
            if (auto service = Service::Parse(name, m_params.GetDefaultPort())) added.push_back(*service);
        }
    }
    const int64_t now = m_clock.Now();
    for (int tries = 1; tries <= 100 && !m_interrupt_net; ++tries) {
        const auto [addr, last_try] = m_addrman.Select(false, reachable);
        if (!addr.IsValid()) break;
        if (groups.contains(addr.GetGroup())) continue;
        if (!reachable.contains(addr.GetNetwork())) continue;
        // Only after 30 tries, consider addresses tried in the last ten minutes.
        if (now - last_try < 10 * 60 && tries < 30) continue;
        if (!m_events.HasAllDesirableServiceFlags(addr.services)) continue;
        if (tries < 50 && IsBadPort(addr.GetPort())) continue;
        // -addnode peers have their own slots.
        if (std::find(added.begin(), added.end(), addr.GetService()) != added.end()) continue;
        // Count failures only when we seem to be online: peers in at least two groups.
        const bool count_failures = static_cast<int>(groups.size()) >= 2;
        OpenNetworkConnection(addr, "", type, count_failures);
        return;
    }
}

std::optional<std::string> ConnectionManager::Impl::InactivityCheck(const Connection& node, int64_t now) const
{
    if (now <= node.ConnectedTime() + m_options.peer_connect_timeout.count()) return std::nullopt;
    const int64_t last_send = node.LastSend();
    const int64_t last_recv = node.LastRecv();
    if (last_recv == 0 || last_send == 0) {
        return "socket no message in first " + std::to_string(m_options.peer_connect_timeout.count()) + " seconds" +
               (last_recv == 0 ? ", never received from peer" : "") + (last_send == 0 ? ", never sent to peer" : "");
    }
    if (now > last_send + m_options.inactivity_timeout.count()) {
        return "socket sending timeout: " + std::to_string(now - last_send) + "s";
    }
    if (now > last_recv + m_options.inactivity_timeout.count()) {
        return "socket receive timeout: " + std::to_string(now - last_recv) + "s";
    }
    if (!node.m_successfully_connected) return std::string("version handshake timeout");
    // The message processor closes an addr-fetch peer once its addresses arrive; this is
    // the backstop when they never do (Core: 10 address broadcast intervals).
    if (node.IsAddrFetchConn() && now - node.ConnectedTime() > ADDR_FETCH_TIMEOUT.count()) {
        return std::string("addrfetch connection timeout");
    }
    return std::nullopt;
}

void ConnectionManager::Impl::ScheduleMaintenance()
{
    m_maintenance_timer.expires_after(MAINTENANCE_INTERVAL);
    m_maintenance_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec || m_interrupt_net) return;
        MaintenanceTick();
    });
}

void ConnectionManager::Impl::MaintenanceTick()
{
    const int64_t now = m_clock.Now();
    for (const auto& node : Snapshot()) {
        if (node->IsDisconnectRequested()) continue;
        if (const std::optional<std::string> reason = InactivityCheck(*node, now)) {
            Log(*reason + ", disconnecting peer=" + std::to_string(node->GetId()));
            node->RequestDisconnect();
        }
    }
    if (!m_options.peers_file.empty() && now - m_last_dump >= m_options.dump_interval.count()) {
        m_last_dump = now;
        if (util::Result<void> saved = m_addrman.Save(m_options.peers_file, m_params.MessageStart()); !saved) {
            Log(saved.error());
        }
    }
    ScheduleMaintenance();
}

} // namespace net
