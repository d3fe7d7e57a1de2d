#include <app/args.h>

#include <util/strings.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using app::ArgsSpec;
using app::ArgType;

ArgsSpec TestSpec()
{
    ArgsSpec spec;
    spec.AddValue("datadir", ArgType::STRING, "<dir>", "Data directory");
    spec.AddValue("port", ArgType::INT, "<port>", "Listen on <port>");
    spec.AddFlag("listen", "Accept connections");
    spec.AddValue("addnode", ArgType::STRING, "<ip>", "Add a node", "Options", /*allow_multiple=*/true);
    app::AddChainOptions(spec, "main");
    return spec;
}

app::Args ParseOk(const std::vector<std::string>& argv, bool stop_at_positional = false)
{
    auto args = TestSpec().Parse(argv, "prog", stop_at_positional);
    EXPECT_TRUE(args) << (args ? "" : args.error());
    return args ? *args : app::Args{};
}

std::string ParseError(const std::vector<std::string>& argv)
{
    auto args = TestSpec().Parse(argv, "prog");
    EXPECT_FALSE(args);
    return args ? "" : args.error();
}

TEST(ArgsTest, CoreAndGnuSpellings)
{
    for (const auto& argv : std::vector<std::vector<std::string>>{
             {"-datadir=/tmp/x", "-port=8333", "-listen"},
             {"--datadir=/tmp/x", "--port=8333", "--listen"},
             {"-datadir=/tmp/x", "--port=8333", "-listen=1"}}) {
        auto args = ParseOk(argv);
        EXPECT_EQ(args.GetString("datadir"), "/tmp/x");
        EXPECT_EQ(args.GetInt("port", 0), 8333);
        EXPECT_TRUE(args.GetBool("listen", false));
        EXPECT_TRUE(args.Positional().empty());
    }
}

TEST(ArgsTest, NegationAndBooleans)
{
    EXPECT_FALSE(ParseOk({"-nolisten"}).GetBool("listen", true));
    EXPECT_TRUE(ParseOk({"-nolisten"}).IsNegated("listen"));
    EXPECT_FALSE(ParseOk({"-listen=0"}).GetBool("listen", true));
    EXPECT_FALSE(ParseOk({"--listen=false"}).GetBool("listen", true));
    EXPECT_TRUE(ParseOk({"-nolisten=0"}).GetBool("listen", false)); // double negation
    EXPECT_TRUE(ParseOk({}).GetBool("listen", true));                // default when unset
    EXPECT_TRUE(ParseOk({"-listen=0", "-listen"}).GetBool("listen", false)); // last one wins
    auto args = ParseOk({"-addnode=a", "-addnode=b"});
    EXPECT_EQ(args.GetAll("addnode"), (std::vector<std::string>{"a", "b"}));
    args = ParseOk({"-addnode=a", "-noaddnode"});
    EXPECT_TRUE(args.GetAll("addnode").empty());
    EXPECT_FALSE(args.GetString("addnode").has_value());
    EXPECT_TRUE(args.IsSet("addnode"));
    EXPECT_EQ(ParseOk({"-noaddnode", "-addnode=c"}).GetAll("addnode"), (std::vector<std::string>{"c"}));
    EXPECT_EQ(ParseOk({"-datadir=a", "-datadir=b"}).GetString("datadir"), "b");
}

TEST(ArgsTest, PositionalArguments)
{
    auto args = ParseOk({"decodeblock", "--chain=test", "-", "file"});
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"decodeblock", "-", "file"}));
    EXPECT_EQ(args.GetString("chain"), "test");
    args = ParseOk({"--", "-listen", "x"});
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"-listen", "x"}));
    EXPECT_FALSE(args.IsSet("listen"));
    args = ParseOk({"-listen", "getblock", "-1", "-port=1"}, /*stop_at_positional=*/true);
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"getblock", "-1", "-port=1"}));
    EXPECT_FALSE(args.IsSet("port"));
}

TEST(ArgsTest, ErrorsTellWhatToDo)
{
    std::string e = ParseError({"-datadri=/x"});
    EXPECT_NE(e.find("unknown option -datadri."), std::string::npos) << e;
    EXPECT_NE(e.find("Did you mean -datadir?"), std::string::npos) << e;
    EXPECT_NE(e.find("Run 'prog -help'"), std::string::npos) << e;
    e = ParseError({"--frobnicate"});
    EXPECT_EQ(e, "unknown option -frobnicate. Run 'prog -help' to see the options.");
    e = ParseError({"-port=abc"});
    EXPECT_EQ(e, "invalid value for -port: 'abc' is not an integer");
    e = ParseError({"-datadir"});
    EXPECT_EQ(e, "-datadir needs a value: -datadir=<dir>");
    e = ParseError({"-listen=maybe"});
    EXPECT_NE(e.find("invalid value for -listen"), std::string::npos) << e;
    EXPECT_NE(ParseError({"---listen"}).find("invalid option"), std::string::npos);
    EXPECT_NE(ParseError({"-=1"}).find("invalid option"), std::string::npos);
    EXPECT_NE(ParseError({"-nodatadir=0"}).find("use -datadir=<dir>"), std::string::npos);
    EXPECT_NE(ParseError({"-nofoo"}).find("unknown option -nofoo"), std::string::npos);
}

TEST(ArgsTest, ChainSelection)
{
    EXPECT_EQ(*app::SelectChain(ParseOk({}), "main"), "main");
    EXPECT_EQ(*app::SelectChain(ParseOk({}), "regtest"), "regtest");
    EXPECT_EQ(*app::SelectChain(ParseOk({"-regtest"}), "main"), "regtest");
    EXPECT_EQ(*app::SelectChain(ParseOk({"-testnet"}), "main"), "test");
    EXPECT_EQ(*app::SelectChain(ParseOk({"--testnet4"}), "main"), "testnet4");
    EXPECT_EQ(*app::SelectChain(ParseOk({"-signet"}), "main"), "signet");
    EXPECT_EQ(*app::SelectChain(ParseOk({"-chain=test"}), "main"), "test");
    EXPECT_EQ(*app::SelectChain(ParseOk({"-regtest=0"}), "main"), "main");
    auto both = app::SelectChain(ParseOk({"-regtest", "-chain=main"}), "main");
    ASSERT_FALSE(both);
    EXPECT_NE(both.error().find("use at most one"), std::string::npos);
    auto bad = app::SelectChain(ParseOk({"-chain=mainnet"}), "main");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), "invalid -chain=mainnet: use one of main, test, testnet4, signet, regtest");
}

TEST(ArgsTest, ConfigLayerIsOverriddenByCommandLine)
{
    const ArgsSpec spec = TestSpec();
    auto args = ParseOk({"-port=1"});
    ASSERT_TRUE(args.AddSetting(spec, app::Source::CONFIG_FILE, "port=2", "prog"));
    ASSERT_TRUE(args.AddSetting(spec, app::Source::CONFIG_FILE, "datadir=/conf", "prog"));
    EXPECT_EQ(args.GetInt("port", 0), 1);
    EXPECT_EQ(args.GetString("datadir"), "/conf");
    EXPECT_FALSE(args.AddSetting(spec, app::Source::CONFIG_FILE, "bogus=1", "prog"));
}

TEST(ArgsTest, HelpListsOptionsByCategory)
{
    const std::string help = TestSpec().FormatHelp();
    EXPECT_NE(help.find("Options:\n\n  -datadir=<dir>\n       Data directory\n"), std::string::npos) << help;
    EXPECT_NE(help.find("Chain selection options:\n"), std::string::npos) << help;
    EXPECT_NE(help.find("  -chain=<chain>\n"), std::string::npos) << help;
    for (const auto& line : util::SplitString(help, '\n')) {
        EXPECT_LE(line.size(), 79u) << line;
    }
}

} // namespace
