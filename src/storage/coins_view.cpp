#include <storage/coins_view.h>

#include <crypto/random.h>
#include <crypto/siphash.h>
#include <script/script.h>

#include <cstdio>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <tuple>

namespace storage {

//
// SaltedOutPointHasher
//

SaltedOutPointHasher::SaltedOutPointHasher(bool deterministic)
{
    if (deterministic) {
        m_k0 = 0x8e819f2607a18de6ULL;
        m_k1 = 0xf4020d2e3983b0ebULL;
    } else {
        crypto::FastRandomContext rng;
        m_k0 = rng.Rand64();
        m_k1 = rng.Rand64();
    }
}

size_t SaltedOutPointHasher::operator()(const OutPoint& outpoint) const noexcept
{
    return static_cast<size_t>(
        crypto::SipHashUint256Extra(m_k0, m_k1, std::span<const uint8_t, 32>{outpoint.hash.data(), 32}, outpoint.n));
}

//
// CoinsCacheEntry: the flagged entries form a circular doubly linked list through the sentinel.
//

void CoinsCacheEntry::AddFlags(uint8_t flags, CoinsCachePair& pair, CoinsCachePair& sentinel) noexcept
{
    CoinsCacheEntry& entry = pair.second;
    if (entry.m_flags == 0) {
        // Not yet on the list: insert before the sentinel (at the end).
        entry.m_prev = sentinel.second.m_prev;
        entry.m_next = &sentinel;
        sentinel.second.m_prev = &pair;
        entry.m_prev->second.m_next = &pair;
    }
    entry.m_flags |= flags;
}

void CoinsCacheEntry::SetClean() noexcept
{
    if (m_flags == 0) return;
    m_next->second.m_prev = m_prev;
    m_prev->second.m_next = m_next;
    m_flags = 0;
    m_prev = m_next = nullptr;
}

void CoinsCacheEntry::SelfRef(CoinsCachePair& pair) noexcept
{
    m_prev = &pair;
    m_next = &pair;
    // Flagged, like every member of the list, so it is never taken for an unlinked entry.
    m_flags = DIRTY;
}

CoinsCachePair* CoinsCacheCursor::NextAndMaybeErase(CoinsCachePair& current) noexcept
{
    CoinsCachePair* next = current.second.Next();
    if (!m_will_erase) {
        if (current.second.coin.IsSpent()) {
            m_map.erase(current.first);
        } else {
            current.second.SetClean();
        }
    }
    return next;
}

//
// CoinsView: the empty set.
//

std::optional<Coin> CoinsView::GetCoin(const OutPoint&) const { return std::nullopt; }
bool CoinsView::HaveCoin(const OutPoint& outpoint) const { return GetCoin(outpoint).has_value(); }
uint256 CoinsView::GetBestBlock() const { return uint256{}; }
std::vector<uint256> CoinsView::GetHeadBlocks() const { return {}; }
bool CoinsView::BatchWrite(CoinsCacheCursor&, const uint256&) { return false; }
std::unique_ptr<CoinsViewCursor> CoinsView::Cursor() const { return nullptr; }

bool IsUnspendableScript(const primitives::ScriptBytes& script)
{
    return (!script.empty() && script[0] == script::OP_RETURN) || script.size() > script::MAX_SCRIPT_SIZE;
}

//
// CoinsViewCache
//

CoinsViewCache::CoinsViewCache(CoinsView* base, bool deterministic)
    : CoinsViewBacked{base}, m_deterministic{deterministic}, m_cache{0, SaltedOutPointHasher{deterministic}}
{
    m_sentinel.second.SelfRef(m_sentinel);
}

size_t CoinsViewCache::DynamicMemoryUsage() const
{
    return memusage::UnorderedUsage(sizeof(CoinsCachePair), m_cache.size(), m_cache.bucket_count()) +
           m_cached_coins_usage;
}

CoinsMap::iterator CoinsViewCache::FetchCoin(const OutPoint& outpoint) const
{
    const auto [it, inserted] = m_cache.try_emplace(outpoint);
    if (!inserted) return it;
    std::optional<Coin> coin;
    try {
        coin = m_base->GetCoin(outpoint);
    } catch (...) {
        m_cache.erase(it);
        throw;
    }
    if (!coin) {
        m_cache.erase(it);
        return m_cache.end();
    }
    it->second.coin = std::move(*coin);
    m_cached_coins_usage += it->second.coin.DynamicMemoryUsage();
    if (it->second.coin.IsSpent()) {
        // The parent only has an empty entry here, so ours may be treated as fresh.
        CoinsCacheEntry::SetFresh(*it, m_sentinel);
    }
    return it;
}

std::optional<Coin> CoinsViewCache::GetCoin(const OutPoint& outpoint) const
{
    const auto it = FetchCoin(outpoint);
    if (it != m_cache.end() && !it->second.coin.IsSpent()) return it->second.coin;
    return std::nullopt;
}

bool CoinsViewCache::HaveCoin(const OutPoint& outpoint) const
{
    const auto it = FetchCoin(outpoint);
    return it != m_cache.end() && !it->second.coin.IsSpent();
}

bool CoinsViewCache::HaveCoinInCache(const OutPoint& outpoint) const
{
    const auto it = m_cache.find(outpoint);
    return it != m_cache.end() && !it->second.coin.IsSpent();
}

const Coin& CoinsViewCache::AccessCoin(const OutPoint& outpoint) const
{
    static const Coin EMPTY_COIN;
    const auto it = FetchCoin(outpoint);
    return it == m_cache.end() ? EMPTY_COIN : it->second.coin;
}

void CoinsViewCache::AddCoin(const OutPoint& outpoint, Coin&& coin, bool possible_overwrite)
{
    if (coin.IsSpent()) throw std::logic_error("AddCoin called with a spent coin");
    if (IsUnspendableScript(coin.out.script_pubkey)) return;
    auto [it, inserted] = m_cache.try_emplace(outpoint);
    bool fresh = false;
    if (!possible_overwrite) {
        if (!it->second.coin.IsSpent()) {
            throw std::logic_error("Attempted to overwrite an unspent coin (when possible_overwrite is false)");
        }
        // A spent entry that is DIRTY has spentness the parent has not seen yet: if we
        // marked the new coin FRESH and it were spent again before a flush, the entry
        // would vanish and the parent would keep the old coin. (Happens in reorgs.)
        fresh = !it->second.IsDirty();
    }
    if (!inserted) m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
    it->second.coin = std::move(coin);
    CoinsCacheEntry::SetDirty(*it, m_sentinel);
    if (fresh) CoinsCacheEntry::SetFresh(*it, m_sentinel);
    m_cached_coins_usage += it->second.coin.DynamicMemoryUsage();
}

void AddCoins(CoinsViewCache& cache, const primitives::Transaction& tx, int height, bool check_for_overwrite)
{
    const bool coinbase = tx.IsCoinBase();
    const primitives::Txid& txid = tx.GetHash();
    for (uint32_t i = 0; i < tx.vout.size(); ++i) {
        const OutPoint outpoint{txid, i};
        // Coinbases may always overwrite: two pre-BIP30 coinbases were duplicated.
        const bool overwrite = check_for_overwrite ? cache.HaveCoin(outpoint) : coinbase;
        cache.AddCoin(outpoint, Coin{tx.vout[i], static_cast<uint32_t>(height), coinbase}, overwrite);
    }
}

bool CoinsViewCache::SpendCoin(const OutPoint& outpoint, Coin* moved_out)
{
    const auto it = FetchCoin(outpoint);
    if (it == m_cache.end()) return false;
    // An entry that is already spent goes through the same transitions as in Core (it
    // may become DIRTY or vanish), but the caller learns that nothing was spent.
    const bool was_unspent = !it->second.coin.IsSpent();
    m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
    if (moved_out) *moved_out = std::move(it->second.coin);
    if (it->second.IsFresh()) {
        // The parent never saw this coin: forget it entirely.
        m_cache.erase(it);
    } else {
        CoinsCacheEntry::SetDirty(*it, m_sentinel);
        it->second.coin.Clear();
    }
    return was_unspent;
}

void CoinsViewCache::Uncache(const OutPoint& outpoint)
{
    const auto it = m_cache.find(outpoint);
    if (it != m_cache.end() && !it->second.IsDirty() && !it->second.IsFresh()) {
        m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
        m_cache.erase(it);
    }
}

uint256 CoinsViewCache::GetBestBlock() const
{
    if (m_best_block.IsNull()) m_best_block = m_base->GetBestBlock();
    return m_best_block;
}

std::unique_ptr<CoinsViewCursor> CoinsViewCache::Cursor() const
{
    throw std::logic_error("CoinsViewCache cannot be iterated; iterate the coins database after a flush");
}

bool CoinsViewCache::BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block)
{
    for (CoinsCachePair* child = cursor.Begin(); child != cursor.End(); child = cursor.NextAndMaybeErase(*child)) {
        CoinsCacheEntry& theirs = child->second;
        if (!theirs.IsDirty()) continue; // only FRESH: a spent coin the child fetched and never changed
        const auto ours = m_cache.find(child->first);
        if (ours == m_cache.end()) {
            // Spent and FRESH in the child: nobody above ever saw it; nothing to do.
            if (theirs.IsFresh() && theirs.coin.IsSpent()) continue;
            CoinsCachePair& entry = *m_cache.try_emplace(child->first).first;
            entry.second.coin = cursor.WillErase(*child) ? std::move(theirs.coin) : theirs.coin;
            m_cached_coins_usage += entry.second.coin.DynamicMemoryUsage();
            CoinsCacheEntry::SetDirty(entry, m_sentinel);
            // FRESH carries over only if it was FRESH below: otherwise our parent may have it.
            if (theirs.IsFresh()) CoinsCacheEntry::SetFresh(entry, m_sentinel);
            continue;
        }
        if (theirs.IsFresh() && !ours->second.coin.IsSpent()) {
            throw std::logic_error("FRESH flag misapplied to coin that exists in parent cache");
        }
        m_cached_coins_usage -= ours->second.coin.DynamicMemoryUsage();
        if (ours->second.IsFresh() && theirs.coin.IsSpent()) {
            // Our parent does not have it and it is now spent: drop it here too.
            m_cache.erase(ours);
            continue;
        }
        ours->second.coin = cursor.WillErase(*child) ? std::move(theirs.coin) : theirs.coin;
        m_cached_coins_usage += ours->second.coin.DynamicMemoryUsage();
        // Never FRESH here: a spent entry of ours may still have to reach our parent.
        CoinsCacheEntry::SetDirty(*ours, m_sentinel);
    }
    m_best_block = best_block;
    return true;
}

bool CoinsViewCache::Flush()
{
    CoinsCacheCursor cursor{m_sentinel, m_cache, /*will_erase=*/true};
    const bool ok = m_base->BatchWrite(cursor, m_best_block);
    if (ok) {
        ReallocateCache();
        m_cached_coins_usage = 0;
    }
    return ok;
}

bool CoinsViewCache::Sync()
{
    CoinsCacheCursor cursor{m_sentinel, m_cache, /*will_erase=*/false};
    const bool ok = m_base->BatchWrite(cursor, m_best_block);
    if (ok && m_sentinel.second.Next() != &m_sentinel) {
        throw std::logic_error("Sync left flagged coins in the cache");
    }
    return ok;
}

void CoinsViewCache::ReallocateCache()
{
    // A new map also frees the bucket array, which clear() would keep. Destroying the old
    // entries unlinks each from the flagged list, leaving the sentinel alone on it.
    CoinsMap fresh{0, SaltedOutPointHasher{m_deterministic}};
    m_cache.swap(fresh);
}

bool CoinsViewCache::HaveInputs(const primitives::Transaction& tx) const
{
    if (tx.IsCoinBase()) return true;
    for (const primitives::TxIn& in : tx.vin) {
        if (!HaveCoin(in.prevout)) return false;
    }
    return true;
}

void CoinsViewCache::SanityCheck() const
{
    const auto fail = [](const char* what) {
        std::fprintf(stderr, "CoinsViewCache::SanityCheck: %s\n", what);
        std::abort();
    };
    size_t usage = 0;
    size_t flagged = 0;
    for (const auto& [outpoint, entry] : m_cache) {
        (void)outpoint;
        const bool dirty = entry.IsDirty();
        const bool fresh = entry.IsFresh();
        const bool spent = entry.coin.IsSpent();
        if (fresh && !dirty && !spent) fail("unspent FRESH entry that is not DIRTY");
        if (spent && !dirty && !fresh) fail("spent entry with no flag");
        if (spent && dirty && fresh) fail("spent entry that is DIRTY and FRESH");
        usage += entry.coin.DynamicMemoryUsage();
        if (dirty || fresh) ++flagged;
    }
    size_t linked = 0;
    for (CoinsCachePair* p = m_sentinel.second.Next(); p != &m_sentinel; p = p->second.Next()) {
        if (p->second.Next()->second.Prev() != p || p->second.Prev()->second.Next() != p) fail("broken flagged list");
        if (!p->second.IsDirty() && !p->second.IsFresh()) fail("unflagged entry on the flagged list");
        ++linked;
    }
    if (linked != flagged) fail("flagged list and flags disagree");
    if (usage != m_cached_coins_usage) fail("memory accounting is off");
}

} // namespace storage
