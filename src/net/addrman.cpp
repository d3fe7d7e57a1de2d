// AddrMan's tables: adding, promoting to tried, selecting and sharing addresses. The
// rules and constants are Core's (addrman.cpp); the bucket hashes are keyed SipHash.
#include <net/addrman_impl.h>

#include <crypto/siphash.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_set>

namespace net {

namespace {

/** SipHash of a domain tag and fields, each variable-length field length-prefixed. */
class BucketHasher
{
public:
    BucketHasher(const BucketKey& key, uint8_t tag) : m_hasher{key.k0, key.k1}
    {
        m_hasher.Write(util::ByteSpan{&tag, 1});
    }
    BucketHasher& Bytes(util::ByteSpan bytes)
    {
        const uint8_t len = static_cast<uint8_t>(bytes.size());
        m_hasher.Write(util::ByteSpan{&len, 1});
        m_hasher.Write(bytes);
        return *this;
    }
    BucketHasher& Number(uint64_t n)
    {
        uint8_t le[8];
        for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(n >> (8 * i));
        m_hasher.Write(util::ByteSpan{le, 8});
        return *this;
    }
    uint64_t Finalize() const { return m_hasher.Finalize(); }

private:
    crypto::SipHasher m_hasher;
};

/** The bytes identifying a Service: BIP155 id, address, port. */
std::vector<uint8_t> ServiceKey(const Service& s)
{
    const util::ByteSpan bytes = s.Bytes();
    std::vector<uint8_t> key(1 + bytes.size() + 2);
    key[0] = static_cast<uint8_t>(s.GetNetwork());
    std::copy(bytes.begin(), bytes.end(), key.begin() + 1);
    key[1 + bytes.size()] = static_cast<uint8_t>(s.GetPort() >> 8);
    key[2 + bytes.size()] = static_cast<uint8_t>(s.GetPort());
    return key;
}

} // namespace

size_t ServiceHasher::operator()(const Service& s) const
{
    crypto::SipHasher hasher{salt.k0, salt.k1};
    hasher.Write(ServiceKey(s));
    return static_cast<size_t>(hasher.Finalize());
}

int AddrInfo::GetTriedBucket(const BucketKey& key) const
{
    const uint64_t hash1 = BucketHasher{key, 'T'}.Bytes(ServiceKey(*this)).Finalize();
    const uint64_t hash2 =
        BucketHasher{key, 't'}.Bytes(GetGroup()).Number(hash1 % ADDRMAN_TRIED_BUCKETS_PER_GROUP).Finalize();
    return static_cast<int>(hash2 % ADDRMAN_TRIED_BUCKET_COUNT);
}

int AddrInfo::GetNewBucket(const BucketKey& key, const NetAddress& src) const
{
    const std::vector<uint8_t> source_group = src.GetGroup();
    const uint64_t hash1 = BucketHasher{key, 'N'}.Bytes(GetGroup()).Bytes(source_group).Finalize();
    const uint64_t hash2 =
        BucketHasher{key, 'n'}.Bytes(source_group).Number(hash1 % ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP).Finalize();
    return static_cast<int>(hash2 % ADDRMAN_NEW_BUCKET_COUNT);
}

int AddrInfo::GetBucketPosition(const BucketKey& key, bool is_new, int bucket) const
{
    const uint64_t hash = BucketHasher{key, 'P'}
                              .Number(is_new ? 1 : 0)
                              .Number(static_cast<uint64_t>(bucket))
                              .Bytes(ServiceKey(*this))
                              .Finalize();
    return static_cast<int>(hash % ADDRMAN_BUCKET_SIZE);
}

bool AddrInfo::IsTerrible(int64_t now) const
{
    if (now - last_try <= 60) return false;        // never drop what we just tried
    if (time > now + 10 * 60) return true;         // from the future
    if (now - time > ADDRMAN_HORIZON) return true; // not seen for a month
    if (last_success == 0 && attempts >= ADDRMAN_RETRIES) return true;
    if (now - last_success > ADDRMAN_MIN_FAIL && attempts >= ADDRMAN_MAX_FAILURES) return true;
    return false;
}

double AddrInfo::GetChance(int64_t now) const
{
    double chance = 1.0;
    if (now - last_try < 10 * 60) chance *= 0.01;
    // 66% less per failure, at most 8 times, so an outage does not bury an address forever.
    chance *= std::pow(0.66, std::min(attempts, 8));
    return chance;
}

AddrManImpl::AddrManImpl(const util::Clock& clock, bool deterministic)
    : m_clock{clock}, m_rng{deterministic ? crypto::FastRandomContext{std::array<uint8_t, 32>{}}
                                          : crypto::FastRandomContext{}}
{
    LOCK(m_mutex);
    if (deterministic) {
        m_key = BucketKey{1, 0};
    } else {
        do {
            m_key = BucketKey{m_rng.Rand64(), m_rng.Rand64()};
        } while (m_key.IsNull());
    }
    m_by_addr = decltype(m_by_addr)(0, ServiceHasher{BucketKey{m_rng.Rand64(), m_rng.Rand64()}});
    Bucket empty;
    empty.fill(NO_ENTRY);
    m_tried.assign(ADDRMAN_TRIED_BUCKET_COUNT, empty);
    m_new.assign(ADDRMAN_NEW_BUCKET_COUNT, empty);
}

AddrInfo* AddrManImpl::Find(const Service& addr, EntryId* id)
{
    const auto it = m_by_addr.find(addr);
    if (it == m_by_addr.end()) return nullptr;
    if (id) *id = it->second;
    const auto info = m_info.find(it->second);
    return info == m_info.end() ? nullptr : &info->second;
}

const AddrInfo* AddrManImpl::Find(const Service& addr, EntryId* id) const
{
    const auto it = m_by_addr.find(addr);
    if (it == m_by_addr.end()) return nullptr;
    if (id) *id = it->second;
    const auto info = m_info.find(it->second);
    return info == m_info.end() ? nullptr : &info->second;
}

AddrInfo* AddrManImpl::Create(const PeerAddress& addr, const NetAddress& source, EntryId* id)
{
    const EntryId new_id = m_next_id++;
    AddrInfo& info = m_info[new_id];
    info = AddrInfo{addr, source};
    m_by_addr[addr] = new_id;
    info.random_pos = m_random.size();
    m_random.push_back(new_id);
    ++m_new_count;
    ++m_network_counts[addr.GetNetwork()].n_new;
    if (id) *id = new_id;
    return &info;
}

void AddrManImpl::SwapRandom(size_t pos1, size_t pos2) const
{
    if (pos1 == pos2) return;
    assert(pos1 < m_random.size() && pos2 < m_random.size());
    const EntryId id1 = m_random[pos1];
    const EntryId id2 = m_random[pos2];
    m_info.at(id1).random_pos = pos2;
    m_info.at(id2).random_pos = pos1;
    m_random[pos1] = id2;
    m_random[pos2] = id1;
}

void AddrManImpl::Delete(EntryId id)
{
    AddrInfo& info = m_info.at(id);
    assert(!info.in_tried && info.ref_count == 0);
    SwapRandom(info.random_pos, m_random.size() - 1);
    --m_network_counts[info.GetNetwork()].n_new;
    m_random.pop_back();
    m_by_addr.erase(info);
    m_info.erase(id);
    --m_new_count;
}

void AddrManImpl::ClearNew(int bucket, int pos)
{
    const EntryId id = m_new[bucket][pos];
    if (id == NO_ENTRY) return;
    AddrInfo& info = m_info.at(id);
    assert(info.ref_count > 0);
    --info.ref_count;
    m_new[bucket][pos] = NO_ENTRY;
    if (info.ref_count == 0) Delete(id);
}

void AddrManImpl::MakeTried(AddrInfo& info, EntryId id)
{
    // Remove every reference from the new table, starting at the most likely bucket.
    const int start = info.GetNewBucket(m_key);
    for (int n = 0; n < ADDRMAN_NEW_BUCKET_COUNT && info.ref_count > 0; ++n) {
        const int bucket = (start + n) % ADDRMAN_NEW_BUCKET_COUNT;
        const int pos = info.GetBucketPosition(m_key, true, bucket);
        if (m_new[bucket][pos] == id) {
            m_new[bucket][pos] = NO_ENTRY;
            --info.ref_count;
        }
    }
    --m_new_count;
    --m_network_counts[info.GetNetwork()].n_new;
    assert(info.ref_count == 0);

    const int bucket = info.GetTriedBucket(m_key);
    const int pos = info.GetBucketPosition(m_key, false, bucket);
    if (const EntryId evict = m_tried[bucket][pos]; evict != NO_ENTRY) {
        // Move the occupant back to the new table, replacing whatever sits at its new slot.
        AddrInfo& old = m_info.at(evict);
        old.in_tried = false;
        m_tried[bucket][pos] = NO_ENTRY;
        --m_tried_count;
        --m_network_counts[old.GetNetwork()].n_tried;
        const int new_bucket = old.GetNewBucket(m_key);
        const int new_pos = old.GetBucketPosition(m_key, true, new_bucket);
        ClearNew(new_bucket, new_pos);
        old.ref_count = 1;
        m_new[new_bucket][new_pos] = evict;
        ++m_new_count;
        ++m_network_counts[old.GetNetwork()].n_new;
    }
    m_tried[bucket][pos] = id;
    ++m_tried_count;
    info.in_tried = true;
    ++m_network_counts[info.GetNetwork()].n_tried;
}

bool AddrManImpl::AddSingle(const PeerAddress& addr, const NetAddress& source, int64_t time_penalty, int64_t now)
{
    if (!addr.IsRoutable()) return false;
    // A peer telling us about itself is not penalised.
    if (static_cast<const NetAddress&>(addr) == source) time_penalty = 0;

    EntryId id = NO_ENTRY;
    AddrInfo* info = Find(addr, &id);
    if (info) {
        // Refresh the time: more often for addresses that look online now.
        const bool currently_online = now - addr.time < 24 * 60 * 60;
        const int64_t update_interval = currently_online ? 60 * 60 : 24 * 60 * 60;
        if (info->time < addr.time - update_interval - time_penalty) {
            info->time = std::max<int64_t>(0, addr.time - time_penalty);
        }
        info->services |= addr.services;
        if (addr.time <= info->time) return false;
        if (info->in_tried) return false;
        if (info->ref_count == ADDRMAN_NEW_BUCKETS_PER_ADDRESS) return false;
        // Each extra copy in new is half as likely as the previous one.
        if (info->ref_count > 0 && m_rng.RandRange(uint64_t{1} << info->ref_count) != 0) return false;
    } else {
        info = Create(addr, source, &id);
        info->time = std::max<int64_t>(0, info->time - time_penalty);
    }

    const int bucket = info->GetNewBucket(m_key, source);
    const int pos = info->GetBucketPosition(m_key, true, bucket);
    bool insert = m_new[bucket][pos] == NO_ENTRY;
    if (m_new[bucket][pos] != id) {
        if (!insert) {
            const AddrInfo& existing = m_info.at(m_new[bucket][pos]);
            // Replace a dead entry, or one with other copies when ours has none.
            if (existing.IsTerrible(now) || (existing.ref_count > 1 && info->ref_count == 0)) insert = true;
        }
        if (insert) {
            ClearNew(bucket, pos);
            ++info->ref_count;
            m_new[bucket][pos] = id;
        } else if (info->ref_count == 0) {
            Delete(id);
        }
    }
    return insert;
}

bool AddrManImpl::Add(const std::vector<PeerAddress>& addrs, const NetAddress& source, int64_t time_penalty)
{
    LOCK(m_mutex);
    const int64_t now = m_clock.Now();
    int added = 0;
    for (const PeerAddress& addr : addrs) added += AddSingle(addr, source, time_penalty, now) ? 1 : 0;
    return added > 0;
}

bool AddrManImpl::Good_(const Service& addr, bool test_before_evict, int64_t time)
{
    m_last_good = time;
    EntryId id = NO_ENTRY;
    AddrInfo* info = Find(addr, &id);
    if (!info) return false;
    info->last_success = time;
    info->last_try = time;
    info->attempts = 0;
    if (info->in_tried) return false;
    if (info->ref_count <= 0) return false;

    const int bucket = info->GetTriedBucket(m_key);
    const int pos = info->GetBucketPosition(m_key, false, bucket);
    if (test_before_evict && m_tried[bucket][pos] != NO_ENTRY) {
        // Occupied: remember the collision and let a feeler test the occupant first.
        if (m_tried_collisions.size() < ADDRMAN_SET_TRIED_COLLISION_SIZE) m_tried_collisions.insert(id);
        return false;
    }
    MakeTried(*info, id);
    return true;
}

bool AddrManImpl::Good(const Service& addr, int64_t time)
{
    LOCK(m_mutex);
    return Good_(addr, /*test_before_evict=*/true, time);
}

void AddrManImpl::Attempt(const Service& addr, bool count_failure, int64_t time)
{
    LOCK(m_mutex);
    AddrInfo* info = Find(addr);
    if (!info) return;
    info->last_try = time;
    // Count at most one failure per Good() anywhere: if nothing connects, we are offline.
    if (count_failure && info->last_count_attempt < m_last_good) {
        info->last_count_attempt = time;
        ++info->attempts;
    }
}

void AddrManImpl::ResolveCollisions()
{
    LOCK(m_mutex);
    const int64_t now = m_clock.Now();
    for (auto it = m_tried_collisions.begin(); it != m_tried_collisions.end();) {
        const EntryId id_new = *it;
        bool erase = false;
        const auto found = m_info.find(id_new);
        if (found == m_info.end() || !found->second.IsValid()) {
            erase = true;
        } else {
            AddrInfo& info_new = found->second;
            const int bucket = info_new.GetTriedBucket(m_key);
            const int pos = info_new.GetBucketPosition(m_key, false, bucket);
            if (m_tried[bucket][pos] == NO_ENTRY) {
                Good_(info_new, false, now); // no longer a collision
                erase = true;
            } else {
                const AddrInfo& info_old = m_info.at(m_tried[bucket][pos]);
                if (now - info_old.last_success < ADDRMAN_REPLACEMENT) {
                    erase = true; // the occupant is alive: keep it
                } else if (now - info_old.last_try < ADDRMAN_REPLACEMENT) {
                    // Tried recently and did not succeed: replace it, once the attempt had time to finish.
                    if (now - info_old.last_try > 60) {
                        Good_(info_new, false, now);
                        erase = true;
                    }
                } else if (now - info_new.last_success > ADDRMAN_TEST_WINDOW) {
                    // Could not test within the window: replace anyway.
                    Good_(info_new, false, now);
                    erase = true;
                }
            }
        }
        it = erase ? m_tried_collisions.erase(it) : std::next(it);
    }
}

std::pair<PeerAddress, int64_t> AddrManImpl::SelectTriedCollision()
{
    LOCK(m_mutex);
    if (m_tried_collisions.empty()) return {};
    auto it = m_tried_collisions.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(m_rng.RandRange(m_tried_collisions.size())));
    const auto found = m_info.find(*it);
    if (found == m_info.end()) {
        m_tried_collisions.erase(it);
        return {};
    }
    const int bucket = found->second.GetTriedBucket(m_key);
    const int pos = found->second.GetBucketPosition(m_key, false, bucket);
    const EntryId old_id = m_tried[bucket][pos];
    if (old_id == NO_ENTRY) return {};
    const AddrInfo& old = m_info.at(old_id);
    return {old, old.last_try};
}

std::pair<PeerAddress, int64_t> AddrManImpl::Select(bool new_only, const std::set<Network>& networks) const
{
    LOCK(m_mutex);
    if (m_random.empty()) return {};
    size_t new_count = static_cast<size_t>(m_new_count);
    size_t tried_count = static_cast<size_t>(m_tried_count);
    if (!networks.empty()) {
        new_count = tried_count = 0;
        for (Network net : networks) {
            if (const auto it = m_network_counts.find(net); it != m_network_counts.end()) {
                new_count += it->second.n_new;
                tried_count += it->second.n_tried;
            }
        }
    }
    if (new_only && new_count == 0) return {};
    if (new_count + tried_count == 0) return {};

    bool search_tried;
    if (new_only || tried_count == 0) {
        search_tried = false;
    } else if (new_count == 0) {
        search_tried = true;
    } else {
        search_tried = m_rng.RandBool();
    }
    const std::vector<Bucket>& table = search_tried ? m_tried : m_new;
    const int64_t now = m_clock.Now();
    double chance_factor = 1.0;
    while (true) {
        // A random bucket, then the first occupied slot from a random position.
        const size_t bucket = m_rng.RandRange(table.size());
        const size_t start = m_rng.RandRange(ADDRMAN_BUCKET_SIZE);
        EntryId id = NO_ENTRY;
        for (size_t i = 0; i < ADDRMAN_BUCKET_SIZE; ++i) {
            const EntryId candidate = table[bucket][(start + i) % ADDRMAN_BUCKET_SIZE];
            if (candidate == NO_ENTRY) continue;
            if (!networks.empty() && !networks.contains(m_info.at(candidate).GetNetwork())) continue;
            id = candidate;
            break;
        }
        if (id == NO_ENTRY) continue;
        const AddrInfo& info = m_info.at(id);
        // Accept with the entry's chance; raise the bar slowly so the loop always ends.
        if (static_cast<double>(m_rng.RandBits(30)) < chance_factor * info.GetChance(now) * (1 << 30)) {
            return {info, info.last_try};
        }
        chance_factor *= 1.2;
    }
}

std::vector<PeerAddress> AddrManImpl::GetAddr(size_t max_addresses, size_t max_pct, std::optional<Network> network,
                                              bool filtered) const
{
    LOCK(m_mutex);
    size_t wanted = m_random.size();
    if (max_pct != 0) wanted = std::min<size_t>(max_pct, 100) * wanted / 100;
    if (max_addresses != 0) wanted = std::min(wanted, max_addresses);
    const int64_t now = m_clock.Now();
    std::vector<PeerAddress> out;
    out.reserve(wanted);
    // A partial Fisher-Yates shuffle of m_random: each step picks a fresh random entry.
    for (size_t n = 0; n < m_random.size() && out.size() < wanted; ++n) {
        SwapRandom(n, n + m_rng.RandRange(m_random.size() - n));
        const AddrInfo& info = m_info.at(m_random[n]);
        if (network && info.GetNetClass() != *network) continue;
        if (filtered && info.IsTerrible(now)) continue;
        out.push_back(info);
    }
    return out;
}

void AddrManImpl::Connected(const Service& addr, int64_t time)
{
    LOCK(m_mutex);
    AddrInfo* info = Find(addr);
    if (info && time - info->time > 20 * 60) info->time = time;
}

void AddrManImpl::SetServices(const Service& addr, uint64_t services)
{
    LOCK(m_mutex);
    if (AddrInfo* info = Find(addr)) info->services = services;
}

size_t AddrManImpl::Size(std::optional<Network> net, std::optional<bool> in_new) const
{
    LOCK(m_mutex);
    if (!net) {
        if (in_new) return static_cast<size_t>(*in_new ? m_new_count : m_tried_count);
        return m_random.size();
    }
    const auto it = m_network_counts.find(*net);
    if (it == m_network_counts.end()) return 0;
    if (in_new) return *in_new ? it->second.n_new : it->second.n_tried;
    return it->second.n_new + it->second.n_tried;
}

std::optional<AddressPosition> AddrManImpl::FindAddressEntry(const Service& addr) const
{
    LOCK(m_mutex);
    const AddrInfo* info = Find(addr);
    if (!info) return std::nullopt;
    if (info->in_tried) {
        const int bucket = info->GetTriedBucket(m_key);
        return AddressPosition{true, 1, bucket, info->GetBucketPosition(m_key, false, bucket)};
    }
    const int bucket = info->GetNewBucket(m_key);
    return AddressPosition{false, info->ref_count, bucket, info->GetBucketPosition(m_key, true, bucket)};
}

int AddrManImpl::CheckConsistency() const
{
    LOCK(m_mutex);
    return CheckConsistency_();
}

int AddrManImpl::CheckConsistency_() const
{
    if (m_random.size() != static_cast<size_t>(m_tried_count + m_new_count)) return -7;
    std::unordered_set<EntryId> tried;
    std::unordered_map<EntryId, int> new_refs;
    std::map<Network, NewTriedCount> counts;
    for (const auto& [id, info] : m_info) {
        if (info.in_tried) {
            if (info.last_success == 0) return -1;
            if (info.ref_count != 0) return -2;
            tried.insert(id);
            ++counts[info.GetNetwork()].n_tried;
        } else {
            if (info.ref_count <= 0 || info.ref_count > ADDRMAN_NEW_BUCKETS_PER_ADDRESS) return -3;
            new_refs[id] = info.ref_count;
            ++counts[info.GetNetwork()].n_new;
        }
        const auto it = m_by_addr.find(info);
        if (it == m_by_addr.end() || it->second != id) return -5;
        if (info.random_pos >= m_random.size() || m_random[info.random_pos] != id) return -14;
        if (info.last_try < 0 || info.last_success < 0) return -6;
    }
    if (tried.size() != static_cast<size_t>(m_tried_count)) return -9;
    if (new_refs.size() != static_cast<size_t>(m_new_count)) return -10;
    for (int b = 0; b < ADDRMAN_TRIED_BUCKET_COUNT; ++b) {
        for (int p = 0; p < ADDRMAN_BUCKET_SIZE; ++p) {
            const EntryId id = m_tried[b][p];
            if (id == NO_ENTRY) continue;
            if (!tried.contains(id)) return -11;
            const AddrInfo& info = m_info.at(id);
            if (info.GetTriedBucket(m_key) != b || info.GetBucketPosition(m_key, false, b) != p) return -17;
            tried.erase(id);
        }
    }
    for (int b = 0; b < ADDRMAN_NEW_BUCKET_COUNT; ++b) {
        for (int p = 0; p < ADDRMAN_BUCKET_SIZE; ++p) {
            const EntryId id = m_new[b][p];
            if (id == NO_ENTRY) continue;
            const auto it = new_refs.find(id);
            if (it == new_refs.end()) return -12;
            if (m_info.at(id).GetBucketPosition(m_key, true, b) != p) return -19;
            if (--it->second == 0) new_refs.erase(it);
        }
    }
    if (!tried.empty()) return -13;
    if (!new_refs.empty()) return -15;
    if (m_key.IsNull()) return -16;
    for (const auto& [net, count] : m_network_counts) {
        if (counts[net].n_new != count.n_new || counts[net].n_tried != count.n_tried) return -21;
    }
    for (const auto& [net, count] : counts) {
        const auto it = m_network_counts.find(net);
        if (it == m_network_counts.end() || it->second.n_new != count.n_new || it->second.n_tried != count.n_tried)
            return -20;
    }
    return 0;
}

} // namespace net
