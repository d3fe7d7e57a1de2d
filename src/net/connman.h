// The P2P connection manager (Core's CConnman): listens, opens outbound connections,
// accepts inbound ones with eviction when full, owns every Connection, and runs the one
// message-handler thread that drives the NetEventsInterface (node::PeerManager).
//
// Threads: a Boost.Asio io_context run by Options::io_threads threads does all socket
// I/O, accepting, connecting, name resolution and the periodic timers (slot filling every
// 500 ms, timeouts every second); no handler blocks. One message-handler thread loops
// over the peers in random order calling ProcessMessages and SendMessages, and sleeps on
// a condition variable (at most 100 ms) when no peer has work.
//
// Outbound policy (unless -connect is given, which makes only those connections): 8
// full-relay and 2 block-relay-only slots filled from the address manager, one per
// network group, only from -onlynet networks, skipping banned, discouraged and
// -addnode addresses; -addnode peers are kept connected as "manual" (at most 8);
// -seednode peers are "addr-fetch" connections opened when the address manager is empty
// or outbound peers are scarce (the message processor asks them for addresses and
// disconnects when they arrive). Inbound: up to max_connections minus the outbound slots;
// when full, SelectNodeToEvict picks an inbound peer to drop, or the newcomer is refused.
// Banned peers are refused; discouraged peers only get a slot while slots are free.
//
// Timeouts (checked every second with the mockable clock): a peer that has not both
// sent and received a message, or not completed the version handshake, within
// peer_connect_timeout (60 s) is dropped, as is one silent in either direction for
// inactivity_timeout (20 minutes). Addr-fetch peers are dropped after 5 minutes at the
// latest. Pings belong to the message processor.
//
// Thread safety: all public methods may be called from any thread after construction.
// Start/Stop must not race with each other. The NetEventsInterface is called only from
// the message-handler thread (see net_events.h).
#ifndef BITNODE_NET_CONNMAN_H
#define BITNODE_NET_CONNMAN_H

#include <consensus/chainparams.h>
#include <net/addrman.h>
#include <net/banlist.h>
#include <net/connection.h>
#include <net/messages.h>
#include <net/net_events.h>
#include <net/netaddress.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace net {

inline constexpr int MAX_OUTBOUND_FULL_RELAY_CONNECTIONS = 8;
inline constexpr int MAX_BLOCK_RELAY_ONLY_CONNECTIONS = 2;
inline constexpr int MAX_ADDNODE_CONNECTIONS = 8;
inline constexpr int MAX_FEELER_CONNECTIONS = 1;
inline constexpr int DEFAULT_MAX_PEER_CONNECTIONS = 125;
inline constexpr size_t DEFAULT_MAX_RECEIVE_BUFFER = 5 * 1000 * 1000;
inline constexpr size_t DEFAULT_MAX_SEND_BUFFER = 1 * 1000 * 1000;
inline constexpr std::chrono::seconds DEFAULT_PEER_CONNECT_TIMEOUT{60};
inline constexpr std::chrono::seconds TIMEOUT_INTERVAL{20 * 60};
inline constexpr std::chrono::milliseconds DEFAULT_CONNECT_TIMEOUT{5000};
/** Our services by default: full blocks and witness data (never NODE_P2P_V2: we speak v1 only). */
inline constexpr uint64_t DEFAULT_LOCAL_SERVICES = NODE_NETWORK | NODE_WITNESS;

/** Which connections to count. */
enum class ConnectionDirection { IN = 1, OUT = 2, BOTH = 3 };

class ConnectionManager
{
public:
    struct Options {
        /** Services announced in our version message (passed to InitializeNode). */
        uint64_t local_services{DEFAULT_LOCAL_SERVICES};
        /** -maxconnections: inbound slots are this minus the outbound ones. */
        int max_connections{DEFAULT_MAX_PEER_CONNECTIONS};
        int max_outbound_full_relay{MAX_OUTBOUND_FULL_RELAY_CONNECTIONS};
        int max_outbound_block_relay{MAX_BLOCK_RELAY_ONLY_CONNECTIONS};
        int max_addnode{MAX_ADDNODE_CONNECTIONS};
        /** -listen. */
        bool listen{true};
        /** -bind; empty means 127.0.0.1 on `port` (bitnode binds to loopback unless told otherwise). */
        std::vector<Service> binds;
        /** -port; nullopt means the chain's default port. 0 picks an ephemeral port (tests). */
        std::optional<uint16_t> port;
        /** -connect: connect only to these ("host[:port]"); no automatic outbound connections. */
        std::vector<std::string> connect;
        /** -addnode: keep connections to these. */
        std::vector<std::string> addnode;
        /** -seednode: ask these for addresses, then leave. */
        std::vector<std::string> seednode;
        /** -onlynet: networks for automatic outbound connections (empty: IPv4 and IPv6). */
        std::set<Network> onlynet;
        /** Open automatic outbound connections from the address manager (-connect turns this off). */
        bool automatic_outbound{true};
        size_t max_receive_buffer{DEFAULT_MAX_RECEIVE_BUFFER};
        size_t max_send_buffer{DEFAULT_MAX_SEND_BUFFER};
        /** -peertimeout: time to complete the handshake. */
        std::chrono::seconds peer_connect_timeout{DEFAULT_PEER_CONNECT_TIMEOUT};
        std::chrono::seconds inactivity_timeout{TIMEOUT_INTERVAL};
        /** -timeout: time for a TCP connect to complete. */
        std::chrono::milliseconds connect_timeout{DEFAULT_CONNECT_TIMEOUT};
        /** Pause before retrying an -addnode/-connect peer that could not be reached. */
        std::chrono::seconds addnode_retry_interval{60};
        /** Where to save the address manager every dump_interval and at Stop (empty: never). */
        util::fs::path peers_file;
        std::chrono::seconds dump_interval{15 * 60};
        /** Threads running the io_context. */
        int io_threads{2};
        /** Debug log lines ("net" category); nullptr discards them. */
        std::function<void(const std::string&)> log;
    };

    /** An -addnode entry and whether it is connected now (getaddednodeinfo). */
    struct AddedNodeInfo {
        std::string added_node;
        bool connected{false};
        std::optional<Service> resolved;
    };

    /**
     * The manager for a chain. addrman, banlist (may be null), events and clock must outlive it.
     */
    ConnectionManager(const consensus::ChainParams& params, Options options, AddrMan& addrman, BanList* banlist,
                      NetEventsInterface& events, const util::Clock& clock);
    ~ConnectionManager();
    ConnectionManager(const ConnectionManager&) = delete;
    ConnectionManager& operator=(const ConnectionManager&) = delete;

    /** Bind the listeners and start the threads. The error names the address that failed. */
    util::Result<void> Start();
    /** Stop everything, close every connection, finalize every peer; idempotent. */
    void Stop();

    /** Where we listen (with the real port when 0 was asked for). */
    std::vector<Service> ListeningAddresses() const;

    /** Open a connection to "host[:port]" of the given type (not INBOUND); false if refused at once. */
    bool OpenConnection(const std::string& dest, ConnectionType type);
    bool AddNode(const std::string& node);
    bool RemoveAddedNode(const std::string& node);
    std::vector<AddedNodeInfo> GetAddedNodeInfo() const;

    /** Queue a message to a peer. */
    void PushMessage(Connection& node, SerializedMessage&& msg);
    /** Run func on the peer with this id (under the peer list lock); false if there is none. */
    bool ForNode(NodeId id, const std::function<bool(Connection&)>& func);
    void ForEachNode(const std::function<void(Connection&)>& func);

    bool DisconnectNode(NodeId id);
    /** Every peer whose address falls in the subnet; true if any. */
    bool DisconnectNode(const SubNet& subnet);
    /** The peer whose address (or -connect/-addnode name) is `name`. */
    bool DisconnectNode(const std::string& name);

    size_t GetNodeCount(ConnectionDirection direction) const;
    std::vector<ConnectionStats> GetNodeStats() const;
    uint64_t GetTotalBytesRecv() const;
    uint64_t GetTotalBytesSent() const;
    uint64_t GetLocalServices() const;

    /** False if the nonce is one we sent on an outbound connection not yet handshaken (we connected to ourselves). */
    bool CheckIncomingNonce(uint64_t nonce) const;

    /** Stop or resume all network activity (the setnetworkactive RPC). */
    void SetNetworkActive(bool active);
    bool GetNetworkActive() const;

    void WakeMessageHandler();

    /** Keyed network group of an address (for eviction), stable for this manager's lifetime. */
    uint64_t CalculateKeyedNetGroup(const NetAddress& addr) const;

    /**
     * Addresses for a getaddr answer (Core's GetAddresses): at most max_addresses and
     * max_pct percent of the table, without banned or discouraged ones. The answer is
     * cached for 21 to 27 hours per (network, local address) the requestor came through,
     * so repeated getaddr requests cannot map our whole table or its changes.
     */
    std::vector<PeerAddress> GetAddresses(const Connection& requestor, size_t max_addresses, size_t max_pct);
    /** The same without the cache (for RPC and tests). */
    std::vector<PeerAddress> GetAddressesUnsafe(size_t max_addresses, size_t max_pct,
                                                std::optional<Network> network = std::nullopt) const;

    /** Write peers.dat now (if Options::peers_file is set). */
    util::Result<void> DumpAddresses() const;

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace net

#endif // BITNODE_NET_CONNMAN_H
