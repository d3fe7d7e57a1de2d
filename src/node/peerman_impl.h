// PeerManagerImpl: the implementation behind node::PeerManager (peerman.h), split over
// peerman.cpp (peers, handshake, dispatch, misbehaviour, stats), peerman_sync.cpp
// (headers and blocks: download, serving, announcing) and peerman_relay.cpp
// (transactions and addresses).
//
// Thread safety: fields of Peer marked "handler thread" and the download state of
// PeerManagerImpl are touched only by connman's message-handler thread (InitializeNode,
// ProcessMessages, SendMessages, FinalizeNode); everything other threads touch is either
// atomic or GUARDED_BY a mutex. No PeerManager mutex is held while calling
// ProcessNewBlock, ProcessNewBlockHeaders or AcceptToMemoryPool.
#ifndef BITNODE_NODE_PEERMAN_IMPL_H
#define BITNODE_NODE_PEERMAN_IMPL_H

#include <node/peerman.h>

#include <crypto/random.h>
#include <mempool/orphanage.h>
#include <net/messages.h>
#include <util/sync.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace node {

using primitives::uint256;
using SteadyTime = std::chrono::steady_clock::time_point;

/** Hash of uint256 keys that are already uniformly random. */
struct Uint256Hasher {
    size_t operator()(const uint256& hash) const noexcept { return static_cast<size_t>(hash.GetUint64(0)); }
};

/** A set of hashes that forgets the oldest beyond its capacity (Core's rolling bloom filters, exact). */
class RollingHashSet
{
public:
    explicit RollingHashSet(size_t capacity) : m_capacity{capacity} {}
    void Insert(const uint256& hash);
    bool Contains(const uint256& hash) const { return m_set.count(hash) != 0; }
    void Clear()
    {
        m_set.clear();
        m_order.clear();
    }
    size_t Size() const { return m_set.size(); }

private:
    size_t m_capacity;
    std::unordered_set<uint256, Uint256Hasher> m_set;
    std::deque<uint256> m_order;
};

/** What we know about one peer (Core's Peer and CNodeState together). */
struct Peer {
    Peer(net::NodeId id_in, net::ConnectionType type, bool inbound_in, const net::Service& addr_in)
        : id{id_in}, conn_type{type}, inbound{inbound_in}, addr{addr_in}
    {}

    const net::NodeId id;
    const net::ConnectionType conn_type;
    const bool inbound;
    const net::Service addr;

    // --- handler thread --------------------------------------------------------------
    bool version_received{false};
    bool verack_received{false};
    int32_t version{0};
    uint64_t services{0};
    int32_t starting_height{-1};
    bool wtxid_relay{false};
    bool send_addrv2{false};
    bool prefers_headers{false};
    /** The peer may announce and receive transactions (its relay flag, not block-relay-only). */
    bool tx_relay{false};
    bool addr_relay_enabled{false};
    bool getaddr_answered{false};
    bool getaddr_sent{false};
    int num_unconnecting_headers{0};
    /** Headers sync started with this peer (getheaders sent from our best header). */
    bool sync_started{false};
    /** Best block we know the peer has, and the last block we both have on its chain. */
    const chain::BlockIndex* best_known{nullptr};
    const chain::BlockIndex* last_common{nullptr};
    /** An announced block we did not know yet: resolved when its header arrives. */
    std::optional<uint256> last_unknown_block;
    /** The last header we sent or know the peer knows (for headers announcements). */
    const chain::BlockIndex* best_header_sent{nullptr};
    /** getblocks continuation: when the peer asks for this block, announce our tip (Core's hashContinue). */
    std::optional<uint256> continuation_block;
    /** Blocks requested from this peer: hash -> when. */
    std::map<uint256, SteadyTime> blocks_in_flight;
    /** Since when the peer owes us its oldest block (reset when one arrives; Core's m_downloading_since). */
    SteadyTime downloading_since{};
    /** When our last unanswered getheaders left (nullopt: none outstanding). */
    std::optional<SteadyTime> getheaders_sent;
    /** When this peer started stalling the download window (nullopt: not stalling). */
    std::optional<SteadyTime> stalling_since;
    /** getdata entries waiting to be answered (answered while the send queue has room). */
    std::deque<net::Inv> getdata_requests;
    /** Transactions (txid or wtxid as announced) requested from this peer: hash -> when. */
    std::map<uint256, SteadyTime> txs_in_flight;
    /** Transaction requests to send with the next SendMessages. */
    std::vector<net::Inv> tx_requests;
    /** Inventory the peer knows about (sent it or received it from us). */
    RollingHashSet known_inventory{50'000};
    /** Transactions announced to the peer (the only ones it may getdata). */
    RollingHashSet announced_txs{10'000};
    SteadyTime next_inv_send{};
    /** Mempool sequence at our last transaction inv to the peer: what entered the mempool before may be fetched. */
    uint64_t last_inv_sequence{0};
    SteadyTime next_addr_send{};
    std::vector<net::PeerAddress> addrs_to_send;
    /** Addresses the peer knows (sent to or received from it), as "addr:port". */
    std::set<std::string> known_addrs;
    double addr_token_bucket{1.0};
    SteadyTime addr_token_time{};
    int64_t fee_filter_sent{-1};
    SteadyTime next_fee_filter_send{};
    /** Ping in flight: its nonce and when it left. */
    uint64_t ping_nonce_sent{0};
    SteadyTime ping_start{};
    SteadyTime next_ping{};

    // --- any thread ------------------------------------------------------------------
    std::atomic<bool> should_discourage{false};
    std::atomic<bool> ping_queued{false};
    std::atomic<int64_t> fee_filter_received{0};
    std::atomic<uint64_t> addr_processed{0};
    std::atomic<uint64_t> addr_rate_limited{0};

    mutable util::Mutex mutex;
    /** Transactions to announce at the next trickle (by txid; the wtxid travels along). */
    std::map<primitives::Txid, primitives::Wtxid> txs_to_announce GUARDED_BY(mutex);
    /** New tips to announce (oldest first). */
    std::vector<uint256> blocks_to_announce GUARDED_BY(mutex);
    /** Copies for GetPeerStats. */
    int stats_synced_headers GUARDED_BY(mutex){-1};
    int stats_synced_blocks GUARDED_BY(mutex){-1};
    std::vector<int> stats_inflight GUARDED_BY(mutex);
    int stats_starting_height GUARDED_BY(mutex){-1};
    bool stats_relay_txs GUARDED_BY(mutex){false};
    bool stats_wtxid_relay GUARDED_BY(mutex){false};
    bool stats_prefers_headers GUARDED_BY(mutex){false};
    bool stats_addr_relay GUARDED_BY(mutex){false};
    std::optional<SteadyTime> stats_ping_start GUARDED_BY(mutex);
    /** The time offset the peer's version message showed (seconds). */
    int64_t stats_time_offset GUARDED_BY(mutex){0};
    bool stats_outbound_handshaked GUARDED_BY(mutex){false};
};

using PeerRef = std::shared_ptr<Peer>;

class PeerManagerImpl final : public PeerManager
{
public:
    PeerManagerImpl(net::AddrMan& addrman, net::BanList* banlist, chain::ChainstateManager& chainman,
                    mempool::TxMemPool& pool, chain::ValidationSignals& signals, const util::Clock& clock,
                    PeerManagerOptions opts);

    // PeerManager
    void SetConnman(net::ConnectionManager& connman) override;
    void RelayTransaction(const primitives::Txid& txid, const primitives::Wtxid& wtxid) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    std::vector<PeerStats> GetPeerStats() const override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    std::optional<PeerStats> GetNodeStateStats(net::NodeId id) const override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendPings() override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    PeerManagerInfo GetInfo() const override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void Stop() override;

    // net::NetEventsInterface
    void InitializeNode(net::Connection& node, uint64_t our_services) override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void FinalizeNode(const net::Connection& node) override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex, !m_source_mutex);
    bool ProcessMessages(net::Connection& node, std::atomic<bool>& interrupt) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex, !m_source_mutex);
    bool SendMessages(net::Connection& node) override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);

    // chain::ValidationInterface
    void UpdatedBlockTip(const chain::BlockIndex* new_tip, const chain::BlockIndex* fork,
                         bool initial_download) override EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index) override;
    void BlockChecked(const std::shared_ptr<const primitives::Block>& block,
                      const consensus::BlockValidationState& state) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex, !m_source_mutex);

private:
    // peerman.cpp
    PeerRef GetPeer(net::NodeId id) const EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    std::vector<PeerRef> AllPeers() const EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void LogDebug(const std::string& line) const;
    void LogInfo(const std::string& line) const;
    template <typename M>
    void Push(net::Connection& node, const M& msg)
    {
        m_connman->PushMessage(node, net::MakeMessage(msg));
    }
    void PushVersion(net::Connection& node, Peer& peer, uint64_t our_services) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessMessage(net::Connection& node, Peer& peer, const net::ReceivedMessage& msg)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex, !m_source_mutex);
    void ProcessVersion(net::Connection& node, Peer& peer, const net::VersionMessage& version)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessVerack(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessPong(net::Connection& node, Peer& peer, uint64_t nonce) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** Core's Misbehaving: the peer will be disconnected (and discouraged) by MaybeDiscourageAndDisconnect. */
    void Misbehaving(Peer& peer, const std::string& message) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    bool MaybeDiscourageAndDisconnect(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void MaybePunishNodeForBlock(net::NodeId id, const consensus::BlockValidationState& state,
                                 const std::string& message) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void MaybePunishNodeForTx(Peer& peer, const consensus::TxValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void UpdateStats(Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void MaybeSendPing(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    SteadyTime Now() const { return std::chrono::steady_clock::now(); }
    /** An exponentially distributed delay with the given mean (Poisson process of announcements). */
    std::chrono::microseconds RandomExpDelay(std::chrono::microseconds mean);

    // peerman_sync.cpp
    void ProcessHeaders(net::Connection& node, Peer& peer, const std::vector<primitives::BlockHeader>& headers)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessBlock(net::Connection& node, Peer& peer, const std::shared_ptr<const primitives::Block>& block)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex, !m_source_mutex);
    void ProcessGetHeaders(net::Connection& node, Peer& peer, const net::GetHeadersMessage& msg)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessGetBlocks(net::Connection& node, Peer& peer, const net::GetBlocksMessage& msg)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessBlockInv(net::Connection& node, Peer& peer, const uint256& hash)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** Answer queued getdata entries while the send queue has room. */
    void ProcessGetData(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** Send a getheaders from `from` unless one is still unanswered (Core's MaybeSendGetHeaders); true if sent. */
    bool SendGetHeaders(net::Connection& node, Peer& peer, const chain::BlockIndex* from)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** The active chain block a locator names (the genesis block if none). */
    const chain::BlockIndex* FindForkInActiveChain(const std::vector<uint256>& locator) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void UpdateBlockAvailability(Peer& peer, const uint256& hash) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessBlockAvailability(Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void MaybeStartHeadersSync(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void RequestBlocks(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** Core's FindNextBlocksToDownload; staller is set when the window is blocked by another peer. */
    std::vector<const chain::BlockIndex*> FindNextBlocksToDownload(Peer& peer, size_t count,
                                                                   std::optional<net::NodeId>& staller)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void CheckDownloadTimeouts(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void RemoveBlockRequest(const uint256& hash) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendBlockAnnouncements(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    bool PeerHasHeader(const Peer& peer, const chain::BlockIndex* index) const EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void LogHeadersProgress(const chain::BlockIndex* last) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);

    // peerman_relay.cpp
    void ProcessTx(net::Connection& node, Peer& peer, const primitives::TransactionRef& tx)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessTxInv(net::Connection& node, Peer& peer, const net::Inv& inv) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    bool AlreadyHaveTx(const uint256& hash, bool is_wtxid) const EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    /** Accept into the mempool; on success relay and retry orphans spending it. */
    bool AcceptAndRelay(const primitives::TransactionRef& tx, consensus::TxValidationState& state, bool& missing_inputs)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void RequestTx(Peer& peer, const net::Inv& inv) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendTxRequests(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void RelayAddress(net::NodeId source, const net::PeerAddress& addr) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessOrphans(const primitives::TransactionRef& parent) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendTxAnnouncements(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendFeeFilter(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessAddrs(net::Connection& node, Peer& peer, std::vector<net::PeerAddress> addrs, bool v2)
        EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessGetAddr(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void SendAddrs(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);
    void ProcessMempoolMessage(net::Connection& node, Peer& peer) EXCLUSIVE_LOCKS_REQUIRED(!m_peers_mutex);

    net::ConnectionManager* m_connman{nullptr};
    net::AddrMan& m_addrman;
    net::BanList* m_banlist;
    chain::ChainstateManager& m_chainman;
    mempool::TxMemPool& m_pool;
    chain::ValidationSignals& m_signals;
    const util::Clock& m_clock;
    const PeerManagerOptions m_opts;
    std::atomic<bool> m_stopping{false};

    mutable util::Mutex m_peers_mutex;
    std::map<net::NodeId, PeerRef> m_peers GUARDED_BY(m_peers_mutex);

    /** Which peer sent a block being validated, to punish it if BlockChecked says invalid. */
    util::Mutex m_source_mutex;
    std::unordered_map<uint256, net::NodeId, Uint256Hasher> m_block_sources GUARDED_BY(m_source_mutex);

    // --- handler thread --------------------------------------------------------------
    /** Every block in flight: hash -> the peer we asked. */
    std::unordered_map<uint256, net::NodeId, Uint256Hasher> m_blocks_in_flight;
    /** Transactions in flight from any peer: hash -> peer (one request at a time per hash). */
    std::unordered_map<uint256, net::NodeId, Uint256Hasher> m_txs_in_flight;
    /** Transactions (by wtxid and txid) rejected since the last tip change. */
    RollingHashSet m_recent_rejects{120'000};
    mempool::TxOrphanage m_orphanage;
    int m_sync_started{0};
    std::chrono::seconds m_stall_timeout;
    /** Highest header logged by the progress line. */
    int m_logged_header_height{-1};
    crypto::FastRandomContext m_rng;
    /** Last tip seen by UpdatedBlockTip (also read by the handler). */
    std::atomic<int> m_best_height{-1};
    /** The tip changed since the handler last cleared m_recent_rejects. */
    std::atomic<bool> m_tip_changed{false};
};

} // namespace node

#endif // BITNODE_NODE_PEERMAN_IMPL_H
