// The script interpreter: runs scripts on a stack machine and decides whether an
// input may spend an output (legacy, P2SH, segwit v0, taproot key path and tapscript).
//
// Behaviour is Bitcoin Core 30's bit for bit, including its historical quirks (the
// CHECKMULTISIG extra pop, FindAndDelete, OP_CODESEPARATOR scriptCode), its limits
// and the exact ScriptError reported for each failure; the JSON vectors in
// ../shared/testdata check this. Signature checks and lock-time checks go through
// the SignatureChecker interface, so this file knows nothing of transactions:
// TransactionSignatureChecker (tx_checker.h) supplies them for a real input.
//
// Thread safety: EvalScript and VerifyScript keep all state in their arguments; they
// may run concurrently on different inputs as long as each call has its own stack and
// ScriptExecutionData (checkers are used through const methods only).
#ifndef BITNODE_SCRIPT_INTERPRETER_H
#define BITNODE_SCRIPT_INTERPRETER_H

#include <primitives/uint256.h>
#include <script/script.h>
#include <script/script_error.h>
#include <script/scriptnum.h>
#include <script/verify_flags.h>
#include <util/span.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace script {

using StackElement = std::vector<uint8_t>;
/** The main stack, the alt stack and a witness stack all have this shape. */
using Stack = std::vector<StackElement>;

/** Which rule set a script runs under. DO NOT CHANGE the values (used in sighash caches). */
enum class SigVersion {
    BASE = 0,       //!< bare scripts and P2SH redeem scripts
    WITNESS_V0 = 1, //!< P2WPKH and P2WSH (BIP141/143)
    TAPROOT = 2,    //!< taproot key path (BIP341); no script runs
    TAPSCRIPT = 3,  //!< taproot script path with leaf version 0xc0 (BIP342)
};

// Consensus constants beyond those in script.h (Core's values).
/** A taproot annex is a last witness element starting with this byte (when there are two or more). */
inline constexpr uint8_t ANNEX_TAG = 0x50;
/** Tapscript budget spent by each non-empty signature checked (BIP342). */
inline constexpr int64_t VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
/** Tapscript budget granted on top of the witness size (BIP342). */
inline constexpr int64_t VALIDATION_WEIGHT_OFFSET = 50;
inline constexpr uint8_t TAPROOT_LEAF_MASK = 0xfe;
inline constexpr uint8_t TAPROOT_LEAF_TAPSCRIPT = 0xc0;
inline constexpr size_t TAPROOT_CONTROL_BASE_SIZE = 33;
inline constexpr size_t TAPROOT_CONTROL_NODE_SIZE = 32;
inline constexpr size_t TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
inline constexpr size_t TAPROOT_CONTROL_MAX_SIZE =
    TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;
/** Most keys an OP_CHECKSIGADD multisig can use (bounded by the stack limit). */
inline constexpr unsigned MAX_PUBKEYS_PER_MULTI_A = 999;
/** nSequence bits (BIP68/112) that CHECKSEQUENCEVERIFY looks at. */
inline constexpr uint32_t SEQUENCE_FINAL = 0xffffffff;
inline constexpr uint32_t SEQUENCE_LOCKTIME_DISABLE_FLAG = 1U << 31;
inline constexpr uint32_t SEQUENCE_LOCKTIME_TYPE_FLAG = 1U << 22;
inline constexpr uint32_t SEQUENCE_LOCKTIME_MASK = 0x0000ffff;

/**
 * Per-input state of a witness-v1 spend that signature hashing needs: the tapleaf
 * hash, the last executed OP_CODESEPARATOR, the annex, the remaining validation
 * weight, and the SIGHASH_SINGLE output hash (cached across signatures).
 */
struct ScriptExecutionData {
    bool m_tapleaf_hash_init = false;
    primitives::uint256 m_tapleaf_hash;

    bool m_codeseparator_pos_init = false;
    /** Opcode index of the last executed OP_CODESEPARATOR, 0xFFFFFFFF if none. */
    uint32_t m_codeseparator_pos = 0xFFFFFFFF;

    bool m_annex_init = false;
    bool m_annex_present = false;
    /** SHA-256 of the annex serialized with its CompactSize length. */
    primitives::uint256 m_annex_hash;

    bool m_validation_weight_left_init = false;
    int64_t m_validation_weight_left = 0;

    std::optional<primitives::uint256> m_output_hash;
};

/**
 * Signature and lock-time checks the interpreter delegates. The base class refuses
 * everything (like Core's BaseSignatureChecker): enough to evaluate scripts that
 * check no signature, and the parent of TransactionSignatureChecker.
 */
class SignatureChecker
{
public:
    virtual ~SignatureChecker() = default;

    /** ECDSA: sig includes its trailing hash-type byte; script_code is the BIP143/legacy scriptCode. */
    virtual bool CheckECDSASignature(util::ByteSpan /*sig*/, util::ByteSpan /*pubkey*/, const Script& /*script_code*/,
                                     SigVersion /*sigversion*/) const
    {
        return false;
    }
    /** BIP340 Schnorr for taproot; pubkey is 32 bytes. May set *error to say why it failed. */
    virtual bool CheckSchnorrSignature(util::ByteSpan /*sig*/, util::ByteSpan /*pubkey*/, SigVersion /*sigversion*/,
                                       ScriptExecutionData& /*execdata*/, ScriptError* /*error*/) const
    {
        return false;
    }
    virtual bool CheckLockTime(const ScriptNum& /*lock_time*/) const { return false; }
    virtual bool CheckSequence(const ScriptNum& /*sequence*/) const { return false; }
};

/** Script truth: any non-zero byte, except a lone sign bit at the end (negative zero). */
bool CastToBool(util::ByteSpan element);

/** Whether a push of data used the shortest opcode (MINIMALDATA). op must be a push opcode (<= OP_PUSHDATA4). */
bool CheckMinimalPush(util::ByteSpan data, Opcode op);

/** BIP342 OP_SUCCESSx: opcodes that make a tapscript succeed outright. */
bool IsOpSuccess(Opcode op);

/**
 * Remove every occurrence of `pattern` that starts at an opcode boundary of `script`
 * (legacy scriptCode rule for signatures). Returns how many were removed.
 */
int FindAndDelete(Script& script, const Script& pattern);

/**
 * BIP66 strict DER for a signature with its trailing hash-type byte:
 * 0x30 len 0x02 lenR R 0x02 lenS S hashtype, 9..73 bytes.
 */
bool IsValidSignatureEncoding(util::ByteSpan sig);

/** Signature checks that DERSIG, LOW_S and STRICTENC ask for; an empty signature always passes. */
bool CheckSignatureEncoding(util::ByteSpan sig, ScriptVerifyFlags flags, ScriptError* error);

/**
 * Run one script on `stack`. Returns false and sets *error on failure; on success
 * the stack holds the result. sigversion must not be TAPROOT (no script runs there).
 */
bool EvalScript(Stack& stack, const Script& script, ScriptVerifyFlags flags, const SignatureChecker& checker,
                SigVersion sigversion, ScriptExecutionData& execdata, ScriptError* error = nullptr);
bool EvalScript(Stack& stack, const Script& script, ScriptVerifyFlags flags, const SignatureChecker& checker,
                SigVersion sigversion, ScriptError* error = nullptr);

/**
 * Verify that scriptSig (and the witness) satisfy scriptPubKey under `flags`.
 * WITNESS requires P2SH and CLEANSTACK requires both (asserted, as in Core).
 */
bool VerifyScript(const Script& script_sig, const Script& script_pubkey, std::span<const StackElement> witness,
                  ScriptVerifyFlags flags, const SignatureChecker& checker, ScriptError* error = nullptr);

/** BIP341 tagged hashes of the script tree. */
primitives::uint256 ComputeTapleafHash(uint8_t leaf_version, util::ByteSpan script);
/** Both spans 32 bytes; the smaller one is hashed first. */
primitives::uint256 ComputeTapbranchHash(util::ByteSpan a, util::ByteSpan b);
/** Merkle root from a control block of valid size (33 + 32k bytes, k <= 128) and a leaf hash. */
primitives::uint256 ComputeTaprootMerkleRoot(util::ByteSpan control, const primitives::uint256& tapleaf_hash);

} // namespace script

#endif // BITNODE_SCRIPT_INTERPRETER_H
