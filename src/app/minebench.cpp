// bitnode-util minebench (see minebench.h).
#include <app/minebench.h>

#include <consensus/chainparams.h>
#include <mining/solver.h>
#include <primitives/arith_uint256.h>
#include <util/time.h>

#include <cmath>
#include <ostream>

namespace app {

namespace {

constexpr int64_t MAX_THREADS = 1024;
constexpr int64_t MAX_SECONDS = 24 * 60 * 60;

} // namespace

void AddMinebenchOptions(ArgsSpec& spec)
{
    const std::string category = "Mining benchmark options (minebench)";
    spec.AddValue("threads", ArgType::INT, "<n>", "Solver threads (default: 1)", category);
    spec.AddValue("seconds", ArgType::INT, "<n>", "How long to hash (default: 5)", category);
}

int RunMinebench(const VerifyCall& call)
{
    const int64_t threads = call.args.GetInt("threads", 1);
    const int64_t seconds = call.args.GetInt("seconds", 5);
    if (threads < 1 || threads > MAX_THREADS) {
        call.err << "error: --threads must be between 1 and " << MAX_THREADS << ", got " << threads << "\n";
        return 1;
    }
    if (seconds < 1 || seconds > MAX_SECONDS) {
        call.err << "error: --seconds must be between 1 and " << MAX_SECONDS << ", got " << seconds << "\n";
        return 1;
    }

    // The chain's genesis block: a real header and coinbase, so extra nonces roll as in mining.
    primitives::Block block = call.chain.GenesisBlock();
    mining::SolveOptions options;
    options.threads = static_cast<unsigned>(threads);
    options.height = 1;
    const int64_t start = util::MonotonicMicros();
    const int64_t end = start + seconds * 1'000'000;
    options.should_stop = [end] { return util::MonotonicMicros() >= end; };
    const mining::SolveResult result = mining::Solve(block, primitives::arith_uint256{0}, options);
    const int64_t elapsed = util::MonotonicMicros() - start;
    const double rate = elapsed > 0 ? static_cast<double>(result.hashes) * 1e6 / static_cast<double>(elapsed) : 0;

    call.out << "{\"threads\": " << threads << ", \"seconds\": " << seconds
             << ", \"hashes_per_second\": " << static_cast<int64_t>(std::llround(rate)) << "}\n";
    call.out.flush();
    if (!call.out) {
        call.err << "error: cannot write the output\n";
        return 1;
    }
    return 0;
}

} // namespace app
