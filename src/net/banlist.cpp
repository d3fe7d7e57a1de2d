#include <net/banlist.h>

#include <fstream>
#include <system_error>

namespace net {

namespace {

constexpr const char* JSON_KEY = "banned_nets";

/** Discouragement is per address, whatever the port or network encoding. */
std::vector<uint8_t> DiscourageKey(const NetAddress& addr)
{
    const util::ByteSpan bytes = addr.Bytes();
    std::vector<uint8_t> key(1 + bytes.size());
    key[0] = static_cast<uint8_t>(addr.GetNetwork());
    std::copy(bytes.begin(), bytes.end(), key.begin() + 1);
    return key;
}

} // namespace

util::JsonValue BanMapToJson(const BanMap& bans)
{
    util::JsonValue list = util::JsonValue::Array();
    for (const auto& [subnet, entry] : bans) {
        util::JsonValue obj = util::JsonValue::Object();
        obj.PushKV("version", entry.version);
        obj.PushKV("ban_created", entry.create_time);
        obj.PushKV("banned_until", entry.ban_until);
        obj.PushKV("address", subnet.ToString());
        list.PushBack(std::move(obj));
    }
    util::JsonValue doc = util::JsonValue::Object();
    doc.PushKV(JSON_KEY, std::move(list));
    return doc;
}

util::Result<BanMap> BanMapFromJson(const util::JsonValue& json, std::vector<std::string>* dropped)
{
    const util::JsonValue* list = json.Find(JSON_KEY);
    if (!list || !list->IsArray()) return util::Error{std::string("no \"") + JSON_KEY + "\" array"};
    BanMap bans;
    for (size_t i = 0; i < list->size(); ++i) {
        const util::JsonValue& item = (*list)[i];
        auto get_int = [&](const char* key) -> std::optional<int64_t> {
            const util::JsonValue* v = item.Find(key);
            return v && v->IsNum() ? v->GetInt64() : std::nullopt;
        };
        const std::optional<int64_t> version = get_int("version");
        const std::optional<int64_t> created = get_int("ban_created");
        const std::optional<int64_t> until = get_int("banned_until");
        const util::JsonValue* address = item.Find("address");
        if (!version) return util::Error{"entry " + std::to_string(i) + " has no integer \"version\""};
        if (*version != BanEntry::CURRENT_VERSION) {
            if (dropped)
                dropped->push_back("entry " + std::to_string(i) + " has unknown version " + std::to_string(*version));
            continue;
        }
        if (!created || !until)
            return util::Error{"entry " + std::to_string(i) + " lacks \"ban_created\" or \"banned_until\""};
        if (!address || !address->IsStr())
            return util::Error{"entry " + std::to_string(i) + " has no \"address\" string"};
        const std::optional<SubNet> subnet = SubNet::Parse(address->GetStr());
        if (!subnet) {
            if (dropped)
                dropped->push_back("entry " + std::to_string(i) + " has an unparseable address " + address->GetStr());
            continue;
        }
        bans.insert_or_assign(*subnet, BanEntry{static_cast<int>(*version), *created, *until});
    }
    return bans;
}

BanList::BanList(util::fs::path file, const util::Clock& clock, int64_t default_ban_time)
    : m_file{std::move(file)}, m_clock{clock}, m_default_ban_time{default_ban_time}
{
    Load();
}

void BanList::Load()
{
    if (m_file.empty()) return;
    std::error_code ec;
    if (!util::fs::exists(m_file, ec)) return;
    util::Result<std::string> text = util::ReadFileText(m_file);
    if (!text) {
        m_load_warning = text.error();
    } else if (util::Result<util::JsonValue> json = util::ParseJson(*text); !json) {
        m_load_warning = "cannot parse ban list " + m_file.string() + ": " + json.error();
    } else if (util::Result<BanMap> bans = BanMapFromJson(*json); !bans) {
        m_load_warning = "cannot use ban list " + m_file.string() + ": " + bans.error();
    } else {
        LOCK(m_mutex);
        m_banned = std::move(bans.value());
        SweepBanned();
        return;
    }
    LOCK(m_mutex);
    m_load_warning += "; starting with an empty ban list";
    m_dirty = true;
}

void BanList::SweepBanned()
{
    const int64_t now = m_clock.Now();
    for (auto it = m_banned.begin(); it != m_banned.end();) {
        if (!it->first.IsValid() || now > it->second.ban_until) {
            it = m_banned.erase(it);
            m_dirty = true;
        } else {
            ++it;
        }
    }
}

void BanList::Ban(const SubNet& subnet, int64_t offset, bool since_unix_epoch)
{
    const int64_t now = m_clock.Now();
    if (offset <= 0) {
        offset = m_default_ban_time;
        since_unix_epoch = false;
    }
    const BanEntry entry{BanEntry::CURRENT_VERSION, now, (since_unix_epoch ? 0 : now) + offset};
    {
        LOCK(m_mutex);
        BanEntry& current = m_banned[subnet];
        if (current.ban_until >= entry.ban_until) return;
        current = entry;
        m_dirty = true;
    }
    (void)Flush(); // a failed write stays dirty and is retried by the next Flush
}

void BanList::Ban(const NetAddress& addr, int64_t offset, bool since_unix_epoch)
{
    Ban(SubNet{addr}, offset, since_unix_epoch);
}

bool BanList::Unban(const SubNet& subnet)
{
    {
        LOCK(m_mutex);
        if (m_banned.erase(subnet) == 0) return false;
        m_dirty = true;
    }
    (void)Flush();
    return true;
}

bool BanList::Unban(const NetAddress& addr) { return Unban(SubNet{addr}); }

void BanList::ClearBanned()
{
    {
        LOCK(m_mutex);
        m_banned.clear();
        m_dirty = true;
    }
    (void)Flush();
}

bool BanList::IsBanned(const NetAddress& addr) const
{
    const int64_t now = m_clock.Now();
    LOCK(m_mutex);
    for (const auto& [subnet, entry] : m_banned) {
        if (now < entry.ban_until && subnet.Match(addr)) return true;
    }
    return false;
}

bool BanList::IsBanned(const SubNet& subnet) const
{
    const int64_t now = m_clock.Now();
    LOCK(m_mutex);
    const auto it = m_banned.find(subnet);
    return it != m_banned.end() && now < it->second.ban_until;
}

void BanList::Discourage(const NetAddress& addr)
{
    LOCK(m_mutex);
    std::vector<uint8_t> key = DiscourageKey(addr);
    if (!m_discouraged.insert(key).second) return;
    m_discouraged_order.push_back(std::move(key));
    if (m_discouraged_order.size() > DISCOURAGED_CAPACITY) {
        m_discouraged.erase(m_discouraged_order.front());
        m_discouraged_order.pop_front();
    }
}

bool BanList::IsDiscouraged(const NetAddress& addr) const
{
    LOCK(m_mutex);
    return m_discouraged.contains(DiscourageKey(addr));
}

BanMap BanList::GetBanned()
{
    LOCK(m_mutex);
    SweepBanned();
    return m_banned;
}

util::Result<void> BanList::Flush()
{
    LOCK(m_write_mutex);
    BanMap snapshot;
    {
        LOCK(m_mutex);
        SweepBanned();
        if (!m_dirty || m_file.empty()) return {};
        snapshot = m_banned;
        m_dirty = false;
    }
    const std::string text = BanMapToJson(snapshot).Write(4) + "\n";
    util::fs::path tmp = m_file;
    tmp += ".new";
    bool ok;
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        ok = static_cast<bool>(out);
    }
    std::error_code ec;
    if (ok) util::fs::rename(tmp, m_file, ec);
    if (!ok || ec) {
        LOCK(m_mutex);
        m_dirty = true;
        return util::Error{"cannot write ban list " + m_file.string() +
                           ": check the permissions and free space of the data directory"};
    }
    return {};
}

} // namespace net
