// The RPC methods that need only the network's parameters, called through the table as a
// server would (arguments checked by the framework): validateaddress against Core's
// key_io vectors, getdescriptorinfo/descriptors against key_io and BIP341 vectors,
// createrawtransaction against bytes assembled by hand, decoderawtransaction round
// trips over the real transactions in ../shared/testdata, decodescript and
// createmultisig on known scripts, estimatesmartfee's no-data answer, Core's errors.
#include <rpc/decode.h>
#include <rpc/descriptor.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <consensus/chainparams.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

using util::JsonValue;

namespace {

class PureMethodsTest : public ::testing::Test
{
protected:
    PureMethodsTest()
    {
        rpc::RegisterAllRpcCommands(m_table);
        m_table.SetWarmupFinished();
    }

    /** Call `method` with JSON params text on `params`' network; the result or the error object. */
    JsonValue Call(const std::string& method, std::string_view params_json, const consensus::ChainParams* params)
    {
        rpc::JsonRpcRequest request;
        request.method = method;
        auto parsed = util::ParseJson(params_json);
        EXPECT_TRUE(parsed) << params_json;
        request.params = *parsed;
        request.context = params;
        request.table = &m_table;
        try {
            return m_table.Execute(request);
        } catch (const rpc::RpcError& e) {
            JsonValue error = e.ToJson();
            error.PushKV("is_error", true);
            return error;
        }
    }
    JsonValue Main(const std::string& method, std::string_view params) { return Call(method, params, m_main.get()); }
    JsonValue Regtest(const std::string& method, std::string_view params)
    {
        return Call(method, params, m_regtest.get());
    }

    static std::string Quote(std::string_view s) { return util::JsonQuote(s); }

    rpc::RpcTable m_table;
    std::unique_ptr<const consensus::ChainParams> m_main = consensus::ChainParams::Main();
    std::unique_ptr<const consensus::ChainParams> m_regtest = consensus::ChainParams::RegTest();
};

std::string Str(const JsonValue& object, std::string_view key)
{
    const JsonValue* value = object.Find(key);
    return value ? (value->IsStr() ? value->GetStr() : value->Write()) : "<missing>";
}

TEST_F(PureMethodsTest, ValidateAddressMatchesCoreKeyIoVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto valid = boost::json::parse(testutil::ReadTestText("core/key_io_valid.json")).as_array();
    int checked = 0;
    for (const auto& entry : valid) {
        const auto& row = entry.as_array();
        const auto& meta = row[2].as_object();
        if (meta.at("isPrivkey").as_bool()) continue;
        const std::string address{row[0].as_string()};
        const std::string script{row[1].as_string()};
        const auto chain = consensus::ChainTypeFromString(std::string{meta.at("chain").as_string()});
        ASSERT_TRUE(chain);
        const auto params = consensus::ChainParams::ForChain(*chain);
        const JsonValue result = Call("validateaddress", "[" + Quote(address) + "]", params.get());
        EXPECT_EQ(Str(result, "isvalid"), "true") << address;
        EXPECT_EQ(Str(result, "scriptPubKey"), script) << address;
        // addr() of the same address expands to the same script.
        auto desc = rpc::ParseDescriptor("addr(" + address + ")", params->GetAddressParams(), false);
        ASSERT_TRUE(desc) << desc.error();
        EXPECT_EQ(util::HexStr(desc->script_pub_key.span()), script);
        EXPECT_FALSE(desc->solvable);
        ++checked;
    }
    const auto invalid = boost::json::parse(testutil::ReadTestText("core/key_io_invalid.json")).as_array();
    int rejected = 0;
    for (const auto& entry : invalid) {
        const std::string text{entry.as_array()[0].as_string()};
        for (const auto* params : {m_main.get(), m_regtest.get()}) {
            const JsonValue result = Call("validateaddress", "[" + Quote(text) + "]", params);
            EXPECT_EQ(Str(result, "isvalid"), "false") << text;
            EXPECT_NE(result.Find("error"), nullptr);
        }
        ++rejected;
    }
    std::printf("validateaddress: %d valid and %d invalid key_io vectors\n", checked, rejected);
    EXPECT_GE(checked, 50);
    EXPECT_GE(rejected, 50);
}

TEST_F(PureMethodsTest, ValidateAddressFieldsLikeCore)
{
    // Core's rpc_validateaddress.py: a P2WPKH address and a bech32 typo with its location.
    const JsonValue ok = Main("validateaddress", R"x(["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"])x");
    EXPECT_EQ(ok.Write(), R"x({"isvalid":true,"address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",)x"
                          R"x("scriptPubKey":"0014751e76e8199196d454941c45d1b3a323f1433bd6","isscript":false,)x"
                          R"x("iswitness":true,"witness_version":0,)x"
                          R"x("witness_program":"751e76e8199196d454941c45d1b3a323f1433bd6"})x");
    const JsonValue bad = Main("validateaddress", R"x(["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"])x");
    EXPECT_EQ(bad.Write(), R"x({"isvalid":false,"error_locations":[41],"error":"Invalid Bech32 checksum"})x");
    EXPECT_EQ(Str(Main("validateaddress", "[1]"), "code"), "-3");
}

TEST_F(PureMethodsTest, TaprootDescriptorsMatchBip341Vectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto vectors = boost::json::parse(testutil::ReadTestText("core/bip341_wallet_vectors.json")).as_object();
    int checked = 0;
    for (const auto& entry : vectors.at("scriptPubKey").as_array()) {
        const auto& given = entry.at("given").as_object();
        if (!given.at("scriptTree").is_null()) continue;
        const std::string key{given.at("internalPubkey").as_string()};
        const JsonValue info = Main("getdescriptorinfo", "[" + Quote("tr(" + key + ")") + "]");
        ASSERT_EQ(Str(info, "issolvable"), "true") << info.Write();
        auto desc = rpc::ParseDescriptor(Str(info, "descriptor"), m_main->GetAddressParams(), true);
        ASSERT_TRUE(desc) << desc.error();
        EXPECT_EQ(util::HexStr(desc->script_pub_key.span()),
                  std::string{entry.at("expected").at("scriptPubKey").as_string()});
        ++checked;
    }
    std::printf("tr() descriptors: %d BIP341 key-path vectors\n", checked);
    EXPECT_GE(checked, 1);
}

TEST_F(PureMethodsTest, GetDescriptorInfoLikeCore)
{
    // Core's rpc_getdescriptorinfo.py / descriptors.md examples.
    const JsonValue raw = Main("getdescriptorinfo", R"x(["raw(deadbeef)"])x");
    EXPECT_EQ(raw.Write(), R"x({"descriptor":"raw(deadbeef)#89f8spxm","checksum":"89f8spxm","isrange":false,)x"
                           R"x("issolvable":false,"hasprivatekeys":false})x");
    const JsonValue pk =
        Main("getdescriptorinfo", R"x(["pkh(02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5)"])x");
    EXPECT_EQ(Str(pk, "issolvable"), "true");
    // A private key is reported and replaced by its public key; the checksum is of the input.
    const JsonValue wif = Main("getdescriptorinfo", R"x(["pk(5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss)"])x");
    EXPECT_EQ(Str(wif, "hasprivatekeys"), "true");
    EXPECT_EQ(Str(wif, "descriptor").substr(0, 8), "pk(04a34") << wif.Write();

    const auto error = [&](std::string_view descriptor) {
        return Str(Main("getdescriptorinfo", "[" + Quote(descriptor) + "]"), "message");
    };
    EXPECT_EQ(error("raw(deadbeef)#89f8spxx"),
              "Provided checksum '89f8spxx' does not match computed checksum '89f8spxm'");
    EXPECT_EQ(error("raw(deadbeef)#89f8"), "Expected 8 character checksum, not 4 characters");
    EXPECT_EQ(error("raw(deadbeef)#89f8spxm#a"), "Multiple '#' symbols");
    EXPECT_EQ(error("foo(1)"), "'foo(1)' is not a valid descriptor function");
    EXPECT_EQ(error("sh(sh(raw(00)))"), "Can only have sh() at top level");
    EXPECT_EQ(error("wsh(pk(04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7"
                    "709c02559e3aa73aa03918ba2d492eea75abea235))"),
              "pk(): Uncompressed keys are not allowed");
    EXPECT_EQ(error("addr(bc1qinvalid)"), "Address is not valid");
    EXPECT_EQ(Str(Main("getdescriptorinfo", R"x(["raw(0)"])x"), "code"), "-5");
    EXPECT_EQ(error("raw(0)"), "Raw script is not hex");
}

TEST_F(PureMethodsTest, CreateRawTransactionBuildsTheExpectedBytes)
{
    const std::string txid = "a3b807ab8a7f8e8a6f1f3e1e2b0c22d9d0fbbd3b7da0bcd0a69a3c2ae2a1ab0f";
    const JsonValue hex =
        Regtest("createrawtransaction",
                R"x([[{"txid":")x" + txid +
                    R"x(","vout":1}],[{"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080":0.01},{"data":"00010203"}]])x");
    ASSERT_TRUE(hex.IsStr()) << hex.Write();
    std::string txid_le;
    for (size_t i = 64; i > 0; i -= 2) txid_le += txid.substr(i - 2, 2);
    EXPECT_EQ(hex.GetStr(), "02000000" // version 2
                            "01" +
                                txid_le +
                                "01000000"
                                "00"
                                "fdffffff" // BIP125 sequence
                                "02"       //
                                "40420f0000000000"
                                "16"
                                "0014751e76e8199196d454941c45d1b3a323f1433bd6" // 0.01 BTC
                                "0000000000000000"
                                "06"
                                "6a0400010203" // OP_RETURN data
                                "00000000");

    // replaceable=false with a locktime gives MAX_SEQUENCE_NONFINAL; an explicit sequence wins.
    const JsonValue final_seq =
        Regtest("createrawtransaction", R"x([[{"txid":")x" + txid + R"x(","vout":0}],{"data":"ff"},5,false])x");
    EXPECT_NE(final_seq.GetStr().find("00feffffff"), std::string::npos);
    const JsonValue decoded = Regtest("decoderawtransaction", "[" + final_seq.Write() + "]");
    EXPECT_EQ(Str(decoded, "locktime"), "5");
    EXPECT_EQ(Str(decoded, "version"), "2");

    const auto error = [&](std::string_view params) { return Regtest("createrawtransaction", params).Write(); };
    EXPECT_EQ(error(R"x([[{"txid":")x" + txid + R"x("}],{}])x"),
              R"x({"code":-8,"message":"Invalid parameter, missing vout key","is_error":true})x");
    EXPECT_EQ(error(R"x([[{"txid":")x" + txid + R"x(","vout":-1}],{}])x"),
              R"x({"code":-8,"message":"Invalid parameter, vout cannot be negative","is_error":true})x");
    EXPECT_EQ(error(R"x([[{"txid":"ab","vout":0}],{}])x"),
              R"x({"code":-8,"message":"txid must be of length 64 (not 2, for 'ab')","is_error":true})x");
    EXPECT_EQ(error(R"x([[],{"notanaddress":1}])x"),
              R"x({"code":-5,"message":"Invalid Bitcoin address: notanaddress","is_error":true})x");
    EXPECT_EQ(error(R"x([[],[{"data":"00"},{"data":"01"}]])x"),
              R"x({"code":-8,"message":"Invalid parameter, duplicate key: data","is_error":true})x");
    EXPECT_EQ(error(R"x([[],{"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080":-1}])x"),
              R"x({"code":-3,"message":"Amount out of range","is_error":true})x");
    EXPECT_EQ(error(R"x([[],{"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080":0.000000001}])x"),
              R"x({"code":-3,"message":"Invalid amount","is_error":true})x");
    EXPECT_EQ(error(R"x([[],{},0,true,4])x"),
              R"x({"code":-8,"message":"Invalid parameter, version out of range(1~3)","is_error":true})x");
    EXPECT_EQ(error(R"x([[],{},-1])x"),
              R"x({"code":-8,"message":"Invalid parameter, locktime out of range","is_error":true})x");
    EXPECT_EQ(
        error(R"x([[{"txid":")x" + txid + R"x(","vout":0,"sequence":4294967295}],{},0,true])x"),
        R"x({"code":-8,"message":"Invalid parameter combination: Sequence number(s) contradict replaceable option","is_error":true})x");
}

TEST_F(PureMethodsTest, DecodeRawTransactionRoundTripsRealTransactions)
{
    BITNODE_REQUIRE_TESTDATA();
    int decoded = 0;
    for (const auto& file : std::filesystem::directory_iterator(*testutil::TestDataDir() / "txs")) {
        if (file.path().extension() != ".raw") continue;
        const std::vector<uint8_t> raw = testutil::ReadTestBytes("txs/" + file.path().filename().string());
        auto tx = rpc::DecodeTx(raw);
        ASSERT_TRUE(tx) << file.path();
        const primitives::Transaction parsed{*tx};
        const JsonValue result = Main("decoderawtransaction", "[" + Quote(util::HexStr(raw)) + "]");
        ASSERT_TRUE(result.IsObject()) << file.path();
        EXPECT_EQ(Str(result, "txid"), parsed.GetHash().GetHex());
        EXPECT_EQ(Str(result, "hash"), parsed.GetWitnessHash().GetHex());
        EXPECT_EQ(Str(result, "size"), std::to_string(raw.size()));
        EXPECT_EQ(result.Find("vin")->size(), parsed.vin.size());
        EXPECT_EQ(result.Find("vout")->size(), parsed.vout.size());
        EXPECT_EQ(result.Find("hex"), nullptr) << "decoderawtransaction prints no hex";
        ++decoded;
    }
    std::printf("decoderawtransaction: %d real transactions\n", decoded);
    EXPECT_GE(decoded, 5);

    EXPECT_EQ(Main("decoderawtransaction", R"x(["00"])x").Write(),
              R"x({"code":-22,"message":"TX decode failed","is_error":true})x");
    EXPECT_EQ(Main("decoderawtransaction", R"x(["zz"])x").Write(),
              R"x({"code":-22,"message":"TX decode failed","is_error":true})x");
}

TEST_F(PureMethodsTest, DecodeScriptLikeCore)
{
    // P2PKH: address, p2sh wrapper, P2WPKH of the same hash.
    const JsonValue p2pkh = Main("decodescript", R"x(["76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"])x");
    EXPECT_EQ(Str(p2pkh, "asm"),
              "OP_DUP OP_HASH160 751e76e8199196d454941c45d1b3a323f1433bd6 OP_EQUALVERIFY OP_CHECKSIG");
    EXPECT_EQ(Str(p2pkh, "type"), "pubkeyhash");
    EXPECT_EQ(Str(p2pkh, "address"), "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
    EXPECT_NE(p2pkh.Find("p2sh"), nullptr);
    const JsonValue* segwit = p2pkh.Find("segwit");
    ASSERT_NE(segwit, nullptr);
    EXPECT_EQ(Str(*segwit, "address"), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    EXPECT_EQ(Str(*segwit, "type"), "witness_v0_keyhash");
    EXPECT_EQ(Str(*segwit, "hex"), "0014751e76e8199196d454941c45d1b3a323f1433bd6");
    // Key order as Core's ScriptToUniv: asm, desc, address, type, then p2sh and segwit.
    EXPECT_EQ(p2pkh.Keys(), (std::vector<std::string>{"asm", "desc", "address", "type", "p2sh", "segwit"}));
    EXPECT_EQ(segwit->Keys(), (std::vector<std::string>{"asm", "desc", "hex", "address", "type", "p2sh-segwit"}));

    // P2SH and OP_RETURN are never wrapped; the empty script is nonstandard.
    const JsonValue p2sh = Main("decodescript", R"x(["a914751e76e8199196d454941c45d1b3a323f1433bd687"])x");
    EXPECT_EQ(p2sh.Find("p2sh"), nullptr);
    EXPECT_EQ(Str(Main("decodescript", R"x(["6a0102"])x"), "type"), "nulldata");
    const JsonValue empty = Main("decodescript", R"x([""])x");
    EXPECT_EQ(Str(empty, "type"), "nonstandard");
    EXPECT_EQ(Str(empty, "desc"), "raw()#58lrscpx");
    // 1-of-1 multisig of a compressed key: wsh(multi(...)) in "segwit".
    const JsonValue multi =
        Main("decodescript", R"x(["512102c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee551ae"])x");
    EXPECT_EQ(Str(multi, "type"), "multisig");
    EXPECT_EQ(Str(*multi.Find("segwit"), "desc").substr(0, 80),
              "wsh(multi(1,02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5))");
    EXPECT_EQ(Main("decodescript", R"x(["0g"])x").Write(),
              R"x({"code":-8,"message":"argument must be hexadecimal string (not '0g')","is_error":true})x");
}

TEST_F(PureMethodsTest, CreateMultisigLikeCore)
{
    // Core's createmultisig help example keys.
    const std::string keys = R"x(["03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd",)x"
                             R"x("03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626"])x";
    const JsonValue legacy = Main("createmultisig", "[2," + keys + "]");
    EXPECT_EQ(Str(legacy, "redeemScript"),
              "522103789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd2103dbc6764b8884a92e871274b87583e6"
              "d5c2a58819473e17e107ef3f6aa5a6162652ae");
    EXPECT_EQ(Str(legacy, "address").substr(0, 1), "3");
    auto desc = rpc::ParseDescriptor(Str(legacy, "descriptor"), m_main->GetAddressParams(), true);
    ASSERT_TRUE(desc) << desc.error();
    const JsonValue check = Main("validateaddress", "[" + Quote(Str(legacy, "address")) + "]");
    EXPECT_EQ(util::HexStr(desc->script_pub_key.span()), Str(check, "scriptPubKey"));

    const JsonValue bech32 = Main("createmultisig", "[2," + keys + ",\"bech32\"]");
    EXPECT_EQ(Str(bech32, "address").substr(0, 4), "bc1q");
    EXPECT_EQ(Str(bech32, "descriptor").substr(0, 10), "wsh(multi(");
    EXPECT_EQ(Str(Main("createmultisig", "[3," + keys + "]"), "message"),
              "not enough keys supplied (got 2 keys, but need at least 3 to redeem)");
    EXPECT_EQ(Str(Main("createmultisig", "[1," + keys + ",\"bech32m\"]"), "message"),
              "createmultisig cannot create bech32m multisig addresses");
    EXPECT_EQ(Str(Main("createmultisig", R"x([1,["02"]])x"), "message"),
              "Pubkey \"02\" must have a length of either 33 or 65 bytes");
}

TEST_F(PureMethodsTest, EstimateSmartFeeWithoutData)
{
    EXPECT_EQ(Main("estimatesmartfee", "[6]").Write(),
              R"x({"errors":["Insufficient data or no feerate found"],"blocks":0})x");
    EXPECT_EQ(Str(Main("estimatesmartfee", "[0]"), "message"), "Invalid conf_target, must be between 1 and 1008");
    EXPECT_EQ(Str(Main("estimatesmartfee", R"x([2,"fast"])x"), "message"),
              "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
    EXPECT_EQ(Main("estimatesmartfee", R"x([2,"CONSERVATIVE"])x").Write(),
              R"x({"errors":["Insufficient data or no feerate found"],"blocks":0})x");
}

TEST(RpcUtilTest, ParseFixedPointLikeCore)
{
    EXPECT_EQ(rpc::ParseFixedPoint("0", 8), 0);
    EXPECT_EQ(rpc::ParseFixedPoint("1", 8), 100000000);
    EXPECT_EQ(rpc::ParseFixedPoint("0.00000001", 8), 1);
    EXPECT_EQ(rpc::ParseFixedPoint("1e-8", 8), 1);
    EXPECT_EQ(rpc::ParseFixedPoint("0.1e1", 8), 100000000);
    EXPECT_EQ(rpc::ParseFixedPoint("-0.5", 8), -50000000);
    EXPECT_EQ(rpc::ParseFixedPoint("20999999.9999999", 8), 2099999999999990);
    EXPECT_EQ(rpc::ParseFixedPoint("1.000000000", 8), 100000000) << "trailing zeros add no precision";
    EXPECT_FALSE(rpc::ParseFixedPoint("0.000000001", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint("01", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint("1.", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint(".1", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint("1e", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint("10000000000", 8)) << "10^18 satoshis is out of range";
    EXPECT_EQ(rpc::ParseFixedPoint("9999999999.99999999", 8), 999999999999999999);
    EXPECT_FALSE(rpc::ParseFixedPoint("", 8));
    EXPECT_FALSE(rpc::ParseFixedPoint(" 1", 8));
}

TEST_F(PureMethodsTest, NoContextIsAnInternalError)
{
    EXPECT_EQ(Call("decodescript", R"x(["00"])x", nullptr).Write(),
              R"x({"code":-32603,"message":"Node context not found","is_error":true})x");
}

} // namespace
