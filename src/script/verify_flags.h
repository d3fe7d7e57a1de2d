// Script verification flags: which rules VerifyScript enforces.
//
// Bit positions are Bitcoin Core's (SCRIPT_VERIFY_P2SH is bit 0, ...), so flag sets
// printed as numbers match Core's; they are part of the test vectors and of the
// per-deployment rule sets: DO NOT CHANGE. Every flag is a soft fork: a script valid
// under flags A|B is valid under A. Names ("P2SH", "STRICTENC", ...) are Core's and are
// what the JSON test vectors use. Pure, thread-safe functions.
#ifndef BITNODE_SCRIPT_VERIFY_FLAGS_H
#define BITNODE_SCRIPT_VERIFY_FLAGS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace script {

using ScriptVerifyFlags = uint32_t;

inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_NONE = 0;
/** Evaluate P2SH redeem scripts (BIP16). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_P2SH = 1U << 0;
/** Strict DER signatures, defined hash types, and canonical (02/03/04) public keys. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_STRICTENC = 1U << 1;
/** Strict DER signatures (BIP66). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DERSIG = 1U << 2;
/** Strict DER and S at most half the curve order (BIP62 rule 5). Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_LOW_S = 1U << 3;
/** The extra CHECKMULTISIG argument must be empty (BIP147). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_NULLDUMMY = 1U << 4;
/** scriptSig may hold only push operations. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_SIGPUSHONLY = 1U << 5;
/** Minimal pushes and minimally encoded numbers (BIP62 rules 3 and 4). Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_MINIMALDATA = 1U << 6;
/** Executing OP_NOP1, OP_NOP4..OP_NOP10 fails (they are kept for soft forks). Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS = 1U << 7;
/** Exactly one stack element must remain. Requires P2SH and WITNESS. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_CLEANSTACK = 1U << 8;
/** OP_CHECKLOCKTIMEVERIFY (BIP65). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY = 1U << 9;
/** OP_CHECKSEQUENCEVERIFY (BIP112). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_CHECKSEQUENCEVERIFY = 1U << 10;
/** Segregated witness (BIP141/143). Requires P2SH. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_WITNESS = 1U << 11;
/** Spending unknown witness versions fails. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1U << 12;
/** Witness v0 OP_IF/OP_NOTIF argument must be empty or exactly 0x01. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_MINIMALIF = 1U << 13;
/** A failed CHECK(MULTI)SIG must have had only empty signatures (BIP146). Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_NULLFAIL = 1U << 14;
/** Witness v0 scripts may use only compressed public keys. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_WITNESS_PUBKEYTYPE = 1U << 15;
/** OP_CODESEPARATOR and signatures found by FindAndDelete fail non-segwit scripts. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_CONST_SCRIPTCODE = 1U << 16;
/** Taproot and tapscript (BIP341/342). */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_TAPROOT = 1U << 17;
/** Unknown taproot leaf versions fail. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION = 1U << 18;
/** OP_SUCCESSx in tapscript fails. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS = 1U << 19;
/** Tapscript public keys of unknown type (not 0 or 32 bytes) fail. Policy only. */
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE = 1U << 20;

/** Number of defined flag bits. */
inline constexpr int SCRIPT_VERIFY_FLAG_BITS = 21;
inline constexpr ScriptVerifyFlags SCRIPT_VERIFY_ALL_KNOWN = (ScriptVerifyFlags{1} << SCRIPT_VERIFY_FLAG_BITS) - 1;

/** Every flag with its name, sorted by name (the order Core prints them in). */
const std::vector<std::pair<std::string_view, ScriptVerifyFlags>>& ScriptFlagNames();

/**
 * Parse "P2SH,STRICTENC,..." as the test vectors write it. "" and "NONE" mean no flag.
 * Returns nullopt if any word is not a flag name.
 */
std::optional<ScriptVerifyFlags> ParseScriptFlags(std::string_view text);

/** Names of the set flags, sorted by name; unknown bits last as one "0x%08x" word. */
std::vector<std::string> GetScriptFlagNames(ScriptVerifyFlags flags);

/** GetScriptFlagNames joined with ","; "" for no flag. */
std::string FormatScriptFlags(ScriptVerifyFlags flags);

} // namespace script

#endif // BITNODE_SCRIPT_VERIFY_FLAGS_H
