// bitnode-cli against an in-process JSON-RPC server on 127.0.0.1 (no bitnoded yet):
// output format, exit codes, cookie and password authentication, -named, -stdin,
// -stdinrpcpass, the config file and its sections, -rpcwait, -getinfo.
#include <app/cli.h>
#include <app/cli_config.h>

#include <net/http_server.h>
#include <rpc/auth.h>
#include <rpc/control.h>
#include <rpc/http_rpc.h>
#include <rpc/table.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

struct CliRun {
    int status;
    std::string out;
    std::string err;
};

class CliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_datadir = fs::temp_directory_path() / ("bitnode-cli-test-" + std::to_string(::getpid()) + "-" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_datadir / "regtest");
        rpc::RegisterControlRpcCommands(m_table); // the server side has no node: node-free methods only
        m_table.SetWarmupFinished();
        auto cookie = rpc::GenerateAuthCookie(rpc::CookiePath(m_datadir, "regtest"));
        ASSERT_TRUE(cookie);
        const size_t colon = cookie->find(':');
        m_auth.AddPlaintext(cookie->substr(0, colon), cookie->substr(colon + 1));
        m_auth.AddPlaintext("alice", "secret");
        net::HttpServer::Options options;
        options.bind = {{"127.0.0.1", 0}};
        m_server = std::make_unique<net::HttpServer>(options);
        rpc::RegisterJsonRpcHandlers(*m_server, m_handler);
        ASSERT_TRUE(m_server->Start());
        m_port = std::to_string(m_server->BoundEndpoints().at(0).port);
    }

    void TearDown() override
    {
        m_server->Stop();
        fs::remove_all(m_datadir);
    }

    /** bitnode-cli -datadir=<tmp> -rpcport=<server> <args...> */
    CliRun Run(std::vector<std::string> args, const std::string& input = "", bool add_port = true)
    {
        args.insert(args.begin(), "-datadir=" + m_datadir.string());
        if (add_port) args.insert(args.begin() + 1, "-rpcport=" + m_port);
        std::istringstream in{input};
        std::ostringstream out, err;
        const int status = app::RunCli(args, in, out, err);
        return {status, out.str(), err.str()};
    }

    fs::path m_datadir;
    rpc::RpcTable m_table;
    rpc::RpcAuthenticator m_auth;
    rpc::JsonRpcHttpHandler m_handler{m_table, m_auth};
    std::unique_ptr<net::HttpServer> m_server;
    std::string m_port;
};

TEST_F(CliTest, PrintsResultsLikeBitcoinCli)
{
    auto run = Run({"echo", "hello"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "[\n  \"hello\"\n]\n") << "JSON indented by 2";

    run = Run({"help", "uptime"});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out.substr(0, 8), "uptime\n\n") << "strings are printed raw";

    run = Run({"echojson", "1", "[true,{\"a\":null}]", "\"s\""});
    EXPECT_EQ(run.out, "[\n  1,\n  [\n    true,\n    {\n      \"a\": null\n    }\n  ],\n  \"s\"\n]\n");

    run = Run({"echo", "1", "[true]"});
    EXPECT_EQ(run.out, "[\n  \"1\",\n  \"[true]\"\n]\n") << "echo's arguments stay strings";

    run = Run({"echojson", "not-json"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "error: Error parsing JSON: not-json\n");
}

TEST_F(CliTest, RpcErrorsExitWithTheCode)
{
    auto run = Run({"nosuchmethod"});
    EXPECT_EQ(run.status, 32601);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "error code: -32601\nerror message:\nMethod not found\n");

    run = Run({"help", "a", "b"});
    EXPECT_EQ(run.status, 1) << "wrong argument count: RPC_MISC_ERROR with the help text";
    EXPECT_EQ(run.err.substr(0, 38), "error code: -1\nerror message:\nhelp ( \"");

    run = Run({"-named", "echo", "arg1=x", "bogus=1"});
    EXPECT_EQ(run.status, 8);
    EXPECT_EQ(run.err, "error code: -8\nerror message:\nUnknown named parameter bogus\n");
}

TEST_F(CliTest, NamedStdinAndPasswords)
{
    auto run = Run({"-named", "echojson", "arg2=[1]", "arg0=\"a\""});
    EXPECT_EQ(run.out, "[\n  \"a\",\n  null,\n  [\n    1\n  ]\n]\n");

    run = Run({"-named", "echo", "x", "arg3=y"});
    EXPECT_EQ(run.out, "[\n  \"x\",\n  null,\n  null,\n  \"y\"\n]\n") << "positional words go to args";

    run = Run({"-stdin", "echo", "first"}, "second line\nthird\n");
    EXPECT_EQ(run.out, "[\n  \"first\",\n  \"second line\",\n  \"third\"\n]\n");

    run = Run({"-rpcuser=alice", "-rpcpassword=secret", "echo", "pw"});
    EXPECT_EQ(run.status, 0) << run.err;

    run = Run({"-rpcuser=alice", "-rpcpassword=wrong", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "error: Authorization failed: Incorrect rpcuser or rpcpassword\n");

    run = Run({"-rpcuser=alice", "-stdinrpcpass", "-stdin", "echo"}, "secret\nfrom stdin\n");
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "[\n  \"from stdin\"\n]\n") << "the first line is the password";

    fs::remove(rpc::CookiePath(m_datadir, "regtest"));
    run = Run({"echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err.substr(0, 98),
              "error: Could not locate RPC credentials. No authentication cookie could be found, and RPC password");
}

TEST_F(CliTest, ConfigFileAndSections)
{
    // The port comes from the [regtest] section; a top-level rpcport would mean main only.
    std::ofstream{m_datadir / "bitnode.conf"} << "# comment\nrpcport=1\nrpcuser=alice\nrpcpassword=secret # trailing\n"
                                                 "txindex=1\n[regtest]\nrpcport="
                                              << m_port << "\n[main]\nrpcport=2\n";
    auto run = Run({"echo", "conf"}, "", /*add_port=*/false);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "[\n  \"conf\"\n]\n");

    run = Run({"-rpcpassword=wrong", "echo"}, "", false);
    EXPECT_EQ(run.err, "error: Authorization failed: Incorrect rpcuser or rpcpassword\n") << "the command line wins";

    std::ofstream{m_datadir / "other.conf"} << "rpcport\n";
    run = Run({"-conf=other.conf", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("parse error on line 1"), std::string::npos) << run.err;

    run = Run({"-conf=missing.conf", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("could not be opened"), std::string::npos);

    auto entries = app::ParseConfigText("a=1\n[test]\nb = 2\nsignet.c=3\n -d=4\n", "x");
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 4u);
    EXPECT_EQ((*entries)[1].section, "test");
    EXPECT_EQ((*entries)[1].name, "b");
    EXPECT_EQ((*entries)[1].value, "2");
    EXPECT_EQ((*entries)[2].section, "signet");
    EXPECT_EQ((*entries)[3].name, "d");
}

TEST_F(CliTest, ConnectionFailuresAndUsage)
{
    m_server->Stop();
    auto run = Run({"echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err.substr(0, 60), "error: timeout on transient error: Could not connect to the ");
    EXPECT_NE(run.err.find("Make sure the bitnoded server is running"), std::string::npos);

    const auto start = std::chrono::steady_clock::now();
    run = Run({"-rpcwait", "-rpcwaittimeout=1", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{900}) << "it retried for a second";

    run = Run({"-rpcport=0", "echo"});
    EXPECT_EQ(run.err, "error: Invalid port provided in -rpcport: 0\n");
    run = Run({"-rpcconnect=127.0.0.1:99999", "echo"}, "", false);
    EXPECT_EQ(run.err, "error: Invalid port provided in -rpcconnect: 127.0.0.1:99999\n");

    std::istringstream in;
    std::ostringstream out, err;
    EXPECT_EQ(app::RunCli({}, in, out, err), 1);
    EXPECT_EQ(err.str(), "Error: too few parameters\n");
    EXPECT_NE(out.str().find("Usage: bitnode-cli [options] <command> [params]"), std::string::npos);

    run = Run({"-nosuchoption", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err.substr(0, 38), "Error parsing command line arguments: ");
    run = Run({"-regtest", "-testnet", "echo"});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err.substr(0, 7), "Error: ");
    run = Run({});
    EXPECT_EQ(run.err, "error: too few parameters (need at least command)\n");

    std::ostringstream out2, err2;
    EXPECT_EQ(app::RunCli({"-datadir=/nonexistent/bitnode", "echo"}, in, out2, err2), 1);
    EXPECT_EQ(err2.str(), "Error: Specified data directory \"/nonexistent/bitnode\" does not exist.\n");
}

TEST_F(CliTest, RpcwaitRetriesThroughWarmup)
{
    m_table.SetWarmupStarting();
    m_table.SetWarmupStatus("Loading");
    // Finish warming up a little later, from another thread.
    rpc::RpcTable* table = &m_table;
    std::thread later{[table] {
        std::this_thread::sleep_for(std::chrono::milliseconds{300});
        table->SetWarmupFinished();
    }};
    auto run = Run({"-rpcwait", "echo", "ready"});
    later.join();
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "[\n  \"ready\"\n]\n");
}

TEST_F(CliTest, GetinfoSkipsMissingMethodsWithANote)
{
    auto run = Run({"-getinfo"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, "Note: getnetworkinfo is not available on this server; its fields are skipped.\n"
                       "Note: getblockchaininfo is not available on this server; its fields are skipped.\n"
                       "Note: getwalletinfo is not available on this server; its fields are skipped.\n"
                       "Note: getbalances is not available on this server; its fields are skipped.\n");
    run = Run({"-getinfo", "extra"});
    EXPECT_EQ(run.err, "error: -getinfo takes no arguments\n");
}

} // namespace
