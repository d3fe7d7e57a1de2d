// Test fixture for NodeContext tests: a regtest node on a fresh temporary datadir (with a
// mockable clock), a one-key wallet (mempool/test_helpers.h) whose coinbases the tests
// spend, and helpers to mine, spend and wait. Included by src/node/*_test.cpp only.
//
// Thread safety: test code; the node itself is thread-safe.
#ifndef BITNODE_NODE_CONTEXT_TEST_UTIL_H
#define BITNODE_NODE_CONTEXT_TEST_UTIL_H

#include <consensus/chainparams.h>
#include <mempool/test_helpers.h>
#include <node/context.h>
#include <storage/test_tempdir.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace node::test {

class NodeTest : public ::testing::Test
{
protected:
    NodeTest() { m_clock.SetMockTime(util::Clock{}.Now()); }

    /** Options for a node on this test's datadir (no P2P, on-demand mining, mock clock). */
    NodeOptions Options() const
    {
        NodeOptions options;
        options.datadir = m_dir.Path() / "regtest";
        options.chain_params = m_params.get();
        options.chainstate.check_blocks = 6;
        options.clock = &m_clock;
        options.mining.policy.mode = mining::MiningMode::ON_DEMAND;
        return options;
    }

    NodeContext& Start(NodeOptions options)
    {
        auto started = NodeContext::Start(std::move(options));
        if (!started) throw std::runtime_error("NodeContext::Start: " + started.error());
        m_node = std::move(*started);
        return *m_node;
    }
    NodeContext& Start() { return Start(Options()); }
    void StopNode() { m_node.reset(); }
    NodeContext& Node() { return *m_node; }

    /** Mine n blocks paying to spk; the block hashes. The mempool has caught up when it returns. */
    std::vector<primitives::uint256> Mine(int n, const primitives::ScriptBytes& spk)
    {
        auto hashes = m_node->GenerateToScript(spk, n);
        if (!hashes) throw std::runtime_error("GenerateToScript: " + hashes.error());
        m_node->Signals().SyncWithValidationInterfaceQueue();
        return *hashes;
    }
    std::vector<primitives::uint256> Mine(int n) { return Mine(n, m_wallet.P2WPKH()); }

    /** The coinbase of the active block at height (its first output pays the wallet). */
    mempool::test::Wallet::Input Coinbase(int height, bool p2pkh = false) const
    {
        auto block = m_node->GetBlockAtHeight(height);
        if (!block) throw std::runtime_error("GetBlockAtHeight: " + block.error());
        const primitives::TransactionRef& cb = block->vtx.at(0);
        return {primitives::OutPoint{cb->GetHash(), 0}, cb->vout.at(0).value, p2pkh};
    }

    /** A signed spend of one input paying `fee`, to one output of the wallet. */
    primitives::TransactionRef SpendWithFee(const mempool::test::Wallet::Input& in, primitives::Amount fee) const
    {
        return m_wallet.Spend({in}, {in.value - fee});
    }

    static bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (condition()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        }
        return condition();
    }

    storage::test::TempDir m_dir;
    util::Clock m_clock;
    std::unique_ptr<const consensus::ChainParams> m_params{
        consensus::ChainParams::ForChain(consensus::ChainType::REGTEST)};
    mempool::test::Wallet m_wallet;
    std::unique_ptr<NodeContext> m_node;
};

} // namespace node::test

#endif // BITNODE_NODE_CONTEXT_TEST_UTIL_H
