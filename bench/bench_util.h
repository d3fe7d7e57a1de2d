// Helpers shared by benchmarks: locating test data, reporting rates beside limits.
#ifndef BITNODE_BENCH_BENCH_UTIL_H
#define BITNODE_BENCH_BENCH_UTIL_H

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace bench {

/** ../shared/testdata (or $BITNODE_TESTDATA). */
inline std::filesystem::path TestDataDir()
{
    if (const char* env = std::getenv("BITNODE_TESTDATA"); env && *env) return env;
    return BITNODE_DEFAULT_TESTDATA;
}

/** Bytes of a test data file; empty if missing (the caller skips with a message). */
inline std::vector<uint8_t> ReadTestFile(const std::string& relative)
{
    std::ifstream in(TestDataDir() / relative, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/**
 * Report items/s and put "<pct>% of <limit> <unit> (<what>)" in the label, so a run
 * prints the figure beside the limit measured on this machine.
 */
inline void ReportAgainstLimit(benchmark::State& state, double items, double limit_per_second,
                               const std::string& unit, const std::string& what)
{
    state.SetItemsProcessed(static_cast<int64_t>(items));
    state.counters["limit/s"] = limit_per_second;
    std::ostringstream label;
    label << "limit " << limit_per_second / 1e6 << " M" << unit << "/s (" << what << ")";
    state.SetLabel(label.str());
}

/**
 * As ReportAgainstLimit, for rates measured in thousands per second: the label
 * reads "limit <k> k<unit>/s (<what>)", e.g. signature verification.
 */
inline void ReportAgainstLimitK(benchmark::State& state, double items, double limit_per_second,
                                const std::string& unit, const std::string& what)
{
    state.SetItemsProcessed(static_cast<int64_t>(items));
    state.counters["limit/s"] = limit_per_second;
    std::ostringstream label;
    label << "limit " << limit_per_second / 1e3 << " k" << unit << "/s (" << what << ")";
    state.SetLabel(label.str());
}

} // namespace bench

#endif // BITNODE_BENCH_BENCH_UTIL_H
