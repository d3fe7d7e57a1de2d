// Fuzz targets for the script interpreter and the script text forms.
//
// script_verify runs VerifyScript with arbitrary flags on an arbitrary scriptSig,
// scriptPubKey and witness, inside Core's crediting/spending transaction pair (the one
// script_tests.json is built on, so the seeds' real signatures verify). It must never
// crash, must report an error exactly when it fails, and, because every verify flag only
// ever adds restrictions, a script that passes must still pass with any one flag taken
// away (the soft-fork property), except where a DISCOURAGE flag turns the removed rule
// into an "upgradable" failure.
// Input layout: flags u32, amount i64, scriptSig and scriptPubKey (u16-prefixed),
// witness item count u8, items (u16-prefixed); scripts/fuzz-corpus.py writes seeds so.
#include "data_reader.h"
#include "fuzz.h"

#include <script/asm.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/script.h>
#include <script/script_error.h>
#include <script/script_parse.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <script/verify_flags.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace {

using namespace script;

// VerifyScript asserts these combinations (as Core does), so the fuzzer must respect them.
ScriptVerifyFlags Normalize(ScriptVerifyFlags flags)
{
    flags &= SCRIPT_VERIFY_ALL_KNOWN;
    if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_WITNESS;
    if (flags & SCRIPT_VERIFY_WITNESS) flags |= SCRIPT_VERIFY_P2SH;
    return flags;
}

// Removing `flag` from `flags` (and what depends on it) gives a weaker rule set, unless a
// DISCOURAGE flag would then reject the now-unenforced construct as an upgrade hook.
std::optional<ScriptVerifyFlags> Weaker(ScriptVerifyFlags flags, ScriptVerifyFlags flag)
{
    if ((flag == SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY || flag == SCRIPT_VERIFY_CHECKSEQUENCEVERIFY) &&
        (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS)) {
        return std::nullopt;
    }
    if (flag == SCRIPT_VERIFY_TAPROOT && (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)) {
        return std::nullopt;
    }
    flags &= ~flag;
    if (!(flags & SCRIPT_VERIFY_P2SH)) flags &= ~SCRIPT_VERIFY_WITNESS;
    if (!(flags & SCRIPT_VERIFY_WITNESS)) flags &= ~SCRIPT_VERIFY_CLEANSTACK;
    return flags;
}

} // namespace

FUZZ_TARGET(script_verify)
{
    fuzz::DataReader reader{buffer};
    const ScriptVerifyFlags flags = Normalize(reader.Integral<uint32_t>());
    // Non-negative: a negative amount means "unknown" to the checker, which consensus
    // code never passes (it would assert, by design).
    const primitives::Amount amount = reader.Integral<int64_t>() & INT64_MAX;
    const Script script_sig{reader.LengthPrefixedBytes()};
    const Script script_pubkey{reader.LengthPrefixedBytes()};
    std::vector<std::vector<uint8_t>> witness(reader.Integral<uint8_t>() % 32);
    for (auto& item : witness) item = reader.LengthPrefixedBytes();

    const primitives::Transaction credit{test_util::BuildCreditingTransaction(script_pubkey, amount)};
    const primitives::Transaction spend{test_util::BuildSpendingTransaction(script_sig, witness, credit)};
    PrecomputedTransactionData txdata;
    txdata.Init(spend, std::vector<primitives::TxOut>{credit.vout[0]});
    const TransactionSignatureChecker checker{&spend, 0, amount, txdata, MissingDataBehavior::ASSERT_FAIL};

    ScriptError error = SCRIPT_ERR_UNKNOWN_ERROR;
    const bool ok = VerifyScript(script_sig, script_pubkey, witness, flags, checker, &error);
    FUZZ_CHECK(ok == (error == SCRIPT_ERR_OK));
    if (!ok) return;
    for (int bit = 0; bit < SCRIPT_VERIFY_FLAG_BITS; ++bit) {
        const ScriptVerifyFlags flag = ScriptVerifyFlags{1} << bit;
        if (!(flags & flag)) continue;
        const std::optional<ScriptVerifyFlags> weaker = Weaker(flags, flag);
        if (!weaker) continue;
        FUZZ_CHECK(VerifyScript(script_sig, script_pubkey, witness, *weaker, checker, &error));
    }
}

FUZZ_TARGET(script_asm)
{
    // As text: whatever ParseScript accepts prints (FormatScript) to text it reads back
    // to the same bytes.
    const std::string text(buffer.begin(), buffer.end());
    const util::Result<Script> parsed = ParseScript(text);
    if (parsed) {
        const util::Result<Script> again = ParseScript(FormatScript(*parsed));
        FUZZ_CHECK(again.has_value() && again->bytes() == parsed->bytes());
    } else {
        FUZZ_CHECK(!parsed.error().empty());
    }
    // As bytes: the asm printers accept any script, truncated pushes included.
    const Script script{util::ByteSpan{buffer.data(), buffer.size()}};
    (void)ScriptToAsmStr(script, false);
    (void)ScriptToAsmStr(script, true);
    const util::Result<Script> formatted = ParseScript(FormatScript(script));
    size_t pos = 0;
    Opcode op;
    bool well_formed = true;
    while (pos < script.size()) {
        if (!script.GetOp(pos, op)) {
            well_formed = false;
            break;
        }
    }
    if (well_formed) FUZZ_CHECK(formatted.has_value() && formatted->bytes() == script.bytes());
}
