// The 2,760 taproot/tapscript cases Core's feature_taproot.py dumps (as kept by btcd in
// txscript/data/taproot-ref), run with the semantics of Core's script_assets_test:
//   success must verify under every consensus flag set that is a subset of the given
//   flags, and under every consensus flag set at all when the case is "final";
//   failure must fail under every consensus flag set that includes the given flags.
#include <primitives/streams.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

namespace script {
namespace {

using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::TxOut;
using test_util::Hex;

/** Every combination of the consensus flags that VerifyScript accepts (Core's ALL_CONSENSUS_FLAGS). */
std::vector<ScriptVerifyFlags> AllConsensusFlags()
{
    std::vector<ScriptVerifyFlags> all;
    for (unsigned i = 0; i < 128; ++i) {
        ScriptVerifyFlags f = 0;
        if (i & 1) f |= SCRIPT_VERIFY_P2SH;
        if (i & 2) f |= SCRIPT_VERIFY_DERSIG;
        if (i & 4) f |= SCRIPT_VERIFY_NULLDUMMY;
        if (i & 8) f |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
        if (i & 16) f |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
        if (i & 32) f |= SCRIPT_VERIFY_WITNESS;
        if (i & 64) f |= SCRIPT_VERIFY_TAPROOT;
        if ((f & SCRIPT_VERIFY_WITNESS) && !(f & SCRIPT_VERIFY_P2SH)) continue;
        if ((f & SCRIPT_VERIFY_TAPROOT) && !(f & SCRIPT_VERIFY_WITNESS)) continue;
        all.push_back(f);
    }
    return all;
}

/**
 * Remembers signature check results across the flag sets tried on one spend (Core's
 * harness uses its signature cache for the same purpose). Checks are pure functions
 * of (signature, key, sighash), so reusing them changes no outcome.
 */
class MemoChecker : public TransactionSignatureChecker
{
public:
    using TransactionSignatureChecker::TransactionSignatureChecker;

protected:
    using Key = std::tuple<bool, std::vector<uint8_t>, std::vector<uint8_t>, primitives::uint256>;

    bool VerifyECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey,
                              const primitives::uint256& sighash) const override
    {
        return Memo({false, {sig.begin(), sig.end()}, {pubkey.begin(), pubkey.end()}, sighash},
                    [&] { return TransactionSignatureChecker::VerifyECDSASignature(sig, pubkey, sighash); });
    }
    bool VerifySchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                const primitives::uint256& sighash) const override
    {
        return Memo({true, {sig.begin(), sig.end()}, {pubkey.begin(), pubkey.end()}, sighash},
                    [&] { return TransactionSignatureChecker::VerifySchnorrSignature(sig, pubkey, sighash); });
    }

private:
    template <typename F>
    bool Memo(Key key, F&& compute) const
    {
        const auto it = m_memo.find(key);
        if (it != m_memo.end()) return it->second;
        const bool result = compute();
        m_memo.emplace(std::move(key), result);
        return result;
    }
    mutable std::map<Key, bool> m_memo;
};

struct Spend {
    std::vector<uint8_t> script_sig;
    Stack witness;
};

Spend SpendFromJson(const boost::json::object& o)
{
    Spend s;
    s.script_sig = Hex(std::string(o.at("scriptSig").as_string()));
    for (const auto& w : o.at("witness").as_array()) s.witness.push_back(Hex(std::string(w.as_string())));
    return s;
}

TEST(TaprootRef, FeatureTaprootDump)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto dir = *testutil::TestDataDir() / "taproot-ref";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty());
    const std::vector<ScriptVerifyFlags> all_flags = AllConsensusFlags();

    size_t cases = 0;
    size_t successes = 0;
    size_t failures = 0;
    size_t verifications = 0;
    size_t bad = 0;
    for (const auto& path : files) {
        std::string text = testutil::ReadTestText("taproot-ref/" + path.filename().string());
        if (text.ends_with(",\n")) text.resize(text.size() - 2);
        const auto test = boost::json::parse(text).as_object();
        const std::string name = std::string(test.at("comment").as_string()) + " (" + path.filename().string() + ")";
        ++cases;

        MutableTransaction mtx;
        primitives::DeserializeFromBytes(Hex(std::string(test.at("tx").as_string())), primitives::TX_NO_WITNESS(mtx),
                                         "transaction");
        std::vector<TxOut> prevouts;
        for (const auto& p : test.at("prevouts").as_array()) {
            TxOut out;
            primitives::DeserializeFromBytes(Hex(std::string(p.as_string())), out, "output");
            prevouts.push_back(std::move(out));
        }
        ASSERT_EQ(prevouts.size(), mtx.vin.size()) << name;
        const auto index = static_cast<unsigned>(test.at("index").to_number<int64_t>());
        const auto test_flags = ParseScriptFlags(std::string(test.at("flags").as_string()));
        ASSERT_TRUE(test_flags.has_value()) << name;
        const bool final = test.contains("final") && test.at("final").as_bool();

        const auto run = [&](const Spend& spend, bool expect_success) {
            mtx.vin[index].script_sig = spend.script_sig;
            mtx.vin[index].witness.stack = spend.witness;
            const Transaction tx(mtx);
            PrecomputedTransactionData txdata;
            txdata.Init(tx, std::vector<TxOut>(prevouts));
            const MemoChecker checker(&tx, index, prevouts[index].value, txdata, MissingDataBehavior::ASSERT_FAIL);
            bool all_ok = true;
            for (const ScriptVerifyFlags flags : all_flags) {
                const bool applies = expect_success ? (final || (flags & *test_flags) == flags)
                                                    : ((flags & *test_flags) == *test_flags);
                if (!applies) continue;
                ++verifications;
                ScriptError error;
                const bool ok = VerifyScript(Script(tx.vin[index].script_sig), Script(prevouts[index].script_pubkey),
                                             tx.vin[index].witness.stack, flags, checker, &error);
                if (ok != expect_success) {
                    all_ok = false;
                    ADD_FAILURE() << name << (expect_success ? " should succeed" : " should fail") << " with flags "
                                  << FormatScriptFlags(flags) << " (" << ScriptErrorString(error) << ")";
                    break;
                }
            }
            return all_ok;
        };

        bool ok = true;
        if (test.contains("success")) {
            ++successes;
            ok &= run(SpendFromJson(test.at("success").as_object()), true);
        }
        if (test.contains("failure")) {
            ++failures;
            ok &= run(SpendFromJson(test.at("failure").as_object()), false);
        }
        if (!ok) ++bad;
    }
    std::printf("taproot-ref: %zu cases (%zu success spends, %zu failure spends), %zu verifications, %zu failed\n",
                cases, successes, failures, verifications, bad);
    EXPECT_EQ(cases, 2760U);
    EXPECT_EQ(bad, 0U);
}

} // namespace
} // namespace script
