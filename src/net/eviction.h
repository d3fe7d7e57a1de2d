// Choosing which inbound peer to drop when a new one arrives and every inbound slot is
// taken: Core's SelectNodeToEvict, as a pure function over a snapshot of the peers.
//
// Peers are protected (removed from the candidate list) by characteristics an attacker
// finds hard to fake all at once: 4 by network group (keyed, so unpredictable), 8 with the
// lowest ping, 4 that recently sent us new transactions, up to 8 block-relay-only peers
// that sent us blocks, 4 that recently sent us new blocks, then half of the rest by
// connection time (a quarter reserved for localhost and privacy-network peers). Of those
// left, peers marked prefer_evict go first; then the youngest peer of the network group
// with the most connections is chosen.
//
// Thread safety: pure functions.
#ifndef BITNODE_NET_EVICTION_H
#define BITNODE_NET_EVICTION_H

#include <net/netaddress.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace net {

using NodeId = int64_t;

/** What eviction needs to know about one connected peer. */
struct EvictionCandidate {
    NodeId id{0};
    /** When the connection was made (seconds since the epoch). */
    std::chrono::seconds connected{0};
    /** Lowest ping seen; std::chrono::microseconds::max() if never measured. */
    std::chrono::microseconds min_ping_time{std::chrono::microseconds::max()};
    /** Last time the peer sent a block new to us (0: never). */
    std::chrono::seconds last_block_time{0};
    /** Last time the peer sent a transaction accepted into our mempool (0: never). */
    std::chrono::seconds last_tx_time{0};
    /** The peer offers the services we want from outbound peers. */
    bool relevant_services{false};
    /** The peer asked for transaction relay. */
    bool relay_txs{false};
    bool bloom_filter{false};
    /** Keyed hash of the peer's network group. */
    uint64_t keyed_net_group{0};
    bool prefer_evict{false};
    bool is_local{false};
    Network network{Network::IPV4};
    /** Peers with the noban permission are never evicted. */
    bool noban{false};
    /** Only inbound peers can be evicted. */
    bool inbound{true};
};

/** The peer to disconnect, or nullopt if every candidate is protected. */
std::optional<NodeId> SelectNodeToEvict(std::vector<EvictionCandidate> candidates);

/**
 * Remove (protect) half of the candidates by connection time, reserving up to half of
 * those slots for localhost, CJDNS, I2P and onion peers; exposed for tests as in Core.
 */
void ProtectEvictionCandidatesByRatio(std::vector<EvictionCandidate>& candidates);

} // namespace net

#endif // BITNODE_NET_EVICTION_H
