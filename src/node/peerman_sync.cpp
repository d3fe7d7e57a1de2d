// PeerManager, blocks and headers: headers-first download (getheaders/headers, then a
// window of getdata requests spread over peers, with stalling and timeout detection),
// serving getheaders, getblocks and block getdata, and announcing new tips.
#include <node/peerman_impl.h>

#include <chain/chain.h>

#include <algorithm>
#include <cstdio>

namespace node {

namespace {
/** A getheaders without an answer is not repeated to the same peer sooner than this (Core's HEADERS_RESPONSE_TIME). */
constexpr std::chrono::seconds HEADERS_RESPONSE_TIME{2 * 60};
/** Block download timeout, in block intervals: base plus this much per other downloading peer (Core). */
constexpr double BLOCK_DOWNLOAD_TIMEOUT_BASE = 1.0;
constexpr double BLOCK_DOWNLOAD_TIMEOUT_PER_PEER = 0.5;
/** Headers sync from more than one peer once our best header is this recent (Core). */
constexpr int64_t HEADERS_SYNC_RECENT = 24 * 60 * 60;

std::string HashText(const uint256& hash) { return hash.GetHex(); }
} // namespace

// --- Locators and serving ------------------------------------------------------------------

const chain::BlockIndex* PeerManagerImpl::FindForkInActiveChain(const std::vector<uint256>& locator) const
{
    std::vector<const chain::BlockIndex*> known;
    known.reserve(locator.size());
    for (const uint256& hash : locator) {
        if (const chain::BlockIndex* index = m_chainman.LookupBlockIndex(hash)) known.push_back(index);
    }
    LOCK(m_chainman.GetMutex());
    const chain::Chain& active = m_chainman.ActiveChain();
    for (const chain::BlockIndex* index : known) {
        if (active.Contains(index)) return index;
        // A locator entry ahead of our tip on the same chain: the fork is our tip.
        if (active.Tip() && index->GetAncestor(active.Height()) == active.Tip()) return active.Tip();
    }
    return active.Genesis();
}

void PeerManagerImpl::ProcessGetHeaders(net::Connection& node, Peer& peer, const net::GetHeadersMessage& msg)
{
    // As Core 30: a chain below the minimum chain work is not served (the peer would only
    // abort a low-work headers sync); an empty answer tells it so without looking
    // unresponsive. A node in initial block download otherwise serves what it has, so two
    // fresh regtest nodes can exchange the first blocks either of them mines.
    const chain::BlockIndex* tip = m_chainman.ActiveTip();
    if (tip == nullptr ||
        (tip->chain_work < primitives::UintToArith256(m_chainman.GetConsensus().minimum_chain_work) && !node.m_noban)) {
        LogDebug("Ignoring getheaders from peer=" + std::to_string(peer.id) +
                 " because active chain has too little work; sending empty response");
        Push(node, net::HeadersMessage{});
        return;
    }
    const chain::BlockIndex* start = nullptr;
    if (msg.locator.empty()) {
        // An empty locator asks for exactly the header named by hash_stop.
        start = m_chainman.LookupBlockIndex(msg.hash_stop);
        if (!start) return;
    }
    const chain::BlockIndex* fork = start ? nullptr : FindForkInActiveChain(msg.locator);
    net::HeadersMessage reply;
    const chain::BlockIndex* last = nullptr;
    {
        LOCK(m_chainman.GetMutex());
        const chain::Chain& active = m_chainman.ActiveChain();
        if (start) {
            if (!active.Contains(start) && !start->IsValid(storage::BLOCK_VALID_TREE)) return;
            reply.headers.push_back(start->GetBlockHeader());
            last = start;
        } else {
            for (const chain::BlockIndex* index = fork ? active.Next(fork) : nullptr; index;
                 index = active.Next(index)) {
                reply.headers.push_back(index->GetBlockHeader());
                last = index;
                if (reply.headers.size() >= net::MAX_HEADERS_RESULTS || index->hash == msg.hash_stop) break;
            }
        }
        // What the peer knows after this answer (Core's pindexBestHeaderSent).
        peer.best_header_sent = last ? last : active.Tip();
    }
    LogDebug("getheaders " + std::to_string(fork ? fork->height : -1) + " to " +
             (msg.hash_stop.IsNull() ? std::string("end") : HashText(msg.hash_stop)) +
             " from peer=" + std::to_string(peer.id));
    Push(node, reply);
}

void PeerManagerImpl::ProcessGetBlocks(net::Connection& node, Peer& peer, const net::GetBlocksMessage& msg)
{
    const chain::BlockIndex* fork = FindForkInActiveChain(msg.locator);
    net::InvMessage reply;
    {
        LOCK(m_chainman.GetMutex());
        const chain::Chain& active = m_chainman.ActiveChain();
        int limit = MAX_GETBLOCKS_RESULTS;
        for (const chain::BlockIndex* index = fork ? active.Next(fork) : nullptr; index; index = active.Next(index)) {
            if (index->hash == msg.hash_stop) break;
            reply.inventory.push_back({net::MSG_BLOCK, index->hash});
            if (--limit <= 0) {
                // When the peer asks for this block, we announce our tip so it asks for more
                // (Core's hashContinue: getblocks-only peers such as bcoin sync this way).
                peer.continuation_block = index->hash;
                break;
            }
        }
    }
    LogDebug("getblocks " + std::to_string(fork ? fork->height : -1) + " to " +
             (msg.hash_stop.IsNull() ? std::string("end") : HashText(msg.hash_stop)) + ": " +
             std::to_string(reply.inventory.size()) + " blocks, peer=" + std::to_string(peer.id));
    for (const net::Inv& inv : reply.inventory) peer.known_inventory.Insert(inv.hash);
    if (!reply.inventory.empty()) Push(node, reply);
}

void PeerManagerImpl::ProcessGetData(net::Connection& node, Peer& peer)
{
    net::NotFoundMessage not_found;
    while (!peer.getdata_requests.empty() && !node.IsSendPaused() && !node.IsDisconnectRequested()) {
        const net::Inv inv = peer.getdata_requests.front();
        peer.getdata_requests.pop_front();
        if (inv.IsGenTxMsg()) {
            primitives::TransactionRef tx;
            // Only what we announced to this peer, or what was in the mempool before our
            // last announcement to it (parents of what we announced), may be fetched: no
            // probing of the mempool for transactions we did not tell the peer about (Core).
            {
                LOCK(m_pool.GetMutex());
                const mempool::TxMemPoolEntry* entry = inv.IsMsgWtx()
                                                           ? m_pool.GetEntry(primitives::Wtxid::FromUint256(inv.hash))
                                                           : m_pool.GetEntry(primitives::Txid::FromUint256(inv.hash));
                if (entry && (peer.announced_txs.Contains(inv.hash) || entry->GetSequence() < peer.last_inv_sequence)) {
                    tx = entry->GetTx();
                }
            }
            if (tx) {
                Push(node, net::TxMessage{tx, inv.type != net::MSG_TX});
            } else {
                not_found.inventory.push_back(inv);
            }
            continue;
        }
        if (!inv.IsGenBlkMsg()) {
            not_found.inventory.push_back(inv);
            continue;
        }
        if (inv.IsMsgFilteredBlk()) continue; // no bloom filters: nothing to send (Core sends nothing either)
        const chain::BlockIndex* index = m_chainman.LookupBlockIndex(inv.hash);
        bool allowed = false;
        if (index) {
            LOCK(m_chainman.GetMutex());
            allowed = index->HaveData() &&
                      (m_chainman.ActiveChain().Contains(index) || index->IsValid(storage::BLOCK_VALID_SCRIPTS));
        }
        if (!allowed) {
            LogDebug("ignoring request from peer=" + std::to_string(peer.id) + " for unknown or unusable block " +
                     HashText(inv.hash));
            continue;
        }
        if (inv.type == net::MSG_BLOCK) {
            // A peer that did not ask for witnesses gets the stripped serialization.
            util::Result<primitives::Block> block = m_chainman.ReadBlock(inv.hash);
            if (!block) {
                LogInfo("Cannot load block " + HashText(inv.hash) + " from disk: " + block.error());
                node.RequestDisconnect();
                return;
            }
            net::SerializedMessage out{net::msgtype::BLOCK, {}};
            primitives::VectorWriter writer{out.data};
            primitives::SerializeWith(writer, primitives::TX_NO_WITNESS(*block));
            m_connman->PushMessage(node, std::move(out));
        } else {
            util::Result<std::vector<uint8_t>> raw = m_chainman.ReadRawBlock(inv.hash);
            if (!raw) {
                LogInfo("Cannot load block " + HashText(inv.hash) + " from disk: " + raw.error());
                node.RequestDisconnect();
                return;
            }
            m_connman->PushMessage(node, net::SerializedMessage{net::msgtype::BLOCK, std::move(*raw)});
        }
        if (peer.continuation_block == inv.hash) {
            peer.continuation_block.reset();
            if (const chain::BlockIndex* tip = m_chainman.ActiveTip()) {
                Push(node, net::InvMessage{{{net::MSG_BLOCK, tip->hash}}});
            }
        }
        // One block per call, so that other peers are served in between (as Core).
        break;
    }
    if (!not_found.inventory.empty()) Push(node, not_found);
}

// --- Headers -----------------------------------------------------------------------------

bool PeerManagerImpl::SendGetHeaders(net::Connection& node, Peer& peer, const chain::BlockIndex* from)
{
    const SteadyTime now = Now();
    if (peer.getheaders_sent && now - *peer.getheaders_sent < HEADERS_RESPONSE_TIME) return false;
    peer.getheaders_sent = now;
    net::GetHeadersMessage msg;
    msg.locator = chain::GetLocator(from).hashes;
    Push(node, msg);
    return true;
}

void PeerManagerImpl::LogHeadersProgress(const chain::BlockIndex* last)
{
    if (!last || last->height <= m_logged_header_height) return;
    m_logged_header_height = last->height;
    if (!m_chainman.IsInitialBlockDownload()) return;
    const int64_t spacing = m_chainman.GetConsensus().pow_target_spacing;
    const int64_t blocks_left = std::max<int64_t>(0, (m_clock.Now() - last->GetBlockTime()) / spacing);
    const double progress = 100.0 * last->height / static_cast<double>(last->height + blocks_left);
    char text[32];
    std::snprintf(text, sizeof(text), "%.2f", progress);
    LogInfo("Synchronizing blockheaders, height: " + std::to_string(last->height) + " (~" + text + "%)");
}

void PeerManagerImpl::ProcessHeaders(net::Connection& node, Peer& peer,
                                     const std::vector<primitives::BlockHeader>& headers)
{
    peer.getheaders_sent.reset(); // an answer: the next getheaders may go at once
    if (headers.empty()) return;
    for (size_t i = 1; i < headers.size(); ++i) {
        if (headers[i].hash_prev_block != headers[i - 1].GetHash()) {
            Misbehaving(peer, "non-continuous headers sequence");
            return;
        }
    }
    if (!m_chainman.LookupBlockIndex(headers.front().hash_prev_block)) {
        // Not connecting: probably a new block announced after blocks we have not heard
        // of. Ask for the headers in between; a peer doing this too often is useless.
        ++peer.num_unconnecting_headers;
        LogDebug("received header " + HashText(headers.front().GetHash()) + ": missing prev block " +
                 HashText(headers.front().hash_prev_block) + ", sending getheaders to peer=" + std::to_string(peer.id) +
                 " (unconnecting headers messages: " + std::to_string(peer.num_unconnecting_headers) + ")");
        SendGetHeaders(node, peer, m_chainman.BestHeader());
        peer.last_unknown_block = headers.back().GetHash();
        if (peer.num_unconnecting_headers % MAX_NUM_UNCONNECTING_HEADERS_MSGS == 0) {
            Misbehaving(peer, std::to_string(peer.num_unconnecting_headers) + " non-connecting headers");
        }
        return;
    }
    consensus::BlockValidationState state;
    const chain::BlockIndex* last = nullptr;
    const bool ok = m_chainman.ProcessNewBlockHeaders(headers, state, &last);
    if (last) UpdateBlockAvailability(peer, last->hash);
    if (!ok && state.IsInvalid()) {
        MaybePunishNodeForBlock(peer.id, state, "invalid header received");
        return;
    }
    peer.num_unconnecting_headers = 0;
    LogHeadersProgress(last);
    if (headers.size() == net::MAX_HEADERS_RESULTS && last) {
        // A full message: the peer has more. Continue from what it sent.
        if (SendGetHeaders(node, peer, last)) {
            LogDebug("more getheaders (" + std::to_string(last->height) + ") to end to peer=" + std::to_string(peer.id));
        }
    }
    RequestBlocks(node, peer);
}

void PeerManagerImpl::UpdateBlockAvailability(Peer& peer, const uint256& hash)
{
    ProcessBlockAvailability(peer);
    const chain::BlockIndex* index = m_chainman.LookupBlockIndex(hash);
    if (index && index->chain_work > primitives::arith_uint256{}) {
        if (!peer.best_known || index->chain_work >= peer.best_known->chain_work) peer.best_known = index;
    } else {
        peer.last_unknown_block = hash;
    }
}

void PeerManagerImpl::ProcessBlockAvailability(Peer& peer)
{
    if (!peer.last_unknown_block) return;
    const chain::BlockIndex* index = m_chainman.LookupBlockIndex(*peer.last_unknown_block);
    if (!index || index->chain_work == primitives::arith_uint256{}) return;
    if (!peer.best_known || index->chain_work >= peer.best_known->chain_work) peer.best_known = index;
    peer.last_unknown_block.reset();
}

void PeerManagerImpl::ProcessBlockInv(net::Connection& node, Peer& peer, const uint256& hash)
{
    UpdateBlockAvailability(peer, hash);
    if (!m_chainman.LookupBlockIndex(hash) && !m_blocks_in_flight.count(hash)) {
        // Headers first: learn the header (and those before it) with a getheaders.
        if (SendGetHeaders(node, peer, m_chainman.BestHeader())) {
            LogDebug("getheaders (" + std::to_string(m_chainman.BestHeader()->height) + ") " + HashText(hash) +
                     " to peer=" + std::to_string(peer.id));
        }
    }
}

void PeerManagerImpl::MaybeStartHeadersSync(net::Connection& node, Peer& peer)
{
    if (peer.sync_started) return;
    if (!(peer.services & (net::NODE_NETWORK | net::NODE_NETWORK_LIMITED)) || node.IsAddrFetchConn()) return;
    const chain::BlockIndex* best = m_chainman.BestHeader();
    if (!best) return;
    // One peer at a time while far behind; every peer once our headers are recent (Core).
    const bool recent = best->GetBlockTime() > m_clock.Now() - HEADERS_SYNC_RECENT;
    if (m_sync_started != 0 && !recent) return;
    peer.sync_started = true;
    ++m_sync_started;
    // From the parent of our best header, so that the answer is never empty.
    const chain::BlockIndex* from = best->prev ? best->prev : best;
    LogDebug("initial getheaders (" + std::to_string(from->height) + ") to peer=" + std::to_string(peer.id) +
             " (startheight:" + std::to_string(peer.starting_height) + ")");
    peer.getheaders_sent.reset();
    SendGetHeaders(node, peer, from);
}

// --- Downloading blocks ------------------------------------------------------------------

std::vector<const chain::BlockIndex*> PeerManagerImpl::FindNextBlocksToDownload(Peer& peer, size_t count,
                                                                                std::optional<net::NodeId>& staller)
{
    std::vector<const chain::BlockIndex*> out;
    if (count == 0 || !peer.best_known) return out;
    LOCK(m_chainman.GetMutex());
    const chain::Chain& active = m_chainman.ActiveChain();
    const chain::BlockIndex* tip = active.Tip();
    if (!tip || peer.best_known->chain_work < tip->chain_work) return out;
    if (!peer.last_common) {
        // Guess that the fork is at the height of the lower of the two chains (a wrong
        // guess only costs a few steps, Core).
        peer.last_common = active[std::min(peer.best_known->height, active.Height())];
    }
    peer.last_common = chain::LastCommonAncestor(peer.last_common, peer.best_known);
    if (!peer.last_common || peer.last_common == peer.best_known) return out;

    const int window_end = peer.last_common->height + BLOCK_DOWNLOAD_WINDOW;
    const int max_height = std::min(peer.best_known->height, window_end + 1);
    // The blocks between the last common block and max_height, oldest first.
    std::vector<const chain::BlockIndex*> path;
    for (const chain::BlockIndex* index = peer.best_known->GetAncestor(max_height);
         index && index->height > peer.last_common->height; index = index->prev) {
        path.push_back(index);
    }
    std::reverse(path.begin(), path.end());
    std::optional<net::NodeId> waiting_for;
    for (const chain::BlockIndex* index : path) {
        if (!index->IsValid(storage::BLOCK_VALID_TREE)) return out; // the peer's chain is invalid
        if (index->HaveData() || active.Contains(index)) {
            if (index->HaveNumChainTxs()) peer.last_common = index;
            continue;
        }
        const auto in_flight = m_blocks_in_flight.find(index->hash);
        if (in_flight != m_blocks_in_flight.end()) {
            if (!waiting_for) waiting_for = in_flight->second;
            continue;
        }
        if (index->height > window_end) {
            // We could fetch this if the window were larger: whoever holds its start stalls us.
            if (out.empty() && waiting_for && *waiting_for != peer.id) staller = waiting_for;
            return out;
        }
        out.push_back(index);
        if (out.size() == count) return out;
    }
    return out;
}

void PeerManagerImpl::RequestBlocks(net::Connection& node, Peer& peer)
{
    if (!peer.verack_received || node.IsDisconnectRequested()) return;
    if (!(peer.services & net::NODE_WITNESS) || !(peer.services & (net::NODE_NETWORK | net::NODE_NETWORK_LIMITED))) {
        return; // it cannot give us blocks with witnesses
    }
    ProcessBlockAvailability(peer);
    if (peer.blocks_in_flight.size() >= static_cast<size_t>(MAX_BLOCKS_IN_TRANSIT_PER_PEER)) return;
    std::optional<net::NodeId> staller;
    const auto blocks = FindNextBlocksToDownload(
        peer, static_cast<size_t>(MAX_BLOCKS_IN_TRANSIT_PER_PEER) - peer.blocks_in_flight.size(), staller);
    if (!blocks.empty()) {
        const SteadyTime now = Now();
        if (peer.blocks_in_flight.empty()) peer.downloading_since = now;
        net::GetDataMessage getdata;
        for (const chain::BlockIndex* index : blocks) {
            getdata.inventory.push_back({net::MSG_WITNESS_BLOCK, index->hash});
            peer.blocks_in_flight.emplace(index->hash, now);
            m_blocks_in_flight.emplace(index->hash, peer.id);
        }
        LogDebug("Requesting " + std::to_string(blocks.size()) + " blocks from height " +
                 std::to_string(blocks.front()->height) + " peer=" + std::to_string(peer.id));
        Push(node, getdata);
    }
    if (blocks.empty() && staller) {
        if (const PeerRef staller_peer = GetPeer(*staller); staller_peer && !staller_peer->stalling_since) {
            staller_peer->stalling_since = Now();
            LogDebug("Stall started peer=" + std::to_string(*staller));
        }
    }
}

void PeerManagerImpl::RemoveBlockRequest(const uint256& hash)
{
    const auto it = m_blocks_in_flight.find(hash);
    if (it == m_blocks_in_flight.end()) return;
    if (const PeerRef holder = GetPeer(it->second)) {
        holder->blocks_in_flight.erase(hash);
        holder->stalling_since.reset();
        holder->downloading_since = Now();
    }
    m_blocks_in_flight.erase(it);
}

void PeerManagerImpl::CheckDownloadTimeouts(net::Connection& node, Peer& peer)
{
    const SteadyTime now = Now();
    if (peer.stalling_since && now - *peer.stalling_since > m_stall_timeout) {
        LogInfo("Peer=" + std::to_string(peer.id) + " is stalling block download, disconnecting");
        node.RequestDisconnect();
        // The next staller gets longer, in case it is our own link that is slow (Core).
        m_stall_timeout = std::min(m_stall_timeout * 2, BLOCK_STALLING_TIMEOUT_MAX);
        return;
    }
    if (peer.blocks_in_flight.empty()) return;
    std::set<net::NodeId> downloading;
    for (const auto& entry : m_blocks_in_flight) downloading.insert(entry.second);
    const double others = downloading.empty() ? 0.0 : static_cast<double>(downloading.size() - 1);
    const auto timeout =
        std::chrono::duration<double>(static_cast<double>(m_chainman.GetConsensus().pow_target_spacing) *
                                      (BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER * others));
    if (now - peer.downloading_since > timeout) {
        LogInfo("Timeout downloading block, disconnecting peer=" + std::to_string(peer.id));
        node.RequestDisconnect();
    }
}

void PeerManagerImpl::ProcessBlock(net::Connection& node, Peer& peer,
                                   const std::shared_ptr<const primitives::Block>& block)
{
    const uint256 hash = block->GetHash();
    const bool requested = m_blocks_in_flight.count(hash) != 0;
    RemoveBlockRequest(hash);
    if (requested && m_stall_timeout > m_opts.block_stalling_timeout) {
        // A block arrived in time: bring the stall timeout back towards its default (Core).
        m_stall_timeout = std::max(m_opts.block_stalling_timeout, m_stall_timeout / 2);
    }
    peer.known_inventory.Insert(hash);
    {
        LOCK(m_source_mutex);
        m_block_sources[hash] = peer.id;
    }
    bool new_block = false;
    consensus::BlockValidationState state;
    // An unrequested block is stored only if it is new and has more work than our tip
    // (ChainstateManager decides); it cannot make us store junk.
    const bool ok = m_chainman.ProcessNewBlock(block, requested, &new_block, &state);
    if (new_block) node.m_last_block_time = std::chrono::seconds{m_clock.Now()};
    if (!ok && state.IsInvalid()) MaybePunishNodeForBlock(peer.id, state, "invalid block: " + state.ToString());
    if (!new_block) {
        LOCK(m_source_mutex);
        m_block_sources.erase(hash);
    }
    UpdateBlockAvailability(peer, hash);
}

// --- Announcements -----------------------------------------------------------------------

bool PeerManagerImpl::PeerHasHeader(const Peer& peer, const chain::BlockIndex* index) const
{
    if (!index) return true;
    if (peer.best_known && peer.best_known->GetAncestor(index->height) == index) return true;
    if (peer.best_header_sent && peer.best_header_sent->GetAncestor(index->height) == index) return true;
    return false;
}

void PeerManagerImpl::SendBlockAnnouncements(net::Connection& node, Peer& peer)
{
    std::vector<uint256> hashes;
    {
        LOCK(peer.mutex);
        hashes.swap(peer.blocks_to_announce);
    }
    if (hashes.empty()) return;
    ProcessBlockAvailability(peer);
    std::vector<const chain::BlockIndex*> indexes;
    for (const uint256& hash : hashes) {
        if (const chain::BlockIndex* index = m_chainman.LookupBlockIndex(hash)) indexes.push_back(index);
    }
    if (indexes.empty()) return;

    bool revert_to_inv = !peer.prefers_headers || indexes.size() > MAX_BLOCKS_TO_ANNOUNCE;
    net::HeadersMessage headers;
    const chain::BlockIndex* best = nullptr;
    bool tip_on_active_chain = true;
    {
        LOCK(m_chainman.GetMutex());
        const chain::Chain& active = m_chainman.ActiveChain();
        tip_on_active_chain = active.Contains(indexes.back());
        bool found_start = false;
        for (const chain::BlockIndex* index : indexes) {
            if (revert_to_inv) break;
            if (!active.Contains(index) || (best && index->prev != best)) {
                revert_to_inv = true; // reorged away, or not one contiguous chain
                break;
            }
            best = index;
            if (found_start) {
                headers.headers.push_back(index->GetBlockHeader());
            } else if (PeerHasHeader(peer, index)) {
                continue; // the peer knows it already
            } else if (PeerHasHeader(peer, index->prev)) {
                found_start = true;
                headers.headers.push_back(index->GetBlockHeader());
            } else {
                revert_to_inv = true; // the peer would not be able to connect these headers
            }
        }
    }
    if (!revert_to_inv) {
        if (!headers.headers.empty()) {
            Push(node, headers);
            peer.best_header_sent = best;
        }
        return;
    }
    // Fall back to an inv of the newest block, if the peer does not know it.
    const chain::BlockIndex* newest = indexes.back();
    if (tip_on_active_chain && !PeerHasHeader(peer, newest)) {
        Push(node, net::InvMessage{{{net::MSG_BLOCK, newest->hash}}});
        peer.known_inventory.Insert(newest->hash);
    }
}

void PeerManagerImpl::UpdatedBlockTip(const chain::BlockIndex* new_tip, const chain::BlockIndex* fork,
                                      bool initial_download)
{
    if (!new_tip) return;
    m_best_height = new_tip->height;
    m_tip_changed = true;
    if (initial_download) return; // no announcements while syncing (Core)
    std::vector<uint256> hashes;
    for (const chain::BlockIndex* index = new_tip; index && index != fork; index = index->prev) {
        hashes.push_back(index->hash);
        if (hashes.size() == MAX_BLOCKS_TO_ANNOUNCE) break;
    }
    std::reverse(hashes.begin(), hashes.end());
    for (const PeerRef& peer : AllPeers()) {
        LOCK(peer->mutex);
        peer->blocks_to_announce.insert(peer->blocks_to_announce.end(), hashes.begin(), hashes.end());
    }
    if (m_connman) m_connman->WakeMessageHandler();
}

void PeerManagerImpl::BlockChecked(const std::shared_ptr<const primitives::Block>& block,
                                   const consensus::BlockValidationState& state)
{
    net::NodeId source = 0;
    {
        LOCK(m_source_mutex);
        const auto it = m_block_sources.find(block->GetHash());
        if (it == m_block_sources.end()) return;
        source = it->second;
        m_block_sources.erase(it);
    }
    if (state.IsInvalid()) MaybePunishNodeForBlock(source, state, "invalid block: " + state.ToString());
}

void PeerManagerImpl::BlockConnected(const std::shared_ptr<const primitives::Block>& block,
                                     const chain::BlockIndex* /*index*/)
{
    m_orphanage.EraseForBlock(block->vtx);
}

} // namespace node
