// PeerManager: peers, the version handshake, message dispatch, pings, misbehaviour and
// statistics. Headers and blocks are in peerman_sync.cpp, transactions and addresses in
// peerman_relay.cpp.
#include <node/peerman_impl.h>

#include <primitives/amount.h>

#include <algorithm>
#include <cmath>
#include <exception>

namespace node {

namespace {
/** Peers from this version on understand sendheaders (BIP130), feefilter (BIP133) and wtxidrelay (BIP339). */
constexpr int32_t SENDHEADERS_VERSION = 70012;
constexpr int32_t WTXID_RELAY_VERSION = 70016;
/** Peers before this version do not answer pings with pongs (BIP31). */
constexpr int32_t BIP0031_VERSION = 60000;
} // namespace

void RollingHashSet::Insert(const uint256& hash)
{
    if (!m_set.insert(hash).second) return;
    m_order.push_back(hash);
    if (m_order.size() > m_capacity) {
        m_set.erase(m_order.front());
        m_order.pop_front();
    }
}

std::unique_ptr<PeerManager> PeerManager::Make(net::AddrMan& addrman, net::BanList* banlist,
                                               chain::ChainstateManager& chainman, mempool::TxMemPool& pool,
                                               chain::ValidationSignals& signals, const util::Clock& clock,
                                               PeerManagerOptions opts)
{
    return std::make_unique<PeerManagerImpl>(addrman, banlist, chainman, pool, signals, clock, std::move(opts));
}

PeerManagerImpl::PeerManagerImpl(net::AddrMan& addrman, net::BanList* banlist, chain::ChainstateManager& chainman,
                                 mempool::TxMemPool& pool, chain::ValidationSignals& signals, const util::Clock& clock,
                                 PeerManagerOptions opts)
    : m_addrman{addrman}, m_banlist{banlist}, m_chainman{chainman}, m_pool{pool}, m_signals{signals}, m_clock{clock},
      m_opts{std::move(opts)}, m_stall_timeout{m_opts.block_stalling_timeout}
{
    m_best_height = m_chainman.ActiveHeight();
}

void PeerManagerImpl::SetConnman(net::ConnectionManager& connman) { m_connman = &connman; }

void PeerManagerImpl::Stop() { m_stopping = true; }

void PeerManagerImpl::LogDebug(const std::string& line) const
{
    if (m_opts.log_debug) m_opts.log_debug(line);
}

void PeerManagerImpl::LogInfo(const std::string& line) const
{
    if (m_opts.log_info) m_opts.log_info(line);
}

PeerRef PeerManagerImpl::GetPeer(net::NodeId id) const
{
    LOCK(m_peers_mutex);
    const auto it = m_peers.find(id);
    return it == m_peers.end() ? nullptr : it->second;
}

std::vector<PeerRef> PeerManagerImpl::AllPeers() const
{
    LOCK(m_peers_mutex);
    std::vector<PeerRef> out;
    out.reserve(m_peers.size());
    for (const auto& entry : m_peers) out.push_back(entry.second);
    return out;
}

std::chrono::microseconds PeerManagerImpl::RandomExpDelay(std::chrono::microseconds mean)
{
    // -ln(U) * mean with U uniform in (0, 1]: the gap of a Poisson process.
    const double u = (static_cast<double>(m_rng.RandBits(52)) + 1.0) / static_cast<double>(uint64_t{1} << 52);
    return std::chrono::microseconds{static_cast<int64_t>(-std::log(u) * static_cast<double>(mean.count()))};
}

// --- Peers -------------------------------------------------------------------------------

void PeerManagerImpl::InitializeNode(net::Connection& node, uint64_t our_services)
{
    auto peer = std::make_shared<Peer>(node.GetId(), node.GetConnectionType(), node.IsInboundConn(), node.Addr());
    peer->next_ping = Now();
    {
        LOCK(m_peers_mutex);
        m_peers[node.GetId()] = peer;
    }
    if (!node.IsInboundConn()) PushVersion(node, *peer, our_services);
}

void PeerManagerImpl::FinalizeNode(const net::Connection& node)
{
    PeerRef peer;
    {
        LOCK(m_peers_mutex);
        const auto it = m_peers.find(node.GetId());
        if (it == m_peers.end()) return;
        peer = it->second;
        m_peers.erase(it);
    }
    for (const auto& [hash, when] : peer->blocks_in_flight) m_blocks_in_flight.erase(hash);
    for (const auto& [hash, when] : peer->txs_in_flight) {
        const auto it = m_txs_in_flight.find(hash);
        if (it != m_txs_in_flight.end() && it->second == peer->id) m_txs_in_flight.erase(it);
    }
    if (peer->sync_started) --m_sync_started;
    m_orphanage.EraseForPeer(peer->id);
    {
        LOCK(m_source_mutex);
        std::erase_if(m_block_sources, [&](const auto& entry) { return entry.second == peer->id; });
    }
    LogDebug("Cleared nodestate for peer=" + std::to_string(peer->id));
}

void PeerManagerImpl::PushVersion(net::Connection& node, Peer& peer, uint64_t our_services)
{
    net::VersionMessage version;
    version.version = net::PROTOCOL_VERSION;
    version.services = our_services;
    version.time = m_clock.Now();
    // Core names the peer's address only when it is routable; on loopback both stay empty.
    if (node.Addr().IsRoutable() && node.Addr().IsAddrV1Compatible()) version.addr_recv = node.Addr();
    version.nonce = node.LocalNonce();
    version.user_agent = m_opts.user_agent;
    version.start_height = m_chainman.ActiveHeight();
    version.relay = !m_opts.ignore_incoming_txs && !node.IsBlockOnlyConn() && !node.IsFeelerConn();
    Push(node, version);
    LogDebug("send version message: version " + std::to_string(version.version) +
             ", blocks=" + std::to_string(version.start_height) + ", peer=" + std::to_string(peer.id));
}

// --- Dispatch ----------------------------------------------------------------------------

bool PeerManagerImpl::ProcessMessages(net::Connection& node, std::atomic<bool>& interrupt)
{
    if (m_stopping || interrupt) return false;
    const PeerRef peer = GetPeer(node.GetId());
    if (!peer) return false;

    // Queued getdata answers go first, as Core: the peer asked before it sent what follows.
    if (!peer->getdata_requests.empty()) {
        ProcessGetData(node, *peer);
        if (!peer->getdata_requests.empty()) return true;
    }
    if (node.IsDisconnectRequested()) return false;

    bool more = false;
    std::optional<net::ReceivedMessage> msg = node.PollMessage(more);
    if (!msg) return false;
    if (msg->reject_reason) {
        LogDebug(*msg->reject_reason + ", peer=" + std::to_string(peer->id));
        return more;
    }
    try {
        ProcessMessage(node, *peer, *msg);
    } catch (const net::MessageLimitError& e) {
        const std::string what = e.what();
        if (what.find("locator size") != std::string::npos) {
            // Core disconnects (without discouraging) for an oversized locator.
            LogDebug(what + ", disconnect peer=" + std::to_string(peer->id));
            node.RequestDisconnect();
        } else {
            Misbehaving(*peer, what);
        }
    } catch (const std::exception& e) {
        // Core logs malformed payloads and goes on; the transport already dropped bad framing.
        LogDebug(std::string("ProcessMessages(") + msg->type + ", " + std::to_string(msg->payload.size()) +
                 " bytes): Exception '" + e.what() + "' caught, peer=" + std::to_string(peer->id));
    }
    UpdateStats(*peer);
    if (!peer->getdata_requests.empty()) more = true;
    return more;
}

void PeerManagerImpl::ProcessMessage(net::Connection& node, Peer& peer, const net::ReceivedMessage& msg)
{
    using namespace net;
    const std::string& type = msg.type;
    const util::ByteSpan payload{msg.payload};

    if (type == msgtype::VERSION) {
        if (peer.version_received) {
            LogDebug("redundant version message from peer=" + std::to_string(peer.id));
            return;
        }
        ProcessVersion(node, peer, DecodeMessage<VersionMessage>(payload));
        return;
    }
    if (!peer.version_received) {
        LogDebug("non-version message before version handshake. Message \"" + SanitizeUserAgent(type) +
                 "\" from peer=" + std::to_string(peer.id));
        return;
    }
    if (type == msgtype::VERACK) {
        ProcessVerack(node, peer);
        return;
    }
    if (type == msgtype::WTXIDRELAY) {
        if (peer.verack_received) {
            LogDebug("wtxidrelay received after verack from peer=" + std::to_string(peer.id) + "; disconnecting");
            node.RequestDisconnect();
            return;
        }
        if (peer.version >= WTXID_RELAY_VERSION) peer.wtxid_relay = true;
        return;
    }
    if (type == msgtype::SENDADDRV2) {
        if (peer.verack_received) {
            LogDebug("sendaddrv2 received after verack from peer=" + std::to_string(peer.id) + "; disconnecting");
            node.RequestDisconnect();
            return;
        }
        peer.send_addrv2 = true;
        return;
    }
    if (type == msgtype::SENDTXRCNCL) return; // Erlay is not offered; Core ignores it when off too.
    if (!peer.verack_received) {
        LogDebug("Unsupported message \"" + SanitizeUserAgent(type) +
                 "\" prior to verack from peer=" + std::to_string(peer.id));
        return;
    }

    if (type == msgtype::PING) {
        if (peer.version > BIP0031_VERSION) Push(node, PongMessage{DecodeMessage<PingMessage>(payload).nonce});
    } else if (type == msgtype::PONG) {
        ProcessPong(node, peer, DecodeMessage<PongMessage>(payload).nonce);
    } else if (type == msgtype::SENDHEADERS) {
        peer.prefers_headers = true;
    } else if (type == msgtype::SENDCMPCT) {
        // Compact blocks are not supported: the announcement is noted by nobody, as Core with them off.
    } else if (type == msgtype::FEEFILTER) {
        const int64_t rate = DecodeMessage<FeeFilterMessage>(payload).fee_rate;
        if (primitives::MoneyRange(rate)) peer.fee_filter_received = rate;
    } else if (type == msgtype::ADDR) {
        ProcessAddrs(node, peer, DecodeMessage<AddrMessage>(payload).addrs, false);
    } else if (type == msgtype::ADDRV2) {
        ProcessAddrs(node, peer, DecodeMessage<AddrV2Message>(payload).addrs, true);
    } else if (type == msgtype::GETADDR) {
        ProcessGetAddr(node, peer);
    } else if (type == msgtype::INV) {
        const InvMessage inv = DecodeMessage<InvMessage>(payload);
        for (const Inv& entry : inv.inventory) {
            peer.known_inventory.Insert(entry.hash);
            if (entry.IsMsgBlk() || entry.IsMsgWitnessBlk()) {
                ProcessBlockInv(node, peer, entry.hash);
            } else if (entry.IsGenTxMsg()) {
                ProcessTxInv(node, peer, entry);
                if (node.IsDisconnectRequested()) return;
            }
        }
    } else if (type == msgtype::GETDATA) {
        GetDataMessage getdata = DecodeMessage<GetDataMessage>(payload);
        if (getdata.inventory.size() > MAX_GETDATA_SZ) {
            Misbehaving(peer, "getdata message size = " + std::to_string(getdata.inventory.size()));
            return;
        }
        for (Inv& entry : getdata.inventory) peer.getdata_requests.push_back(entry);
        ProcessGetData(node, peer);
    } else if (type == msgtype::NOTFOUND) {
        for (const Inv& entry : DecodeMessage<NotFoundMessage>(payload).inventory) {
            if (!entry.IsGenTxMsg()) continue;
            peer.txs_in_flight.erase(entry.hash);
            const auto it = m_txs_in_flight.find(entry.hash);
            if (it != m_txs_in_flight.end() && it->second == peer.id) m_txs_in_flight.erase(it);
        }
    } else if (type == msgtype::GETHEADERS) {
        ProcessGetHeaders(node, peer, DecodeMessage<GetHeadersMessage>(payload));
    } else if (type == msgtype::GETBLOCKS) {
        ProcessGetBlocks(node, peer, DecodeMessage<GetBlocksMessage>(payload));
    } else if (type == msgtype::HEADERS) {
        ProcessHeaders(node, peer, DecodeMessage<HeadersMessage>(payload).headers);
    } else if (type == msgtype::BLOCK) {
        ProcessBlock(node, peer, DecodeMessage<BlockMessage>(payload).block);
    } else if (type == msgtype::TX) {
        ProcessTx(node, peer, DecodeMessage<TxMessage>(payload).tx);
    } else if (type == msgtype::MEMPOOL) {
        ProcessMempoolMessage(node, peer);
    } else if (type == msgtype::FILTERLOAD || type == msgtype::FILTERADD || type == msgtype::FILTERCLEAR) {
        // We do not offer NODE_BLOOM: Core disconnects peers that use bloom filters anyway.
        LogDebug(type + " received despite not offering bloom services from peer=" + std::to_string(peer.id) +
                 "; disconnecting");
        node.RequestDisconnect();
    } else {
        LogDebug("Unknown command \"" + SanitizeUserAgent(type) + "\" from peer=" + std::to_string(peer.id));
    }
}

void PeerManagerImpl::ProcessVersion(net::Connection& node, Peer& peer, const net::VersionMessage& version)
{
    if (node.IsInboundConn() && !m_connman->CheckIncomingNonce(version.nonce)) {
        LogInfo("connected to self at " + node.Addr().ToStringAddrPort() + ", disconnecting");
        node.RequestDisconnect();
        return;
    }
    if (version.version < net::MIN_PEER_PROTO_VERSION) {
        LogDebug("peer=" + std::to_string(peer.id) + " using obsolete version " + std::to_string(version.version) +
                 "; disconnecting");
        node.RequestDisconnect();
        return;
    }
    if (node.ExpectServicesFromConn() && !HasAllDesirableServiceFlags(version.services)) {
        LogDebug("peer=" + std::to_string(peer.id) + " does not offer the expected services (" +
                 std::to_string(version.services) + " offered); disconnecting");
        node.RequestDisconnect();
        return;
    }
    if (node.IsInboundConn()) PushVersion(node, peer, m_connman->GetLocalServices());

    peer.version_received = true;
    peer.version = std::min(version.version, net::PROTOCOL_VERSION);
    peer.services = version.services;
    peer.starting_height = version.start_height;
    peer.tx_relay = version.relay && !node.IsBlockOnlyConn() && !node.IsFeelerConn();
    // Addresses are relayed with full-relay peers only (Core's SetupAddressRelay).
    peer.addr_relay_enabled = !node.IsBlockOnlyConn();

    // Feature negotiation between version and verack (BIP339, BIP155), then verack.
    if (peer.version >= WTXID_RELAY_VERSION) Push(node, net::WtxidRelayMessage{});
    Push(node, net::SendAddrV2Message{});
    Push(node, net::VerackMessage{});

    node.m_version = peer.version;
    node.m_services = version.services;
    node.m_starting_height = version.start_height;
    node.m_relays_txs = peer.tx_relay;
    node.m_has_all_wanted_services = HasAllDesirableServiceFlags(version.services);
    node.SetUserAgent(net::SanitizeUserAgent(version.user_agent));

    if (!node.IsInboundConn()) {
        m_addrman.SetServices(node.Addr(), version.services);
        // Ask outbound full-relay peers for addresses once (Core does it here too).
        if (peer.addr_relay_enabled && !node.IsFeelerConn()) {
            Push(node, net::GetAddrMessage{});
            peer.getaddr_sent = true;
        }
    }
    {
        LOCK(peer.mutex);
        peer.stats_time_offset = version.time - m_clock.Now();
    }
    LogDebug("receive version message: " + net::SanitizeUserAgent(version.user_agent) + ": version " +
             std::to_string(version.version) + ", blocks=" + std::to_string(version.start_height) +
             ", peer=" + std::to_string(peer.id));
}

void PeerManagerImpl::ProcessVerack(net::Connection& node, Peer& peer)
{
    if (peer.verack_received) {
        LogDebug("ignoring redundant verack message from peer=" + std::to_string(peer.id));
        return;
    }
    peer.verack_received = true;
    node.m_successfully_connected = true;
    if (!node.IsInboundConn()) {
        m_addrman.Good(node.Addr());
        LogInfo("New " + net::ConnectionTypeAsString(node.GetConnectionType()) +
                " peer connected: version: " + std::to_string(peer.version) +
                ", blocks=" + std::to_string(peer.starting_height) + ", peer=" + std::to_string(peer.id));
        LOCK(peer.mutex);
        peer.stats_outbound_handshaked = true;
    }
    if (node.IsFeelerConn()) {
        node.RequestDisconnect();
        return;
    }
    if (peer.version >= SENDHEADERS_VERSION) Push(node, net::SendHeadersMessage{});
    // We do not send sendcmpct: compact blocks are not supported (as Core with them off).
    peer.next_inv_send = Now();
}

void PeerManagerImpl::ProcessPong(net::Connection& node, Peer& peer, uint64_t nonce)
{
    if (peer.ping_nonce_sent == 0) {
        LogDebug("pong peer=" + std::to_string(peer.id) + ": Unsolicited pong without ping");
        return;
    }
    if (nonce != peer.ping_nonce_sent) {
        // Core keeps waiting for the right nonce unless the peer sent 0 (cancel).
        LogDebug("pong peer=" + std::to_string(peer.id) + ": Nonce mismatch");
        if (nonce == 0) peer.ping_nonce_sent = 0;
        return;
    }
    const auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(Now() - peer.ping_start);
    peer.ping_nonce_sent = 0;
    if (rtt.count() >= 0) {
        node.m_last_ping_time = rtt;
        if (rtt < node.m_min_ping_time.load()) node.m_min_ping_time = rtt;
    }
    LOCK(peer.mutex);
    peer.stats_ping_start.reset();
}

void PeerManagerImpl::MaybeSendPing(net::Connection& node, Peer& peer)
{
    const SteadyTime now = Now();
    if (peer.ping_nonce_sent != 0) {
        if (now - peer.ping_start > m_opts.ping_timeout) {
            LogDebug("ping timeout: " +
                     std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - peer.ping_start).count()) +
                     "s, peer=" + std::to_string(peer.id));
            node.RequestDisconnect();
        }
        return;
    }
    if (!peer.ping_queued.exchange(false) && now < peer.next_ping) return;
    uint64_t nonce = 0;
    while (nonce == 0) nonce = m_rng.Rand64();
    peer.ping_nonce_sent = nonce;
    peer.ping_start = now;
    peer.next_ping = now + m_opts.ping_interval;
    Push(node, net::PingMessage{nonce});
    LOCK(peer.mutex);
    peer.stats_ping_start = now;
}

bool PeerManagerImpl::SendMessages(net::Connection& node)
{
    if (m_stopping || !m_connman) return false;
    const PeerRef peer = GetPeer(node.GetId());
    if (!peer) return false;
    if (MaybeDiscourageAndDisconnect(node, *peer)) return false;
    if (!peer->verack_received || node.IsDisconnectRequested()) return false;

    MaybeSendPing(node, *peer);
    if (node.IsDisconnectRequested()) return false;
    SendAddrs(node, *peer);
    MaybeStartHeadersSync(node, *peer);
    SendBlockAnnouncements(node, *peer);
    SendTxAnnouncements(node, *peer);
    SendTxRequests(node, *peer);
    CheckDownloadTimeouts(node, *peer);
    if (node.IsDisconnectRequested()) return false;
    RequestBlocks(node, *peer);
    SendFeeFilter(node, *peer);
    UpdateStats(*peer);
    return false;
}

// --- Misbehaviour ------------------------------------------------------------------------

void PeerManagerImpl::Misbehaving(Peer& peer, const std::string& message)
{
    peer.should_discourage = true;
    LogDebug("Misbehaving: peer=" + std::to_string(peer.id) + (message.empty() ? "" : ": " + message));
}

bool PeerManagerImpl::MaybeDiscourageAndDisconnect(net::Connection& node, Peer& peer)
{
    if (!peer.should_discourage.exchange(false)) return false;
    if (node.m_noban) {
        LogInfo("Warning: not punishing noban peer " + std::to_string(peer.id) + "!");
        return false;
    }
    if (node.IsManualConn()) {
        LogInfo("Warning: not punishing manually connected peer " + std::to_string(peer.id) + "!");
        return false;
    }
    if (node.Addr().IsLocal()) {
        // Discouraging a local address would discourage every local peer: disconnect only (Core).
        LogDebug("Warning: disconnecting but not discouraging local peer " + std::to_string(peer.id) + "!");
        node.RequestDisconnect();
        return true;
    }
    LogDebug("Disconnecting and discouraging peer " + std::to_string(peer.id) + "!");
    if (m_banlist) m_banlist->Discourage(node.Addr());
    m_connman->DisconnectNode(net::SubNet{node.Addr()});
    return true;
}

void PeerManagerImpl::MaybePunishNodeForBlock(net::NodeId id, const consensus::BlockValidationState& state,
                                              const std::string& message)
{
    const PeerRef peer = GetPeer(id);
    if (!peer) return;
    using R = consensus::BlockValidationResult;
    switch (state.GetResult()) {
    case R::BLOCK_RESULT_UNSET:
    case R::BLOCK_HEADER_LOW_WORK:
    case R::BLOCK_TIME_FUTURE:
        break;
    case R::BLOCK_CONSENSUS:
    case R::BLOCK_MUTATED:
    case R::BLOCK_INVALID_HEADER:
    case R::BLOCK_INVALID_PREV:
    case R::BLOCK_MISSING_PREV:
        Misbehaving(*peer, message);
        return;
    case R::BLOCK_CACHED_INVALID:
        // Outbound peers on an invalid chain are useless to us; inbound ones may not know better.
        if (!peer->inbound) {
            Misbehaving(*peer, message);
            return;
        }
        break;
    }
    if (!message.empty()) LogDebug("peer=" + std::to_string(id) + ": " + message);
}

void PeerManagerImpl::MaybePunishNodeForTx(Peer& peer, const consensus::TxValidationState& state)
{
    // Only consensus-invalid transactions prove misbehaviour; policy differs between nodes.
    if (state.GetResult() == consensus::TxValidationResult::TX_CONSENSUS) Misbehaving(peer, state.ToString());
}

// --- Statistics ---------------------------------------------------------------------------

void PeerManagerImpl::UpdateStats(Peer& peer)
{
    std::vector<int> inflight;
    std::vector<const chain::BlockIndex*> indexes;
    for (const auto& [hash, when] : peer.blocks_in_flight) {
        if (const chain::BlockIndex* index = m_chainman.LookupBlockIndex(hash)) inflight.push_back(index->height);
    }
    std::sort(inflight.begin(), inflight.end());
    LOCK(peer.mutex);
    peer.stats_synced_headers = peer.best_known ? peer.best_known->height : -1;
    peer.stats_synced_blocks = peer.last_common ? peer.last_common->height : -1;
    peer.stats_inflight = std::move(inflight);
    peer.stats_starting_height = peer.starting_height;
    peer.stats_relay_txs = peer.tx_relay;
    peer.stats_wtxid_relay = peer.wtxid_relay;
    peer.stats_prefers_headers = peer.prefers_headers;
    peer.stats_addr_relay = peer.addr_relay_enabled;
}

namespace {
PeerStats StatsOf(const Peer& peer)
{
    PeerStats stats;
    stats.id = peer.id;
    stats.min_fee_filter = peer.fee_filter_received.load();
    stats.addr_processed = peer.addr_processed.load();
    stats.addr_rate_limited = peer.addr_rate_limited.load();
    LOCK(peer.mutex);
    stats.synced_headers = peer.stats_synced_headers;
    stats.synced_blocks = peer.stats_synced_blocks;
    stats.inflight = peer.stats_inflight;
    stats.starting_height = peer.stats_starting_height;
    stats.relay_txs = peer.stats_relay_txs;
    stats.wtxid_relay = peer.stats_wtxid_relay;
    stats.prefers_headers = peer.stats_prefers_headers;
    stats.addr_relay_enabled = peer.stats_addr_relay;
    if (peer.stats_ping_start) {
        stats.ping_wait =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - *peer.stats_ping_start).count();
    }
    return stats;
}
} // namespace

std::vector<PeerStats> PeerManagerImpl::GetPeerStats() const
{
    std::vector<PeerStats> out;
    for (const PeerRef& peer : AllPeers()) out.push_back(StatsOf(*peer));
    return out;
}

std::optional<PeerStats> PeerManagerImpl::GetNodeStateStats(net::NodeId id) const
{
    const PeerRef peer = GetPeer(id);
    if (!peer) return std::nullopt;
    return StatsOf(*peer);
}

void PeerManagerImpl::SendPings()
{
    for (const PeerRef& peer : AllPeers()) peer->ping_queued = true;
    if (m_connman) m_connman->WakeMessageHandler();
}

PeerManagerInfo PeerManagerImpl::GetInfo() const
{
    // Median of the time offsets of handshaked outbound peers (Core's TimeOffsets), 0 without any.
    std::vector<int64_t> offsets;
    for (const PeerRef& peer : AllPeers()) {
        LOCK(peer->mutex);
        if (peer->stats_outbound_handshaked) offsets.push_back(peer->stats_time_offset);
    }
    PeerManagerInfo info;
    info.ignores_incoming_txs = m_opts.ignore_incoming_txs;
    if (!offsets.empty()) {
        std::sort(offsets.begin(), offsets.end());
        info.median_outbound_time_offset = std::chrono::seconds{offsets[offsets.size() / 2]};
    }
    return info;
}

} // namespace node
