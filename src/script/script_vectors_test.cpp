// Bitcoin Core's script_tests.json, run with Core's harness (script_tests.cpp): each
// vector builds the crediting/spending transaction pair, verifies with the given
// flags, and must give exactly the expected ScriptError. As in Core, a passing vector
// must keep passing with flags removed, and a failing one keep failing with flags added.
#include <crypto/xonly.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/script_parse.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace script {
namespace {

using test_util::AmountFromJson;
using test_util::Hex;

Script MustParse(const std::string& text)
{
    auto parsed = ParseScript(text);
    if (!parsed) throw std::runtime_error(parsed.error() + " in \"" + text + "\"");
    return std::move(parsed).value();
}

/** Core's test key 0 (secret key 1): its x-only public key is the generator's X. */
crypto::XOnlyPubKey Key0XOnly()
{
    const auto bytes = Hex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    return crypto::XOnlyPubKey(std::span<const uint8_t, 32>(bytes.data(), 32));
}

struct Outcome {
    bool ok;
    ScriptError error;
};

Outcome RunVector(const Script& script_sig, const Script& script_pubkey, const Stack& witness, ScriptVerifyFlags flags,
            primitives::Amount amount)
{
    const primitives::Transaction credit{test_util::BuildCreditingTransaction(script_pubkey, amount)};
    const primitives::MutableTransaction spend = test_util::BuildSpendingTransaction(script_sig, witness, credit);
    ScriptError error = SCRIPT_ERR_UNKNOWN_ERROR;
    const MutableTransactionSignatureChecker checker(&spend, 0, credit.vout[0].value, MissingDataBehavior::ASSERT_FAIL);
    const bool ok = VerifyScript(script_sig, script_pubkey, witness, flags, checker, &error);
    return {ok, error};
}

TEST(ScriptVectors, CoreScriptTests)
{
    BITNODE_REQUIRE_TESTDATA();
    const boost::json::array tests = boost::json::parse(testutil::ReadTestText("core/script_tests.json")).as_array();
    test_util::TestRng rng(0x5eed);
    size_t run = 0;
    size_t comments = 0;
    size_t passed = 0;
    size_t variations = 0;
    for (const boost::json::value& entry : tests) {
        const boost::json::array& test = entry.as_array();
        const std::string text = boost::json::serialize(test);
        Stack witness;
        primitives::Amount amount = 0;
        std::optional<crypto::XOnlyPubKey> taproot_output;
        std::vector<uint8_t> control_block;
        size_t pos = 0;
        if (!test.empty() && test[0].is_array()) {
            const boost::json::array& wit = test[0].as_array();
            for (size_t i = 0; i + 1 < wit.size(); ++i) {
                const std::string element(wit[i].as_string());
                if (element.starts_with("#SCRIPT#")) {
                    witness.push_back(MustParse(element.substr(8)).bytes());
                } else if (element == "#CONTROLBLOCK#") {
                    // A one-leaf tree under key 0, as Core's TaprootBuilder makes it.
                    const auto leaf = ComputeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, witness.back());
                    std::array<uint8_t, 32> root;
                    std::copy(leaf.begin(), leaf.end(), root.begin());
                    const auto tweaked = Key0XOnly().CreateTapTweak(root);
                    ASSERT_TRUE(tweaked.has_value());
                    taproot_output = tweaked->first;
                    control_block = {static_cast<uint8_t>(TAPROOT_LEAF_TAPSCRIPT | (tweaked->second ? 1 : 0))};
                    const auto internal = Key0XOnly();
                    control_block.insert(control_block.end(), internal.begin(), internal.end());
                    witness.push_back(control_block);
                } else {
                    witness.push_back(Hex(element));
                }
            }
            amount = AmountFromJson(wit.back());
            ++pos;
        }
        if (test.size() < 4 + pos) {
            ++comments;
            ASSERT_EQ(test.size(), 1U) << "bad test: " << text;
            continue;
        }
        const Script script_sig = MustParse(std::string(test[pos].as_string()));
        const std::string pubkey_text(test[pos + 1].as_string());
        Script script_pubkey;
        if (pubkey_text == "0x51 0x20 #TAPROOTOUTPUT#") {
            ASSERT_TRUE(taproot_output.has_value()) << text;
            script_pubkey << OP_1 << util::ByteSpan{taproot_output->begin(), 32};
        } else {
            script_pubkey = MustParse(pubkey_text);
        }
        const auto parsed_flags = ParseScriptFlags(std::string(test[pos + 2].as_string()));
        ASSERT_TRUE(parsed_flags.has_value()) << "bad flags: " << text;
        ScriptVerifyFlags flags = *parsed_flags;
        const auto expected = ParseScriptErrorName(std::string(test[pos + 3].as_string()));
        ASSERT_TRUE(expected.has_value()) << "bad error name: " << text;
        if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;

        ++run;
        const bool expect_ok = *expected == SCRIPT_ERR_OK;
        const Outcome outcome = RunVector(script_sig, script_pubkey, witness, flags, amount);
        EXPECT_EQ(outcome.ok, expect_ok) << text;
        EXPECT_EQ(outcome.error, *expected) << ScriptErrorName(outcome.error) << " where " << ScriptErrorName(*expected)
                                            << " expected: " << text;
        if (outcome.ok == expect_ok && outcome.error == *expected) ++passed;

        // Soft-fork monotonicity, as Core checks it with random flag sets.
        for (int i = 0; i < 16; ++i) {
            const auto extra = static_cast<ScriptVerifyFlags>(rng.Bits(SCRIPT_VERIFY_FLAG_BITS));
            const ScriptVerifyFlags combined = expect_ok ? (flags & ~extra) : (flags | extra);
            if ((combined & SCRIPT_VERIFY_CLEANSTACK) &&
                (~combined & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS))) {
                continue;
            }
            if ((combined & SCRIPT_VERIFY_WITNESS) && !(combined & SCRIPT_VERIFY_P2SH)) continue;
            ++variations;
            EXPECT_EQ(RunVector(script_sig, script_pubkey, witness, combined, amount).ok, expect_ok)
                << text << " with flags " << FormatScriptFlags(combined);
        }
    }
    std::printf("script_tests.json: %zu entries, %zu vectors run, %zu passed, %zu comments, %zu flag variations\n",
                tests.size(), run, passed, comments, variations);
    EXPECT_EQ(run + comments, tests.size());
    EXPECT_EQ(passed, run);
}

} // namespace
} // namespace script
