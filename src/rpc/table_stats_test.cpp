// RpcTable::GetMethodStats: the per-method counters /metrics reports.
#include <rpc/control.h>
#include <rpc/protocol.h>
#include <rpc/table.h>

#include <gtest/gtest.h>

namespace {

TEST(RpcTableStats, CountsCallsAndErrorsPerMethod)
{
    rpc::RpcTable table;
    rpc::RegisterControlRpcCommands(table);
    table.SetWarmupFinished();
    EXPECT_TRUE(table.GetMethodStats().empty());
    rpc::JsonRpcRequest request;
    request.method = "uptime";
    for (int i = 0; i < 3; ++i) table.Execute(request);
    request.method = "help";
    request.params = util::JsonValue::Array();
    request.params.PushBack(1); // not a string: a type error
    EXPECT_THROW(table.Execute(request), rpc::RpcError);
    request.method = "nosuchmethod";
    EXPECT_THROW(table.Execute(request), rpc::RpcError); // not counted: no such method

    const auto stats = table.GetMethodStats();
    ASSERT_EQ(stats.size(), 2U);
    EXPECT_EQ(stats[0].method, "help");
    EXPECT_EQ(stats[0].calls, 1U);
    EXPECT_EQ(stats[0].errors, 1U);
    EXPECT_EQ(stats[1].method, "uptime");
    EXPECT_EQ(stats[1].calls, 3U);
    EXPECT_EQ(stats[1].errors, 0U);
}

} // namespace
