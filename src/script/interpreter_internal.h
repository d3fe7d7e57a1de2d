// Helpers shared by the interpreter's translation units (interpreter.cpp,
// interpreter_checks.cpp, verify.cpp). Not part of the script library's API.
#ifndef BITNODE_SCRIPT_INTERPRETER_INTERNAL_H
#define BITNODE_SCRIPT_INTERPRETER_INTERNAL_H

#include <crypto/sha256.h>
#include <primitives/uint256.h>
#include <script/interpreter.h>

#include <string_view>

namespace script::detail {

inline bool SetSuccess(ScriptError* out)
{
    if (out) *out = SCRIPT_ERR_OK;
    return true;
}

inline bool SetError(ScriptError* out, ScriptError error)
{
    if (out) *out = error;
    return false;
}

/** STRICTENC and WITNESS_PUBKEYTYPE rules for a public key about to be used by CHECK(MULTI)SIG. */
bool CheckPubKeyEncoding(util::ByteSpan pubkey, ScriptVerifyFlags flags, SigVersion sigversion, ScriptError* error);

/** The result of OP_RIPEMD160, OP_SHA1, OP_SHA256, OP_HASH160 or OP_HASH256 on `data`. */
StackElement HashForOpcode(Opcode op, util::ByteSpan data);

/** SHA-256 hashers primed with a BIP340 tag prefix (copy before use). */
const crypto::Sha256& TapLeafHasher();
const crypto::Sha256& TapBranchHasher();
const crypto::Sha256& TapSighashHasher();

/** Feed a Bitcoin CompactSize to a hasher. */
void WriteCompactSize(crypto::Sha256& hasher, uint64_t n);

/** Finish a single SHA-256. */
primitives::uint256 FinalizeSingle(crypto::Sha256& hasher);

} // namespace script::detail

#endif // BITNODE_SCRIPT_INTERPRETER_INTERNAL_H
