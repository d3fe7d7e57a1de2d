#include <net/eviction.h>

#include <crypto/random.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

using namespace net;
using std::chrono::microseconds;
using std::chrono::seconds;

namespace {

crypto::FastRandomContext& Rng()
{
    static crypto::FastRandomContext rng{std::array<uint8_t, 32>{7}};
    return rng;
}

/** n inbound candidates with random (but distinct-id) properties. */
std::vector<EvictionCandidate> RandomCandidates(int n)
{
    std::vector<EvictionCandidate> out;
    for (int id = 0; id < n; ++id) {
        EvictionCandidate c;
        c.id = id;
        c.connected = seconds{static_cast<int64_t>(Rng().RandRange(100))};
        c.min_ping_time = microseconds{static_cast<int64_t>(Rng().RandRange(100))};
        c.last_block_time = seconds{static_cast<int64_t>(Rng().RandRange(100))};
        c.last_tx_time = seconds{static_cast<int64_t>(Rng().RandRange(100))};
        c.relevant_services = Rng().RandBool();
        c.relay_txs = Rng().RandBool();
        c.bloom_filter = Rng().RandBool();
        c.keyed_net_group = Rng().RandRange(100);
        c.prefer_evict = Rng().RandBool();
        c.is_local = Rng().RandBool();
        c.network = static_cast<Network>(Rng().RandRange(6));
        out.push_back(c);
    }
    return out;
}

/**
 * Apply setup to n random candidates, run the ratio protection, and check that exactly
 * half (rounded down) were protected, including all of `protect` and none of `keep`.
 */
bool IsProtected(int n, const std::function<void(EvictionCandidate&)>& setup, const std::set<NodeId>& protect,
                 const std::set<NodeId>& keep)
{
    std::vector<EvictionCandidate> candidates = RandomCandidates(n);
    for (EvictionCandidate& c : candidates) setup(c);
    std::shuffle(candidates.begin(), candidates.end(), Rng());
    ProtectEvictionCandidatesByRatio(candidates);
    EXPECT_EQ(candidates.size(), static_cast<size_t>(n - n / 2));
    size_t kept = 0;
    for (const EvictionCandidate& c : candidates) {
        if (protect.contains(c.id)) return false;
        if (keep.contains(c.id)) ++kept;
    }
    return kept == keep.size();
}

/** Whether SelectNodeToEvict never picks any of `ids` over many random runs. */
bool NeverEvicted(int n, const std::function<void(EvictionCandidate&)>& setup, const std::set<NodeId>& ids)
{
    for (int run = 0; run < 20; ++run) {
        std::vector<EvictionCandidate> candidates = RandomCandidates(n);
        for (EvictionCandidate& c : candidates) setup(c);
        const std::optional<NodeId> evicted = SelectNodeToEvict(candidates);
        if (evicted && ids.contains(*evicted)) return false;
    }
    return true;
}

} // namespace

TEST(Eviction, RatioProtectsLongestConnected)
{
    EXPECT_TRUE(IsProtected(12,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{c.id};
                                c.is_local = false;
                                c.network = Network::IPV4;
                            },
                            {0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}));
    EXPECT_TRUE(IsProtected(12,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{12 - c.id};
                                c.is_local = false;
                                c.network = Network::IPV6;
                            },
                            {6, 7, 8, 9, 10, 11}, {0, 1, 2, 3, 4, 5}));
}

TEST(Eviction, RatioReservesSlotsForDisadvantagedNetworks)
{
    // A quarter of the slots go to onion peers even if they are the youngest.
    EXPECT_TRUE(IsProtected(12,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{c.id};
                                c.is_local = false;
                                c.network = (c.id == 3 || c.id > 7) ? Network::ONION : Network::IPV6;
                            },
                            {0, 1, 2, 3, 8, 9}, {4, 5, 6, 7, 10, 11}));
    // The same for localhost peers.
    EXPECT_TRUE(IsProtected(12,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{c.id};
                                c.is_local = c.id > 6;
                                c.network = Network::IPV6;
                            },
                            {0, 1, 2, 7, 8, 9}, {3, 4, 5, 6, 10, 11}));
    // And I2P.
    EXPECT_TRUE(IsProtected(12,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{c.id};
                                c.is_local = false;
                                c.network = c.id > 8 ? Network::I2P : Network::IPV4;
                            },
                            {0, 1, 2, 9, 10, 11}, {3, 4, 5, 6, 7, 8}));
    // Two networks share the reserved quarter (4 slots): 2 each, but CJDNS has only one
    // peer, so I2P gets its 2 oldest and then one more; the other half goes by age.
    EXPECT_TRUE(IsProtected(16,
                            [](EvictionCandidate& c) {
                                c.connected = seconds{c.id};
                                c.is_local = false;
                                c.network = c.id == 15 ? Network::CJDNS : (c.id > 10 ? Network::I2P : Network::IPV4);
                            },
                            {0, 1, 2, 3, 11, 12, 13, 15}, {4, 5, 6, 7, 8, 9, 10, 14}));
}

TEST(Eviction, OnlyInboundAndNotNoban)
{
    std::vector<EvictionCandidate> candidates = RandomCandidates(30);
    for (EvictionCandidate& c : candidates) c.inbound = false;
    EXPECT_FALSE(SelectNodeToEvict(candidates).has_value()) << "outbound peers are never evicted";
    for (EvictionCandidate& c : candidates) {
        c.inbound = true;
        c.noban = true;
    }
    EXPECT_FALSE(SelectNodeToEvict(candidates).has_value()) << "noban peers are never evicted";
    EXPECT_FALSE(SelectNodeToEvict({}).has_value());
}

TEST(Eviction, ProtectionCategories)
{
    const int n = 40;
    // The 4 peers with the highest keyed net group.
    EXPECT_TRUE(NeverEvicted(n, [](EvictionCandidate& c) { c.keyed_net_group = static_cast<uint64_t>(c.id); },
                             {36, 37, 38, 39}));
    // The 8 lowest pings.
    EXPECT_TRUE(
        NeverEvicted(n, [](EvictionCandidate& c) { c.min_ping_time = microseconds{c.id}; }, {0, 1, 2, 3, 4, 5, 6, 7}));
    // The 4 that most recently sent transactions.
    EXPECT_TRUE(NeverEvicted(n, [](EvictionCandidate& c) { c.last_tx_time = seconds{c.id}; }, {36, 37, 38, 39}));
    // The 4 that most recently sent blocks.
    EXPECT_TRUE(NeverEvicted(n, [](EvictionCandidate& c) { c.last_block_time = seconds{c.id}; }, {36, 37, 38, 39}));
    // Up to 8 block-relay-only peers (no tx relay, relevant services) with recent blocks.
    EXPECT_TRUE(NeverEvicted(n,
                             [](EvictionCandidate& c) {
                                 c.relay_txs = c.id < 30;
                                 c.relevant_services = true;
                                 c.last_block_time = seconds{c.id};
                             },
                             {30, 31, 32, 33, 34, 35, 36, 37, 38, 39}));
}

TEST(Eviction, EveryCategoryAtOnceLeavesNothing)
{
    // 4 by net group + 8 by ping + 4 by tx + 4 by block = 20 protected; of 20 peers, none is left
    // for eviction when each category picks distinct peers.
    std::vector<EvictionCandidate> candidates = RandomCandidates(20);
    for (EvictionCandidate& c : candidates) {
        c.keyed_net_group = c.id < 4 ? 1000 + static_cast<uint64_t>(c.id) : 0;
        c.min_ping_time = microseconds{c.id >= 4 && c.id < 12 ? 0 : 1000};
        c.last_tx_time = seconds{c.id >= 12 && c.id < 16 ? 1000 : 0};
        c.last_block_time = seconds{c.id >= 16 ? 1000 : 0};
        c.relay_txs = true;
    }
    EXPECT_FALSE(SelectNodeToEvict(candidates).has_value());
    // One more peer with nothing going for it is the one evicted.
    EvictionCandidate extra;
    extra.id = 99;
    extra.min_ping_time = microseconds{5000};
    extra.connected = seconds{1'000'000};
    extra.relay_txs = true;
    candidates.push_back(extra);
    EXPECT_EQ(SelectNodeToEvict(candidates), std::optional<NodeId>{99});
}

TEST(Eviction, PicksYoungestOfLargestGroupAndPrefersPreferEvict)
{
    // 60 peers with the same properties except their group and age: once the protected
    // ones are removed, the biggest group loses its youngest member.
    std::vector<EvictionCandidate> candidates;
    for (int id = 0; id < 60; ++id) {
        EvictionCandidate c;
        c.id = id;
        c.connected = seconds{id}; // higher id = younger
        c.keyed_net_group = id % 3 == 0 ? 7 : static_cast<uint64_t>(100 + id);
        c.min_ping_time = microseconds{1000 + id};
        candidates.push_back(c);
    }
    // Protected: net groups 159, 158, 156, 155; pings of ids 0-7; by tx and block time (all
    // equal, so the oldest) 8-11 and 12-15; by age half of the remaining 40: 16-35. Left:
    // 36-54 and 57, where group 7 has 8 members, the youngest being 57.
    const std::optional<NodeId> evicted = SelectNodeToEvict(candidates);
    ASSERT_TRUE(evicted.has_value());
    EXPECT_EQ(*evicted, 57);

    // With prefer_evict set on one unprotected peer, only it is considered.
    for (EvictionCandidate& c : candidates) c.prefer_evict = c.id == 40;
    EXPECT_EQ(SelectNodeToEvict(candidates), std::optional<NodeId>{40});
    // prefer_evict does not override protection.
    for (EvictionCandidate& c : candidates) c.prefer_evict = c.id == 20;
    EXPECT_EQ(SelectNodeToEvict(candidates), std::optional<NodeId>{57});
}
