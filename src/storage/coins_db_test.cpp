// CoinsViewDB: records as Core lays them out, persistence across reopening, the flush
// marker left by an interrupted flush and the repair that follows, clear errors for a
// corrupt coin, and the UTXO statistics and hash_serialized_3 digest.
#include <storage/coins_db.h>
#include <storage/test_tempdir.h>
#include <storage/utxo_stats.h>

#include <primitives/streams.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

using primitives::Amount;
using primitives::Txid;
using primitives::uint256;
using storage::Coin;
using storage::CoinsViewCache;
using storage::CoinsViewDB;
using storage::OutPoint;
using storage::test::TempDir;

Txid TxidOf(uint8_t b)
{
    std::array<uint8_t, 32> bytes{};
    bytes.fill(b);
    return Txid::FromUint256(uint256{util::ByteSpan{bytes}});
}

uint256 BlockHash(uint8_t b) { return uint256{b}; }

Coin MakeCoin(Amount value, uint32_t height, bool coinbase = false)
{
    primitives::ScriptBytes p2pkh(25, 0);
    p2pkh[0] = 0x76;
    p2pkh[1] = 0xa9;
    p2pkh[2] = 20;
    p2pkh[3] = static_cast<uint8_t>(value);
    p2pkh[23] = 0x88;
    p2pkh[24] = 0xac;
    return Coin{primitives::TxOut{value, p2pkh}, height, coinbase};
}

/** Open on disk, or in memory for a path without a directory part. */
std::unique_ptr<CoinsViewDB> OpenDb(const std::filesystem::path& path, storage::CoinsDbOptions options = {})
{
    const bool memory = !path.has_parent_path();
    auto db =
        CoinsViewDB::Open({.path = path, .cache_bytes = 1 << 20, .memory_only = memory, .obfuscate = true}, options);
    if (!db) {
        ADD_FAILURE() << db.error();
        return nullptr;
    }
    return std::move(*db);
}

TEST(CoinsDb, RecordLayout)
{
    auto db = OpenDb("layout", {});
    CoinsViewCache cache{db.get(), true};
    // Output 300 of a transaction: key 'C' txid VarInt(300) = 43 <32 bytes> 8130.
    const OutPoint outpoint{TxidOf(0xab), 300};
    cache.AddCoin(outpoint, MakeCoin(5000, 120891, true), false);
    cache.SetBestBlock(BlockHash(9));
    ASSERT_TRUE(cache.Flush());
    const auto it = db->Db().NewIterator();
    it->Seek(storage::DB_COIN);
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(util::HexStr(it->KeyBytes()), "43" + util::HexStr(TxidOf(0xab).span()) + "812c");
    Coin stored;
    it->GetValue(stored);
    EXPECT_EQ(stored, MakeCoin(5000, 120891, true));
    // 'B' holds the 32 hash bytes.
    it->Seek(storage::DB_BEST_BLOCK);
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(util::HexStr(it->KeyBytes()), "42");
    EXPECT_EQ(db->GetBestBlock(), BlockHash(9));
    EXPECT_TRUE(db->GetHeadBlocks().empty());
    EXPECT_FALSE(db->NeedsUpgrade());
}

TEST(CoinsDb, SurvivesReopening)
{
    TempDir dir;
    std::map<OutPoint, Coin> expected;
    {
        auto db = OpenDb(dir / "chainstate");
        ASSERT_TRUE(db);
        CoinsViewCache cache{db.get(), true};
        for (uint8_t t = 1; t <= 50; ++t) {
            for (uint32_t n = 0; n < 4; ++n) {
                const OutPoint o{TxidOf(t), n};
                expected[o] = MakeCoin(t * 1000 + n, t, n == 0);
                cache.AddCoin(o, Coin{expected[o]}, false);
            }
        }
        cache.SetBestBlock(BlockHash(1));
        ASSERT_TRUE(cache.Flush());
        // Spend some in a second flush.
        for (uint8_t t = 1; t <= 50; t += 5) {
            ASSERT_TRUE(cache.SpendCoin(OutPoint{TxidOf(t), 1}));
            expected.erase(OutPoint{TxidOf(t), 1});
        }
        cache.SetBestBlock(BlockHash(2));
        ASSERT_TRUE(cache.Sync());
    }
    auto db = OpenDb(dir / "chainstate");
    ASSERT_TRUE(db);
    EXPECT_EQ(db->GetBestBlock(), BlockHash(2));
    size_t count = 0;
    for (auto cursor = db->Cursor(); cursor->Valid(); cursor->Next()) {
        OutPoint key;
        Coin coin;
        ASSERT_TRUE(cursor->GetKey(key));
        ASSERT_TRUE(cursor->GetValue(coin));
        ASSERT_EQ(expected.count(key), 1u);
        EXPECT_EQ(coin, expected[key]);
        ++count;
    }
    EXPECT_EQ(count, expected.size());
    EXPECT_FALSE(db->HaveCoin(OutPoint{TxidOf(1), 1}));
    EXPECT_TRUE(db->HaveCoin(OutPoint{TxidOf(2), 1}));
    EXPECT_GT(db->EstimateSize(), 0u);
}

/** Fill a cache on db with coins of transactions first..last, spend earlier ones, and flush towards best. */
void FlushChanges(CoinsViewDB& db, uint8_t first, uint8_t last, const uint256& best)
{
    CoinsViewCache cache{&db, true};
    for (int t = first; t <= last; ++t) {
        for (uint32_t n = 0; n < 20; ++n) {
            const OutPoint o{TxidOf(static_cast<uint8_t>(t)), n};
            if (!cache.HaveCoin(o)) cache.AddCoin(o, MakeCoin(t * 100 + n, t), false);
        }
    }
    cache.SetBestBlock(best);
    cache.Flush();
}

TEST(CoinsDb, InterruptedFlushLeavesTheMarkerAndIsRepaired)
{
    TempDir dir;
    const auto path = dir / "chainstate";
    {
        auto db = OpenDb(path);
        FlushChanges(*db, 1, 2, BlockHash(1));
        EXPECT_EQ(db->GetBestBlock(), BlockHash(1));
    }
    {
        // A flush towards block 2 in small batches, "crashing" after the first one.
        auto db = OpenDb(path, {.batch_write_bytes = 500, .crash_after_partial_batches = 1});
        EXPECT_THROW(FlushChanges(*db, 3, 40, BlockHash(2)), storage::SimulatedCrash);
    }
    {
        auto db = OpenDb(path);
        // No best block; the marker says the coins are between block 1 and block 2.
        EXPECT_TRUE(db->GetBestBlock().IsNull());
        const std::vector<uint256> heads = db->GetHeadBlocks();
        ASSERT_EQ(heads.size(), 2u);
        EXPECT_EQ(heads[0], BlockHash(2));
        EXPECT_EQ(heads[1], BlockHash(1));
        // Some but not all of the new coins made it.
        EXPECT_TRUE(db->HaveCoin(OutPoint{TxidOf(3), 0}));
        EXPECT_FALSE(db->HaveCoin(OutPoint{TxidOf(40), 19}));
        // Finishing towards a different block would mix two states: refused with advice.
        try {
            FlushChanges(*db, 41, 41, BlockHash(3));
            ADD_FAILURE() << "no error";
        } catch (const storage::DbError& e) {
            EXPECT_NE(std::string{e.what()}.find("inconsistent state"), std::string::npos) << e.what();
            EXPECT_NE(std::string{e.what()}.find("-reindex-chainstate"), std::string::npos) << e.what();
        }
        // Replaying the same changes (what the chainstate does on startup) completes it.
        FlushChanges(*db, 3, 40, BlockHash(2));
        EXPECT_EQ(db->GetBestBlock(), BlockHash(2));
        EXPECT_TRUE(db->GetHeadBlocks().empty());
    }
    auto db = OpenDb(path);
    EXPECT_EQ(db->GetBestBlock(), BlockHash(2));
    for (int t = 1; t <= 40; ++t) {
        for (uint32_t n = 0; n < 20; ++n) {
            const auto coin = db->GetCoin(OutPoint{TxidOf(static_cast<uint8_t>(t)), n});
            ASSERT_TRUE(coin) << t << ":" << n;
            EXPECT_EQ(coin->out.value, t * 100 + n);
        }
    }
}

TEST(CoinsDb, CorruptCoinIsAClearError)
{
    auto db = OpenDb("corrupt");
    const OutPoint o{TxidOf(7), 1};
    db->Db().Write(storage::CoinKey{o}, std::vector<uint8_t>{0xff, 0xff}); // not a coin
    try {
        db->GetCoin(o);
        ADD_FAILURE() << "no error";
    } catch (const storage::DbError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Corrupted chainstate database"), std::string::npos) << msg;
        EXPECT_NE(msg.find("-reindex-chainstate"), std::string::npos) << msg;
    }
    // Through a cache the error surfaces the same way, and the cache stays usable.
    CoinsViewCache cache{db.get(), true};
    EXPECT_THROW(cache.AccessCoin(o), storage::DbError);
    EXPECT_EQ(cache.GetCacheSize(), 0u);
}

TEST(CoinsDb, LegacyRecordsNeedUpgrade)
{
    auto db = OpenDb("legacy");
    EXPECT_FALSE(db->NeedsUpgrade());
    db->Db().Write(storage::DB_LEGACY_COINS, uint8_t{0});
    EXPECT_TRUE(db->NeedsUpgrade());
}

TEST(UtxoStats, CoinSerializationForTheHash)
{
    // outpoint (txid, n LE) | uint32 LE height*2+coinbase | int64 LE value | CompactSize script
    std::vector<uint8_t> bytes;
    primitives::VectorWriter writer{bytes};
    storage::SerializeCoinForHash(writer, OutPoint{TxidOf(0x11), 2},
                                  Coin{primitives::TxOut{50 * 100000000LL, {0x51, 0x52}}, 100, true});
    EXPECT_EQ(util::HexStr(bytes), std::string(64, '1') + "02000000" + "c9000000" + "00f2052a01000000" + "025152");
}

TEST(UtxoStats, MatchesAnIndependentComputation)
{
    auto db = OpenDb("stats");
    CoinsViewCache cache{db.get(), true};
    std::map<OutPoint, Coin> all; // ordered by txid bytes, then n numerically: Core's hash order
    // Outputs 16511 and 16512 of one transaction: their VarInt keys sort the other way round.
    for (const uint32_t n : {0u, 1u, 200u, 16511u, 16512u}) all[OutPoint{TxidOf(0x22), n}] = MakeCoin(n + 1, 5);
    for (uint8_t t = 0x30; t < 0x40; ++t) all[OutPoint{TxidOf(t), 0}] = MakeCoin(t, t, true);
    for (const auto& [o, c] : all) cache.AddCoin(o, Coin{c}, false);
    cache.SetBestBlock(BlockHash(5));
    ASSERT_TRUE(cache.Flush());

    primitives::HashWriter expected_hash;
    Amount total = 0;
    uint64_t bogo = 0;
    for (const auto& [o, c] : all) {
        storage::SerializeCoinForHash(expected_hash, o, c);
        total += c.out.value;
        bogo += 50 + c.out.script_pubkey.size();
    }
    const auto stats = storage::ComputeUtxoStats(*db);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->best_block, BlockHash(5));
    EXPECT_EQ(stats->transactions, 17u);
    EXPECT_EQ(stats->txouts, all.size());
    EXPECT_EQ(stats->total_amount, total);
    EXPECT_EQ(stats->bogo_size, bogo);
    EXPECT_EQ(stats->hash_serialized, expected_hash.GetHash());
    // Interrupting gives nothing rather than a partial answer.
    int calls = 0;
    EXPECT_FALSE(storage::ComputeUtxoStats(*db, [&] { return ++calls < 3; }));
}

} // namespace
