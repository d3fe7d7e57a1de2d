#include <rest/prometheus.h>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rest {
namespace {

TEST(RestPrometheus, FamiliesAndSamples)
{
    PrometheusWriter writer;
    writer.Gauge("bitnode_height", "Height of the active chain.", 101);
    writer.Family("bitnode_rpc_requests_total", "RPC calls by method.", "counter");
    writer.Sample("bitnode_rpc_requests_total", {{"method", "getblock"}}, 3);
    writer.Sample("bitnode_rpc_requests_total", {{"method", "we\"ird\\\n"}, {"code", "200"}}, 0.5);
    EXPECT_EQ(writer.Text(), "# HELP bitnode_height Height of the active chain.\n"
                             "# TYPE bitnode_height gauge\n"
                             "bitnode_height 101\n"
                             "# HELP bitnode_rpc_requests_total RPC calls by method.\n"
                             "# TYPE bitnode_rpc_requests_total counter\n"
                             "bitnode_rpc_requests_total{method=\"getblock\"} 3\n"
                             "bitnode_rpc_requests_total{method=\"we\\\"ird\\\\\\n\",code=\"200\"} 0.5\n");
}

TEST(RestPrometheus, Values)
{
    EXPECT_EQ(FormatPrometheusValue(0), "0");
    EXPECT_EQ(FormatPrometheusValue(1e21), "1e+21");
    EXPECT_EQ(FormatPrometheusValue(0.1), "0.1");
    EXPECT_EQ(FormatPrometheusValue(-2.5), "-2.5");
    EXPECT_EQ(FormatPrometheusValue(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(FormatPrometheusValue(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(FormatPrometheusValue(std::nan("")), "NaN");
}

TEST(RestPrometheus, Names)
{
    EXPECT_TRUE(IsValidMetricName("bitnode_block_connect_seconds:sum"));
    EXPECT_FALSE(IsValidMetricName("1abc"));
    EXPECT_FALSE(IsValidMetricName("a-b"));
    EXPECT_FALSE(IsValidMetricName(""));
    EXPECT_TRUE(IsValidLabelName("method"));
    EXPECT_FALSE(IsValidLabelName("__reserved"));
    EXPECT_FALSE(IsValidLabelName("a:b"));
}

} // namespace
} // namespace rest
