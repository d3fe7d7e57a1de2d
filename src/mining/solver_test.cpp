// The proof-of-work solver: finds valid regtest blocks on 1, 2 and 4 threads, rolls the
// extra nonce when a header's nonces run out, honours maxtries exactly on one thread,
// and stops within milliseconds when asked or when the chain's tip changes.
#include <mining/assembler.h>
#include <mining/solver.h>
#include <mining/test_fixture.h>

#include <consensus/merkle.h>
#include <consensus/pow.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace mining {
namespace {

using primitives::arith_uint256;
using primitives::Block;

/** A regtest block with a coinbase carrying CoinbaseScriptSig(height, 0). */
Block TestBlock(int height)
{
    const auto params = consensus::ChainParams::RegTest();
    Block block = params->GenesisBlock();
    block.hash_prev_block = block.GetHash();
    SetExtraNonce(block, height, 0);
    block.nonce = 0;
    return block;
}

int64_t MillisSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

TEST(MiningSolverTest, HashMeetsTargetBoundary)
{
    arith_uint256 target;
    target.SetCompact(0x1d00ffff);
    const primitives::uint256 equal = primitives::ArithToUint256(target);
    const primitives::uint256 above = primitives::ArithToUint256(target + 1);
    const primitives::uint256 below = primitives::ArithToUint256(target - 1);
    EXPECT_TRUE(HashMeetsTarget(equal.data(), target));
    EXPECT_TRUE(HashMeetsTarget(below.data(), target));
    EXPECT_FALSE(HashMeetsTarget(above.data(), target));
}

TEST(MiningSolverTest, FindsBlocksOnEveryThreadCount)
{
    const auto params = consensus::ChainParams::RegTest();
    int solved = 0;
    for (unsigned threads : {1u, 2u, 4u}) {
        // About 65,536 hashes expected: every thread does real work.
        const arith_uint256 target = ~arith_uint256{} >> 16;
        Block block = TestBlock(1 + static_cast<int>(threads));
        SolveOptions options;
        options.threads = threads;
        options.height = 1 + static_cast<int>(threads);
        const SolveResult result = Solve(block, target, options);
        ASSERT_EQ(result.status, SolveStatus::FOUND) << threads;
        EXPECT_LE(primitives::UintToArith256(block.GetHash()), target);
        EXPECT_EQ(block.hash_merkle_root, consensus::BlockMerkleRoot(block));
        EXPECT_GE(result.hashes, 1u);
        ++solved;

        // The regtest target itself.
        Block easy = TestBlock(1);
        arith_uint256 regtest_target;
        regtest_target.SetCompact(easy.bits);
        options.height = 1;
        ASSERT_EQ(Solve(easy, regtest_target, options).status, SolveStatus::FOUND);
        EXPECT_TRUE(consensus::CheckProofOfWork(easy.GetHash(), easy.bits, params->GetConsensus()));
    }
    EXPECT_EQ(solved, 3);
}

TEST(MiningSolverTest, RollsExtraNonceWhenNoncesRunOut)
{
    constexpr uint32_t LAST_NONCES = 100;
    Block block = TestBlock(7);
    block.nonce = 0xffffffff - (LAST_NONCES - 1);
    // A target just below the best of the header's last nonces: none of them can meet it.
    Block probe = block;
    arith_uint256 best = ~arith_uint256{};
    for (uint32_t i = 0; i < LAST_NONCES; ++i) {
        probe.nonce = block.nonce + i;
        const arith_uint256 h = primitives::UintToArith256(probe.GetHash());
        if (h < best) best = h;
    }
    const arith_uint256 target = best - 1;
    SolveOptions options;
    options.height = 7;
    const SolveResult result = Solve(block, target, options);
    ASSERT_EQ(result.status, SolveStatus::FOUND);
    EXPECT_GE(result.extra_nonce, 1u);
    EXPECT_GT(result.hashes, LAST_NONCES);
    EXPECT_EQ(block.vtx[0]->vin[0].script_sig, CoinbaseScriptSig(7, result.extra_nonce));
    EXPECT_EQ(block.hash_merkle_root, consensus::BlockMerkleRoot(block));
    EXPECT_LE(primitives::UintToArith256(block.GetHash()), target);
}

TEST(MiningSolverTest, MaxTriesAndNoRollAreExact)
{
    const Block original = TestBlock(3);
    Block block = original;
    SolveOptions options;
    options.max_tries = 10'000;
    const arith_uint256 impossible{0};
    SolveResult result = Solve(block, impossible, options);
    EXPECT_EQ(result.status, SolveStatus::EXHAUSTED);
    EXPECT_EQ(result.hashes, 10'000u);
    EXPECT_EQ(block.GetHash(), original.GetHash());

    block.nonce = 0xffffffff - 49;
    options.max_tries = std::numeric_limits<uint64_t>::max();
    options.roll_extra_nonce = false;
    result = Solve(block, impossible, options);
    EXPECT_EQ(result.status, SolveStatus::EXHAUSTED);
    EXPECT_EQ(result.hashes, 50u);
}

TEST(MiningSolverTest, StopsPromptlyWhenAsked)
{
    Block block = TestBlock(3);
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> counter{0};
    SolveOptions options;
    options.threads = 2;
    options.should_stop = [&] { return stop.load(); };
    options.hash_counter = &counter;
    SolveResult result;
    std::chrono::steady_clock::time_point stop_time;
    std::thread search{[&] { result = Solve(block, arith_uint256{0}, options); }};
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    stop_time = std::chrono::steady_clock::now();
    stop = true;
    search.join();
    const int64_t ms = MillisSince(stop_time);
    EXPECT_LT(ms, 100);
    EXPECT_EQ(result.status, SolveStatus::STOPPED);
    EXPECT_GT(result.hashes, 0u);
    EXPECT_EQ(counter.load(), result.hashes);
    std::cout << "stopped " << ms << " ms after the request, " << result.hashes << " hashes in ~50 ms\n";
}

TEST(MiningSolverTest, StopsWithinMillisecondsOfANewTip)
{
    test::MiningFixture f;
    auto miner = f.MakeMiner();
    ASSERT_TRUE(miner->GenerateToScript(f.wallet.P2WPKH(), 1));
    f.signals.SyncWithValidationInterfaceQueue();

    // A template nobody can solve, searched until the tip moves (as the miner's searches are).
    auto tmpl = CreateNewBlock(*f.chainman, &f.pool, f.wallet.P2WPKH());
    ASSERT_TRUE(tmpl);
    const uint64_t tips_before = f.tips->tips.load();
    SolveOptions options;
    options.threads = 2;
    options.height = (*tmpl)->height;
    options.should_stop = [&] { return f.tips->tips.load() != tips_before; };
    SolveResult result;
    std::thread search{[&] { result = Solve((*tmpl)->block, arith_uint256{0}, options); }};
    std::this_thread::sleep_for(std::chrono::milliseconds{30});
    ASSERT_TRUE(miner->GenerateToScript(f.wallet.P2WPKH(), 1)); // the tip changes
    const auto accepted = std::chrono::steady_clock::now();
    search.join();
    const int64_t ms = MillisSince(accepted);
    EXPECT_EQ(result.status, SolveStatus::STOPPED);
    EXPECT_LT(ms, 100);
    std::cout << "search stopped " << ms << " ms after the new tip was accepted\n";
}

} // namespace
} // namespace mining
