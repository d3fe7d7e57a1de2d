// bitnode-util minebench: the output is exactly one line of the documented JSON shape,
// with a plausible rate, and bad options fail with one error line.
#include <app/util_tool.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <regex>
#include <sstream>

namespace app {
namespace {

struct Outcome {
    int status;
    std::string out;
    std::string err;
};

Outcome RunTool(const std::vector<std::string>& args)
{
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int status = RunUtilTool(args, in, out, err);
    return {status, out.str(), err.str()};
}

TEST(MinebenchTest, PrintsOneJsonLine)
{
    for (const char* threads : {"1", "2"}) {
        const Outcome r = RunTool({"minebench", std::string{"--threads="} + threads, "--seconds=1"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(r.err.empty());
        const std::regex shape{R"(\{"threads": [0-9]+, "seconds": [0-9]+, "hashes_per_second": [0-9]+\}\n)"};
        EXPECT_TRUE(std::regex_match(r.out, shape)) << r.out;
        const boost::json::object json = boost::json::parse(r.out).as_object();
        EXPECT_EQ(json.at("threads").as_int64(), std::stoi(threads));
        EXPECT_EQ(json.at("seconds").as_int64(), 1);
        // Even a slow, shared CI core does well over a million header hashes a second.
        EXPECT_GT(json.at("hashes_per_second").as_int64(), 1'000'000);
        std::cout << r.out;
    }
}

TEST(MinebenchTest, RejectsBadOptions)
{
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"minebench", "--threads=0"}, {"minebench", "--seconds=0"}, {"minebench", "extra"}}) {
        const Outcome r = RunTool(args);
        EXPECT_EQ(r.status, 1);
        EXPECT_TRUE(r.out.empty());
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    }
}

} // namespace
} // namespace app
