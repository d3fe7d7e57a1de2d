// Bans and discouragement of peers (Core's BanMan).
//
// A ban is a subnet (or single address) refused until a time, set by the operator
// (setban) and persisted to banlist.json in Core's JSON shape, so a Core banlist.json can
// be read and vice versa. Expired bans are swept whenever the list is read or saved.
//
// Discouragement is the automatic, lighter penalty for misbehaving peers: the address is
// remembered in memory only (a bounded set of the last 50,000 addresses, standing in for
// Core's rolling bloom filter), inbound connections from it are accepted only while slots
// are free, and such peers are preferred for eviction.
//
// Thread safety: every method may be called from any thread (one internal mutex).
#ifndef BITNODE_NET_BANLIST_H
#define BITNODE_NET_BANLIST_H

#include <net/netaddress.h>
#include <util/fs.h>
#include <util/json.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace net {

/** Default ban length when none is given (Core's DEFAULT_MISBEHAVING_BANTIME, 24 hours). */
inline constexpr int64_t DEFAULT_BAN_TIME = 24 * 60 * 60;
/** Addresses remembered as discouraged. */
inline constexpr size_t DISCOURAGED_CAPACITY = 50'000;

struct BanEntry {
    /** Entries of other versions are dropped when read (Core's CBanEntry::CURRENT_VERSION). */
    static constexpr int CURRENT_VERSION = 1;
    int version{CURRENT_VERSION};
    int64_t create_time{0};
    int64_t ban_until{0};
    friend bool operator==(const BanEntry&, const BanEntry&) = default;
};

using BanMap = std::map<SubNet, BanEntry>;

/** {"banned_nets": [{"version", "ban_created", "banned_until", "address"}, ...]}, Core's banlist.json. */
util::JsonValue BanMapToJson(const BanMap& bans);
/**
 * The bans in a banlist.json document. Entries of an unknown version or with an address
 * that does not parse are dropped (and named in `dropped`); a missing or mistyped field is
 * an error for the whole file, as in Core.
 */
util::Result<BanMap> BanMapFromJson(const util::JsonValue& json, std::vector<std::string>* dropped = nullptr);

class BanList
{
public:
    /**
     * A ban list kept in `file` (empty path: memory only). The file is read at once; a file
     * that cannot be used leaves the list empty and LoadWarning() says why, and it is
     * rewritten on the next change.
     */
    BanList(util::fs::path file, const util::Clock& clock, int64_t default_ban_time = DEFAULT_BAN_TIME);

    /** Why the file could not be read at construction (empty if it was fine or absent). */
    const std::string& LoadWarning() const { return m_load_warning; }

    /**
     * Ban until now + offset, or until `offset` itself if since_unix_epoch. offset <= 0 means
     * the default ban time. A ban never shortens an existing longer one. Saved at once.
     */
    void Ban(const SubNet& subnet, int64_t offset = 0, bool since_unix_epoch = false)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Ban(const NetAddress& addr, int64_t offset = 0, bool since_unix_epoch = false)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** False if there was no such ban. */
    bool Unban(const SubNet& subnet) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool Unban(const NetAddress& addr) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void ClearBanned() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** The address falls in an unexpired banned subnet. */
    bool IsBanned(const NetAddress& addr) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Exactly this subnet is banned and unexpired. */
    bool IsBanned(const SubNet& subnet) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    void Discourage(const NetAddress& addr) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool IsDiscouraged(const NetAddress& addr) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Unexpired bans (expired ones are removed first). */
    BanMap GetBanned() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Write the file if anything changed since the last write. */
    util::Result<void> Flush() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    void SweepBanned() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void Load() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    const util::fs::path m_file;
    const util::Clock& m_clock;
    const int64_t m_default_ban_time;
    std::string m_load_warning;

    mutable util::Mutex m_mutex;
    BanMap m_banned GUARDED_BY(m_mutex);
    bool m_dirty GUARDED_BY(m_mutex){false};
    std::set<std::vector<uint8_t>> m_discouraged GUARDED_BY(m_mutex);
    std::deque<std::vector<uint8_t>> m_discouraged_order GUARDED_BY(m_mutex);
    /** Serialises file writes (taken before m_mutex, never while holding it). */
    util::Mutex m_write_mutex;
};

} // namespace net

#endif // BITNODE_NET_BANLIST_H
