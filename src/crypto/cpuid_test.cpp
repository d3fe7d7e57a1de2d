// The run-time feature detection agrees with what the Linux kernel reports.
#include <crypto/cpuid.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

namespace {

TEST(CpuidTest, MatchesProcCpuinfo)
{
#if !defined(__x86_64__)
    GTEST_SKIP() << "x86-64 only";
#endif
    std::ifstream in("/proc/cpuinfo");
    if (!in) GTEST_SKIP() << "no /proc/cpuinfo on this system";
    std::set<std::string> flags;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("flags", 0) != 0) continue;
        std::istringstream words(line.substr(line.find(':') + 1));
        for (std::string w; words >> w;) flags.insert(w);
        break;
    }
    ASSERT_FALSE(flags.empty());
    const crypto::CpuFeatures& f = crypto::GetCpuFeatures();
    std::cout << "cpu features: " << f.ToString() << "\n";
    // The kernel lists an AVX family only when it also saves that register state.
    EXPECT_EQ(f.ssse3, flags.count("ssse3") == 1);
    EXPECT_EQ(f.sse41, flags.count("sse4_1") == 1);
    EXPECT_EQ(f.sha, flags.count("sha_ni") == 1);
    EXPECT_EQ(f.avx2, flags.count("avx2") == 1);
    EXPECT_EQ(f.avx512f, flags.count("avx512f") == 1);
    EXPECT_EQ(f.avx512vl, flags.count("avx512vl") == 1);
    EXPECT_EQ(f.bmi2, flags.count("bmi2") == 1);
    EXPECT_EQ(&f, &crypto::GetCpuFeatures()); // computed once
}

} // namespace
