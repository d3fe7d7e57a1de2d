// CoinsViewCache: the DIRTY/FRESH state machine entry by entry (every combination of parent
// state, cache state and operation that Bitcoin Core's coins_tests cover), flushing through
// a two-level stack onto LevelDB, and a randomised comparison against a plain map.
#include <storage/coins_db.h>
#include <storage/coins_view.h>
#include <storage/consensus_coins.h>

#include <crypto/random.h>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace {

using primitives::Amount;
using primitives::uint256;
using storage::Coin;
using storage::CoinsCacheEntry;
using storage::CoinsCachePair;
using storage::CoinsMap;
using storage::CoinsViewCache;
using storage::OutPoint;

/** A cache whose map, flagged list and usage counter tests may touch. */
class TestCache : public CoinsViewCache
{
public:
    using CoinsViewCache::CoinsViewCache;
    CoinsMap& Map() { return m_cache; }
    CoinsCachePair& Sentinel() { return m_sentinel; }
    size_t& Usage() { return m_cached_coins_usage; }
};

constexpr Amount SPENT = -1;
constexpr Amount ABSENT = -2;
constexpr Amount V1 = 100;
constexpr Amount V2 = 200;
constexpr Amount V3 = 300;

/** One map entry as the tables write it: value (or SPENT) and flags. */
struct Entry {
    Amount value;
    bool dirty;
    bool fresh;
    friend bool operator==(const Entry&, const Entry&) = default;
};
using MaybeEntry = std::optional<Entry>;

std::string Show(const MaybeEntry& e)
{
    if (!e) return "missing";
    return (e->value == SPENT ? std::string{"spent"} : std::to_string(e->value)) + (e->dirty ? " DIRTY" : "") +
           (e->fresh ? " FRESH" : "");
}

// Short names for the table rows.
const MaybeEntry MISSING{};
MaybeEntry S(bool dirty, bool fresh) { return Entry{SPENT, dirty, fresh}; }
MaybeEntry V(Amount v, bool dirty, bool fresh) { return Entry{v, dirty, fresh}; }
constexpr bool D = true;  // DIRTY
constexpr bool F = true;  // FRESH
constexpr bool _ = false; // flag not set

const OutPoint OUTPOINT{};

Coin MakeCoin(Amount value)
{
    Coin coin;
    if (value != SPENT) coin = Coin{primitives::TxOut{value, {}}, 1, false};
    return coin;
}

size_t InsertEntry(CoinsMap& map, CoinsCachePair& sentinel, const Entry& e)
{
    auto [it, inserted] = map.try_emplace(OUTPOINT);
    EXPECT_TRUE(inserted);
    it->second.coin = MakeCoin(e.value);
    if (e.dirty) CoinsCacheEntry::SetDirty(*it, sentinel);
    if (e.fresh) CoinsCacheEntry::SetFresh(*it, sentinel);
    return it->second.coin.DynamicMemoryUsage();
}

MaybeEntry GetEntry(const CoinsMap& map)
{
    const auto it = map.find(OUTPOINT);
    if (it == map.end()) return std::nullopt;
    return Entry{it->second.coin.IsSpent() ? SPENT : it->second.coin.out.value, it->second.IsDirty(),
                 it->second.IsFresh()};
}

/** BatchWrite one entry (from a throwaway child map) into view. */
void WriteEntry(storage::CoinsView& view, const MaybeEntry& entry)
{
    CoinsCachePair sentinel;
    sentinel.second.SelfRef(sentinel);
    CoinsMap map{0, storage::SaltedOutPointHasher{true}};
    if (entry) InsertEntry(map, sentinel, *entry);
    storage::CoinsCacheCursor cursor{sentinel, map, /*will_erase=*/true};
    EXPECT_TRUE(view.BatchWrite(cursor, uint256{}));
    map.clear(); // entries unlink from the sentinel before it goes
}

/** root (empty) <- base (holds base_value, DIRTY) <- cache (holds cache_entry). */
struct SingleEntry {
    storage::CoinsView root;
    TestCache base{&root, true};
    TestCache cache{&base, true};

    SingleEntry(Amount base_value, const MaybeEntry& cache_entry)
    {
        if (base_value != ABSENT) WriteEntry(base, Entry{base_value, true, false});
        if (cache_entry) cache.Usage() += InsertEntry(cache.Map(), cache.Sentinel(), *cache_entry);
    }
};

size_t g_cases = 0;

void CheckAccess(Amount base, const MaybeEntry& cache, const MaybeEntry& expected)
{
    ++g_cases;
    SingleEntry t{base, cache};
    const Coin& coin = t.cache.AccessCoin(OUTPOINT);
    EXPECT_EQ(coin.IsSpent(), !t.cache.GetCoin(OUTPOINT).has_value());
    EXPECT_EQ(GetEntry(t.cache.Map()), expected)
        << "base " << base << ", cache " << Show(cache) << ": got " << Show(GetEntry(t.cache.Map()));
}

void CheckSpend(Amount base, const MaybeEntry& cache, const MaybeEntry& expected)
{
    ++g_cases;
    SingleEntry t{base, cache};
    t.cache.SpendCoin(OUTPOINT);
    t.cache.SanityCheck();
    EXPECT_EQ(GetEntry(t.cache.Map()), expected)
        << "base " << base << ", cache " << Show(cache) << ": got " << Show(GetEntry(t.cache.Map()));
}

constexpr const char* OVERWRITE_UNSPENT = "Attempted to overwrite an unspent coin (when possible_overwrite is false)";
constexpr const char* FRESH_MISAPPLIED = "FRESH flag misapplied to coin that exists in parent cache";
using Expected = std::variant<MaybeEntry, std::string>;

void CheckAdd(Amount base, const MaybeEntry& cache, Amount value, const Expected& expected, bool coinbase)
{
    ++g_cases;
    SingleEntry t{base, cache};
    const auto add = [&] { t.cache.AddCoin(OUTPOINT, Coin{primitives::TxOut{value, {}}, 1, coinbase}, coinbase); };
    if (const auto* entry = std::get_if<MaybeEntry>(&expected)) {
        add();
        t.cache.SanityCheck();
        EXPECT_EQ(GetEntry(t.cache.Map()), *entry) << "base " << base << ", cache " << Show(cache) << ", coinbase "
                                                   << coinbase << ": got " << Show(GetEntry(t.cache.Map()));
    } else {
        try {
            add();
            ADD_FAILURE() << "no exception for cache " << Show(cache);
        } catch (const std::logic_error& e) {
            EXPECT_EQ(std::string{e.what()}, std::get<std::string>(expected));
        }
        // The failed add changed nothing.
        EXPECT_EQ(GetEntry(t.cache.Map()), cache);
    }
}

void CheckWrite(const MaybeEntry& parent, const MaybeEntry& child, const Expected& expected)
{
    ++g_cases;
    SingleEntry t{ABSENT, parent};
    if (const auto* entry = std::get_if<MaybeEntry>(&expected)) {
        WriteEntry(t.cache, child);
        EXPECT_EQ(GetEntry(t.cache.Map()), *entry)
            << "parent " << Show(parent) << ", child " << Show(child) << ": got " << Show(GetEntry(t.cache.Map()));
    } else {
        try {
            WriteEntry(t.cache, child);
            ADD_FAILURE() << "no exception for parent " << Show(parent) << ", child " << Show(child);
        } catch (const std::logic_error& e) {
            EXPECT_EQ(std::string{e.what()}, std::get<std::string>(expected));
        }
    }
}

TEST(CoinsCache, AccessCoin)
{
    // Looking a coin up never changes an existing entry; a miss fetches a clean copy.
    for (const Amount base : {ABSENT, SPENT, V1}) {
        CheckAccess(base, MISSING, base == V1 ? V(V1, _, _) : MISSING);
        for (const bool dirty : {false, true}) {
            for (const bool fresh : {false, true}) {
                CheckAccess(base, S(dirty, fresh), S(dirty, fresh));
                CheckAccess(base, V(V2, dirty, fresh), V(V2, dirty, fresh));
            }
        }
    }
}

TEST(CoinsCache, SpendCoin)
{
    // FRESH entries vanish when spent; others become spent and DIRTY.
    for (const Amount base : {ABSENT, SPENT, V1}) {
        CheckSpend(base, MISSING, base == V1 ? S(D, _) : MISSING);
        CheckSpend(base, S(_, _), S(D, _));
        CheckSpend(base, S(_, F), MISSING);
        CheckSpend(base, S(D, _), S(D, _));
        CheckSpend(base, S(D, F), MISSING);
        CheckSpend(base, V(V2, _, _), S(D, _));
        CheckSpend(base, V(V2, _, F), MISSING);
        CheckSpend(base, V(V2, D, _), S(D, _));
        CheckSpend(base, V(V2, D, F), MISSING);
    }
}

TEST(CoinsCache, AddCoin)
{
    // Without possible_overwrite (ordinary outputs) a new coin is FRESH unless a DIRTY spent
    // entry must still reach the parent; overwriting an unspent coin is a logic error. With
    // it (coinbases), the entry keeps FRESH only if it already had it.
    for (const Amount base : {ABSENT, SPENT, V1}) {
        CheckAdd(base, MISSING, V3, V(V3, D, F), false);
        CheckAdd(base, MISSING, V3, V(V3, D, _), true);

        CheckAdd(base, S(_, _), V3, V(V3, D, F), false);
        CheckAdd(base, S(_, _), V3, V(V3, D, _), true);
        CheckAdd(base, S(_, F), V3, V(V3, D, F), false);
        CheckAdd(base, S(_, F), V3, V(V3, D, F), true);
        CheckAdd(base, S(D, _), V3, V(V3, D, _), false);
        CheckAdd(base, S(D, _), V3, V(V3, D, _), true);
        CheckAdd(base, S(D, F), V3, V(V3, D, F), false);
        CheckAdd(base, S(D, F), V3, V(V3, D, F), true);

        CheckAdd(base, V(V2, _, _), V3, OVERWRITE_UNSPENT, false);
        CheckAdd(base, V(V2, _, _), V3, V(V3, D, _), true);
        CheckAdd(base, V(V2, _, F), V3, OVERWRITE_UNSPENT, false);
        CheckAdd(base, V(V2, _, F), V3, V(V3, D, F), true);
        CheckAdd(base, V(V2, D, _), V3, OVERWRITE_UNSPENT, false);
        CheckAdd(base, V(V2, D, _), V3, V(V3, D, _), true);
        CheckAdd(base, V(V2, D, F), V3, OVERWRITE_UNSPENT, false);
        CheckAdd(base, V(V2, D, F), V3, V(V3, D, F), true);
    }
}

TEST(CoinsCache, BatchWriteIntoParent)
{
    //          parent          child           parent afterwards
    CheckWrite(MISSING, MISSING, MISSING);
    CheckWrite(MISSING, S(D, _), S(D, _));
    CheckWrite(MISSING, S(D, F), MISSING); // never reached anyone: nothing to do
    CheckWrite(MISSING, V(V2, D, _), V(V2, D, _));
    CheckWrite(MISSING, V(V2, D, F), V(V2, D, F));
    for (const bool dirty : {false, true}) {
        for (const bool fresh : {false, true}) {
            CheckWrite(S(dirty, fresh), MISSING, S(dirty, fresh));
            CheckWrite(V(V1, dirty, fresh), MISSING, V(V1, dirty, fresh));
        }
    }

    CheckWrite(S(_, _), S(D, _), S(D, _));
    CheckWrite(S(_, _), S(D, F), S(D, _));
    CheckWrite(S(_, F), S(D, _), MISSING);
    CheckWrite(S(_, F), S(D, F), MISSING);
    CheckWrite(S(D, _), S(D, _), S(D, _));
    CheckWrite(S(D, _), S(D, F), S(D, _));
    CheckWrite(S(D, F), S(D, _), MISSING);
    CheckWrite(S(D, F), S(D, F), MISSING);

    CheckWrite(S(_, _), V(V2, D, _), V(V2, D, _));
    CheckWrite(S(_, _), V(V2, D, F), V(V2, D, _));
    CheckWrite(S(_, F), V(V2, D, _), V(V2, D, F));
    CheckWrite(S(_, F), V(V2, D, F), V(V2, D, F));
    CheckWrite(S(D, _), V(V2, D, _), V(V2, D, _));
    CheckWrite(S(D, _), V(V2, D, F), V(V2, D, _));
    CheckWrite(S(D, F), V(V2, D, _), V(V2, D, F));
    CheckWrite(S(D, F), V(V2, D, F), V(V2, D, F));

    CheckWrite(V(V1, _, _), S(D, _), S(D, _));
    CheckWrite(V(V1, _, _), S(D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, _, F), S(D, _), MISSING);
    CheckWrite(V(V1, _, F), S(D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, D, _), S(D, _), S(D, _));
    CheckWrite(V(V1, D, _), S(D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, D, F), S(D, _), MISSING);
    CheckWrite(V(V1, D, F), S(D, F), FRESH_MISAPPLIED);

    CheckWrite(V(V1, _, _), V(V2, D, _), V(V2, D, _));
    CheckWrite(V(V1, _, _), V(V2, D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, _, F), V(V2, D, _), V(V2, D, F));
    CheckWrite(V(V1, _, F), V(V2, D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, D, _), V(V2, D, _), V(V2, D, _));
    CheckWrite(V(V1, D, _), V(V2, D, F), FRESH_MISAPPLIED);
    CheckWrite(V(V1, D, F), V(V2, D, _), V(V2, D, F));
    CheckWrite(V(V1, D, F), V(V2, D, F), FRESH_MISAPPLIED);

    // A child entry that is not DIRTY never changes the parent.
    for (const MaybeEntry& parent :
         {MISSING, S(_, _), S(D, _), S(_, F), S(D, F), V(V1, _, _), V(V1, D, _), V(V1, _, F), V(V1, D, F)}) {
        for (const MaybeEntry& child : {MISSING, S(_, _), S(_, F), V(V2, _, _), V(V2, _, F)}) {
            CheckWrite(parent, child, parent);
        }
    }
    std::printf("single-entry cache cases so far: %zu\n", g_cases);
}

uint256 RandomHash(crypto::FastRandomContext& rng)
{
    const auto bytes = rng.Rand256();
    return uint256{util::ByteSpan{bytes}};
}

/** Two caches on an in-memory LevelDB: add, sync, flush and spend move a coin through all levels. */
TEST(CoinsCache, FlushThroughTwoLevelsToLevelDB)
{
    auto db = storage::CoinsViewDB::Open({.path = "coins", .cache_bytes = 1 << 20, .memory_only = true});
    ASSERT_TRUE(db) << db.error();
    storage::CoinsViewDB& base = **db;
    TestCache top{&base, true};
    TestCache child{&top, true};
    std::vector<TestCache*> caches{&top, &child};
    crypto::FastRandomContext rng;

    const auto flush_all = [&](bool erase) {
        // Children first, so their changes reach the database.
        for (auto it = caches.rbegin(); it != caches.rend(); ++it) {
            (*it)->SanityCheck();
            (*it)->SetBestBlock(RandomHash(rng));
            ASSERT_TRUE(erase ? (*it)->Flush() : (*it)->Sync());
        }
    };

    for (TestCache* view : caches) {
        for (const bool erasing : {false, true}) {
            const OutPoint outpoint{primitives::Txid::FromUint256(RandomHash(rng)), 0};
            const Coin coin{primitives::TxOut{static_cast<Amount>(rng.Rand32()), {0x51}}, 7, false};
            ASSERT_FALSE(base.HaveCoin(outpoint));
            view->AddCoin(outpoint, Coin{coin}, false);
            EXPECT_FALSE(base.HaveCoin(outpoint));
            EXPECT_TRUE(view->HaveCoin(outpoint));
            const auto entry = view->Map().find(outpoint);
            ASSERT_NE(entry, view->Map().end());
            EXPECT_TRUE(entry->second.IsDirty() && entry->second.IsFresh());
            const size_t usage = view->DynamicMemoryUsage();
            const size_t size = view->GetCacheSize();

            flush_all(false);
            // Sync keeps the coin, now clean, and the database has it.
            EXPECT_EQ(view->DynamicMemoryUsage(), usage);
            EXPECT_EQ(view->GetCacheSize(), size);
            const auto clean = view->Map().find(outpoint);
            ASSERT_NE(clean, view->Map().end());
            EXPECT_FALSE(clean->second.IsDirty() || clean->second.IsFresh());
            EXPECT_TRUE(base.HaveCoin(outpoint));
            EXPECT_EQ(base.GetCoin(outpoint), coin);

            if (erasing) {
                flush_all(true);
                EXPECT_LT(view->GetCacheSize(), size);
                EXPECT_EQ(view->Map().count(outpoint), 0u);
                EXPECT_EQ(view->AccessCoin(outpoint), coin); // fetched again, clean
            }
            EXPECT_THROW(view->AddCoin(outpoint, Coin{coin}, false), std::logic_error);

            ASSERT_TRUE(view->SpendCoin(outpoint));
            EXPECT_FALSE(view->HaveCoin(outpoint));
            EXPECT_TRUE(base.HaveCoin(outpoint)); // not flushed yet
            flush_all(false);
            EXPECT_FALSE(view->HaveCoin(outpoint));
            EXPECT_FALSE(base.HaveCoin(outpoint));
            EXPECT_FALSE(view->SpendCoin(outpoint));
        }
    }

    // A coin added through one cache can be spent through one that never saw it.
    const OutPoint outpoint{primitives::Txid::FromUint256(RandomHash(rng)), 3};
    top.AddCoin(outpoint, Coin{primitives::TxOut{5, {0x51}}, 1, false}, false);
    top.Sync();
    EXPECT_TRUE(base.HaveCoin(outpoint));
    EXPECT_FALSE(child.HaveCoinInCache(outpoint));
    EXPECT_TRUE(child.SpendCoin(outpoint));
    flush_all(false);
    EXPECT_FALSE(base.HaveCoin(outpoint));

    // FRESH and then spent: gone without any database write.
    const OutPoint brief{primitives::Txid::FromUint256(RandomHash(rng)), 0};
    top.AddCoin(brief, Coin{primitives::TxOut{6, {0x51}}, 1, false}, false);
    EXPECT_TRUE(top.SpendCoin(brief));
    EXPECT_EQ(top.Map().count(brief), 0u);
    top.Sync();
    EXPECT_FALSE(top.HaveCoinInCache(brief));
    EXPECT_FALSE(base.HaveCoin(brief));
}

TEST(CoinsCache, UnspendableOutputsAreNotAdded)
{
    storage::CoinsView root;
    CoinsViewCache cache{&root, true};
    cache.AddCoin(OutPoint{}, Coin{primitives::TxOut{1, {0x6a, 0x01, 0x02}}, 1, false}, false);
    cache.AddCoin(OutPoint{{}, 1}, Coin{primitives::TxOut{1, primitives::ScriptBytes(10001, 0x51)}, 1, false}, false);
    EXPECT_EQ(cache.GetCacheSize(), 0u);
}

TEST(CoinsCache, ConsensusAdapterSeesTheCache)
{
    storage::CoinsView root;
    CoinsViewCache cache{&root, true};
    const OutPoint a{primitives::Txid::FromUint256(uint256::ONE), 0};
    cache.AddCoin(a, Coin{primitives::TxOut{42, {0x51}}, 10, true}, false);
    const storage::ConsensusCoinsView lookup{cache};
    const consensus::CoinsView& as_consensus = lookup;
    const auto coin = as_consensus.GetCoin(a);
    ASSERT_TRUE(coin);
    EXPECT_EQ(coin->out.value, 42);
    EXPECT_EQ(coin->height, 10);
    EXPECT_TRUE(coin->coinbase);
    EXPECT_FALSE(as_consensus.GetCoin(OutPoint{a.hash, 1}));
    cache.SpendCoin(a);
    EXPECT_FALSE(as_consensus.HaveCoin(a));
}

/**
 * Random adds, spends, syncs and flushes on a three-level stack over LevelDB, checked after
 * every step against a std::map of what the UTXO set should be.
 */
TEST(CoinsCache, RandomOperationsMatchAModel)
{
    auto db = storage::CoinsViewDB::Open({.path = "random", .cache_bytes = 1 << 20, .memory_only = true});
    ASSERT_TRUE(db) << db.error();
    std::vector<std::unique_ptr<TestCache>> stack;
    stack.push_back(std::make_unique<TestCache>(db->get(), true));
    std::map<OutPoint, Coin> model;
    std::vector<OutPoint> universe;
    const std::array<uint8_t, 32> seed{7};
    crypto::FastRandomContext rng{seed};
    for (int i = 0; i < 400; ++i) {
        universe.emplace_back(primitives::Txid::FromUint256(RandomHash(rng)), static_cast<uint32_t>(rng.RandRange(3)));
    }
    size_t ops = 0;
    for (int step = 0; step < 20000; ++step) {
        TestCache& top = *stack.back();
        const OutPoint& o = universe[rng.RandRange(universe.size())];
        const uint64_t action = rng.RandRange(100);
        if (action < 40) {
            const bool exists = model.count(o) != 0;
            const bool coinbase = rng.RandRange(10) == 0;
            // Ordinary outputs may not overwrite; coinbases may (BIP30 history). The check
            // sees only this cache, so callers (validation) look the outpoint up first.
            if (exists && !coinbase) {
                ASSERT_TRUE(top.HaveCoin(o));
                EXPECT_THROW(top.AddCoin(o, Coin{primitives::TxOut{1, {0x51}}, 1, false}, false), std::logic_error);
            } else {
                Coin coin{primitives::TxOut{static_cast<Amount>(rng.RandRange(1000000)),
                                            primitives::ScriptBytes(rng.RandRange(40) + 1, 0x51)},
                          static_cast<uint32_t>(rng.RandRange(1000)), coinbase};
                model[o] = coin;
                top.AddCoin(o, std::move(coin), coinbase);
            }
        } else if (action < 75) {
            Coin moved;
            const bool spent = top.SpendCoin(o, &moved);
            const auto it = model.find(o);
            ASSERT_EQ(spent, it != model.end()) << "step " << step;
            if (spent) {
                EXPECT_EQ(moved, it->second);
                model.erase(it);
            }
        } else if (action < 85) {
            const Coin& coin = top.AccessCoin(o);
            const auto it = model.find(o);
            ASSERT_EQ(!coin.IsSpent(), it != model.end()) << "step " << step;
            if (it != model.end()) {
                EXPECT_EQ(coin, it->second);
            }
        } else if (action < 90) {
            top.Uncache(o);
        } else if (action < 95 && stack.size() > 1) {
            // Fold the top cache into the one below.
            top.SetBestBlock(RandomHash(rng));
            ASSERT_TRUE(rng.RandBool() ? top.Flush() : top.Sync());
            if (rng.RandBool()) stack.pop_back();
        } else if (action < 97 && stack.size() < 3) {
            stack.push_back(std::make_unique<TestCache>(stack.back().get(), true));
        } else {
            // Write everything down to the database.
            for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
                (*it)->SetBestBlock(RandomHash(rng));
                ASSERT_TRUE(rng.RandBool() ? (*it)->Flush() : (*it)->Sync());
            }
        }
        ++ops;
        if (step % 500 == 0) {
            for (const auto& cache : stack) cache->SanityCheck();
            for (const OutPoint& u : universe) {
                const auto it = model.find(u);
                const std::optional<Coin> got = stack.back()->GetCoin(u);
                ASSERT_EQ(got.has_value(), it != model.end()) << "step " << step;
                if (got) {
                    EXPECT_EQ(*got, it->second);
                }
            }
        }
    }
    // Everything written down: the database alone equals the model.
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        (*it)->SetBestBlock(uint256::ONE);
        ASSERT_TRUE((*it)->Flush());
    }
    size_t in_db = 0;
    for (auto cursor = (*db)->Cursor(); cursor->Valid(); cursor->Next()) {
        OutPoint key;
        Coin coin;
        ASSERT_TRUE(cursor->GetKey(key));
        ASSERT_TRUE(cursor->GetValue(coin));
        const auto it = model.find(key);
        ASSERT_NE(it, model.end());
        EXPECT_EQ(coin, it->second);
        ++in_db;
    }
    EXPECT_EQ(in_db, model.size());
    EXPECT_EQ((*db)->GetBestBlock(), uint256::ONE);
    std::printf("random cache operations: %zu, coins at the end: %zu\n", ops, model.size());
}

} // namespace
