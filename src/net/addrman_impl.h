// Internals of AddrMan (addrman.h): entries, the bucket tables and the bucketing hashes.
// Only addrman*.cpp include this.
//
// Thread safety: AddrManImpl's public methods take m_mutex; the *_ helpers need it held.
#ifndef BITNODE_NET_ADDRMAN_IMPL_H
#define BITNODE_NET_ADDRMAN_IMPL_H

#include <crypto/random.h>
#include <net/addrman.h>
#include <util/sync.h>

#include <array>
#include <map>
#include <unordered_map>
#include <vector>

namespace net {

/** Over how many tried buckets the addresses of one group spread. */
inline constexpr uint32_t ADDRMAN_TRIED_BUCKETS_PER_GROUP = 8;
/** Over how many new buckets the addresses from one source group spread. */
inline constexpr uint32_t ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP = 64;
/** Most new buckets one address may occupy. */
inline constexpr int ADDRMAN_NEW_BUCKETS_PER_ADDRESS = 8;
/** Addresses not seen for this long are dead. */
inline constexpr int64_t ADDRMAN_HORIZON = 30 * 24 * 60 * 60;
/** Failed attempts, without any success, after which a new address is dead. */
inline constexpr int ADDRMAN_RETRIES = 3;
/** Failures in a row, over at least ADDRMAN_MIN_FAIL, after which an address is dead. */
inline constexpr int ADDRMAN_MAX_FAILURES = 10;
inline constexpr int64_t ADDRMAN_MIN_FAIL = 7 * 24 * 60 * 60;
/** A tried entry that succeeded this recently is not evicted by a collision. */
inline constexpr int64_t ADDRMAN_REPLACEMENT = 4 * 60 * 60;
/** Most pending tried-table collisions. */
inline constexpr size_t ADDRMAN_SET_TRIED_COLLISION_SIZE = 10;
/** How long a collision may wait for its test connection. */
inline constexpr int64_t ADDRMAN_TEST_WINDOW = 40 * 60;

using EntryId = int64_t;
inline constexpr EntryId NO_ENTRY = -1;

/** The 128-bit secret that makes bucket placement unpredictable to peers. */
struct BucketKey {
    uint64_t k0{0};
    uint64_t k1{0};
    bool IsNull() const { return k0 == 0 && k1 == 0; }
};

/** An address with what we know about it. */
struct AddrInfo : PeerAddress {
    /** Where we first heard of it. */
    NetAddress source;
    /** Last successful connection (0: never). Persisted. */
    int64_t last_success{0};
    /** Failed attempts since the last success. Persisted. */
    int attempts{0};
    // Memory only:
    int64_t last_try{0};
    int64_t last_count_attempt{0};
    int ref_count{0};
    bool in_tried{false};
    mutable size_t random_pos{0};

    AddrInfo() = default;
    AddrInfo(const PeerAddress& addr, const NetAddress& src) : PeerAddress{addr}, source{src} {}

    int GetTriedBucket(const BucketKey& key) const;
    int GetNewBucket(const BucketKey& key, const NetAddress& src) const;
    int GetNewBucket(const BucketKey& key) const { return GetNewBucket(key, source); }
    int GetBucketPosition(const BucketKey& key, bool is_new, int bucket) const;
    /** Old, failing or from the future: may be replaced and is not handed out. */
    bool IsTerrible(int64_t now) const;
    /** Relative chance of being selected (recent and repeated failures count against it). */
    double GetChance(int64_t now) const;
};

/** Hash for a Service (salted SipHash) so peers cannot aim at one hash bucket. */
struct ServiceHasher {
    BucketKey salt;
    size_t operator()(const Service& s) const;
};

class AddrManImpl
{
public:
    AddrManImpl(const util::Clock& clock, bool deterministic);

    size_t Size(std::optional<Network> net, std::optional<bool> in_new) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool Add(const std::vector<PeerAddress>& addrs, const NetAddress& source, int64_t time_penalty)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool Good(const Service& addr, int64_t time) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Attempt(const Service& addr, bool count_failure, int64_t time) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void ResolveCollisions() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::pair<PeerAddress, int64_t> SelectTriedCollision() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::pair<PeerAddress, int64_t> Select(bool new_only, const std::set<Network>& networks) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::vector<PeerAddress> GetAddr(size_t max_addresses, size_t max_pct, std::optional<Network> network,
                                     bool filtered) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Connected(const Service& addr, int64_t time) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void SetServices(const Service& addr, uint64_t services) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::optional<AddressPosition> FindAddressEntry(const Service& addr) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    int CheckConsistency() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    std::vector<uint8_t> Serialize(const consensus::MessageStartChars& magic) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Fill an empty table from peers.dat bytes; throws std::runtime_error/DeserializeError on bad data. */
    void Unserialize(util::ByteSpan data, const consensus::MessageStartChars& magic) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    const util::Clock& Clock() const { return m_clock; }

private:
    using Bucket = std::array<EntryId, ADDRMAN_BUCKET_SIZE>;

    AddrInfo* Find(const Service& addr, EntryId* id = nullptr) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    const AddrInfo* Find(const Service& addr, EntryId* id = nullptr) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    AddrInfo* Create(const PeerAddress& addr, const NetAddress& source, EntryId* id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void SwapRandom(size_t pos1, size_t pos2) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void Delete(EntryId id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void ClearNew(int bucket, int pos) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void MakeTried(AddrInfo& info, EntryId id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool AddSingle(const PeerAddress& addr, const NetAddress& source, int64_t time_penalty, int64_t now)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool Good_(const Service& addr, bool test_before_evict, int64_t time) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    int CheckConsistency_() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Place an entry read from disk; false if it has no valid position left (then it is dropped). */
    void PlaceLoaded(AddrInfo info, const std::vector<int>& new_buckets) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const util::Clock& m_clock;
    mutable util::Mutex m_mutex;
    mutable crypto::FastRandomContext m_rng GUARDED_BY(m_mutex);
    BucketKey m_key GUARDED_BY(m_mutex);
    EntryId m_next_id GUARDED_BY(m_mutex){0};
    std::unordered_map<EntryId, AddrInfo> m_info GUARDED_BY(m_mutex);
    std::unordered_map<Service, EntryId, ServiceHasher> m_by_addr GUARDED_BY(m_mutex);
    /** Every id in random order; Select/GetAddr shuffle it lazily (unobservable, hence mutable). */
    mutable std::vector<EntryId> m_random GUARDED_BY(m_mutex);
    int m_tried_count GUARDED_BY(m_mutex){0};
    int m_new_count GUARDED_BY(m_mutex){0};
    std::vector<Bucket> m_tried GUARDED_BY(m_mutex);
    std::vector<Bucket> m_new GUARDED_BY(m_mutex);
    /** Last time Good() was called: failures before it count, later ones do not (we may be offline). */
    int64_t m_last_good GUARDED_BY(m_mutex){1};
    std::set<EntryId> m_tried_collisions GUARDED_BY(m_mutex);
    struct NewTriedCount {
        size_t n_new{0};
        size_t n_tried{0};
    };
    std::map<Network, NewTriedCount> m_network_counts GUARDED_BY(m_mutex);
};

} // namespace net

#endif // BITNODE_NET_ADDRMAN_IMPL_H
