// AddrMan's public wrapper and peers.dat: the format is in doc/peers-format.md.
#include <net/addrman_impl.h>

#include <crypto/hash.h>
#include <primitives/streams.h>
#include <util/hex.h>

#include <cstdio>
#include <fstream>
#include <system_error>

namespace net {

namespace {

/** Identifies bitnode's peers.dat format (after the 4-byte network magic). */
constexpr std::array<uint8_t, 8> PEERS_FILE_ID{'B', 'N', 'P', 'E', 'E', 'R', 'S', 0};
/** Format version written; files with a higher version are refused. DO NOT CHANGE existing values. */
constexpr uint8_t PEERS_FORMAT_VERSION = 1;
constexpr uint8_t ENTRY_FLAG_TRIED = 1;

int64_t NowOr(const util::Clock& clock, std::optional<int64_t> time) { return time ? *time : clock.Now(); }

} // namespace

std::vector<uint8_t> AddrManImpl::Serialize(const consensus::MessageStartChars& magic) const
{
    LOCK(m_mutex);
    std::vector<uint8_t> out;
    primitives::VectorWriter w{out};
    w << magic << PEERS_FILE_ID << PEERS_FORMAT_VERSION << m_key.k0 << m_key.k1;
    primitives::WriteCompactSize(w, m_info.size());
    // Entries in id order so equal tables give equal files.
    std::map<EntryId, const AddrInfo*> ordered;
    for (const auto& [id, info] : m_info) ordered.emplace(id, &info);
    std::unordered_map<EntryId, std::vector<uint16_t>> new_buckets;
    for (int b = 0; b < ADDRMAN_NEW_BUCKET_COUNT; ++b) {
        for (EntryId id : m_new[b]) {
            if (id != NO_ENTRY) new_buckets[id].push_back(static_cast<uint16_t>(b));
        }
    }
    for (const auto& [id, info] : ordered) {
        info->SerializeV2(w);
        info->source.SerializeV2(w);
        w << info->last_success << static_cast<int32_t>(info->attempts);
        w << static_cast<uint8_t>(info->in_tried ? ENTRY_FLAG_TRIED : 0);
        if (info->in_tried) continue;
        w << new_buckets[id];
    }
    const std::array<uint8_t, 32> checksum = crypto::Hash256Of(out);
    out.insert(out.end(), checksum.begin(), checksum.end());
    return out;
}

void AddrManImpl::PlaceLoaded(AddrInfo info, const std::vector<int>& new_buckets)
{
    const bool want_tried = info.in_tried;
    info.in_tried = false;
    info.ref_count = 0;
    if (want_tried) {
        const int bucket = info.GetTriedBucket(m_key);
        const int pos = info.GetBucketPosition(m_key, false, bucket);
        if (m_tried[bucket][pos] == NO_ENTRY) {
            const EntryId id = m_next_id++;
            info.in_tried = true;
            info.random_pos = m_random.size();
            m_random.push_back(id);
            m_by_addr[info] = id;
            ++m_tried_count;
            ++m_network_counts[info.GetNetwork()].n_tried;
            m_tried[bucket][pos] = id;
            m_info.emplace(id, std::move(info));
            return;
        }
        // The slot is taken (a file written with another key): keep it as a new entry.
    }
    std::vector<std::pair<int, int>> slots;
    for (int bucket : new_buckets) {
        const int pos = info.GetBucketPosition(m_key, true, bucket);
        if (m_new[bucket][pos] == NO_ENTRY) slots.emplace_back(bucket, pos);
    }
    if (slots.empty()) {
        const int bucket = info.GetNewBucket(m_key);
        const int pos = info.GetBucketPosition(m_key, true, bucket);
        if (m_new[bucket][pos] != NO_ENTRY) return; // no room: drop it
        slots.emplace_back(bucket, pos);
    }
    const EntryId id = m_next_id++;
    info.random_pos = m_random.size();
    m_random.push_back(id);
    m_by_addr[info] = id;
    ++m_new_count;
    ++m_network_counts[info.GetNetwork()].n_new;
    for (const auto& [bucket, pos] : slots) {
        m_new[bucket][pos] = id;
        ++info.ref_count;
    }
    m_info.emplace(id, std::move(info));
}

void AddrManImpl::Unserialize(util::ByteSpan data, const consensus::MessageStartChars& magic)
{
    LOCK(m_mutex);
    constexpr size_t MIN_SIZE = 4 + PEERS_FILE_ID.size() + 1 + 16 + 1 + 32;
    if (data.size() < MIN_SIZE)
        throw std::runtime_error("the file is too short (" + std::to_string(data.size()) + " bytes)");
    if (!std::equal(magic.begin(), magic.end(), data.begin())) {
        throw std::runtime_error("it belongs to another network (message start " + util::HexStr(data.first(4)) +
                                 ", expected " + util::HexStr(magic) + ")");
    }
    if (!std::equal(PEERS_FILE_ID.begin(), PEERS_FILE_ID.end(), data.begin() + 4)) {
        throw std::runtime_error("it is not a bitnode peers file (Bitcoin Core's peers.dat format is not read)");
    }
    const uint8_t version = data[4 + PEERS_FILE_ID.size()];
    if (version != PEERS_FORMAT_VERSION) {
        throw std::runtime_error("its format version " + std::to_string(version) +
                                 " is not supported (this version reads " + std::to_string(PEERS_FORMAT_VERSION) + ")");
    }
    const util::ByteSpan body = data.first(data.size() - 32);
    const std::array<uint8_t, 32> checksum = crypto::Hash256Of(body);
    if (!std::equal(checksum.begin(), checksum.end(), data.end() - 32)) {
        throw std::runtime_error("its checksum does not match its contents (the file is corrupt)");
    }

    primitives::SpanReader r{body.subspan(4 + PEERS_FILE_ID.size() + 1)};
    BucketKey key;
    r >> key.k0 >> key.k1;
    if (key.IsNull()) throw std::runtime_error("its bucket key is zero");
    m_key = key;
    const uint64_t count = primitives::ReadCompactSize(r);
    const size_t max_entries =
        static_cast<size_t>(ADDRMAN_NEW_BUCKET_COUNT + ADDRMAN_TRIED_BUCKET_COUNT) * ADDRMAN_BUCKET_SIZE;
    if (count > max_entries)
        throw std::runtime_error("it lists " + std::to_string(count) + " addresses, more than the tables hold");
    for (uint64_t i = 0; i < count; ++i) {
        AddrInfo info;
        info.UnserializeV2(r);
        info.source.UnserializeV2(r);
        int32_t attempts;
        uint8_t flags;
        r >> info.last_success >> attempts >> flags;
        info.attempts = attempts;
        if (flags & ~ENTRY_FLAG_TRIED) throw std::runtime_error("entry " + std::to_string(i) + " has unknown flags");
        info.in_tried = flags & ENTRY_FLAG_TRIED;
        std::vector<int> buckets;
        if (!info.in_tried) {
            std::vector<uint16_t> raw;
            r >> raw;
            if (raw.empty() || raw.size() > ADDRMAN_NEW_BUCKETS_PER_ADDRESS) {
                throw std::runtime_error("entry " + std::to_string(i) + " is in " + std::to_string(raw.size()) +
                                         " new buckets");
            }
            for (uint16_t b : raw) {
                if (b >= ADDRMAN_NEW_BUCKET_COUNT)
                    throw std::runtime_error("entry " + std::to_string(i) + " names bucket " + std::to_string(b));
                buckets.push_back(b);
            }
        } else if (info.last_success <= 0) {
            throw std::runtime_error("tried entry " + std::to_string(i) + " has never succeeded");
        }
        if (attempts < 0 || info.last_success < 0)
            throw std::runtime_error("entry " + std::to_string(i) + " has negative counters");
        if (!info.IsValid() || Find(info)) continue; // skipped addresses and duplicates are dropped
        PlaceLoaded(std::move(info), buckets);
    }
    if (!r.empty()) throw std::runtime_error(std::to_string(r.size()) + " unexpected bytes after the last address");
    if (const int code = CheckConsistency_(); code != 0) {
        throw std::runtime_error("the loaded tables are inconsistent (check code " + std::to_string(code) + ")");
    }
}

AddrMan::AddrMan(const util::Clock& clock, bool deterministic)
    : m_impl{std::make_unique<AddrManImpl>(clock, deterministic)}
{}
AddrMan::AddrMan(std::unique_ptr<AddrManImpl> impl) : m_impl{std::move(impl)} {}
AddrMan::~AddrMan() = default;

size_t AddrMan::Size(std::optional<Network> net, std::optional<bool> in_new) const { return m_impl->Size(net, in_new); }
bool AddrMan::Add(const std::vector<PeerAddress>& addrs, const NetAddress& source, std::chrono::seconds time_penalty)
{
    return m_impl->Add(addrs, source, time_penalty.count());
}
bool AddrMan::Good(const Service& addr, std::optional<int64_t> time)
{
    return m_impl->Good(addr, NowOr(m_impl->Clock(), time));
}
void AddrMan::Attempt(const Service& addr, bool count_failure, std::optional<int64_t> time)
{
    m_impl->Attempt(addr, count_failure, NowOr(m_impl->Clock(), time));
}
void AddrMan::ResolveCollisions() { m_impl->ResolveCollisions(); }
std::pair<PeerAddress, int64_t> AddrMan::SelectTriedCollision() { return m_impl->SelectTriedCollision(); }
std::pair<PeerAddress, int64_t> AddrMan::Select(bool new_only, const std::set<Network>& networks) const
{
    return m_impl->Select(new_only, networks);
}
std::vector<PeerAddress> AddrMan::GetAddr(size_t max_addresses, size_t max_pct, std::optional<Network> network,
                                          bool filtered) const
{
    return m_impl->GetAddr(max_addresses, max_pct, network, filtered);
}
void AddrMan::Connected(const Service& addr, std::optional<int64_t> time)
{
    m_impl->Connected(addr, NowOr(m_impl->Clock(), time));
}
void AddrMan::SetServices(const Service& addr, uint64_t services) { m_impl->SetServices(addr, services); }
std::optional<AddressPosition> AddrMan::FindAddressEntry(const Service& addr) const
{
    return m_impl->FindAddressEntry(addr);
}
int AddrMan::CheckConsistency() const { return m_impl->CheckConsistency(); }

std::vector<uint8_t> AddrMan::Serialize(const consensus::MessageStartChars& magic) const
{
    return m_impl->Serialize(magic);
}

util::Result<std::unique_ptr<AddrMan>> AddrMan::Deserialize(util::ByteSpan data,
                                                            const consensus::MessageStartChars& magic,
                                                            const util::Clock& clock, bool deterministic)
{
    auto impl = std::make_unique<AddrManImpl>(clock, deterministic);
    try {
        impl->Unserialize(data, magic);
    } catch (const std::exception& e) {
        return util::Error{e.what()};
    }
    return std::unique_ptr<AddrMan>(new AddrMan(std::move(impl)));
}

util::Result<void> AddrMan::Save(const util::fs::path& path, const consensus::MessageStartChars& magic) const
{
    const std::vector<uint8_t> bytes = Serialize(magic);
    util::fs::path tmp = path;
    tmp += ".new";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out)
            return util::Error{"cannot write " + tmp.string() +
                               ": check the disk space and permissions of the data directory"};
    }
    std::error_code ec;
    util::fs::rename(tmp, path, ec);
    if (ec) return util::Error{"cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message()};
    return {};
}

util::Result<std::unique_ptr<AddrMan>> AddrMan::Load(const util::fs::path& path,
                                                     const consensus::MessageStartChars& magic,
                                                     const util::Clock& clock, bool deterministic)
{
    util::Result<std::vector<uint8_t>> bytes = util::ReadFileBytes(path);
    if (!bytes) return util::Error{bytes.error()};
    util::Result<std::unique_ptr<AddrMan>> addrman = Deserialize(*bytes, magic, clock, deterministic);
    if (!addrman) return util::Error{"cannot use " + path.string() + ": " + addrman.error()};
    return addrman;
}

std::unique_ptr<AddrMan> AddrMan::LoadOrCreate(const util::fs::path& path, const consensus::MessageStartChars& magic,
                                               const util::Clock& clock, std::string& warning)
{
    warning.clear();
    std::error_code ec;
    if (!util::fs::exists(path, ec)) return std::make_unique<AddrMan>(clock);
    util::Result<std::unique_ptr<AddrMan>> loaded = Load(path, magic, clock);
    if (loaded) return std::move(loaded.value());
    util::fs::path backup = path;
    backup += ".bak";
    util::fs::rename(path, backup, ec);
    warning = loaded.error() + "; starting with an empty address table" +
              (ec ? " (could not move the file aside: " + ec.message() + ")"
                  : " (the old file is kept as " + backup.string() + ")");
    return std::make_unique<AddrMan>(clock);
}

} // namespace net
