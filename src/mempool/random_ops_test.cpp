// Random sequences of additions, replacements, prioritisations, blocks, expiry and trimming,
// with every aggregate and index re-derived from scratch after each step.
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

#include <random>

namespace mempool {
namespace {

constexpr Amount COIN = primitives::COIN;

TEST(TxMemPoolRandom, BookkeepingStaysExact)
{
    test::FakeChain chain;
    test::Wallet wallet;
    util::Clock clock;
    int64_t now = 1'700'000'000;
    clock.SetMockTime(now);
    MempoolOptions opts;
    opts.clock = &clock;
    TxMemPool pool{opts};
    std::mt19937_64 rng{20260101};
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };

    // Outputs we may try to spend (confirmed or in the pool; some get spent or vanish).
    std::vector<std::pair<OutPoint, Amount>> spendable;
    for (int i = 0; i < 60; ++i) spendable.emplace_back(wallet.Fund(chain, COIN), COIN);

    size_t accepted = 0, rejected = 0, blocks = 0, replaced = 0;
    for (int step = 0; step < 1500; ++step) {
        const size_t op = pick(60);
        if (op < 52) {
            // Spend one or two outputs into one or two, with a random fee.
            std::vector<test::Wallet::Input> ins;
            Amount total = 0;
            for (size_t k = 0, n = 1 + pick(2); k < n; ++k) {
                const size_t index = pick(spendable.size());
                const OutPoint outpoint = spendable[index].first;
                const Amount value = spendable[index].second;
                if (std::any_of(ins.begin(), ins.end(), [&](const auto& in) { return in.prevout == outpoint; }))
                    continue;
                ins.push_back({outpoint, value});
                total += value;
            }
            const Amount fee = 200 + static_cast<Amount>(pick(20'000));
            if (total - fee < 2000) continue;
            std::vector<Amount> outs{total - fee};
            if (pick(2)) outs = {(total - fee) / 2, total - fee - (total - fee) / 2};
            const auto tx = wallet.Spend(ins, outs);
            const auto r = AcceptToMemoryPool(pool, chain, tx);
            if (r.Valid()) {
                ++accepted;
                replaced += r.replaced.size();
                for (uint32_t n = 0; n < outs.size(); ++n) spendable.emplace_back(OutPoint{tx->GetHash(), n}, outs[n]);
                // Keep the spent ones only sometimes, so later spends also try replacements.
                if (pick(4) != 0) {
                    std::erase_if(spendable, [&](const auto& s_) {
                        return std::any_of(ins.begin(), ins.end(),
                                           [&](const auto& in) { return in.prevout == s_.first; });
                    });
                }
            } else {
                ++rejected;
            }
        } else if (op < 55) {
            const auto all = pool.InfoAll();
            if (!all.empty()) {
                pool.PrioritiseTransaction(all[pick(all.size())].tx->GetHash(), static_cast<Amount>(pick(5000)) - 2000);
            }
        } else if (op < 57) {
            // A block with a prefix of the pool in topological order (parents first).
            const auto all = pool.InfoAll();
            std::vector<TransactionRef> block;
            for (size_t i = 0, n = pick(all.size() + 1); i < n; ++i) {
                if (all[i].ancestor_count == 1) block.push_back(all[i].tx);
            }
            chain.ConnectTxs(block);
            pool.RemoveForBlock(block, chain.TipHeight());
            ++blocks;
        } else if (op < 59) {
            now += 3600 * static_cast<int64_t>(pick(40));
            clock.SetMockTime(now);
            LimitMempoolSize(pool);
        } else {
            pool.TrimToSize(pool.DynamicMemoryUsage() * 3 / 4);
        }
        const auto problem = pool.CheckConsistency();
        ASSERT_FALSE(problem.has_value()) << "step " << step << ": " << *problem;
    }
    std::cout << "random mempool ops: " << accepted << " accepted (" << replaced << " replacements), " << rejected
              << " rejected, " << blocks << " blocks, " << pool.Size() << " left\n";
    EXPECT_GT(accepted, 50u);
    EXPECT_GT(replaced, 0u);
}

} // namespace
} // namespace mempool
