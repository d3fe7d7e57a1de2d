// Bitcoin Core's tx_valid.json and tx_invalid.json with the harness of Core's
// transaction_tests.cpp:
//   valid:   the flags listed are EXCLUDED; the transaction passes CheckTransaction and
//            every input verifies with all other flags; removing more flags keeps it
//            valid; and each excluded flag is needed (enabling it makes the tx fail).
//   invalid: either CheckTransaction fails (the vector says "BADTX"), or some input
//            fails with the flags listed; adding flags keeps it invalid; and each listed
//            flag is needed (dropping it makes the tx valid).
// CheckTransaction belongs to the consensus library, which sits above this one, so a
// test-local copy of Core's context-free checks is used here.
#include <primitives/streams.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/script_parse.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <set>
#include <string>

namespace script {
namespace {

using primitives::OutPoint;
using primitives::Transaction;

/** Core's CheckTransaction (consensus/tx_check.cpp): true if the context-free checks pass. */
bool CheckTransactionForTest(const Transaction& tx)
{
    if (tx.vin.empty() || tx.vout.empty()) return false;
    if (tx.GetStrippedSize() * primitives::WITNESS_SCALE_FACTOR > 4000000) return false;
    primitives::Amount total = 0;
    for (const auto& out : tx.vout) {
        if (out.value < 0 || out.value > primitives::MAX_MONEY) return false;
        total += out.value;
        if (!primitives::MoneyRange(total)) return false;
    }
    std::set<OutPoint> seen;
    for (const auto& in : tx.vin) {
        if (!seen.insert(in.prevout).second) return false;
    }
    if (tx.IsCoinBase()) {
        const size_t len = tx.vin[0].script_sig.size();
        if (len < 2 || len > 100) return false;
    } else {
        for (const auto& in : tx.vin) {
            if (in.prevout.IsNull()) return false;
        }
    }
    return true;
}

ScriptVerifyFlags TrimFlags(ScriptVerifyFlags flags)
{
    if (!(flags & SCRIPT_VERIFY_P2SH)) flags &= ~SCRIPT_VERIFY_WITNESS;
    if (!(flags & SCRIPT_VERIFY_WITNESS)) flags &= ~SCRIPT_VERIFY_CLEANSTACK;
    return flags;
}

ScriptVerifyFlags FillFlags(ScriptVerifyFlags flags)
{
    if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_WITNESS;
    if (flags & SCRIPT_VERIFY_WITNESS) flags |= SCRIPT_VERIFY_P2SH;
    return flags;
}

/** Core's ExcludeIndividualFlags: the distinct sets made by dropping one flag (then trimming). */
std::set<ScriptVerifyFlags> ExcludeIndividualFlags(ScriptVerifyFlags flags)
{
    std::set<ScriptVerifyFlags> combos;
    for (const auto& [name, flag] : ScriptFlagNames()) {
        const ScriptVerifyFlags without = TrimFlags(flags & ~flag);
        if (without != flags) combos.insert(without);
    }
    return combos;
}

struct TxVector {
    std::string text;
    std::map<OutPoint, Script> scripts;
    std::map<OutPoint, primitives::Amount> amounts;
    std::optional<Transaction> tx;
    std::string flags;
};

/** Parse one vector; nullopt for comments. */
std::optional<TxVector> ParseVector(const boost::json::value& entry)
{
    const boost::json::array& test = entry.as_array();
    if (test.empty() || !test[0].is_array()) return std::nullopt;
    TxVector v;
    v.text = boost::json::serialize(test);
    if (test.size() != 3) throw std::runtime_error("bad test: " + v.text);
    for (const boost::json::value& input_value : test[0].as_array()) {
        const boost::json::array& input = input_value.as_array();
        if (input.size() < 3 || input.size() > 4) throw std::runtime_error("bad input: " + v.text);
        const auto txid = primitives::Txid::FromHex(std::string(input[0].as_string()));
        if (!txid) throw std::runtime_error("bad txid: " + v.text);
        const OutPoint outpoint(*txid, static_cast<uint32_t>(input[1].to_number<int64_t>()));
        auto script = ParseScript(std::string(input[2].as_string()));
        if (!script) throw std::runtime_error(script.error() + ": " + v.text);
        v.scripts[outpoint] = std::move(script).value();
        if (input.size() == 4) v.amounts[outpoint] = input[3].to_number<int64_t>();
    }
    primitives::MutableTransaction mtx;
    primitives::DeserializeFromBytes(test_util::Hex(std::string(test[1].as_string())), primitives::TX_WITH_WITNESS(mtx),
                                     "transaction");
    v.tx.emplace(std::move(mtx));
    v.flags = std::string(test[2].as_string());
    return v;
}

/** Core's CheckTxScripts: whether the scripts' outcome matches expect_valid. */
bool CheckTxScripts(const TxVector& v, ScriptVerifyFlags flags, const PrecomputedTransactionData& txdata,
                    bool expect_valid)
{
    const Transaction& tx = *v.tx;
    bool tx_valid = true;
    for (unsigned i = 0; i < tx.vin.size() && tx_valid; ++i) {
        const auto& in = tx.vin[i];
        const auto amount_it = v.amounts.find(in.prevout);
        const primitives::Amount amount = amount_it == v.amounts.end() ? 0 : amount_it->second;
        const auto script_it = v.scripts.find(in.prevout);
        if (script_it == v.scripts.end()) throw std::runtime_error("missing prevout: " + v.text);
        ScriptError error;
        const TransactionSignatureChecker checker(&tx, i, amount, txdata, MissingDataBehavior::ASSERT_FAIL);
        tx_valid = VerifyScript(Script(in.script_sig), script_it->second, in.witness.stack, flags, checker, &error);
        if (expect_valid && (!tx_valid || error != SCRIPT_ERR_OK)) {
            ADD_FAILURE() << "input " << i << ": " << ScriptErrorString(error);
        }
    }
    return tx_valid == expect_valid;
}

TEST(TxVectors, CoreTxValid)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto tests = boost::json::parse(testutil::ReadTestText("core/tx_valid.json")).as_array();
    test_util::TestRng rng(0x7a11d);
    size_t run = 0;
    size_t passed = 0;
    size_t checks = 0;
    for (const auto& entry : tests) {
        const auto v = ParseVector(entry);
        if (!v) continue;
        ++run;
        bool ok = true;
        EXPECT_TRUE(CheckTransactionForTest(*v->tx)) << v->text;
        const PrecomputedTransactionData txdata(*v->tx);
        const auto parsed = ParseScriptFlags(v->flags);
        ASSERT_TRUE(parsed.has_value()) << v->text;
        const ScriptVerifyFlags excluded = *parsed;
        EXPECT_EQ(~excluded, FillFlags(~excluded)) << "bad test flags: " << v->text;

        ok &= CheckTxScripts(*v, ~excluded, txdata, true);
        ++checks;
        for (const auto& [name, flag] : ScriptFlagNames()) {
            const ScriptVerifyFlags fewer = TrimFlags(~(excluded | flag));
            ok &= CheckTxScripts(*v, fewer, txdata, true);
            const auto random = static_cast<ScriptVerifyFlags>(rng.Bits(SCRIPT_VERIFY_FLAG_BITS));
            ok &= CheckTxScripts(*v, TrimFlags(~(excluded | random)), txdata, true);
            checks += 2;
        }
        for (const ScriptVerifyFlags without : ExcludeIndividualFlags(excluded)) {
            const bool failed_as_expected = CheckTxScripts(*v, ~without, txdata, false);
            EXPECT_TRUE(failed_as_expected) << "too many flags unset: " << v->text;
            ok &= failed_as_expected;
            ++checks;
        }
        EXPECT_TRUE(ok) << v->text;
        if (ok) ++passed;
    }
    std::printf("tx_valid.json: %zu vectors run, %zu passed, %zu script checks\n", run, passed, checks);
    EXPECT_EQ(passed, run);
}

TEST(TxVectors, CoreTxInvalid)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto tests = boost::json::parse(testutil::ReadTestText("core/tx_invalid.json")).as_array();
    test_util::TestRng rng(0xbad7);
    size_t run = 0;
    size_t passed = 0;
    size_t badtx = 0;
    for (const auto& entry : tests) {
        const auto v = ParseVector(entry);
        if (!v) continue;
        ++run;
        if (!CheckTransactionForTest(*v->tx)) {
            EXPECT_EQ(v->flags, "BADTX") << v->text;
            if (v->flags == "BADTX") {
                ++passed;
                ++badtx;
            }
            continue;
        }
        bool ok = true;
        const PrecomputedTransactionData txdata(*v->tx);
        const auto parsed = ParseScriptFlags(v->flags);
        ASSERT_TRUE(parsed.has_value()) << v->text;
        const ScriptVerifyFlags flags = *parsed;
        EXPECT_EQ(flags, FillFlags(flags)) << "bad test flags: " << v->text;

        const bool failed = CheckTxScripts(*v, flags, txdata, false);
        EXPECT_TRUE(failed) << "tx unexpectedly passed: " << v->text;
        ok &= failed;
        for (const auto& [name, flag] : ScriptFlagNames()) {
            ok &= CheckTxScripts(*v, FillFlags(flags | flag), txdata, false);
            const auto random = static_cast<ScriptVerifyFlags>(rng.Bits(SCRIPT_VERIFY_FLAG_BITS));
            ok &= CheckTxScripts(*v, FillFlags(flags | random), txdata, false);
        }
        for (const ScriptVerifyFlags without : ExcludeIndividualFlags(flags)) {
            const bool valid_as_expected = CheckTxScripts(*v, without, txdata, true);
            EXPECT_TRUE(valid_as_expected) << "too many flags set: " << v->text;
            ok &= valid_as_expected;
        }
        EXPECT_TRUE(ok) << v->text;
        if (ok) ++passed;
    }
    std::printf("tx_invalid.json: %zu vectors run, %zu passed (%zu rejected by CheckTransaction)\n", run, passed,
                badtx);
    EXPECT_EQ(passed, run);
}

} // namespace
} // namespace script
