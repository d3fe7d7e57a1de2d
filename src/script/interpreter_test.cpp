// Unit tests of the interpreter's parts: script numbers, error names and messages,
// flag names, FindAndDelete, encoding predicates, asm and ParseScript, sigop counts,
// and a few VerifyScript paths the JSON vectors do not reach (pay-to-anchor, deep
// conditionals, tapscript limits).
#include <crypto/hash.h>
#include <script/asm.h>
#include <script/interpreter.h>
#include <script/script_parse.h>
#include <script/scriptnum.h>
#include <script/sigops.h>
#include <script/vector_test_util.h>

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

namespace script {
namespace {

using test_util::Hex;

Script S(std::string_view hex) { return Script(Hex(hex)); }

Script P(std::string_view text)
{
    auto parsed = ParseScript(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed ? std::move(parsed).value() : Script();
}

TEST(ScriptNum, SerializeRoundTrips)
{
    const int64_t values[] = {0, 1, -1, 2, 127, 128, -127, -128, 255, 256, -255, -256, 32767, 32768, -32768,
                              0x7fffff, 0x800000, 0x7fffffff, -0x7fffffff, 0x80000000LL, 0xffffffffLL,
                              0x7fffffffffLL, -0x7fffffffffLL};
    for (const int64_t v : values) {
        const auto bytes = ScriptNum::Serialize(v);
        EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(bytes)) << v;
        EXPECT_EQ(ScriptNum(bytes, true, 8).GetInt64(), v) << v;
    }
    EXPECT_EQ(ScriptNum::Serialize(0), std::vector<uint8_t>{});
    EXPECT_EQ(ScriptNum::Serialize(-1), std::vector<uint8_t>{0x81});
    EXPECT_EQ(ScriptNum::Serialize(128), (std::vector<uint8_t>{0x80, 0x00}));
    EXPECT_EQ(ScriptNum::Serialize(-128), (std::vector<uint8_t>{0x80, 0x80}));
    EXPECT_EQ(ScriptNum::Serialize(255), (std::vector<uint8_t>{0xff, 0x00}));
}

TEST(ScriptNum, DecodingRules)
{
    // Negative zero and padding are valid numbers unless minimal encoding is required.
    EXPECT_EQ(ScriptNum(Hex("80"), false).GetInt64(), 0);
    EXPECT_EQ(ScriptNum(Hex("0100"), false).GetInt64(), 1);
    EXPECT_EQ(ScriptNum(Hex("0180"), false).GetInt64(), -1);
    EXPECT_THROW(ScriptNum(Hex("80"), true), ScriptNumError);
    EXPECT_THROW(ScriptNum(Hex("00"), true), ScriptNumError);
    EXPECT_THROW(ScriptNum(Hex("0100"), true), ScriptNumError);
    EXPECT_NO_THROW(ScriptNum(Hex("ff00"), true));
    EXPECT_NO_THROW(ScriptNum(Hex("ff80"), true));
    // Four bytes by default, five for lock times.
    EXPECT_THROW(ScriptNum(Hex("0000000001"), false), ScriptNumError);
    EXPECT_EQ(ScriptNum(Hex("0000000001"), false, 5).GetInt64(), 0x100000000LL);
    EXPECT_EQ(ScriptNum(Hex("ffffffff"), false).GetInt64(), -0x7fffffff);
    // GetInt clamps to int.
    EXPECT_EQ(ScriptNum(0x7fffffffffLL).GetInt(), std::numeric_limits<int>::max());
    EXPECT_EQ(ScriptNum(-0x7fffffffffLL).GetInt(), std::numeric_limits<int>::min());
}

TEST(ScriptError, NamesAndMessages)
{
    for (int e = 0; e < SCRIPT_ERR_ERROR_COUNT; ++e) {
        const auto error = static_cast<ScriptError>(e);
        const auto name = ScriptErrorName(error);
        ASSERT_FALSE(name.empty()) << e;
        EXPECT_EQ(ParseScriptErrorName(name), error) << name;
        EXPECT_FALSE(ScriptErrorString(error).empty());
    }
    EXPECT_EQ(ScriptErrorString(SCRIPT_ERR_SIG_NULLFAIL), "Signature must be zero for failed CHECK(MULTI)SIG operation");
    EXPECT_EQ(ScriptErrorString(SCRIPT_ERR_EVAL_FALSE),
              "Script evaluated without error but finished with a false/empty top stack element");
    EXPECT_EQ(ScriptErrorString(SCRIPT_ERR_UNKNOWN_ERROR), "unknown error");
    EXPECT_EQ(ScriptErrorString(SCRIPT_ERR_TAPSCRIPT_CHECKMULTISIG),
              "OP_CHECKMULTISIG(VERIFY) is not available in tapscript");
    EXPECT_EQ(ScriptErrorName(SCRIPT_ERR_SIG_NULLFAIL), "NULLFAIL");
    EXPECT_FALSE(ParseScriptErrorName("NOT_AN_ERROR").has_value());
}

TEST(VerifyFlags, ParseAndFormat)
{
    EXPECT_EQ(ParseScriptFlags(""), SCRIPT_VERIFY_NONE);
    EXPECT_EQ(ParseScriptFlags("NONE"), SCRIPT_VERIFY_NONE);
    EXPECT_EQ(ParseScriptFlags("P2SH,STRICTENC"), SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_STRICTENC);
    EXPECT_FALSE(ParseScriptFlags("P2SH,BOGUS").has_value());
    EXPECT_FALSE(ParseScriptFlags("P2SH,").has_value());
    // Core's formatscriptflags cases (those that fit 32 bits).
    EXPECT_EQ(FormatScriptFlags(SCRIPT_VERIFY_P2SH), "P2SH");
    EXPECT_EQ(FormatScriptFlags(SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_TAPROOT), "P2SH,TAPROOT");
    EXPECT_EQ(FormatScriptFlags(SCRIPT_VERIFY_P2SH | (1U << 31)), "P2SH,0x80000000");
    EXPECT_EQ(FormatScriptFlags(SCRIPT_VERIFY_TAPROOT | (1U << 27)), "TAPROOT,0x08000000");
    EXPECT_EQ(FormatScriptFlags(1U << 26), "0x04000000");
    EXPECT_EQ(FormatScriptFlags(SCRIPT_VERIFY_NONE), "");
    // Every flag has a name, and names round-trip.
    ScriptVerifyFlags all = 0;
    for (const auto& [name, flag] : ScriptFlagNames()) {
        EXPECT_EQ(ParseScriptFlags(name), flag);
        all |= flag;
    }
    EXPECT_EQ(all, SCRIPT_VERIFY_ALL_KNOWN);
    EXPECT_EQ(ParseScriptFlags(FormatScriptFlags(all)), all);
}

TEST(Interpreter, FindAndDelete)
{
    struct Case {
        const char* script;
        const char* pattern;
        const char* expect;
        int found;
    };
    const Case cases[] = {
        {"5152", "", "5152", 0},
        {"515253", "52", "5153", 1},
        {"535153535453", "53", "5154", 4},
        {"0302ff03", "0302ff03", "", 1},
        {"0302ff030302ff03", "0302ff03", "", 2},
        {"0302ff030302ff03", "02", "0302ff030302ff03", 0}, // whole opcodes only
        {"0302ff030302ff03", "ff", "0302ff030302ff03", 0},
        {"0302ff030302ff03", "03", "02ff0302ff03", 2},     // strips the push prefixes
        {"02feed5169", "feed51", "02feed5169", 0},
        {"02feed5169", "02feed51", "69", 1},
        {"516902feed5169", "02feed51", "516969", 1},
        {"00005151", "0051", "0051", 1},                   // single pass
        {"000051005151", "0051", "0051", 2},
        {"0003feed", "03feed", "00", 1},                   // a truncated push can be removed
        {"0003feed", "00", "03feed", 1},
    };
    for (const Case& c : cases) {
        Script s = S(c.script);
        EXPECT_EQ(FindAndDelete(s, S(c.pattern)), c.found) << c.script << " - " << c.pattern;
        EXPECT_EQ(util::HexStr(s.span()), c.expect) << c.script << " - " << c.pattern;
    }
}

TEST(Interpreter, EncodingPredicates)
{
    EXPECT_FALSE(CastToBool(Hex("")));
    EXPECT_FALSE(CastToBool(Hex("00")));
    EXPECT_FALSE(CastToBool(Hex("0080")));
    EXPECT_TRUE(CastToBool(Hex("8000")));
    EXPECT_TRUE(CastToBool(Hex("01")));

    EXPECT_TRUE(CheckMinimalPush(Hex(""), OP_0));
    EXPECT_FALSE(CheckMinimalPush(Hex("05"), static_cast<Opcode>(1)));
    EXPECT_FALSE(CheckMinimalPush(Hex("81"), static_cast<Opcode>(1)));
    EXPECT_TRUE(CheckMinimalPush(Hex("11"), static_cast<Opcode>(1)));
    EXPECT_FALSE(CheckMinimalPush(Hex("1111"), OP_PUSHDATA1));
    EXPECT_TRUE(CheckMinimalPush(std::vector<uint8_t>(76, 1), OP_PUSHDATA1));
    EXPECT_TRUE(CheckMinimalPush(std::vector<uint8_t>(256, 1), OP_PUSHDATA2));
    EXPECT_FALSE(CheckMinimalPush(std::vector<uint8_t>(256, 1), OP_PUSHDATA4));

    int successes = 0;
    for (unsigned op = 0; op < 256; ++op) successes += IsOpSuccess(static_cast<Opcode>(op));
    EXPECT_EQ(successes, 87); // BIP342's list
    EXPECT_TRUE(IsOpSuccess(OP_RESERVED));
    EXPECT_FALSE(IsOpSuccess(OP_CHECKSIGADD));
    EXPECT_FALSE(IsOpSuccess(OP_INVALIDOPCODE));

    const auto sig = Hex("3044022057292e2d4dfe775becdd0a9e6547997c728cdf35390f6a017da56d654d374e4902206b643be2fc53763b"
                         "4e284845bfea2c597d2dc7759941dce937636c9d341b71ed01");
    EXPECT_TRUE(IsValidSignatureEncoding(sig));
    auto bad = sig;
    bad[1] = 0x45; // total length wrong
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    ScriptError error;
    EXPECT_FALSE(CheckSignatureEncoding(bad, SCRIPT_VERIFY_DERSIG, &error));
    EXPECT_EQ(error, SCRIPT_ERR_SIG_DER);
    EXPECT_TRUE(CheckSignatureEncoding(bad, SCRIPT_VERIFY_NONE, &error));
    EXPECT_TRUE(CheckSignatureEncoding({}, SCRIPT_VERIFY_STRICTENC, &error));
    auto undefined_type = sig;
    undefined_type.back() = 0x04;
    EXPECT_FALSE(CheckSignatureEncoding(undefined_type, SCRIPT_VERIFY_STRICTENC, &error));
    EXPECT_EQ(error, SCRIPT_ERR_SIG_HASHTYPE);
}

TEST(Asm, MatchesCore)
{
    EXPECT_EQ(ScriptToAsmStr(Script() << OP_CHECKLOCKTIMEVERIFY, true), "OP_CHECKLOCKTIMEVERIFY");
    const std::string der = "304502207fa7a6d1e0ee81132a269ad84e68d695483745cde8b541e3bf630749894e342a022100c1f7ab20e13e"
                            "22fb95281a870f3dcf38d782e53023ee313d741ad0cfbc0c5090";
    const std::string pubkey = "03b0da749730dc9b4b1f4a14d6902877a92541f5368778853d9c4a0cb7802dcfb2";
    const struct {
        const char* type;
        const char* decoded;
    } types[] = {{"00", "00"}, {"80", "80"}, {"01", "[ALL]"}, {"02", "[NONE]"}, {"03", "[SINGLE]"},
                 {"81", "[ALL|ANYONECANPAY]"}, {"82", "[NONE|ANYONECANPAY]"}, {"83", "[SINGLE|ANYONECANPAY]"}};
    for (const auto& t : types) {
        const Script s = Script() << Hex(der + t.type) << Hex(pubkey);
        EXPECT_EQ(ScriptToAsmStr(s, true), der + t.decoded + " " + pubkey);
        EXPECT_EQ(ScriptToAsmStr(s, false), der + t.type + " " + pubkey);
    }
    EXPECT_EQ(ScriptToAsmStr(P("0 1 -1 16 17 1000 -1000 DUP")), "0 1 -1 16 17 1000 -1000 OP_DUP");
    EXPECT_EQ(ScriptToAsmStr(S("76a914")), "OP_DUP OP_HASH160 [error]");
    EXPECT_EQ(ScriptToAsmStr(S("ba")), "OP_CHECKSIGADD");
    EXPECT_EQ(ScriptToAsmStr(S("bb")), "OP_UNKNOWN");
    // OP_RETURN data is never decoded as a signature.
    EXPECT_EQ(ScriptToAsmStr(Script() << OP_RETURN << Hex(der + "01"), true), "OP_RETURN " + der + "01");
}

TEST(ParseScriptTest, CoreNotation)
{
    EXPECT_EQ(util::HexStr(P("0 1 16 -1 17 'abc' 0x4c01 0x07 ADD OP_ADD CHECKLOCKTIMEVERIFY RESERVED").span()),
              "0051604f011103616263" "4c0107" "9393" "b1" "50");
    // Names come from GetOpName, so NOP2/NOP3 are spelled CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY.
    EXPECT_FALSE(ParseScript("NOP2").has_value());
    EXPECT_EQ(util::HexStr(P("  DUP\t\nHASH160  ").span()), "76a9");
    EXPECT_EQ(util::HexStr(P("4294967295 -4294967295").span()), "05ffffffff00" "05ffffffff80");
    EXPECT_FALSE(ParseScript("4294967296").has_value());
    EXPECT_FALSE(ParseScript("CHECKSIGADD").has_value()); // not in Core's name table
    EXPECT_FALSE(ParseScript("OP_1").has_value());        // small numbers are written as numbers
    EXPECT_FALSE(ParseScript("0x").has_value());
    EXPECT_FALSE(ParseScript("0xabc").has_value());
    EXPECT_EQ(ParseScript("BOGUS").error(), "script parse error: unknown opcode");
    EXPECT_EQ(util::HexStr(P("NOP1 NOP10 OP_CHECKSEQUENCEVERIFY").span()), "b0b9b2");
    // FormatScript output parses back to the same bytes.
    const Script tricky = S("0051604f6a4c0107ab00b9ba0201");
    EXPECT_EQ(P(FormatScript(tricky)), tricky);
}

TEST(Sigops, Counting)
{
    const Script multisig = P("2 0x21 0x020000000000000000000000000000000000000000000000000000000000000001 "
                              "0x21 0x020000000000000000000000000000000000000000000000000000000000000002 2 "
                              "CHECKMULTISIG");
    EXPECT_EQ(LegacySigOpCount(multisig), 20U);
    EXPECT_EQ(multisig.GetSigOpCount(true), 2U);
    EXPECT_EQ(LegacySigOpCount(P("CHECKSIG CHECKSIGVERIFY CHECKMULTISIGVERIFY")), 22U);

    // P2SH: the redeem script is the last push of the scriptSig.
    const Script p2sh = Script() << OP_HASH160 << std::vector<uint8_t>(20, 0) << OP_EQUAL;
    EXPECT_EQ(P2SHSigOpCount(p2sh, Script() << OP_0 << multisig.bytes()), 2U);
    EXPECT_EQ(P2SHSigOpCount(p2sh, Script() << multisig.bytes() << OP_NOP), 0U); // not push-only

    // Witness: P2WPKH is 1; P2WSH counts its witness script; P2SH-wrapped as well.
    const ScriptVerifyFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    const Script p2wpkh = Script() << OP_0 << std::vector<uint8_t>(20, 1);
    const Script p2wsh = Script() << OP_0 << std::vector<uint8_t>(32, 1);
    const Stack wsh_witness{{}, multisig.bytes()};
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wpkh, {}, flags), 1U);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wsh, wsh_witness, flags), 2U);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wsh, {}, flags), 0U);
    EXPECT_EQ(CountWitnessSigOps(Script() << p2wsh.bytes(), p2sh, wsh_witness, flags), 2U);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wpkh, {}, SCRIPT_VERIFY_P2SH), 0U);
    EXPECT_EQ(CountWitnessSigOps(Script(), Script() << OP_1 << std::vector<uint8_t>(32, 1), {}, flags), 0U);
}

bool Verify(const Script& sig, const Script& pubkey, const Stack& witness, ScriptVerifyFlags flags, ScriptError& error)
{
    return VerifyScript(sig, pubkey, witness, flags, SignatureChecker(), &error);
}

TEST(Interpreter, PayToAnchor)
{
    const ScriptVerifyFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS |
                                    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM | SCRIPT_VERIFY_TAPROOT;
    const Script anchor = S("51024e73");
    ScriptError error;
    EXPECT_TRUE(Verify(Script(), anchor, {}, flags, error));
    EXPECT_EQ(error, SCRIPT_ERR_OK);
    // Another two-byte v1 program stays discouraged, and so does a P2SH-wrapped anchor.
    EXPECT_FALSE(Verify(Script(), S("51024e74"), {}, flags, error));
    EXPECT_EQ(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
    const auto hash = crypto::Hash160Of(anchor.span());
    EXPECT_FALSE(Verify(Script() << anchor.bytes(), Script() << OP_HASH160 << util::ByteSpan{hash} << OP_EQUAL, {},
                        flags, error));
    EXPECT_EQ(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
    EXPECT_TRUE(Verify(Script() << anchor.bytes(), Script() << OP_HASH160 << util::ByteSpan{hash} << OP_EQUAL, {},
                       flags & ~SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM, error));
}

TEST(Interpreter, DeepConditionalsAreLinear)
{
    // 4,000 nested IF ... ENDIF, none taken. Only tapscript has no size or opcode
    // limit to stop this; ConditionStack keeps each step O(1) all the same.
    Script script;
    script << OP_1;
    for (int i = 0; i < 4000; ++i) script << OP_0 << OP_IF;
    for (int i = 0; i < 4000; ++i) script << OP_ENDIF;
    Stack stack;
    ScriptError error;
    const auto start = std::chrono::steady_clock::now();
    ScriptExecutionData execdata;
    EXPECT_TRUE(EvalScript(stack, script, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::TAPSCRIPT, execdata,
                           &error))
        << ScriptErrorString(error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    EXPECT_EQ(stack.size(), 1U);
    EXPECT_TRUE(EvalScript(stack, script, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE, &error) == false);
    EXPECT_EQ(error, SCRIPT_ERR_SCRIPT_SIZE);
}

TEST(Interpreter, LimitsAndDisabledOpcodes)
{
    ScriptError error;
    Stack stack;
    // 201 non-push opcodes are fine, 202 are not.
    Script ops;
    for (int i = 0; i < 201; ++i) ops << OP_NOP;
    EXPECT_TRUE(EvalScript(stack, ops, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE, &error));
    ops << OP_NOP;
    EXPECT_FALSE(EvalScript(stack, ops, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE, &error));
    EXPECT_EQ(error, SCRIPT_ERR_OP_COUNT);
    // Disabled opcodes fail even in an unexecuted branch.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, P("0 IF CAT ENDIF 1"), SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE,
                            &error));
    EXPECT_EQ(error, SCRIPT_ERR_DISABLED_OPCODE);
    // 1,000 stack elements are fine, 1,001 are not.
    Script pushes;
    for (int i = 0; i < 1000; ++i) pushes << OP_1;
    stack.clear();
    EXPECT_TRUE(EvalScript(stack, pushes, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE, &error));
    pushes << OP_1;
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, pushes, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::BASE, &error));
    EXPECT_EQ(error, SCRIPT_ERR_STACK_SIZE);
    // Oversized numeric operands are UNKNOWN_ERROR, as in Core.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, P("0x05 0x0000000001 1ADD"), SCRIPT_VERIFY_NONE, SignatureChecker(),
                            SigVersion::BASE, &error));
    EXPECT_EQ(error, SCRIPT_ERR_UNKNOWN_ERROR);
    // OP_CHECKSIGADD exists only in tapscript.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, S("000051ba"), SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::WITNESS_V0,
                            &error));
    EXPECT_EQ(error, SCRIPT_ERR_BAD_OPCODE);
}

TEST(Interpreter, TapscriptChecksigRules)
{
    ScriptError error;
    ScriptExecutionData execdata;
    execdata.m_validation_weight_left_init = true;
    execdata.m_validation_weight_left = 100;
    Stack stack;
    // Empty signature with a 32-byte key: no budget spent, result 0.
    const auto key = std::vector<uint8_t>(32, 2);
    EXPECT_TRUE(EvalScript(stack, Script() << OP_0 << key << OP_CHECKSIG, SCRIPT_VERIFY_NONE, SignatureChecker(),
                           SigVersion::TAPSCRIPT, execdata, &error));
    EXPECT_EQ(stack, Stack(1));
    EXPECT_EQ(execdata.m_validation_weight_left, 100);
    // Empty key fails the script.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, Script() << OP_0 << OP_0 << OP_CHECKSIG, SCRIPT_VERIFY_NONE, SignatureChecker(),
                            SigVersion::TAPSCRIPT, execdata, &error));
    EXPECT_EQ(error, SCRIPT_ERR_PUBKEYTYPE);
    // Unknown key type: counts against the budget, succeeds, unless discouraged.
    stack.clear();
    const Script unknown = Script() << OP_1 << std::vector<uint8_t>(33, 2) << OP_CHECKSIG;
    EXPECT_TRUE(EvalScript(stack, unknown, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::TAPSCRIPT, execdata,
                           &error));
    EXPECT_EQ(execdata.m_validation_weight_left, 50);
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, unknown, SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE, SignatureChecker(),
                            SigVersion::TAPSCRIPT, execdata, &error));
    EXPECT_EQ(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
    // The budget runs out.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, unknown, SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::TAPSCRIPT, execdata,
                            &error));
    EXPECT_EQ(error, SCRIPT_ERR_TAPSCRIPT_VALIDATION_WEIGHT);
    // CHECKMULTISIG is gone and IF needs minimal arguments.
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, P("0 0 0 CHECKMULTISIG"), SCRIPT_VERIFY_NONE, SignatureChecker(),
                            SigVersion::TAPSCRIPT, execdata, &error));
    EXPECT_EQ(error, SCRIPT_ERR_TAPSCRIPT_CHECKMULTISIG);
    stack.clear();
    EXPECT_FALSE(EvalScript(stack, P("2 IF 1 ENDIF"), SCRIPT_VERIFY_NONE, SignatureChecker(), SigVersion::TAPSCRIPT,
                            execdata, &error));
    EXPECT_EQ(error, SCRIPT_ERR_TAPSCRIPT_MINIMALIF);
}

TEST(Interpreter, CodeSeparatorPositionIsRecorded)
{
    ScriptExecutionData execdata;
    Stack stack;
    ScriptError error;
    EXPECT_TRUE(EvalScript(stack, P("1 CODESEPARATOR 0 IF CODESEPARATOR ENDIF CODESEPARATOR"), SCRIPT_VERIFY_NONE,
                           SignatureChecker(), SigVersion::TAPSCRIPT, execdata, &error));
    // Opcode index (not byte offset) of the last executed separator.
    EXPECT_EQ(execdata.m_codeseparator_pos, 6U);
}

} // namespace
} // namespace script
