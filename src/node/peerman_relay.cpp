// PeerManager, transactions and addresses: tx inventory (trickled per peer with Poisson
// delays, wtxid or txid as negotiated, feefilter honoured), getdata/tx/notfound, mempool
// acceptance with orphans, the mempool message, and addr/addrv2/getaddr with Core's
// token bucket.
#include <node/peerman_impl.h>

#include <mempool/accept.h>
#include <mempool/chainstate_view.h>
#include <primitives/amount.h>

#include <algorithm>

namespace node {

namespace {
/** A transaction requested and not delivered within this time may be asked of another peer. */
constexpr std::chrono::seconds TX_REQUEST_TIMEOUT{60};
/** Peers from this version on understand feefilter (BIP133). */
constexpr int32_t FEEFILTER_VERSION = 70013;
constexpr std::chrono::minutes AVG_FEEFILTER_BROADCAST_INTERVAL{10};
constexpr std::chrono::minutes MAX_FEEFILTER_CHANGE_DELAY{5};
constexpr std::chrono::seconds AVG_ADDRESS_BROADCAST_INTERVAL{30};
/** Addresses relayed per incoming small addr message go to this many peers (Core). */
constexpr size_t ADDR_RELAY_PEERS = 2;
constexpr size_t MAX_KNOWN_ADDRS = 5000;
} // namespace

// --- Transactions ------------------------------------------------------------------------

bool PeerManagerImpl::AlreadyHaveTx(const uint256& hash, bool is_wtxid) const
{
    if (m_recent_rejects.Contains(hash)) return true;
    if (is_wtxid) {
        const auto wtxid = primitives::Wtxid::FromUint256(hash);
        return m_orphanage.HaveTx(wtxid) || m_pool.Exists(wtxid);
    }
    return m_pool.Exists(primitives::Txid::FromUint256(hash));
}

void PeerManagerImpl::RequestTx(Peer& peer, const net::Inv& inv)
{
    const SteadyTime now = Now();
    const auto it = m_txs_in_flight.find(inv.hash);
    if (it != m_txs_in_flight.end() && it->second != peer.id) {
        // Asked of another peer already; take over only once that request has timed out.
        const PeerRef holder = GetPeer(it->second);
        if (holder) {
            const auto asked = holder->txs_in_flight.find(inv.hash);
            if (asked != holder->txs_in_flight.end() && now - asked->second < TX_REQUEST_TIMEOUT) return;
            holder->txs_in_flight.erase(inv.hash);
        }
    }
    if (peer.txs_in_flight.count(inv.hash)) return;
    m_txs_in_flight[inv.hash] = peer.id;
    peer.txs_in_flight[inv.hash] = now;
    peer.tx_requests.push_back(inv);
}

void PeerManagerImpl::SendTxRequests(net::Connection& node, Peer& peer)
{
    const SteadyTime now = Now();
    for (auto it = peer.txs_in_flight.begin(); it != peer.txs_in_flight.end();) {
        if (now - it->second > TX_REQUEST_TIMEOUT) {
            const auto global = m_txs_in_flight.find(it->first);
            if (global != m_txs_in_flight.end() && global->second == peer.id) m_txs_in_flight.erase(global);
            it = peer.txs_in_flight.erase(it);
        } else {
            ++it;
        }
    }
    if (peer.tx_requests.empty()) return;
    net::GetDataMessage getdata;
    getdata.inventory.swap(peer.tx_requests);
    Push(node, getdata);
}

void PeerManagerImpl::ProcessTxInv(net::Connection& node, Peer& peer, const net::Inv& inv)
{
    if (m_opts.ignore_incoming_txs || node.IsBlockOnlyConn()) {
        LogDebug("transaction (" + inv.hash.GetHex() +
                 ") inv sent in violation of protocol, disconnecting peer=" + std::to_string(peer.id));
        node.RequestDisconnect();
        return;
    }
    // After wtxidrelay, transactions are announced by wtxid only (BIP339); other kinds are ignored.
    if (peer.wtxid_relay != inv.IsMsgWtx()) return;
    if (m_chainman.IsInitialBlockDownload()) return;
    if (m_tip_changed.exchange(false)) m_recent_rejects.Clear();
    if (AlreadyHaveTx(inv.hash, inv.IsMsgWtx())) return;
    RequestTx(peer, {inv.IsMsgWtx() ? static_cast<uint32_t>(net::MSG_WTX) : static_cast<uint32_t>(net::MSG_WITNESS_TX),
                     inv.hash});
}

bool PeerManagerImpl::AcceptAndRelay(const primitives::TransactionRef& tx, consensus::TxValidationState& state,
                                     bool& missing_inputs)
{
    mempool::MempoolAcceptResult result;
    {
        LOCK(m_chainman.GetMutex());
        const mempool::ChainstateMempoolView view{m_chainman};
        result = mempool::AcceptToMemoryPool(m_pool, view, tx);
    }
    missing_inputs = false;
    if (result.Valid()) {
        LogDebug("AcceptToMemoryPool: accepted " + tx->GetHash().ToString() +
                 " (wtxid=" + tx->GetWitnessHash().ToString() + ") (poolsz " + std::to_string(m_pool.Size()) + " txn)");
        RelayTransaction(tx->GetHash(), tx->GetWitnessHash());
        ProcessOrphans(tx);
        return true;
    }
    state = result.state;
    missing_inputs = state.GetResult() == consensus::TxValidationResult::TX_MISSING_INPUTS;
    return false;
}

void PeerManagerImpl::ProcessOrphans(const primitives::TransactionRef& parent)
{
    for (const primitives::TransactionRef& child : m_orphanage.GetChildren(parent->GetHash())) {
        if (!m_orphanage.HaveTx(child->GetWitnessHash())) continue; // handled by a recursive call
        consensus::TxValidationState state;
        bool missing = false;
        if (AcceptAndRelay(child, state, missing)) {
            m_orphanage.EraseTx(child->GetWitnessHash());
        } else if (!missing) {
            LogDebug("invalid orphan tx " + child->GetHash().ToString() + ": " + state.ToString());
            m_orphanage.EraseTx(child->GetWitnessHash());
            m_recent_rejects.Insert(child->GetWitnessHash().ToUint256());
        }
        // Still missing other parents: it stays an orphan.
    }
}

void PeerManagerImpl::ProcessTx(net::Connection& node, Peer& peer, const primitives::TransactionRef& tx)
{
    if (m_opts.ignore_incoming_txs || node.IsBlockOnlyConn()) {
        LogDebug("transaction sent in violation of protocol peer=" + std::to_string(peer.id));
        node.RequestDisconnect();
        return;
    }
    const uint256 txid = tx->GetHash().ToUint256();
    const uint256 wtxid = tx->GetWitnessHash().ToUint256();
    peer.known_inventory.Insert(txid);
    peer.known_inventory.Insert(wtxid);
    for (const uint256& hash : {txid, wtxid}) {
        peer.txs_in_flight.erase(hash);
        const auto it = m_txs_in_flight.find(hash);
        if (it != m_txs_in_flight.end() && it->second == peer.id) m_txs_in_flight.erase(it);
    }
    if (m_tip_changed.exchange(false)) m_recent_rejects.Clear();
    if (m_pool.Exists(tx->GetWitnessHash()) || m_orphanage.HaveTx(tx->GetWitnessHash()) ||
        m_recent_rejects.Contains(wtxid)) {
        return;
    }
    consensus::TxValidationState state;
    bool missing = false;
    if (AcceptAndRelay(tx, state, missing)) {
        node.m_last_tx_time = std::chrono::seconds{m_clock.Now()};
        return;
    }
    if (missing) {
        const std::vector<primitives::Txid> parents = mempool::TxOrphanage::Parents(*tx);
        for (const primitives::Txid& parent : parents) {
            if (m_recent_rejects.Contains(parent.ToUint256())) {
                // A parent was rejected: the child can never be valid here.
                LogDebug("not keeping orphan with rejected parents " + tx->GetHash().ToString());
                m_recent_rejects.Insert(wtxid);
                return;
            }
        }
        m_orphanage.AddTx(tx, peer.id, m_clock.Now());
        LogDebug("stored orphan tx " + tx->GetHash().ToString() + " (wtxid=" + tx->GetWitnessHash().ToString() +
                 "), peer=" + std::to_string(peer.id));
        for (const primitives::Txid& parent : parents) {
            if (!AlreadyHaveTx(parent.ToUint256(), false)) RequestTx(peer, {net::MSG_WITNESS_TX, parent.ToUint256()});
        }
        return;
    }
    m_recent_rejects.Insert(wtxid);
    LogDebug(tx->GetHash().ToString() + " (wtxid=" + tx->GetWitnessHash().ToString() +
             ") from peer=" + std::to_string(peer.id) + " was not accepted: " + state.ToString());
    MaybePunishNodeForTx(peer, state);
}

void PeerManagerImpl::RelayTransaction(const primitives::Txid& txid, const primitives::Wtxid& wtxid)
{
    for (const PeerRef& peer : AllPeers()) {
        LOCK(peer->mutex);
        peer->txs_to_announce.emplace(txid, wtxid);
    }
}

void PeerManagerImpl::SendTxAnnouncements(net::Connection& node, Peer& peer)
{
    if (!peer.tx_relay) {
        LOCK(peer.mutex);
        peer.txs_to_announce.clear();
        return;
    }
    const SteadyTime now = Now();
    if (now < peer.next_inv_send) return;
    const auto interval = node.IsInboundConn() ? m_opts.inbound_inv_interval : m_opts.outbound_inv_interval;
    peer.next_inv_send = now + RandomExpDelay(std::chrono::duration_cast<std::chrono::microseconds>(interval));

    std::map<primitives::Txid, primitives::Wtxid> queue;
    {
        LOCK(peer.mutex);
        queue.swap(peer.txs_to_announce);
    }
    if (queue.empty()) return;
    struct Candidate {
        primitives::Txid txid;
        primitives::Wtxid wtxid;
        uint64_t ancestors;
    };
    std::vector<Candidate> candidates;
    const int64_t filter = peer.fee_filter_received.load();
    for (const auto& [txid, wtxid] : queue) {
        const uint256 hash = peer.wtxid_relay ? wtxid.ToUint256() : txid.ToUint256();
        if (peer.known_inventory.Contains(hash)) continue;
        const std::optional<mempool::EntryInfo> info = m_pool.Info(txid);
        if (!info) continue; // mined or evicted meanwhile
        if (filter > 0 && info->fee < mempool::FeeRate{filter}.GetFee(info->vsize)) continue;
        candidates.push_back({txid, wtxid, info->ancestor_count});
    }
    // Parents before children, so the peer does not see orphans it must chase.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.ancestors < b.ancestors; });
    const size_t max = std::min(INVENTORY_BROADCAST_MAX, INVENTORY_BROADCAST_TARGET + queue.size() / 1000 * 5);
    net::InvMessage inv;
    std::map<primitives::Txid, primitives::Wtxid> rest;
    for (const Candidate& candidate : candidates) {
        if (inv.inventory.size() >= max) {
            rest.emplace(candidate.txid, candidate.wtxid);
            continue;
        }
        const uint256 hash = peer.wtxid_relay ? candidate.wtxid.ToUint256() : candidate.txid.ToUint256();
        inv.inventory.push_back(
            {peer.wtxid_relay ? static_cast<uint32_t>(net::MSG_WTX) : static_cast<uint32_t>(net::MSG_TX), hash});
        peer.known_inventory.Insert(hash);
        peer.announced_txs.Insert(hash);
    }
    if (!rest.empty()) {
        LOCK(peer.mutex);
        peer.txs_to_announce.merge(rest);
    }
    if (!inv.inventory.empty()) {
        Push(node, inv);
        peer.last_inv_sequence = m_pool.GetSequence();
    }
}

void PeerManagerImpl::SendFeeFilter(net::Connection& node, Peer& peer)
{
    if (peer.version < FEEFILTER_VERSION || node.IsBlockOnlyConn()) return;
    int64_t current = primitives::MAX_MONEY;
    if (!m_opts.ignore_incoming_txs && !m_chainman.IsInitialBlockDownload()) {
        current = std::max(m_pool.GetMinFee(), m_pool.Options().min_relay_fee).GetFeePerK();
    }
    const SteadyTime now = Now();
    // Out of initial block download after sending MAX_MONEY: say so at once (Core), or the
    // peer would keep its transactions from us for minutes.
    if (peer.fee_filter_sent == primitives::MAX_MONEY && current != primitives::MAX_MONEY) {
        peer.next_fee_filter_send = now;
    }
    if (now >= peer.next_fee_filter_send) {
        if (current != peer.fee_filter_sent) {
            Push(node, net::FeeFilterMessage{current});
            peer.fee_filter_sent = current;
        }
        peer.next_fee_filter_send =
            now +
            RandomExpDelay(std::chrono::duration_cast<std::chrono::microseconds>(AVG_FEEFILTER_BROADCAST_INTERVAL));
    } else if (peer.fee_filter_sent > 0 && peer.next_fee_filter_send - now > MAX_FEEFILTER_CHANGE_DELAY &&
               (current < 3 * peer.fee_filter_sent / 4 || current > 4 * peer.fee_filter_sent / 3)) {
        // A big change goes out sooner (Core).
        peer.next_fee_filter_send =
            now + std::chrono::microseconds{m_rng.RandRange(static_cast<uint64_t>(
                      std::chrono::duration_cast<std::chrono::microseconds>(MAX_FEEFILTER_CHANGE_DELAY).count()))};
    }
}

void PeerManagerImpl::ProcessMempoolMessage(net::Connection& node, Peer& peer)
{
    if (!m_opts.peer_bloom_filters && !node.m_noban) {
        LogDebug("mempool request with bloom filters disabled, disconnect peer=" + std::to_string(peer.id));
        node.RequestDisconnect();
        return;
    }
    LOCK(peer.mutex);
    for (const mempool::EntryInfo& info : m_pool.InfoAll()) {
        peer.txs_to_announce.emplace(info.tx->GetHash(), info.tx->GetWitnessHash());
    }
}

// --- Addresses ---------------------------------------------------------------------------

void PeerManagerImpl::ProcessAddrs(net::Connection& node, Peer& peer, std::vector<net::PeerAddress> addrs, bool v2)
{
    if (!peer.addr_relay_enabled) {
        LogDebug(std::string("ignoring ") + (v2 ? "addrv2" : "addr") + " message from " +
                 net::ConnectionTypeAsString(node.GetConnectionType()) + " peer=" + std::to_string(peer.id));
        return;
    }
    const int64_t now = m_clock.Now();
    const SteadyTime steady_now = Now();
    // Refill the token bucket: one address per 10 seconds, at most a full message's worth.
    if (peer.addr_token_time != SteadyTime{}) {
        const double elapsed = std::chrono::duration<double>(steady_now - peer.addr_token_time).count();
        peer.addr_token_bucket = std::min(peer.addr_token_bucket + elapsed * MAX_ADDR_RATE_PER_SECOND,
                                          static_cast<double>(MAX_ADDR_PROCESSING_TOKEN_BUCKET));
    }
    peer.addr_token_time = steady_now;
    std::shuffle(addrs.begin(), addrs.end(), m_rng);

    std::vector<net::PeerAddress> keep;
    uint64_t processed = 0;
    uint64_t rate_limited = 0;
    for (net::PeerAddress& addr : addrs) {
        if (peer.addr_token_bucket < 1.0) {
            if (!node.m_noban) {
                ++rate_limited;
                continue;
            }
        } else {
            peer.addr_token_bucket -= 1.0;
        }
        if (!net::MayHaveUsefulAddressDB(addr.services) && !HasAllDesirableServiceFlags(addr.services)) continue;
        if (addr.time <= net::PeerAddress::TIME_INIT || addr.time > now + 10 * 60) addr.time = now - 5 * 24 * 60 * 60;
        if (peer.known_addrs.size() > MAX_KNOWN_ADDRS) peer.known_addrs.clear();
        peer.known_addrs.insert(addr.ToStringAddrPort());
        if (m_banlist && (m_banlist->IsDiscouraged(addr) || m_banlist->IsBanned(addr))) continue;
        ++processed;
        if (addr.time > now - 10 * 60 && !peer.getaddr_sent && addrs.size() <= 10 && addr.IsRoutable()) {
            RelayAddress(peer.id, addr);
        }
        if (addr.IsRoutable()) keep.push_back(addr);
    }
    peer.addr_processed += processed;
    peer.addr_rate_limited += rate_limited;
    if (!keep.empty()) m_addrman.Add(keep, node.Addr(), std::chrono::hours{2});
    if (addrs.size() < net::MAX_ADDR_TO_SEND) peer.getaddr_sent = false;
    if (node.IsAddrFetchConn() && addrs.size() > 1) {
        LogDebug("addrfetch connection completed peer=" + std::to_string(peer.id) + "; disconnecting");
        node.RequestDisconnect();
    }
}

void PeerManagerImpl::RelayAddress(net::NodeId source, const net::PeerAddress& addr)
{
    std::vector<PeerRef> targets;
    for (const PeerRef& peer : AllPeers()) {
        if (peer->id != source && peer->addr_relay_enabled && peer->verack_received) targets.push_back(peer);
    }
    std::shuffle(targets.begin(), targets.end(), m_rng);
    if (targets.size() > ADDR_RELAY_PEERS) targets.resize(ADDR_RELAY_PEERS);
    for (const PeerRef& peer : targets) {
        if (peer->addrs_to_send.size() < net::MAX_ADDR_TO_SEND) peer->addrs_to_send.push_back(addr);
    }
}

void PeerManagerImpl::SendAddrs(net::Connection& node, Peer& peer)
{
    if (!peer.addr_relay_enabled) return;
    const SteadyTime now = Now();
    if (now < peer.next_addr_send) return;
    peer.next_addr_send =
        now + RandomExpDelay(std::chrono::duration_cast<std::chrono::microseconds>(AVG_ADDRESS_BROADCAST_INTERVAL));
    if (peer.addrs_to_send.empty()) return;
    std::vector<net::PeerAddress> out;
    for (const net::PeerAddress& addr : peer.addrs_to_send) {
        if (!peer.send_addrv2 && !addr.IsAddrV1Compatible()) continue;
        const std::string key = addr.ToStringAddrPort();
        if (peer.known_addrs.count(key)) continue;
        if (peer.known_addrs.size() > MAX_KNOWN_ADDRS) peer.known_addrs.clear();
        peer.known_addrs.insert(key);
        out.push_back(addr);
    }
    peer.addrs_to_send.clear();
    if (out.empty()) return;
    if (peer.send_addrv2) {
        Push(node, net::AddrV2Message{out});
    } else {
        Push(node, net::AddrMessage{out});
    }
}

void PeerManagerImpl::ProcessGetAddr(net::Connection& node, Peer& peer)
{
    // Only inbound peers may ask (an outbound peer asking would let it fingerprint us, Core).
    if (!node.IsInboundConn()) {
        LogDebug("Ignoring \"getaddr\" from " + net::ConnectionTypeAsString(node.GetConnectionType()) +
                 " connection. peer=" + std::to_string(peer.id));
        return;
    }
    if (peer.getaddr_answered) {
        LogDebug("Ignoring repeated \"getaddr\". peer=" + std::to_string(peer.id));
        return;
    }
    peer.getaddr_answered = true;
    std::vector<net::PeerAddress> addrs =
        node.m_noban ? m_connman->GetAddressesUnsafe(net::MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND)
                     : m_connman->GetAddresses(node, net::MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND);
    // Answered at once rather than at the next address trickle: the peer is waiting for it.
    std::vector<net::PeerAddress> out;
    for (const net::PeerAddress& addr : addrs) {
        if (!peer.send_addrv2 && !addr.IsAddrV1Compatible()) continue;
        peer.known_addrs.insert(addr.ToStringAddrPort());
        out.push_back(addr);
    }
    if (peer.send_addrv2) {
        Push(node, net::AddrV2Message{out});
    } else {
        Push(node, net::AddrMessage{out});
    }
}

} // namespace node
