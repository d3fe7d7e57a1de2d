#include <app/util_tool.h>

#include <test/util/testdata.h>
#include <util/hex.h>
#include <util/json.h>

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

struct RunResult {
    int status;
    std::string out;
    std::string err;
};

RunResult RunTool(const std::vector<std::string>& args, const std::string& stdin_text = "")
{
    std::istringstream in{stdin_text};
    std::ostringstream out;
    std::ostringstream err;
    const int status = app::RunUtilTool(args, in, out, err);
    return {status, out.str(), err.str()};
}

/** A failure is exit status 1, nothing on stdout and exactly one "error: " line on stderr. */
void ExpectOneLineError(const RunResult& r, const std::string& fragment)
{
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
}

TEST(UtilToolTest, HelpAndCommandErrors)
{
    for (const char* flag : {"-help", "--help", "-h", "-?"}) {
        const RunResult r = RunTool({flag});
        EXPECT_EQ(r.status, 0) << flag;
        EXPECT_NE(r.out.find("decodeblock FILE|-"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("decoderawtransaction HEX|-"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("-chain=<chain>"), std::string::npos) << r.out;
    }
    RunResult r = RunTool({"decodeblock", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("Usage: bitnode-util [options] decodeblock FILE|-", 0), 0u) << r.out;

    ExpectOneLineError(RunTool({}), "no command given. Run 'bitnode-util -help'");
    ExpectOneLineError(RunTool({"decodeblok", "x"}), "unknown command 'decodeblok'. Did you mean 'decodeblock'?");
    ExpectOneLineError(RunTool({"frobnicate"}), "unknown command 'frobnicate'. Run 'bitnode-util -help'");
    ExpectOneLineError(RunTool({"--chian=main"}), "unknown option -chian. Did you mean -chain?");
    ExpectOneLineError(RunTool({"decodeblock"}), "decodeblock takes FILE|-, got 0 arguments");
    ExpectOneLineError(RunTool({"decodeblock", "a", "b"}), "got 2 arguments");
    ExpectOneLineError(RunTool({"decodeblock", "-chain=mainnet", "x"}), "invalid -chain=mainnet");
    ExpectOneLineError(RunTool({"decodeblock", "-regtest", "-testnet", "x"}), "use at most one");
    ExpectOneLineError(RunTool({"decodeblock", "/nonexistent/block.raw"}), "cannot open /nonexistent/block.raw");
}

TEST(UtilToolTest, DecodeRawTransactionFromArgumentAndStdin)
{
    const std::string hex =
        "01000000000100e1f5050000000069522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021ac43"
        "c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df2089105c77f266fa11a9d33f05c735234075f2e8780824"
        "c6b709415f9fb48553ae00000000";
    const RunResult r = RunTool({"decoderawtransaction", hex});
    ASSERT_EQ(r.status, 0) << r.err;
    auto json = util::ParseJson(r.out);
    ASSERT_TRUE(json) << json.error();
    EXPECT_EQ(json->Keys(), (std::vector<std::string>{"txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout"}));
    EXPECT_EQ(json->Find("txid")->GetStr(), "0d1d4edfc217d9db3ab6a9298f26a52eae3c52f55a6cb8ccbc14f7c727572894");
    // Pretty output like bitcoin-cli: two-space indent, empty arrays on two lines.
    EXPECT_NE(r.out.find("\n  \"vin\": [\n  ],\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"value\": 1.00000000,"), std::string::npos) << r.out;

    const RunResult piped = RunTool({"decoderawtransaction", "-"}, hex + "\n");
    EXPECT_EQ(piped.status, 0) << piped.err;
    EXPECT_EQ(piped.out, r.out);

    ExpectOneLineError(RunTool({"decoderawtransaction", "zz"}), "not hex: 'z' at character 0");
    ExpectOneLineError(RunTool({"decoderawtransaction", "abc"}), "odd number of hex digits");
    ExpectOneLineError(RunTool({"decoderawtransaction", hex + "00"}), "transaction decode failed");
    ExpectOneLineError(RunTool({"decoderawtransaction", hex.substr(0, 40)}), "at byte");
    ExpectOneLineError(RunTool({"decoderawtransaction", "-"}, ""), "empty input");
}

TEST(UtilToolTest, DecodeBlockFromHexOnStdinMatchesRawFile)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto dir = *testutil::TestDataDir();
    const std::string path = (dir / "blocks" / "main-574200.raw").string();
    const RunResult from_file = RunTool({"decodeblock", path});
    ASSERT_EQ(from_file.status, 0) << from_file.err;
    const RunResult from_hex = RunTool({"decodeblock", "--chain=main", "-"}, "\n" + util::HexStr(testutil::ReadTestBytes("blocks/main-574200.raw")) + "\n");
    ASSERT_EQ(from_hex.status, 0) << from_hex.err;
    EXPECT_EQ(from_file.out, from_hex.out);
    EXPECT_NE(from_file.out.find("\"address\": \"bc1"), std::string::npos);
    const RunResult testnet = RunTool({"decodeblock", "-testnet", path});
    EXPECT_NE(testnet.out.find("\"address\": \"tb1"), std::string::npos);

    // Truncated hex block on stdin.
    const std::string hex = util::HexStr(testutil::ReadTestBytes("blocks/main-1.raw"));
    ExpectOneLineError(RunTool({"decodeblock", "-"}, hex.substr(0, hex.size() - 2)), "block decode failed");
    ExpectOneLineError(RunTool({"decodeblock", "-"}, hex + "00"), "1 unexpected bytes after the end of the block at byte 215");
    ExpectOneLineError(RunTool({"decodeblock", "-"}, hex.substr(0, 161)), "odd number of hex digits");
    // Header, then a transaction count of 2^64-1.
    ExpectOneLineError(RunTool({"decodeblock", "-"}, hex.substr(0, 160) + "ffffffffffffffffff"), "size too large at byte 80");
}

} // namespace
