// Crash safety: a child process (bitnode-test-chainimport) imports a gen_chain.py chain
// with real signatures, flushing every few blocks in LevelDB batches of about one coin each, and is
// killed with SIGKILL at random moments (during open, connect, block writes and flushes).
// After every kill the chainstate must open cleanly (index consistent, top blocks
// verified) and its UTXO digest must equal the digest of a clean import at the same tip.
// A few kills by default; BITNODE_LONG_TESTS=1 runs 60 on a longer chain.
// BITNODE_CRASH_SEED=<n> repeats a run.
#include <chain/test_chain.h>

#include <crypto/random.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace chain::test {
namespace {

using primitives::uint256;

/** A running bitnode-test-chainimport whose stdout we read line by line. */
class Child
{
public:
    Child(const std::vector<std::string>& args, const std::filesystem::path& stderr_path)
    {
        int fds[2];
        if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (err >= 0) ::dup2(err, STDERR_FILENO);
            ::close(fds[0]);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        m_fd = fds[0];
    }
    ~Child()
    {
        if (m_pid > 0) Kill();
        if (m_fd >= 0) ::close(m_fd);
    }

    /** The next line, or nullopt at the end of the output or after `timeout`. */
    std::optional<std::string> ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds{120})
    {
        while (true) {
            if (const size_t nl = m_buffer.find('\n'); nl != std::string::npos) {
                std::string line = m_buffer.substr(0, nl);
                m_buffer.erase(0, nl + 1);
                return line;
            }
            pollfd pfd{m_fd, POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
            char chunk[4096];
            const ssize_t got = ::read(m_fd, chunk, sizeof(chunk));
            if (got <= 0) return std::nullopt;
            m_buffer.append(chunk, static_cast<size_t>(got));
        }
    }

    /** SIGKILL and reap; true if the signal (not a normal exit) ended it. */
    bool Kill()
    {
        ::kill(m_pid, SIGKILL);
        return Wait() == -SIGKILL;
    }
    /** Reap: the exit status, or minus the signal that ended it. */
    int Wait()
    {
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    }

private:
    pid_t m_pid{-1};
    int m_fd{-1};
    std::string m_buffer;
};

std::string ReadText(const std::filesystem::path& path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CrashSafety, KilledImportsReopenCleanlyWithTheUtxoSetOfACleanImport)
{
    BITNODE_REQUIRE_TESTDATA();
    const char* long_env = std::getenv("BITNODE_LONG_TESTS");
    const bool long_mode = long_env && std::string{long_env} == "1";
    const int kills = long_mode ? 60 : 4;
    const int chain_length = long_mode ? 600 : 200;
    std::string why;
    const auto chain_file = GenChain(chain_length, 20, &why);
    if (!chain_file) GTEST_SKIP() << why;
    const std::vector<BlockRef> blocks = ReadHexBlocks(*chain_file);
    ASSERT_EQ(blocks.size(), static_cast<size_t>(chain_length));

    // What a clean import has at every height (independent model; checked against a clean
    // node below).
    auto params = consensus::ChainParams::RegTest();
    std::vector<uint256> digests, tips;
    UtxoModel model;
    model.ConnectBlock(params->GenesisBlock(), 0);
    digests.push_back(model.Hash());
    tips.push_back(params->GenesisBlock().GetHash());
    for (size_t i = 0; i < blocks.size(); ++i) {
        model.ConnectBlock(*blocks[i], static_cast<int>(i) + 1);
        digests.push_back(model.Hash());
        tips.push_back(blocks[i]->GetHash());
    }

    uint64_t seed = std::chrono::steady_clock::now().time_since_epoch().count();
    if (const char* s = std::getenv("BITNODE_CRASH_SEED")) seed = std::stoull(s);
    std::array<uint8_t, 32> seed_bytes{};
    for (int i = 0; i < 8; ++i) seed_bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(seed >> (8 * i));
    crypto::FastRandomContext rng{seed_bytes};
    std::printf("crash test seed %llu (BITNODE_CRASH_SEED repeats it)\n", static_cast<unsigned long long>(seed));

    storage::test::TempDir dir;
    const std::filesystem::path datadir = dir / "regtest";
    const std::filesystem::path child_log = dir / "child.log";
    int replays = 0, completed_imports = 0, killed = 0, max_height = 0;
    int64_t flush_micros = 5000;
    for (int round = 0; round < kills; ++round) {
        const std::string flush_every = std::to_string(1 + rng.RandRange(4));
        Child child{{BITNODE_CHAIN_IMPORT_TOOL, "import", "--datadir", datadir.string(), "--blocks",
                     chain_file->string(), "--flush-every", flush_every, "--dbcache-mib", "4", "--batch-bytes", "64"},
                    child_log};
        // Kill while opening now and then; otherwise after a few connected blocks, either at a
        // random instant in the next block's work (validation, undo and block writes) or at a
        // random instant of a flush (fsyncs, index batch, coin batches with the flush marker).
        const int phase = static_cast<int>(rng.RandRange(5));
        // The first round gets past the 100 coinbase-only blocks; later ones add a few dozen.
        const int blocks_before = static_cast<int>(round == 0 ? 100 + rng.RandRange(30) : rng.RandRange(40));
        bool finished = false;
        if (phase == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(rng.RandRange(60000)));
        } else {
            int seen = -1;
            auto flush_start = std::chrono::steady_clock::now();
            while (true) {
                const std::optional<std::string> line = child.ReadLine();
                if (!line) {
                    finished = true;
                    break;
                }
                if (*line == "flush") {
                    flush_start = std::chrono::steady_clock::now();
                    if (phase >= 3 && seen >= blocks_before) break;
                } else if (*line == "flushed") {
                    // Learn how long flushes take, to aim kills inside them.
                    flush_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - flush_start)
                                       .count();
                } else if (++seen >= blocks_before && phase < 3) {
                    break;
                }
            }
            const uint64_t window = phase >= 3 ? static_cast<uint64_t>(std::max<int64_t>(flush_micros, 100)) : 8000;
            std::this_thread::sleep_for(std::chrono::microseconds(rng.RandRange(window)));
        }
        if (finished) {
            ASSERT_EQ(child.Wait(), 0) << ReadText(child_log);
            ++completed_imports;
        } else if (child.Kill()) {
            ++killed;
        }

        std::vector<std::string> log;
        {
            auto opened = ChainstateManager::Open({.datadir = datadir,
                                                   .chain_params = params.get(),
                                                   .log = [&](const std::string& l) { log.push_back(l); }});
            ASSERT_TRUE(opened) << "round " << round << ": " << opened.error() << "\n" << ReadText(child_log);
            ChainstateManager& chainman = **opened;
            const std::optional<std::string> problem = chainman.CheckBlockIndex();
            ASSERT_FALSE(problem) << "round " << round << ": " << *problem;
            const int height = chainman.ActiveHeight();
            ASSERT_GE(height, 0);
            ASSERT_EQ(chainman.ActiveTip()->hash, tips[static_cast<size_t>(height)]) << "round " << round;
            auto info = chainman.GetUtxoSetInfo();
            ASSERT_TRUE(info) << info.error();
            ASSERT_EQ(info->stats.hash_serialized, digests[static_cast<size_t>(height)])
                << "round " << round << " at height " << height;
            max_height = std::max(max_height, height);
        }
        for (const std::string& l : log) replays += l.rfind("Replaying blocks", 0) == 0;
        if (finished) std::filesystem::remove_all(datadir); // start over: more crashes on a young chain
    }
    std::printf("crash test: %d rounds, %d killed, %d imports completed, %d interrupted flushes replayed, "
                "highest tip %d of %d\n",
                kills, killed, completed_imports, replays, max_height, chain_length);
    EXPECT_GE(killed, kills - completed_imports);

    // Finally let the import run to the end, and compare with a clean node's import.
    {
        Child child{{BITNODE_CHAIN_IMPORT_TOOL, "import", "--datadir", datadir.string(), "--blocks", chain_file->string()},
                    child_log};
        ASSERT_EQ(child.Wait(), 0) << ReadText(child_log);
    }
    const std::filesystem::path clean = dir / "clean";
    {
        Child child{{BITNODE_CHAIN_IMPORT_TOOL, "import", "--datadir", clean.string(), "--blocks", chain_file->string()},
                    child_log};
        ASSERT_EQ(child.Wait(), 0) << ReadText(child_log);
    }
    std::optional<std::string> survivor, reference;
    for (auto [path, out] : {std::pair{datadir, &survivor}, std::pair{clean, &reference}}) {
        Child child{{BITNODE_CHAIN_IMPORT_TOOL, "digest", "--datadir", path.string()}, child_log};
        *out = child.ReadLine();
        ASSERT_EQ(child.Wait(), 0) << ReadText(child_log);
    }
    ASSERT_TRUE(survivor && reference);
    EXPECT_EQ(*survivor, *reference);
    EXPECT_EQ(*reference, std::to_string(chain_length) + " " + tips.back().GetHex() + " " + digests.back().GetHex() + " " +
                              std::to_string(model.Size()));
}

} // namespace
} // namespace chain::test
