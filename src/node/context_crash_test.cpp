// A node killed (SIGKILL) while it mines restarts consistent: a forked child runs a
// NodeContext that mines and submits transactions as fast as it can; the parent kills it
// at a random moment, then opens the same datadir and checks the block index, the tip,
// the UTXO set against the chain, and that mining continues. Several rounds on one datadir.
#include <node/context_test_util.h>

#include <crypto/random.h>

#include <csignal>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace node::test {
namespace {

/** Child: mine blocks (spending old coinbases on the way) and report each one on fd. Never returns. */
[[noreturn]] void MineUntilKilled(NodeOptions options, const mempool::test::Wallet& wallet, int fd)
{
    auto started = NodeContext::Start(std::move(options));
    if (!started) ::_exit(3);
    NodeContext& node = **started;
    for (;;) {
        const int height = node.GetHeight();
        if (height > 100) {
            // Spend the coinbase 100 blocks back, so blocks carry transactions too.
            auto block = node.GetBlockAtHeight(height - 100);
            if (block) {
                const auto& cb = block->vtx[0];
                const mempool::test::Wallet::Input in{primitives::OutPoint{cb->GetHash(), 0}, cb->vout[0].value};
                (void)node.SubmitTransaction(wallet.Spend({in}, {in.value - 1'000}));
            }
        }
        if (!node.GenerateToScript(wallet.P2WPKH(), 1)) ::_exit(4);
        const char tick = 'b';
        if (::write(fd, &tick, 1) != 1) ::_exit(5);
    }
}

TEST_F(NodeTest, KilledWhileMiningRestartsConsistent)
{
    crypto::FastRandomContext rng;
    int expected_min_height = 0;
    for (int round = 0; round < 4; ++round) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        NodeOptions options = Options();
        options.clock = nullptr; // the child's own clock
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::close(fds[0]);
            MineUntilKilled(std::move(options), m_wallet, fds[1]);
        }
        ::close(fds[1]);
        const int blocks_before_kill = 5 + static_cast<int>(rng.RandRange(40));
        int seen = 0;
        while (seen < blocks_before_kill) {
            pollfd pfd{fds[0], POLLIN, 0};
            ASSERT_GT(::poll(&pfd, 1, 60'000), 0) << "the child stopped mining";
            char buffer[64];
            const ssize_t got = ::read(fds[0], buffer, sizeof(buffer));
            ASSERT_GT(got, 0) << "the child exited";
            seen += static_cast<int>(got);
        }
        ::usleep(static_cast<useconds_t>(rng.RandRange(20'000)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::close(fds[0]);
        ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round;

        NodeOptions check = Options();
        check.chainstate.check_level = 4;
        check.chainstate.check_blocks = 20;
        NodeContext& node = Start(std::move(check));
        EXPECT_EQ(node.Chainman().CheckBlockIndex(), std::nullopt);
        const int height = node.GetHeight();
        // Blocks reported before the kill may be lost only if they were not flushed; the
        // chain never goes below what an earlier round saw after its restart.
        EXPECT_GE(height, expected_min_height) << "round " << round;
        auto utxo = node.Chainman().GetUtxoSetInfo();
        ASSERT_TRUE(utxo) << utxo.error();
        EXPECT_EQ(utxo->height, height);
        EXPECT_EQ(node.Mempool().CheckConsistency(), std::nullopt);
        // The node goes on: it mines on its tip, and mempool transactions still fit it.
        ASSERT_TRUE(node.GenerateToScript(m_wallet.P2WPKH(), 2));
        EXPECT_EQ(node.GetHeight(), height + 2);
        expected_min_height = height + 2;
        StopNode();
    }
}

} // namespace
} // namespace node::test
