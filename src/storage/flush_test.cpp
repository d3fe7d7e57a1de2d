// -dbcache budgets, the flush policy, and crash safety of the whole write path: a process
// that stores and connects mainnet blocks 1-255, writing the chainstate every few blocks,
// is killed at random instants; each time, the next start must find a best block (or a
// flush marker) whose block and undo data are on disk and indexed, and a UTXO set that is
// exactly the one of that block.
#include <storage/block_files.h>
#include <storage/block_index_db.h>
#include <storage/coins_db.h>
#include <storage/flush.h>
#include <storage/test_blocks.h>
#include <storage/test_tempdir.h>

#include <crypto/random.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using primitives::Block;
using primitives::uint256;
using storage::CoinsCacheSizeState;
using storage::FlushStateMode;
using storage::test::TempDir;

constexpr size_t MiB = 1 << 20;

TEST(Flush, DbCacheSplitLikeCore)
{
    EXPECT_EQ(storage::DbCacheBytes(std::nullopt), 450 * MiB);
    EXPECT_EQ(storage::DbCacheBytes(1000), 1000 * MiB);
    EXPECT_EQ(storage::DbCacheBytes(1), 4 * MiB);
    EXPECT_EQ(storage::DbCacheBytes(-20), 4 * MiB);
    const storage::CacheSizes def{450 * MiB};
    EXPECT_EQ(def.block_tree_db, 2 * MiB);
    EXPECT_EQ(def.coins_db, 8 * MiB);
    EXPECT_EQ(def.coins, 440 * MiB);
    const storage::CacheSizes small{4 * MiB};
    EXPECT_EQ(small.block_tree_db, MiB / 2);
    EXPECT_EQ(small.coins_db, 7 * MiB / 4);
    EXPECT_EQ(small.coins, 4 * MiB - MiB / 2 - 7 * MiB / 4);
}

TEST(Flush, CacheSizeStates)
{
    // 100 MiB budget: LARGE above 90 MiB, CRITICAL above 100 MiB.
    EXPECT_EQ(storage::GetCoinsCacheSizeState(90 * MiB, 100 * MiB), CoinsCacheSizeState::OK);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(90 * MiB + 1, 100 * MiB), CoinsCacheSizeState::LARGE);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(100 * MiB, 100 * MiB), CoinsCacheSizeState::LARGE);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(100 * MiB + 1, 100 * MiB), CoinsCacheSizeState::CRITICAL);
    // 1000 MiB budget: within 10 MiB of full is LARGE (not within 10%).
    EXPECT_EQ(storage::GetCoinsCacheSizeState(980 * MiB, 1000 * MiB), CoinsCacheSizeState::OK);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(991 * MiB, 1000 * MiB), CoinsCacheSizeState::LARGE);
    // Unused mempool allowance counts towards the cache's budget.
    // (100 + 300 - 250 = 150 MiB in all: LARGE above 140 MiB, CRITICAL above 150 MiB.)
    EXPECT_EQ(storage::GetCoinsCacheSizeState(120 * MiB, 100 * MiB, 300 * MiB, 250 * MiB), CoinsCacheSizeState::OK);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(145 * MiB, 100 * MiB, 300 * MiB, 250 * MiB), CoinsCacheSizeState::LARGE);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(151 * MiB, 100 * MiB, 300 * MiB, 250 * MiB),
              CoinsCacheSizeState::CRITICAL);
    EXPECT_EQ(storage::GetCoinsCacheSizeState(151 * MiB, 100 * MiB, 300 * MiB, 0), CoinsCacheSizeState::OK);
}

TEST(Flush, SchedulerDecisions)
{
    const int64_t start = 1'700'000'000;
    storage::FlushScheduler scheduler{start};
    EXPECT_GE(scheduler.NextWrite(), start + 50 * 60);
    EXPECT_LE(scheduler.NextWrite(), start + 70 * 60);
    const auto decide = [&](FlushStateMode mode, CoinsCacheSizeState state, int64_t now) {
        const storage::FlushDecision d = scheduler.Decide(mode, state, now);
        return std::pair{d.write, d.empty_cache};
    };
    using P = std::pair<bool, bool>;
    EXPECT_EQ(decide(FlushStateMode::IF_NEEDED, CoinsCacheSizeState::OK, start), (P{false, false}));
    EXPECT_EQ(decide(FlushStateMode::IF_NEEDED, CoinsCacheSizeState::LARGE, start), (P{false, false}));
    EXPECT_EQ(decide(FlushStateMode::IF_NEEDED, CoinsCacheSizeState::CRITICAL, start), (P{true, true}));
    EXPECT_EQ(decide(FlushStateMode::PERIODIC, CoinsCacheSizeState::OK, start), (P{false, false}));
    EXPECT_EQ(decide(FlushStateMode::PERIODIC, CoinsCacheSizeState::LARGE, start), (P{true, true}));
    // The periodic write keeps the cache.
    EXPECT_EQ(decide(FlushStateMode::PERIODIC, CoinsCacheSizeState::OK, start + 70 * 60), (P{true, false}));
    EXPECT_EQ(decide(FlushStateMode::ALWAYS, CoinsCacheSizeState::OK, start), (P{true, true}));
    EXPECT_EQ(decide(FlushStateMode::NONE, CoinsCacheSizeState::CRITICAL, start), (P{false, false}));
    scheduler.Written(start + 100);
    EXPECT_GE(scheduler.NextWrite(), start + 100 + 50 * 60);
}

/** The on-disk state of a data directory with mainnet blocks. */
struct Node {
    std::unique_ptr<storage::BlockTreeDB> index;
    std::unique_ptr<storage::CoinsViewDB> coins;
    std::unique_ptr<storage::BlockFileManager> files;

    Node(const std::filesystem::path& datadir, storage::CoinsDbOptions coins_options)
    {
        auto i = storage::BlockTreeDB::Open({.path = datadir / "blocks" / "index"});
        if (!i) throw std::runtime_error(i.error());
        index = std::move(*i);
        auto c = storage::CoinsViewDB::Open({.path = datadir / "chainstate", .obfuscate = true}, coins_options);
        if (!c) throw std::runtime_error(c.error());
        coins = std::move(*c);
        files = std::make_unique<storage::BlockFileManager>(
            storage::BlockFileOptions{.blocks_dir = datadir / "blocks",
                                      .message_start = {0xf9, 0xbe, 0xb4, 0xd9},
                                      .max_file_size = 20000,
                                      .block_chunk_size = 8192,
                                      .undo_chunk_size = 1024});
        files->LoadFileInfo(*index);
    }
};

/**
 * Store and connect the blocks, writing the chainstate every `every` blocks (emptying the
 * cache every other time). After each write, `on_written(height)` runs.
 */
void RunNode(const std::filesystem::path& datadir, const std::vector<Block>& blocks, int every,
             const std::function<void(int)>& on_written, int crash_after_partial_batches = 0)
{
    // Tiny batches: every flush spans several LevelDB writes.
    Node node{datadir, {.batch_write_bytes = 100, .crash_after_partial_batches = crash_after_partial_batches}};
    storage::CoinsViewCache tip{node.coins.get()};
    std::vector<storage::DiskBlockIndex> dirty;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const int height = static_cast<int>(i + 1);
        auto pos = node.files->WriteBlock(blocks[i], height);
        if (!pos) throw std::runtime_error(pos.error());
        const storage::BlockUndo undo = storage::test::ConnectBlock(blocks[i], height, tip);
        auto upos = node.files->WriteBlockUndo(undo, blocks[i].hash_prev_block, pos->file, height);
        if (!upos) throw std::runtime_error(upos.error());
        storage::DiskBlockIndex record;
        record.hash = blocks[i].GetHash();
        record.height = height;
        record.status = storage::BLOCK_VALID_SCRIPTS | storage::BLOCK_HAVE_DATA | storage::BLOCK_HAVE_UNDO;
        record.tx_count = static_cast<uint32_t>(blocks[i].vtx.size());
        record.file = pos->file;
        record.data_pos = pos->pos;
        record.undo_pos = upos->pos;
        record.SetHeader(blocks[i]);
        dirty.push_back(record);
        if (height % every == 0) {
            auto written = storage::WriteChainstateToDisk(*node.files, *node.index, dirty, tip,
                                                          /*empty_cache=*/(height / every) % 2 == 0);
            if (!written) throw std::runtime_error(written.error());
            dirty.clear();
            on_written(height);
        }
    }
}

/** The UTXO set after connecting blocks 1..height. */
std::map<storage::OutPoint, storage::Coin> ExpectedUtxos(const std::vector<Block>& blocks, int height)
{
    storage::CoinsView empty;
    storage::CoinsViewCache cache{&empty, true};
    for (int h = 1; h <= height; ++h) storage::test::ConnectBlock(blocks[h - 1], h, cache);
    std::map<storage::OutPoint, storage::Coin> out;
    for (int h = 1; h <= height; ++h) {
        for (const auto& tx : blocks[h - 1].vtx) {
            for (uint32_t n = 0; n < tx->vout.size(); ++n) {
                const storage::OutPoint o{tx->GetHash(), n};
                if (auto coin = cache.GetCoin(o)) out[o] = *coin;
            }
        }
    }
    return out;
}

/** What a restart finds; returns the height the coins are (or are becoming) at, 0 if none. */
int CheckRecoverable(const std::filesystem::path& datadir, const std::vector<Block>& blocks)
{
    Node node{datadir, {}};
    std::map<uint256, storage::DiskBlockIndex> index;
    for (const auto& r : node.index->LoadBlockIndex()) index[r.hash] = r;
    // Every index record points at readable block and undo data.
    for (const auto& [hash, r] : index) {
        auto block = node.files->ReadBlock(r.GetBlockPos(), hash);
        EXPECT_TRUE(block) << block.error();
        auto undo = node.files->ReadBlockUndo(r.GetUndoPos(), r.hash_prev);
        EXPECT_TRUE(undo) << undo.error();
    }
    const uint256 best = node.coins->GetBestBlock();
    const std::vector<uint256> heads = node.coins->GetHeadBlocks();
    // Killed before the first coins flush wrote anything: a fresh chainstate.
    if (best.IsNull() && heads.empty()) return 0;
    const uint256 target = best.IsNull() ? heads[0] : best;
    const auto it = index.find(target);
    EXPECT_NE(it, index.end()) << "the coins refer to a block the index does not know";
    if (it == index.end()) return -1;
    if (!best.IsNull()) {
        // Consistent: the UTXO set is exactly that of the best block.
        const auto expected = ExpectedUtxos(blocks, it->second.height);
        size_t count = 0;
        for (auto cursor = node.coins->Cursor(); cursor->Valid(); cursor->Next()) {
            storage::OutPoint key;
            storage::Coin coin;
            cursor->GetKey(key);
            cursor->GetValue(coin);
            const auto e = expected.find(key);
            EXPECT_TRUE(e != expected.end() && e->second == coin) << key.ToString();
            ++count;
        }
        EXPECT_EQ(count, expected.size());
    } else {
        // Mid-flush: both ends of the transition are indexed with their data. Replay as the
        // chainstate does on this linear chain: roll forward from the old tip to the new one
        // with blocks read from disk, every change tolerant of having been applied already.
        EXPECT_TRUE(heads[1].IsNull() || index.count(heads[1]) == 1);
        const int old_height = heads[1].IsNull() ? 0 : index.at(heads[1]).height;
        std::map<int, const storage::DiskBlockIndex*> by_height;
        for (const auto& [hash, r] : index) by_height[r.height] = &r;
        storage::CoinsViewCache cache{node.coins.get()};
        for (int h = old_height + 1; h <= it->second.height; ++h) {
            const storage::DiskBlockIndex& r = *by_height.at(h);
            auto block = node.files->ReadBlock(r.GetBlockPos(), r.hash);
            if (!block) {
                ADD_FAILURE() << block.error();
                return -1;
            }
            for (const auto& tx : block->vtx) {
                if (!tx->IsCoinBase()) {
                    for (const auto& in : tx->vin) cache.SpendCoin(in.prevout);
                }
                storage::AddCoins(cache, *tx, h, /*check_for_overwrite=*/true);
            }
        }
        cache.SetBestBlock(target);
        EXPECT_TRUE(cache.Flush());
        EXPECT_EQ(node.coins->GetBestBlock(), target);
        EXPECT_TRUE(node.coins->GetHeadBlocks().empty());
        const auto expected = ExpectedUtxos(blocks, it->second.height);
        size_t count = 0;
        for (auto cursor = node.coins->Cursor(); cursor->Valid(); cursor->Next()) {
            storage::OutPoint key;
            storage::Coin coin;
            cursor->GetKey(key);
            cursor->GetValue(coin);
            const auto e = expected.find(key);
            EXPECT_TRUE(e != expected.end() && e->second == coin) << "after replay: " << key.ToString();
            ++count;
        }
        EXPECT_EQ(count, expected.size()) << "after replay";
    }
    return it->second.height;
}

TEST(Flush, OrderedWritesMakeTheNodeRestartable)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks =
        storage::test::BlocksOfFile(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    // A clean run: the final state is the UTXO set of block 255.
    TempDir clean;
    RunNode(clean.Path(), blocks, 5, [](int) {});
    EXPECT_EQ(CheckRecoverable(clean.Path(), blocks), 255);
}

TEST(Flush, ProcessKilledAtRandomInstants)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks =
        storage::test::BlocksOfFile(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    crypto::FastRandomContext rng;
    int mid_flush = 0;
    for (int round = 0; round < 8; ++round) {
        // Half the rounds end in a kill at a random moment; the others stop dead in the
        // middle of a coins flush (after a random number of its LevelDB batches).
        const bool kill = round % 2 == 0;
        const int crash_after = kill ? 0 : 1 + static_cast<int>(rng.RandRange(150));
        TempDir dir;
        int ready[2];
        ASSERT_EQ(::pipe(ready), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(ready[0]);
            try {
                RunNode(
                    dir.Path(), blocks, 5,
                    [&](int) {
                        const char byte = 1;
                        if (::write(ready[1], &byte, 1) != 1) ::_exit(3);
                    },
                    crash_after);
            } catch (const storage::SimulatedCrash&) {
                ::_exit(9); // as abrupt as a crash: no destructors, nothing flushed
            } catch (const std::exception&) {
                ::_exit(4);
            }
            ::_exit(0);
        }
        ::close(ready[1]);
        // Let it complete a random number of chainstate writes, then kill it at a random moment.
        const int writes = kill ? 1 + static_cast<int>(rng.RandRange(40)) : 1000;
        int seen = 0;
        char byte;
        while (seen < writes && ::read(ready[0], &byte, 1) == 1) ++seen;
        if (kill) {
            ::usleep(static_cast<useconds_t>(rng.RandRange(20000)));
            ::kill(child, SIGKILL);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        ::close(ready[0]);
        if (WIFEXITED(status)) {
            ASSERT_TRUE(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 9)
                << "node failed with " << WEXITSTATUS(status);
        }
        const bool marker = !Node{dir.Path(), {}}.coins->GetHeadBlocks().empty();
        if (marker) ++mid_flush;
        const int height = CheckRecoverable(dir.Path(), blocks);
        EXPECT_GE(height, 0);
        std::printf("round %d: %s after %d chainstate writes, coins at height %d%s\n", round,
                    kill ? "killed" : "crashed inside a coins flush", seen, height,
                    marker ? " (flush marker present; replayed)" : "");
    }
    // The simulated crashes land inside flushes unless the run ended first.
    EXPECT_GT(mid_flush, 0);
}

} // namespace
