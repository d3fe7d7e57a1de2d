#include <net/eviction.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <functional>
#include <map>

namespace net {

namespace {

using Candidates = std::vector<EvictionCandidate>;

// Each ordering puts the peers most worth keeping last; EraseLastK removes (protects) the
// last k of them.

bool LowerPingLast(const EvictionCandidate& a, const EvictionCandidate& b) { return a.min_ping_time > b.min_ping_time; }

bool OlderLast(const EvictionCandidate& a, const EvictionCandidate& b) { return a.connected > b.connected; }

bool ByNetGroup(const EvictionCandidate& a, const EvictionCandidate& b)
{
    return a.keyed_net_group < b.keyed_net_group;
}

bool RecentBlockLast(const EvictionCandidate& a, const EvictionCandidate& b)
{
    // Many peers never sent a block: fall through to services, then age.
    if (a.last_block_time != b.last_block_time) return a.last_block_time < b.last_block_time;
    if (a.relevant_services != b.relevant_services) return b.relevant_services;
    return a.connected > b.connected;
}

bool RecentTxLast(const EvictionCandidate& a, const EvictionCandidate& b)
{
    if (a.last_tx_time != b.last_tx_time) return a.last_tx_time < b.last_tx_time;
    if (a.relay_txs != b.relay_txs) return b.relay_txs;
    if (a.bloom_filter != b.bloom_filter) return a.bloom_filter;
    return a.connected > b.connected;
}

bool BlockRelayOnlyLast(const EvictionCandidate& a, const EvictionCandidate& b)
{
    if (a.relay_txs != b.relay_txs) return a.relay_txs;
    if (a.last_block_time != b.last_block_time) return a.last_block_time < b.last_block_time;
    if (a.relevant_services != b.relevant_services) return b.relevant_services;
    return a.connected > b.connected;
}

/** Peers of a given kind (localhost, or one network) last, each part ordered by age. */
struct NetworkThenAge {
    bool is_local;
    Network network;
    bool operator()(const EvictionCandidate& a, const EvictionCandidate& b) const
    {
        if (is_local && a.is_local != b.is_local) return b.is_local;
        // The localhost entry stands for no network (Core uses NET_MAX there).
        if (!is_local && (a.network == network) != (b.network == network)) return b.network == network;
        return a.connected > b.connected;
    }
};

/** Sort by the comparator and remove those of the last k for which the predicate holds. */
template <typename Compare>
void EraseLastK(
    Candidates& candidates, Compare compare, size_t k,
    const std::function<bool(const EvictionCandidate&)>& predicate = [](const EvictionCandidate&) { return true; })
{
    std::sort(candidates.begin(), candidates.end(), compare);
    const size_t n = std::min(k, candidates.size());
    candidates.erase(std::remove_if(candidates.end() - static_cast<std::ptrdiff_t>(n), candidates.end(), predicate),
                     candidates.end());
}

} // namespace

void ProtectEvictionCandidatesByRatio(Candidates& candidates)
{
    const size_t initial_size = candidates.size();
    const size_t total_protect = initial_size / 2;

    struct Net {
        bool is_local;
        Network id;
        size_t count;
    };
    // Equal counts: earlier entries get the first chance at slots left over by others.
    std::array<Net, 4> networks{{{false, Network::CJDNS, 0},
                                 {false, Network::I2P, 0},
                                 {true, Network::UNROUTABLE, 0},
                                 {false, Network::ONION, 0}}};
    auto member = [](const Net& n, const EvictionCandidate& c) { return n.is_local ? c.is_local : c.network == n.id; };
    for (Net& n : networks) {
        n.count = static_cast<size_t>(std::count_if(candidates.begin(), candidates.end(),
                                                    [&](const EvictionCandidate& c) { return member(n, c); }));
    }
    // Networks with fewer candidates first, so their unused slots pass to the others.
    std::stable_sort(networks.begin(), networks.end(), [](const Net& a, const Net& b) { return a.count < b.count; });

    const size_t max_by_network = total_protect / 2;
    size_t protected_count = 0;
    while (protected_count < max_by_network) {
        const size_t networks_left = static_cast<size_t>(
            std::count_if(networks.begin(), networks.end(), [](const Net& n) { return n.count > 0; }));
        if (networks_left == 0) break;
        const size_t per_network = std::max<size_t>((max_by_network - protected_count) / networks_left, 1);
        bool progress = false;
        for (Net& n : networks) {
            if (n.count == 0) continue;
            const size_t before = candidates.size();
            EraseLastK(candidates, NetworkThenAge{n.is_local, n.id}, per_network,
                       [&](const EvictionCandidate& c) { return member(n, c); });
            const size_t removed = before - candidates.size();
            if (removed == 0) continue;
            progress = true;
            protected_count += removed;
            if (protected_count >= max_by_network) break;
            n.count -= removed;
        }
        if (!progress) break;
    }
    assert(protected_count == initial_size - candidates.size());
    EraseLastK(candidates, OlderLast, total_protect - protected_count);
}

std::optional<NodeId> SelectNodeToEvict(Candidates candidates)
{
    std::erase_if(candidates, [](const EvictionCandidate& c) { return c.noban || !c.inbound; });

    EraseLastK(candidates, ByNetGroup, 4);
    EraseLastK(candidates, LowerPingLast, 8);
    EraseLastK(candidates, RecentTxLast, 4);
    EraseLastK(candidates, BlockRelayOnlyLast, 8,
               [](const EvictionCandidate& c) { return !c.relay_txs && c.relevant_services; });
    EraseLastK(candidates, RecentBlockLast, 4);
    ProtectEvictionCandidatesByRatio(candidates);

    if (candidates.empty()) return std::nullopt;

    // A peer that is really the best by the criteria above was protected already; among the
    // rest, those we would rather lose go first.
    if (std::any_of(candidates.begin(), candidates.end(), [](const EvictionCandidate& c) { return c.prefer_evict; })) {
        std::erase_if(candidates, [](const EvictionCandidate& c) { return !c.prefer_evict; });
    }

    // The network group with the most peers (ties: the one whose oldest-listed member is
    // youngest); candidates are sorted youngest-first by the ratio step above.
    std::map<uint64_t, Candidates> groups;
    uint64_t chosen_group = 0;
    size_t most = 0;
    std::chrono::seconds chosen_time{0};
    for (const EvictionCandidate& c : candidates) {
        Candidates& group = groups[c.keyed_net_group];
        group.push_back(c);
        const std::chrono::seconds group_time = group.front().connected;
        if (group.size() > most || (group.size() == most && group_time > chosen_time)) {
            most = group.size();
            chosen_time = group_time;
            chosen_group = c.keyed_net_group;
        }
    }
    return groups[chosen_group].front().id;
}

} // namespace net
