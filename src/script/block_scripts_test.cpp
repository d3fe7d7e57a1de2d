// Real blocks with all their spent outputs (../shared/testdata/blocks/*.spent.json):
// every input's scripts must verify under the consensus flags Core 30 applies at that
// height, and the block's sigop cost, summed as Core's GetTransactionSigOpCost does
// from this library's counters, must equal the figure bcoin computes.
#include <primitives/block.h>
#include <primitives/streams.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/sigops.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

namespace script {
namespace {

using primitives::TxOut;

struct BlockCase {
    const char* name;
    ScriptVerifyFlags flags;
    int64_t expected_sigop_cost; // bcoin's figure
    bool bcoin_skips_coinbase;   // bcoin's block-test sums from txs[1] for this block
};

// Core 30 enforces P2SH, WITNESS and TAPROOT for every block but two old exceptions,
// and DERSIG, CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from their heights.
constexpr ScriptVerifyFlags BURIED = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
constexpr ScriptVerifyFlags ALL_HEIGHT_RULES = SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
                                               SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | SCRIPT_VERIFY_NULLDUMMY;

const BlockCase CASES[] = {
    {"main-300025", BURIED, 5280, true},
    {"test3-928828", BURIED | ALL_HEIGHT_RULES, 23236, false},
    {"test3-928848", BURIED | ALL_HEIGHT_RULES, 11319, false},
    {"test3-1087400", BURIED | ALL_HEIGHT_RULES, 1298, false},
};

TEST(BlockScripts, RealBlocksVerifyAndCountSigops)
{
    BITNODE_REQUIRE_TESTDATA();
    for (const BlockCase& c : CASES) {
        const std::string base = std::string("blocks/") + c.name;
        primitives::Block block;
        primitives::DeserializeFromBytes(testutil::ReadTestBytes(base + ".raw"), primitives::TX_WITH_WITNESS(block),
                                         "block");
        const auto spent_json = boost::json::parse(testutil::ReadTestText(base + ".spent.json")).as_array();
        size_t next_spent = 0;
        size_t inputs = 0;
        size_t verified = 0;
        int64_t sigop_cost = 0;
        int64_t coinbase_cost = 0;
        for (const auto& tx_ref : block.vtx) {
            const primitives::Transaction& tx = *tx_ref;
            int64_t legacy = 0;
            for (const auto& in : tx.vin) legacy += LegacySigOpCount(Script(in.script_sig));
            for (const auto& out : tx.vout) legacy += LegacySigOpCount(Script(out.script_pubkey));
            sigop_cost += legacy * 4;
            if (tx.IsCoinBase()) {
                coinbase_cost = legacy * 4;
                continue;
            }

            std::vector<TxOut> spent;
            for (size_t i = 0; i < tx.vin.size(); ++i) {
                ASSERT_LT(next_spent, spent_json.size()) << c.name;
                const auto& o = spent_json[next_spent++].as_object();
                spent.emplace_back(o.at("value").to_number<int64_t>(),
                                   test_util::Hex(std::string(o.at("script_pubkey").as_string())));
            }
            for (size_t i = 0; i < tx.vin.size(); ++i) {
                const Script script_sig(tx.vin[i].script_sig);
                const Script script_pubkey(spent[i].script_pubkey);
                if (script_pubkey.IsPayToScriptHash()) sigop_cost += 4 * P2SHSigOpCount(script_pubkey, script_sig);
                sigop_cost += static_cast<int64_t>(
                    CountWitnessSigOps(script_sig, script_pubkey, tx.vin[i].witness.stack, c.flags));
            }
            PrecomputedTransactionData txdata;
            txdata.Init(tx, std::vector<TxOut>(spent));
            for (unsigned i = 0; i < tx.vin.size(); ++i) {
                ++inputs;
                ScriptError error;
                const TransactionSignatureChecker checker(&tx, i, spent[i].value, txdata,
                                                          MissingDataBehavior::ASSERT_FAIL);
                const bool ok = VerifyScript(Script(tx.vin[i].script_sig), Script(spent[i].script_pubkey),
                                             tx.vin[i].witness.stack, c.flags, checker, &error);
                EXPECT_TRUE(ok) << c.name << " tx " << tx.GetHash().GetHex() << " input " << i << ": "
                                << ScriptErrorString(error);
                if (ok) ++verified;
            }
        }
        EXPECT_EQ(next_spent, spent_json.size()) << c.name;
        EXPECT_EQ(verified, inputs) << c.name;
        const int64_t compared = c.bcoin_skips_coinbase ? sigop_cost - coinbase_cost : sigop_cost;
        EXPECT_EQ(compared, c.expected_sigop_cost) << c.name;
        std::printf("%s: %zu txs, %zu of %zu inputs verified with %s, sigop cost %lld (coinbase %lld; bcoin %lld%s)\n",
                    c.name, block.vtx.size(), verified, inputs, FormatScriptFlags(c.flags).c_str(),
                    static_cast<long long>(sigop_cost), static_cast<long long>(coinbase_cost),
                    static_cast<long long>(c.expected_sigop_cost), c.bcoin_skips_coinbase ? " without coinbase" : "");
    }
}

} // namespace
} // namespace script

namespace script {
namespace {

TEST(BlockScripts, BcoinTransactionsVerify)
{
    BITNODE_REQUIRE_TESTDATA();
    size_t txs = 0;
    size_t inputs = 0;
    for (int n = 1; n <= 10; ++n) {
        const std::string base = "txs/bcoin-tx" + std::to_string(n);
        if (!std::filesystem::exists(*testutil::TestDataDir() / (base + ".spent.json"))) continue;
        primitives::MutableTransaction mtx;
        primitives::DeserializeFromBytes(testutil::ReadTestBytes(base + ".raw"), primitives::TX_WITH_WITNESS(mtx),
                                         "transaction");
        const primitives::Transaction tx(std::move(mtx));
        const auto spent_json = boost::json::parse(testutil::ReadTestText(base + ".spent.json")).as_array();
        ASSERT_EQ(spent_json.size(), tx.vin.size()) << base;
        std::vector<TxOut> spent;
        for (const auto& v : spent_json) {
            const auto& o = v.as_object();
            spent.emplace_back(o.at("value").to_number<int64_t>(),
                               test_util::Hex(std::string(o.at("script_pubkey").as_string())));
        }
        PrecomputedTransactionData txdata;
        txdata.Init(tx, std::vector<TxOut>(spent));
        ++txs;
        for (unsigned i = 0; i < tx.vin.size(); ++i) {
            ++inputs;
            ScriptError error;
            const TransactionSignatureChecker checker(&tx, i, spent[i].value, txdata, MissingDataBehavior::ASSERT_FAIL);
            EXPECT_TRUE(VerifyScript(Script(tx.vin[i].script_sig), Script(spent[i].script_pubkey),
                                     tx.vin[i].witness.stack, BURIED, checker, &error))
                << base << " input " << i << ": " << ScriptErrorString(error);
        }
    }
    std::printf("bcoin transactions: %zu txs, %zu inputs verified\n", txs, inputs);
    EXPECT_GT(txs, 0U);
}

} // namespace
} // namespace script
