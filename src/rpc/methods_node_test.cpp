// The node-backed RPC methods against a real regtest NodeContext (no P2P) in a temporary
// datadir, called through the method table as the HTTP server does: mining, block and
// header views at every verbosity cross-checked against each other and the raw bytes,
// a signed P2WPKH spend through testmempoolaccept/sendrawtransaction/getrawmempool/
// getmempoolentry/generateblock/getrawtransaction/gettxout, submitblock's BIP22 answers,
// invalidateblock/reconsiderblock and getchaintips, Core's error codes and messages.
#include <rpc/decode.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/table.h>

#include <consensus/chainparams.h>
#include <mempool/test_helpers.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <script/address.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

using util::JsonValue;

namespace {

class NodeMethodsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::random_device random;
        m_dir = std::filesystem::temp_directory_path() / ("bitnode-rpc-test-" + std::to_string(random()));
        std::filesystem::create_directories(m_dir);
        m_params = consensus::ChainParams::RegTest();
        node::NodeOptions options;
        options.datadir = m_dir / "regtest";
        options.chain_params = m_params.get();
        options.persist_mempool = false;
        auto node = node::NodeContext::Start(std::move(options));
        ASSERT_TRUE(node) << node.error();
        m_node = std::move(*node);
        rpc::RegisterAllRpcCommands(m_table);
        m_table.SetWarmupFinished();
    }

    void TearDown() override
    {
        if (m_node) m_node->Stop();
        m_node.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    /** The result, or {"code":..,"message":..,"is_error":true}. */
    JsonValue Call(const std::string& method, std::string_view params = "[]")
    {
        rpc::JsonRpcRequest request;
        request.method = method;
        auto parsed = util::ParseJson(params);
        EXPECT_TRUE(parsed) << params;
        request.params = *parsed;
        request.context = m_node.get();
        request.table = &m_table;
        try {
            return m_table.Execute(request);
        } catch (const rpc::RpcError& e) {
            JsonValue error = e.ToJson();
            error.PushKV("is_error", true);
            return error;
        }
    }

    std::string Address(const primitives::ScriptBytes& spk) const
    {
        script::TxDestination dest;
        EXPECT_TRUE(script::ExtractDestination(script::Script{spk}, dest));
        return script::EncodeDestination(dest, m_params->GetAddressParams());
    }

    static std::string Q(std::string_view s) { return util::JsonQuote(s); }
    static std::string Str(const JsonValue& v, std::string_view key)
    {
        const JsonValue* member = v.Find(key);
        return member ? (member->IsStr() ? member->GetStr() : member->Write()) : "<missing>";
    }

    std::filesystem::path m_dir;
    std::unique_ptr<const consensus::ChainParams> m_params;
    std::unique_ptr<node::NodeContext> m_node;
    rpc::RpcTable m_table;
    mempool::test::Wallet m_wallet;
};

TEST_F(NodeMethodsTest, ChainViewsAgree)
{
    EXPECT_EQ(Call("getblockcount").Write(), "0");
    const std::string address = Address(m_wallet.P2WPKH());
    const JsonValue hashes = Call("generatetoaddress", "[5," + Q(address) + "]");
    ASSERT_TRUE(hashes.IsArray()) << hashes.Write();
    ASSERT_EQ(hashes.size(), 5u);
    EXPECT_EQ(Call("getblockcount").Write(), "5");
    EXPECT_EQ(Call("getbestblockhash"), hashes[4]);
    EXPECT_EQ(Call("getblockhash", "[5]"), hashes[4]);
    EXPECT_EQ(Call("getblockhash", "[6]").Write(),
              R"({"code":-8,"message":"Block height out of range","is_error":true})");

    // Verbosity 0 is the block's bytes: they hash to the block hash and decode.
    const std::string tip = hashes[4].GetStr();
    const JsonValue hex = Call("getblock", "[" + Q(tip) + ",0]");
    auto block = rpc::DecodeBlock(*util::TryParseHex(hex.GetStr()));
    ASSERT_TRUE(block);
    EXPECT_EQ(block->GetHash().GetHex(), tip);
    EXPECT_EQ(Call("getblock", "[" + Q(tip) + ",false]"), hex) << "verbose=false is verbosity 0";

    const JsonValue v1 = Call("getblock", "[" + Q(tip) + "]");
    EXPECT_EQ(Str(v1, "height"), "5");
    EXPECT_EQ(Str(v1, "confirmations"), "1");
    EXPECT_EQ(Str(v1, "previousblockhash"), hashes[3].GetStr());
    EXPECT_EQ(v1.Find("nextblockhash"), nullptr);
    EXPECT_EQ(Str(v1, "size"), std::to_string(hex.GetStr().size() / 2));
    EXPECT_EQ((*v1.Find("tx"))[0].GetStr(), block->vtx[0]->GetHash().GetHex());
    EXPECT_EQ(v1.Keys(),
              (std::vector<std::string>{"hash", "confirmations", "height", "version", "versionHex", "merkleroot",
                                        "time", "mediantime", "nonce", "bits", "target", "difficulty", "chainwork",
                                        "nTx", "previousblockhash", "strippedsize", "size", "weight", "tx"}));
    // The header view is the block view without the block-only fields.
    const JsonValue header = Call("getblockheader", "[" + Q(tip) + "]");
    EXPECT_EQ(Str(header, "chainwork"), Str(v1, "chainwork"));
    EXPECT_EQ(Str(header, "mediantime"), Str(v1, "mediantime"));
    EXPECT_EQ(Call("getblockheader", "[" + Q(tip) + ",false]").GetStr(), hex.GetStr().substr(0, 160));
    EXPECT_EQ(Str(Call("getblockheader", "[" + Q(hashes[3].GetStr()) + "]"), "nextblockhash"), tip);

    const JsonValue v2 = Call("getblock", "[" + Q(tip) + ",2]");
    const JsonValue& coinbase = (*v2.Find("tx"))[0];
    EXPECT_EQ(Str(coinbase, "hex"),
              util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*block->vtx[0]))));
    EXPECT_EQ(coinbase.Find("fee"), nullptr) << "a coinbase has no fee";
    const JsonValue* spk = (*coinbase.Find("vout"))[0].Find("scriptPubKey");
    ASSERT_NE(spk, nullptr);
    EXPECT_EQ(Str(*spk, "address"), address);
    EXPECT_EQ(Call("getblock", "[" + Q(std::string(64, '0')) + "]").Write(),
              R"({"code":-5,"message":"Block not found","is_error":true})");
    EXPECT_EQ(Call("getblock", R"(["xx"])").Write(),
              R"x({"code":-8,"message":"blockhash must be of length 64 (not 2, for 'xx')","is_error":true})x");

    // scantxoutset finds the five coinbase outputs paying to the address.
    const JsonValue scan = Call("scantxoutset", "[\"start\",[" + Q("addr(" + address + ")") + "]]");
    EXPECT_EQ(Str(scan, "success"), "true") << scan.Write();
    EXPECT_EQ(Str(scan, "height"), "5");
    EXPECT_EQ(scan.Find("unspents")->size(), 5u);
    EXPECT_EQ(Str(scan, "total_amount"), "250.00000000");
    EXPECT_EQ(Str((*scan.Find("unspents"))[0], "desc").substr(0, 5), "addr(");
    EXPECT_TRUE(Call("scantxoutset", R"(["status"])").IsNull()) << "no scan in progress";
    EXPECT_EQ(Call("scantxoutset", R"(["abort"])").Write(), "false");
    EXPECT_EQ(Str(Call("scantxoutset", R"(["start"])"), "message"),
              "scanobjects argument is required for the start action");

    const JsonValue info = Call("getblockchaininfo");
    EXPECT_EQ(Str(info, "chain"), "regtest");
    EXPECT_EQ(Str(info, "blocks"), "5");
    EXPECT_EQ(Str(info, "bestblockhash"), tip);
    EXPECT_EQ(Str(info, "bits"), "207fffff");
    EXPECT_EQ(Call("getdifficulty").Write(), "4.656542373906925e-10");

    const JsonValue tips = Call("getchaintips");
    ASSERT_EQ(tips.size(), 1u);
    EXPECT_EQ(Str(tips[0], "status"), "active");

    // Invalidate the tip: the chain goes back one block and the old tip is an invalid tip.
    EXPECT_TRUE(Call("invalidateblock", "[" + Q(tip) + "]").IsNull());
    EXPECT_EQ(Call("getblockcount").Write(), "4");
    EXPECT_EQ(Str(Call("getblock", "[" + Q(tip) + "]"), "confirmations"), "-1");
    bool saw_invalid = false;
    const JsonValue tips_after = Call("getchaintips");
    for (const JsonValue& t : tips_after.Values()) saw_invalid |= Str(t, "status") == "invalid";
    EXPECT_TRUE(saw_invalid);
    EXPECT_TRUE(Call("reconsiderblock", "[" + Q(tip) + "]").IsNull());
    EXPECT_EQ(Call("getblockcount").Write(), "5");
    EXPECT_EQ(Call("invalidateblock", "[" + Q(std::string(64, 'a')) + "]").Write(),
              R"({"code":-5,"message":"Block not found","is_error":true})");
}

TEST_F(NodeMethodsTest, SpendThroughTheMempoolAndIntoABlock)
{
    const std::string address = Address(m_wallet.P2WPKH());
    const JsonValue hashes = Call("generatetoaddress", "[101," + Q(address) + "]");
    ASSERT_EQ(hashes.size(), 101u) << hashes.Write();
    const JsonValue first = Call("getblock", "[" + Q(hashes[0].GetStr()) + ",2]");
    const JsonValue& coinbase = (*first.Find("tx"))[0];
    const auto txid = primitives::Txid::FromHex(Str(coinbase, "txid"));
    ASSERT_TRUE(txid);

    // The mature coinbase output as gettxout sees it.
    const JsonValue out = Call("gettxout", "[" + Q(txid->GetHex()) + ",0]");
    EXPECT_EQ(Str(out, "confirmations"), "101");
    EXPECT_EQ(Str(out, "value"), "50.00000000");
    EXPECT_EQ(Str(out, "coinbase"), "true");

    const primitives::TransactionRef spend = m_wallet.Spend({{{*txid, 0}, 50 * primitives::COIN}}, {49'99990000});
    const std::string spend_hex = util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*spend)));

    const JsonValue test = Call("testmempoolaccept", "[[" + Q(spend_hex) + "]]");
    ASSERT_EQ(test.size(), 1u);
    EXPECT_EQ(Str(test[0], "allowed"), "true") << test.Write();
    EXPECT_EQ(Str(*test[0].Find("fees"), "base"), "0.00010000");

    // A too-low maxfeerate refuses it; the default sends it.
    EXPECT_EQ(Str(Call("sendrawtransaction", "[" + Q(spend_hex) + ",0.00000001]"), "code"), "-25");
    EXPECT_EQ(Call("sendrawtransaction", "[" + Q(spend_hex) + "]").GetStr(), spend->GetHash().GetHex());
    EXPECT_EQ(Call("getrawmempool").Write(), "[" + Q(spend->GetHash().GetHex()) + "]");
    const JsonValue entry = Call("getmempoolentry", "[" + Q(spend->GetHash().GetHex()) + "]");
    EXPECT_EQ(Str(entry, "vsize"), std::to_string(spend->GetVirtualSize()));
    EXPECT_EQ(Str(*entry.Find("fees"), "base"), "0.00010000");
    EXPECT_EQ(Str(Call("getmempoolinfo"), "size"), "1");
    EXPECT_EQ(Str(Call("getrawmempool", "[false,true]"), "txids"), "[" + Q(spend->GetHash().GetHex()) + "]");
    EXPECT_EQ(Call("getrawtransaction", "[" + Q(spend->GetHash().GetHex()) + "]").GetStr(), spend_hex);
    EXPECT_TRUE(Call("gettxout", "[" + Q(txid->GetHex()) + ",0]").IsNull()) << "spent in the mempool";
    EXPECT_EQ(Str(Call("gettxout", "[" + Q(txid->GetHex()) + ",0,false]"), "confirmations"), "101");
    EXPECT_EQ(Str(Call("gettxout", "[" + Q(spend->GetHash().GetHex()) + ",0]"), "confirmations"), "0");

    // getblocktemplate offers it with its fee; the segwit rule is required.
    const JsonValue tmpl = Call("getblocktemplate", R"([{"rules":["segwit"]}])");
    ASSERT_EQ(tmpl.Find("transactions")->size(), 1u) << tmpl.Write();
    EXPECT_EQ(Str((*tmpl.Find("transactions"))[0], "txid"), spend->GetHash().GetHex());
    EXPECT_EQ(Str((*tmpl.Find("transactions"))[0], "fee"), "10000");
    EXPECT_EQ(Str(tmpl, "height"), "102");
    EXPECT_EQ(Str(tmpl, "coinbasevalue"), std::to_string(50 * primitives::COIN + 10000));
    EXPECT_NE(tmpl.Find("default_witness_commitment"), nullptr);
    EXPECT_EQ(Str(Call("getblocktemplate", R"([{}])"), "message"),
              R"(getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]}))");
    EXPECT_EQ(Str(Call("getblocktemplate", R"([{"mode":"x","rules":["segwit"]}])"), "message"), "Invalid mode");

    // Sending it again: Core's answer for a transaction already in the mempool is its txid.
    const JsonValue again = Call("testmempoolaccept", "[[" + Q(spend_hex) + "]]");
    EXPECT_EQ(Str(again[0], "reject-reason"), "txn-already-in-mempool") << again.Write();

    // Mine it with generateblock by txid; then getblock 2/3 show its fee and prevout.
    const JsonValue mined = Call("generateblock", "[" + Q(address) + ",[" + Q(spend->GetHash().GetHex()) + "]]");
    ASSERT_TRUE(mined.Find("hash")) << mined.Write();
    const std::string block_hash = Str(mined, "hash");
    EXPECT_EQ(Call("getrawmempool").Write(), "[]");
    const JsonValue v3 = Call("getblock", "[" + Q(block_hash) + ",3]");
    const JsonValue& tx = (*v3.Find("tx"))[1];
    EXPECT_EQ(Str(tx, "txid"), spend->GetHash().GetHex());
    EXPECT_EQ(Str(tx, "fee"), "0.00010000");
    const JsonValue& prevout = *(*tx.Find("vin"))[0].Find("prevout");
    EXPECT_EQ(Str(prevout, "generated"), "true");
    EXPECT_EQ(Str(prevout, "height"), "1");
    EXPECT_EQ(Str(prevout, "value"), "50.00000000");

    // getrawtransaction: without -txindex only with the block hash.
    EXPECT_EQ(Call("getrawtransaction", "[" + Q(spend->GetHash().GetHex()) + "]").Write(),
              R"({"code":-5,"message":"No such mempool transaction. Use -txindex or provide a block hash to enable )"
              R"(blockchain transaction queries. Use gettransaction for wallet transactions.","is_error":true})");
    const JsonValue verbose =
        Call("getrawtransaction", "[" + Q(spend->GetHash().GetHex()) + ",2," + Q(block_hash) + "]");
    EXPECT_EQ(Str(verbose, "in_active_chain"), "true");
    EXPECT_EQ(Str(verbose, "confirmations"), "1");
    EXPECT_EQ(Str(verbose, "blockhash"), block_hash);
    EXPECT_EQ(Str(verbose, "fee"), "0.00010000");
    EXPECT_EQ(Str(verbose, "hex"), spend_hex);

    // A double spend of the now confirmed coin.
    const primitives::TransactionRef conflict = m_wallet.Spend({{{*txid, 0}, 50 * primitives::COIN}}, {49'99980000});
    const std::string conflict_hex = util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*conflict)));
    const JsonValue rejected = Call("testmempoolaccept", "[[" + Q(conflict_hex) + "]]");
    EXPECT_EQ(Str(rejected[0], "allowed"), "false");
    EXPECT_EQ(Str(rejected[0], "reject-reason"), "missing-inputs");
    EXPECT_EQ(Str(Call("sendrawtransaction", "[" + Q(conflict_hex) + "]"), "code"), "-25");
}

TEST_F(NodeMethodsTest, SubmitBlockAnswersLikeBip22)
{
    const std::string address = Address(m_wallet.P2WPKH());
    const JsonValue made = Call("generateblock", "[" + Q(address) + ",[],false]");
    ASSERT_TRUE(made.Find("hex")) << made.Write();
    EXPECT_EQ(Call("getblockcount").Write(), "0") << "submit=false does not submit";
    const std::string hex = Str(made, "hex");
    // BIP23 proposal: valid on the tip before it is submitted, a duplicate after.
    EXPECT_TRUE(Call("getblocktemplate", "[{\"mode\":\"proposal\",\"data\":" + Q(hex) + "}]").IsNull());
    EXPECT_TRUE(Call("submitblock", "[" + Q(hex) + "]").IsNull());
    EXPECT_EQ(Call("getblocktemplate", "[{\"mode\":\"proposal\",\"data\":" + Q(hex) + "}]").Write(), R"("duplicate")");
    EXPECT_EQ(Call("getblockcount").Write(), "1");
    EXPECT_EQ(Call("submitblock", "[" + Q(hex) + "]").Write(), R"("duplicate")");
    EXPECT_EQ(Call("submitblock", R"(["00"])").Write(),
              R"({"code":-22,"message":"Block decode failed","is_error":true})");
    // Submitting the header of a known block is fine; an orphan header is refused.
    EXPECT_TRUE(Call("submitheader", "[" + Q(hex.substr(0, 160)) + "]").IsNull());
    std::string orphan = hex.substr(0, 160);
    orphan[10] = orphan[10] == '0' ? '1' : '0'; // change the previous block hash
    EXPECT_EQ(Str(Call("submitheader", "[" + Q(orphan) + "]"), "message").substr(0, 24), "Must submit previous hea");

    EXPECT_EQ(Str(Call("getmininginfo"), "blocks"), "1");
    EXPECT_EQ(Str(Call("getminingpolicy"), "mode"), "on_demand");
    EXPECT_EQ(Str(Call("setminingpolicy", R"(["nonsense"])"), "code"), "-8");
}

TEST_F(NodeMethodsTest, NetworkMethodsWithoutP2p)
{
    // This node runs without P2P: Core's answer for every method that needs it.
    for (const char* method : {"getconnectioncount", "getpeerinfo", "ping", "getnettotals"}) {
        EXPECT_EQ(Call(method).Write(), R"({"code":-31,"message":"Error: Peer-to-peer functionality missing or )"
                                        R"(disabled","is_error":true})")
            << method;
    }
    EXPECT_EQ(Str(Call("addnode", R"(["127.0.0.1:1","add"])"), "code"), "-31");
    const JsonValue info = Call("getnetworkinfo");
    EXPECT_EQ(Str(info, "protocolversion"), "70016");
    EXPECT_EQ(Str(info, "relayfee"), "0.00000100") << "Core 30: 100 sat/kvB";
    EXPECT_EQ(Call("estimatesmartfee", "[2]").Write(),
              R"({"errors":["Insufficient data or no feerate found"],"blocks":0})");
}

} // namespace

TEST_F(NodeMethodsTest, VerifyChainChecksTheTopBlocksAndFindsDamagedUndoData)
{
    const std::string address = Address(m_wallet.P2WPKH());
    ASSERT_TRUE(Call("generatetoaddress", "[8," + Q(address) + "]").IsArray());
    EXPECT_EQ(Call("verifychain").Write(), "true");
    for (int level = 0; level <= 4; ++level) {
        EXPECT_EQ(Call("verifychain", "[" + std::to_string(level) + ",0]").Write(), "true") << "level " << level;
    }
    EXPECT_EQ(Str(Call("verifychain", "[\"3\"]"), "code"), "-3") << "checklevel must be a number";

    // Damage the undo data of the blocks (in place, same length): level 2 and up must fail,
    // level 1 (the blocks themselves) still passes.
    ASSERT_TRUE(m_node->Chainman().ForceFlush());
    const std::filesystem::path rev = m_dir / "regtest" / "blocks" / "rev00000.dat";
    ASSERT_TRUE(std::filesystem::exists(rev));
    {
        std::fstream file{rev, std::ios::in | std::ios::out | std::ios::binary};
        file.seekp(12); // inside the first undo record, after its 8-byte header
        const char zeros[16]{};
        file.write(zeros, sizeof(zeros));
    }
    EXPECT_EQ(Call("verifychain", "[1,0]").Write(), "true");
    EXPECT_EQ(Call("verifychain", "[2,0]").Write(), "false");
}
