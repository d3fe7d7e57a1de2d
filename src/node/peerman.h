// PeerManager: the P2P message processor (Bitcoin Core's PeerManager / net_processing).
// It speaks the protocol with every peer the connection manager hands it: the version
// handshake and feature negotiation (wtxidrelay, sendaddrv2, sendheaders, feefilter),
// ping/pong, headers-first block download from several peers (getheaders/headers, a
// moving window of getdata requests with stalling detection), serving headers, blocks
// and transactions (getheaders, getblocks, getdata, mempool), announcing new blocks
// (headers or inv) and transactions (trickled inv), accepting transactions into the
// mempool (with orphans), relaying addresses, and punishing misbehaving peers
// (disconnect + discouragement, never for manual or noban peers, as Core).
// doc/p2p-sync.md describes the behaviour and its limits.
//
// Wiring (NodeContext): ConnectionManager's constructor takes the NetEventsInterface, so
// PeerManager is built in two steps:
//     auto peerman = node::PeerManager::Make(addrman, &banlist, chainman, pool, signals, clock, opts);
//     auto connman = std::make_unique<net::ConnectionManager>(params, copts, addrman, &banlist, *peerman, clock);
//     peerman->SetConnman(*connman);                 // before connman->Start()
//     std::shared_ptr<node::PeerManager> listener = std::move(peerman);
//     signals.RegisterListener(listener);            // block/tx notifications
//     connman->Start();
// Shutdown, in this order: peerman->Stop() (no new work; pending requests dropped),
// connman->Stop() (closes sockets, finalizes every peer, writes peers.dat),
// signals.UnregisterListener(peerman.get()), banlist.Flush() (banlist.json). PeerManager
// must outlive connman's Stop and must not be destroyed while registered.
//
// Thread safety: the NetEventsInterface methods run on connman's message-handler thread
// only; the ValidationInterface methods on the notification thread; every other public
// method may be called from any thread. Internally the download state and most per-peer
// state belong to the message-handler thread; the peer table and what other threads touch
// (announcement queues, statistics) have their own mutexes, never held while calling into
// the chainstate's slow paths (ProcessNewBlock, ProcessNewBlockHeaders, mempool
// acceptance). Lock order: PeerManager, then chainstate, then mempool.
#ifndef BITNODE_NODE_PEERMAN_H
#define BITNODE_NODE_PEERMAN_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <mempool/txmempool.h>
#include <net/addrman.h>
#include <net/banlist.h>
#include <net/connman.h>
#include <net/net_events.h>
#include <primitives/transaction.h>
#include <util/time.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace node {

/** Core's defaults (net_processing.cpp). */
inline constexpr int MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;
inline constexpr int BLOCK_DOWNLOAD_WINDOW = 1024;
inline constexpr std::chrono::seconds BLOCK_STALLING_TIMEOUT_DEFAULT{2};
inline constexpr std::chrono::seconds BLOCK_STALLING_TIMEOUT_MAX{64};
inline constexpr std::chrono::milliseconds INBOUND_INVENTORY_BROADCAST_INTERVAL{5000};
inline constexpr std::chrono::milliseconds OUTBOUND_INVENTORY_BROADCAST_INTERVAL{2000};
inline constexpr std::chrono::seconds PING_INTERVAL{2 * 60};
/** A ping unanswered this long disconnects the peer (Core's TIMEOUT_INTERVAL). */
inline constexpr std::chrono::seconds PING_TIMEOUT{20 * 60};
/** Headers messages that do not connect before the peer is discouraged (the brief's rule; see doc). */
inline constexpr int MAX_NUM_UNCONNECTING_HEADERS_MSGS = 10;
/** Most entries of a getdata message (Core's MAX_GETDATA_SZ). */
inline constexpr size_t MAX_GETDATA_SZ = 1000;
/** Blocks in one getblocks answer. */
inline constexpr int MAX_GETBLOCKS_RESULTS = 500;
/** Most blocks announced with headers at once; more fall back to inv of the tip. */
inline constexpr size_t MAX_BLOCKS_TO_ANNOUNCE = 8;
/** Transactions announced per trickle (Core's INVENTORY_BROADCAST_TARGET and MAX). */
inline constexpr size_t INVENTORY_BROADCAST_TARGET = 70;
inline constexpr size_t INVENTORY_BROADCAST_MAX = 1000;
/** Address relay token bucket (Core's MAX_ADDR_RATE_PER_SECOND and bucket size). */
inline constexpr double MAX_ADDR_RATE_PER_SECOND = 0.1;
inline constexpr size_t MAX_ADDR_PROCESSING_TOKEN_BUCKET = 1000;
/** getaddr answers: at most this share of the address table. */
inline constexpr size_t MAX_PCT_ADDR_TO_SEND = 23;
inline constexpr const char* DEFAULT_USER_AGENT = "/bitnode:0.1.0/";

struct PeerManagerOptions {
    /** -blocksonly: do not ask for or accept relayed transactions (relay flag false in version). */
    bool ignore_incoming_txs{false};
    /** -peerbloomfilters: answer the mempool message (off by default as Core: peers sending it are disconnected). */
    bool peer_bloom_filters{false};
    /** Average delay between transaction announcements (Poisson); tests make them small. */
    std::chrono::milliseconds inbound_inv_interval{INBOUND_INVENTORY_BROADCAST_INTERVAL};
    std::chrono::milliseconds outbound_inv_interval{OUTBOUND_INVENTORY_BROADCAST_INTERVAL};
    /** Starting stall timeout (doubles after each stall disconnect up to BLOCK_STALLING_TIMEOUT_MAX). */
    std::chrono::seconds block_stalling_timeout{BLOCK_STALLING_TIMEOUT_DEFAULT};
    std::chrono::seconds ping_interval{PING_INTERVAL};
    std::chrono::seconds ping_timeout{PING_TIMEOUT};
    /** Our user agent (BIP14). */
    std::string user_agent{DEFAULT_USER_AGENT};
    /** Debug lines ("net" category); nullptr discards them. */
    std::function<void(const std::string&)> log_debug;
    /** Progress lines shown by default ("Synchronizing blockheaders, height: ..."); nullptr discards them. */
    std::function<void(const std::string&)> log_info;
};

/** getpeerinfo's fields that the message processor owns (connman's are in net::ConnectionStats). */
struct PeerStats {
    net::NodeId id{0};
    /** Height of the best header we know the peer has (-1: none). */
    int synced_headers{-1};
    /** Height of the last block we both have (-1: none). */
    int synced_blocks{-1};
    /** Heights of the blocks we are downloading from the peer. */
    std::vector<int> inflight;
    /** The start height the peer announced in its version message. */
    int starting_height{-1};
    /** Whether we may announce transactions to the peer (its version relay flag). */
    bool relay_txs{false};
    /** The peer's feefilter (satoshis per kvB). */
    int64_t min_fee_filter{0};
    /** Seconds a ping has been waiting for its pong (nullopt: none outstanding). */
    std::optional<double> ping_wait;
    bool addr_relay_enabled{false};
    uint64_t addr_processed{0};
    uint64_t addr_rate_limited{0};
    bool wtxid_relay{false};
    bool prefers_headers{false};
    /** Core's "presynced_headers" (we do no presync: always -1). */
    int presynced_headers{-1};
};

/** Core's PeerManagerInfo (getnetworkinfo). */
struct PeerManagerInfo {
    std::chrono::seconds median_outbound_time_offset{0};
    bool ignores_incoming_txs{false};
};

class PeerManager : public net::NetEventsInterface, public chain::ValidationInterface
{
public:
    /**
     * The message processor. Everything passed must outlive it; banlist may be null. Call
     * SetConnman before the connection manager starts.
     */
    static std::unique_ptr<PeerManager> Make(net::AddrMan& addrman, net::BanList* banlist,
                                             chain::ChainstateManager& chainman, mempool::TxMemPool& pool,
                                             chain::ValidationSignals& signals, const util::Clock& clock,
                                             PeerManagerOptions opts);
    ~PeerManager() override = default;

    /** The connection manager that calls us (it takes us in its constructor). Once, before it starts. */
    virtual void SetConnman(net::ConnectionManager& connman) = 0;

    /** Announce a transaction in the mempool to every peer (sendrawtransaction, wallet). */
    virtual void RelayTransaction(const primitives::Txid& txid, const primitives::Wtxid& wtxid) = 0;
    /** The per-peer fields getpeerinfo needs from the message processor. */
    virtual std::vector<PeerStats> GetPeerStats() const = 0;
    /** One peer's stats (nullopt if unknown). */
    virtual std::optional<PeerStats> GetNodeStateStats(net::NodeId id) const = 0;
    /** Send a ping to every peer at the next opportunity (the ping RPC). */
    virtual void SendPings() = 0;
    virtual PeerManagerInfo GetInfo() const = 0;
    /** Stop processing (shutdown): later messages are ignored, no new requests are sent. */
    virtual void Stop() = 0;

protected:
    PeerManager() = default;
};

} // namespace node

#endif // BITNODE_NODE_PEERMAN_H
