// Signature-operation counting for the block sigop limit (Core's GetSigOpCount,
// CScript::GetSigOpCount(scriptSig) and CountWitnessSigOps).
//
// Per transaction, Core's cost is
//   4 * (sum of LegacySigOpCount over every scriptSig and scriptPubKey of the tx)
// + 4 * (sum of P2SHSigOpCount over inputs, when P2SH is active; coinbase excluded)
// +     (sum of CountWitnessSigOps over inputs, when WITNESS is active).
// The consensus library does that summing; these count one script or input.
// Pure and thread-safe.
#ifndef BITNODE_SCRIPT_SIGOPS_H
#define BITNODE_SCRIPT_SIGOPS_H

#include <script/interpreter.h>
#include <script/script.h>
#include <script/verify_flags.h>

#include <cstddef>
#include <span>

namespace script {

/** Legacy count: CHECKSIG(VERIFY) is 1, CHECKMULTISIG(VERIFY) always 20. */
unsigned LegacySigOpCount(const Script& script);

/**
 * Sigops of the redeem script a scriptSig reveals for a P2SH scriptPubKey, counted
 * accurately (CHECKMULTISIG after OP_n counts n). 0 if scriptSig is not push-only
 * or does not parse. For a non-P2SH scriptPubKey: its own accurate count (Core's
 * behaviour; callers normally ask only for P2SH outputs).
 */
unsigned P2SHSigOpCount(const Script& script_pubkey, const Script& script_sig);

/**
 * Witness sigops of one input: 1 for P2WPKH, the accurate count of the witness
 * script for P2WSH (native or P2SH-wrapped), 0 otherwise (taproot has no sigop
 * count; BIP342 uses the validation weight budget instead). 0 without WITNESS.
 */
size_t CountWitnessSigOps(const Script& script_sig, const Script& script_pubkey, std::span<const StackElement> witness,
                          ScriptVerifyFlags flags);

} // namespace script

#endif // BITNODE_SCRIPT_SIGOPS_H
