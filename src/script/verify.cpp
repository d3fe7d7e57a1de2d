// VerifyScript: scriptSig + scriptPubKey, P2SH, and the witness programs (BIP141,
// BIP341/342). EvalScript itself is in interpreter.cpp.
#include <script/interpreter.h>
#include <script/interpreter_internal.h>

#include <crypto/sha256.h>
#include <crypto/xonly.h>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace script {

using detail::SetError;
using detail::SetSuccess;
using primitives::uint256;

namespace {

uint64_t CompactSizeLength(uint64_t n) { return n < 253 ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9; }

/** Size of the witness stack as serialized: CompactSize count, then each element with its CompactSize length. */
int64_t SerializedWitnessSize(std::span<const StackElement> witness)
{
    uint64_t size = CompactSizeLength(witness.size());
    for (const StackElement& element : witness) size += CompactSizeLength(element.size()) + element.size();
    return static_cast<int64_t>(size);
}

uint256 Sha256Of(util::ByteSpan data)
{
    crypto::Sha256 hasher;
    hasher.Write(data);
    return detail::FinalizeSingle(hasher);
}

/** Run a witness script on the given initial stack; witness scripts must leave exactly one true element. */
bool ExecuteWitnessScript(std::span<const StackElement> initial_stack, const Script& exec_script,
                          ScriptVerifyFlags flags, SigVersion sigversion, const SignatureChecker& checker,
                          ScriptExecutionData& execdata, ScriptError* error)
{
    Stack stack(initial_stack.begin(), initial_stack.end());

    if (sigversion == SigVersion::TAPSCRIPT) {
        // An OP_SUCCESSx anywhere (that parses) makes the script succeed before any
        // other rule, element size limits included.
        size_t pc = 0;
        while (pc < exec_script.size()) {
            Opcode op;
            if (!exec_script.GetOp(pc, op)) return SetError(error, SCRIPT_ERR_BAD_OPCODE);
            if (IsOpSuccess(op)) {
                if (flags & SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS) return SetError(error, SCRIPT_ERR_DISCOURAGE_OP_SUCCESS);
                return SetSuccess(error);
            }
        }
        // Tapscript limits the initial stack too (the alt stack is empty here).
        if (stack.size() > MAX_STACK_SIZE) return SetError(error, SCRIPT_ERR_STACK_SIZE);
    }

    for (const StackElement& element : stack) {
        if (element.size() > MAX_SCRIPT_ELEMENT_SIZE) return SetError(error, SCRIPT_ERR_PUSH_SIZE);
    }

    if (!EvalScript(stack, exec_script, flags, checker, sigversion, execdata, error)) return false;

    // Clean stack is implied inside witness scripts.
    if (stack.size() != 1) return SetError(error, SCRIPT_ERR_CLEANSTACK);
    if (!CastToBool(stack.back())) return SetError(error, SCRIPT_ERR_EVAL_FALSE);
    return true;
}

bool VerifyTaprootCommitment(util::ByteSpan control, util::ByteSpan program, const uint256& tapleaf_hash)
{
    assert(control.size() >= TAPROOT_CONTROL_BASE_SIZE);
    assert(program.size() == WITNESS_V1_TAPROOT_SIZE);
    const uint256 merkle_root = ComputeTaprootMerkleRoot(control, tapleaf_hash);
    // Output key Q must be the internal key P tweaked by the root, with the parity
    // bit of the control block matching Q's Y coordinate.
    const crypto::XOnlyPubKey internal_key{control.subspan<1, 32>()};
    const crypto::XOnlyPubKey output_key{program.first<32>()};
    return output_key.CheckTapTweak(internal_key, merkle_root.span().first<32>(), (control[0] & 1) != 0);
}

bool IsPayToAnchor(int version, util::ByteSpan program)
{
    return version == 1 && program.size() == 2 && program[0] == 0x4e && program[1] == 0x73;
}

bool VerifyTaprootSpend(std::span<const StackElement> witness, util::ByteSpan program, ScriptVerifyFlags flags,
                        const SignatureChecker& checker, ScriptError* error)
{
    std::span<const StackElement> stack = witness;
    ScriptExecutionData execdata;
    if (stack.empty()) return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_WITNESS_EMPTY);
    if (stack.size() >= 2 && !stack.back().empty() && stack.back()[0] == ANNEX_TAG) {
        // The annex is not interpreted (and is non-standard), but signatures commit to it.
        const StackElement& annex = stack.back();
        stack = stack.first(stack.size() - 1);
        crypto::Sha256 hasher;
        detail::WriteCompactSize(hasher, annex.size());
        hasher.Write(annex);
        execdata.m_annex_hash = detail::FinalizeSingle(hasher);
        execdata.m_annex_present = true;
    } else {
        execdata.m_annex_present = false;
    }
    execdata.m_annex_init = true;

    if (stack.size() == 1) {
        // Key path: one signature for the output key itself.
        if (!checker.CheckSchnorrSignature(stack.front(), program, SigVersion::TAPROOT, execdata, error)) return false;
        return SetSuccess(error);
    }

    // Script path: [script inputs...] script control_block.
    const StackElement& control = stack.back();
    const StackElement& leaf_script = stack[stack.size() - 2];
    stack = stack.first(stack.size() - 2);
    if (control.size() < TAPROOT_CONTROL_BASE_SIZE || control.size() > TAPROOT_CONTROL_MAX_SIZE ||
        (control.size() - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE != 0) {
        return SetError(error, SCRIPT_ERR_TAPROOT_WRONG_CONTROL_SIZE);
    }
    const uint8_t leaf_version = control[0] & TAPROOT_LEAF_MASK;
    execdata.m_tapleaf_hash = ComputeTapleafHash(leaf_version, leaf_script);
    if (!VerifyTaprootCommitment(control, program, execdata.m_tapleaf_hash)) {
        return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH);
    }
    execdata.m_tapleaf_hash_init = true;
    if (leaf_version == TAPROOT_LEAF_TAPSCRIPT) {
        // The signature budget is the size of the whole witness, annex included.
        execdata.m_validation_weight_left = SerializedWitnessSize(witness) + VALIDATION_WEIGHT_OFFSET;
        execdata.m_validation_weight_left_init = true;
        const Script exec_script(util::ByteSpan{leaf_script});
        return ExecuteWitnessScript(stack, exec_script, flags, SigVersion::TAPSCRIPT, checker, execdata, error);
    }
    // Unknown leaf versions are anyone-can-spend, kept for soft forks.
    if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) {
        return SetError(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);
    }
    return SetSuccess(error);
}

bool VerifyWitnessProgram(std::span<const StackElement> witness, int version, util::ByteSpan program,
                          ScriptVerifyFlags flags, const SignatureChecker& checker, ScriptError* error, bool is_p2sh)
{
    if (version == 0) {
        ScriptExecutionData execdata;
        if (program.size() == WITNESS_V0_SCRIPTHASH_SIZE) {
            // P2WSH: the last witness element is the script, committed to by SHA-256.
            if (witness.empty()) return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_WITNESS_EMPTY);
            const StackElement& script_bytes = witness.back();
            const uint256 hash = Sha256Of(script_bytes);
            if (std::memcmp(hash.data(), program.data(), 32) != 0) {
                return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH);
            }
            const Script exec_script(util::ByteSpan{script_bytes});
            return ExecuteWitnessScript(witness.first(witness.size() - 1), exec_script, flags, SigVersion::WITNESS_V0,
                                        checker, execdata, error);
        }
        if (program.size() == WITNESS_V0_KEYHASH_SIZE) {
            // P2WPKH: exactly <sig> <pubkey>, run against the implied P2PKH script.
            if (witness.size() != 2) return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH);
            Script exec_script;
            exec_script << OP_DUP << OP_HASH160 << program << OP_EQUALVERIFY << OP_CHECKSIG;
            return ExecuteWitnessScript(witness, exec_script, flags, SigVersion::WITNESS_V0, checker, execdata, error);
        }
        return SetError(error, SCRIPT_ERR_WITNESS_PROGRAM_WRONG_LENGTH);
    }
    if (version == 1 && program.size() == WITNESS_V1_TAPROOT_SIZE && !is_p2sh) {
        if (!(flags & SCRIPT_VERIFY_TAPROOT)) return SetSuccess(error);
        return VerifyTaprootSpend(witness, program, flags, checker, error);
    }
    if (!is_p2sh && IsPayToAnchor(version, program)) return true;
    // Other versions and sizes are anyone-can-spend, kept for soft forks.
    if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) {
        return SetError(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
    }
    return true;
}

} // namespace

bool VerifyScript(const Script& script_sig, const Script& script_pubkey, std::span<const StackElement> witness,
                  ScriptVerifyFlags flags, const SignatureChecker& checker, ScriptError* error)
{
    SetError(error, SCRIPT_ERR_UNKNOWN_ERROR);
    bool had_witness = false;

    if ((flags & SCRIPT_VERIFY_SIGPUSHONLY) != 0 && !script_sig.IsPushOnly()) {
        return SetError(error, SCRIPT_ERR_SIG_PUSHONLY);
    }

    // scriptSig and scriptPubKey run one after the other on the same stack, never
    // concatenated (CVE-2010-5141).
    Stack stack;
    Stack stack_copy;
    if (!EvalScript(stack, script_sig, flags, checker, SigVersion::BASE, error)) return false;
    if (flags & SCRIPT_VERIFY_P2SH) stack_copy = stack;
    if (!EvalScript(stack, script_pubkey, flags, checker, SigVersion::BASE, error)) return false;
    if (stack.empty() || !CastToBool(stack.back())) return SetError(error, SCRIPT_ERR_EVAL_FALSE);

    int witness_version = 0;
    Script::Bytes witness_program;
    if (flags & SCRIPT_VERIFY_WITNESS) {
        if (script_pubkey.IsWitnessProgram(witness_version, witness_program)) {
            had_witness = true;
            // Any scriptSig at all would make the spend malleable.
            if (!script_sig.empty()) return SetError(error, SCRIPT_ERR_WITNESS_MALLEATED);
            if (!VerifyWitnessProgram(witness, witness_version, witness_program, flags, checker, error, false)) {
                return false;
            }
            // The real stack is not clean for witness programs; skip CLEANSTACK below.
            stack.resize(1);
        }
    }

    if ((flags & SCRIPT_VERIFY_P2SH) && script_pubkey.IsPayToScriptHash()) {
        if (!script_sig.IsPushOnly()) return SetError(error, SCRIPT_ERR_SIG_PUSHONLY);
        std::swap(stack, stack_copy);
        // Not empty: HASH160 <h> EQUAL would have failed on an empty stack.
        assert(!stack.empty());
        const Script redeem_script(util::ByteSpan{stack.back()});
        stack.pop_back();
        if (!EvalScript(stack, redeem_script, flags, checker, SigVersion::BASE, error)) return false;
        if (stack.empty() || !CastToBool(stack.back())) return SetError(error, SCRIPT_ERR_EVAL_FALSE);

        if (flags & SCRIPT_VERIFY_WITNESS) {
            if (redeem_script.IsWitnessProgram(witness_version, witness_program)) {
                had_witness = true;
                // The scriptSig must be exactly one push of the redeem script.
                if (script_sig != (Script() << redeem_script.bytes())) {
                    return SetError(error, SCRIPT_ERR_WITNESS_MALLEATED_P2SH);
                }
                if (!VerifyWitnessProgram(witness, witness_version, witness_program, flags, checker, error, true)) {
                    return false;
                }
                stack.resize(1);
            }
        }
    }

    // Only after P2SH and witness evaluation: before them the stack legitimately holds more.
    if ((flags & SCRIPT_VERIFY_CLEANSTACK) != 0) {
        // CLEANSTACK without P2SH and WITNESS would make adding them a hard fork.
        assert((flags & SCRIPT_VERIFY_P2SH) != 0);
        assert((flags & SCRIPT_VERIFY_WITNESS) != 0);
        if (stack.size() != 1) return SetError(error, SCRIPT_ERR_CLEANSTACK);
    }

    if (flags & SCRIPT_VERIFY_WITNESS) {
        // Unexpected witness data can only be detected with P2SH on, so WITNESS implies it.
        assert((flags & SCRIPT_VERIFY_P2SH) != 0);
        if (!had_witness && !witness.empty()) return SetError(error, SCRIPT_ERR_WITNESS_UNEXPECTED);
    }
    return SetSuccess(error);
}

} // namespace script
