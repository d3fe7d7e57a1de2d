// Predicates the interpreter applies to signatures, public keys and pushes.
#include <script/interpreter.h>
#include <script/interpreter_internal.h>

#include <crypto/pubkey.h>

#include <algorithm>
#include <cassert>

namespace script {

using detail::SetError;

bool CastToBool(util::ByteSpan element)
{
    for (size_t i = 0; i < element.size(); ++i) {
        if (element[i] != 0) {
            // A lone 0x80 in the last byte is negative zero, which is false.
            return !(i == element.size() - 1 && element[i] == 0x80);
        }
    }
    return false;
}

bool CheckMinimalPush(util::ByteSpan data, Opcode op)
{
    // OP_1NEGATE and OP_1..OP_16 are minimal by definition and never reach here.
    assert(op <= OP_PUSHDATA4);
    if (data.empty()) return op == OP_0;
    if (data.size() == 1 && data[0] >= 1 && data[0] <= 16) return false; // should be OP_1..OP_16
    if (data.size() == 1 && data[0] == 0x81) return false;                 // should be OP_1NEGATE
    if (data.size() <= 75) return static_cast<size_t>(op) == data.size();
    if (data.size() <= 255) return op == OP_PUSHDATA1;
    if (data.size() <= 65535) return op == OP_PUSHDATA2;
    return true;
}

bool IsOpSuccess(Opcode op)
{
    const unsigned o = op;
    return o == 80 || o == 98 || (o >= 126 && o <= 129) || (o >= 131 && o <= 134) || (o >= 137 && o <= 138) ||
           (o >= 141 && o <= 142) || (o >= 149 && o <= 153) || (o >= 187 && o <= 254);
}

int FindAndDelete(Script& script, const Script& pattern)
{
    if (pattern.empty()) return 0;
    const Script::Bytes& bytes = script.bytes();
    const size_t n = pattern.size();
    Script::Bytes result;
    int found = 0;
    size_t pos = 0;       // next opcode boundary to examine
    size_t copied = 0;    // bytes before this are already decided (copied or dropped)
    Opcode op;
    // At each opcode boundary, drop as many back-to-back copies of the pattern as
    // start there; then step over one opcode. Matching only at boundaries is what
    // keeps a signature hidden inside a larger push from being removed.
    do {
        result.insert(result.end(), bytes.begin() + static_cast<std::ptrdiff_t>(copied),
                      bytes.begin() + static_cast<std::ptrdiff_t>(pos));
        while (bytes.size() - pos >= n &&
               std::equal(pattern.begin(), pattern.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos))) {
            pos += n;
            ++found;
        }
        copied = pos;
    } while (script.GetOp(pos, op));

    if (found > 0) {
        result.insert(result.end(), bytes.begin() + static_cast<std::ptrdiff_t>(copied), bytes.end());
        script.bytes() = std::move(result);
    }
    return found;
}

bool IsValidSignatureEncoding(util::ByteSpan sig)
{
    // 0x30 [total-len] 0x02 [R-len] [R] 0x02 [S-len] [S] [hashtype], where total-len
    // covers everything but the hash type, and R and S are minimal non-negative
    // big-endian integers (a leading zero only when the next byte has its top bit set).
    if (sig.size() < 9 || sig.size() > 73) return false;
    if (sig[0] != 0x30) return false;
    if (sig[1] != sig.size() - 3) return false;
    const size_t len_r = sig[3];
    if (5 + len_r >= sig.size()) return false;
    const size_t len_s = sig[5 + len_r];
    if (len_r + len_s + 7 != sig.size()) return false;

    if (sig[2] != 0x02) return false;
    if (len_r == 0) return false;
    if (sig[4] & 0x80) return false;
    if (len_r > 1 && sig[4] == 0x00 && !(sig[5] & 0x80)) return false;

    if (sig[len_r + 4] != 0x02) return false;
    if (len_s == 0) return false;
    if (sig[len_r + 6] & 0x80) return false;
    if (len_s > 1 && sig[len_r + 6] == 0x00 && !(sig[len_r + 7] & 0x80)) return false;
    return true;
}

namespace {

bool IsLowDERSignature(util::ByteSpan sig, ScriptError* error)
{
    if (!IsValidSignatureEncoding(sig)) return SetError(error, SCRIPT_ERR_SIG_DER);
    // The last byte is the hash type, not part of the DER encoding.
    if (!crypto::PubKey::CheckLowS(sig.first(sig.size() - 1))) return SetError(error, SCRIPT_ERR_SIG_HIGH_S);
    return true;
}

bool IsDefinedHashtypeSignature(util::ByteSpan sig)
{
    if (sig.empty()) return false;
    const uint8_t base_type = sig.back() & static_cast<uint8_t>(~0x80);
    return base_type >= 1 && base_type <= 3; // SIGHASH_ALL, SIGHASH_NONE, SIGHASH_SINGLE
}

bool IsCompressedOrUncompressedPubKey(util::ByteSpan pubkey)
{
    if (pubkey.size() < 33) return false;
    if (pubkey[0] == 0x04) return pubkey.size() == 65;
    if (pubkey[0] == 0x02 || pubkey[0] == 0x03) return pubkey.size() == 33;
    return false;
}

bool IsCompressedPubKey(util::ByteSpan pubkey)
{
    return pubkey.size() == 33 && (pubkey[0] == 0x02 || pubkey[0] == 0x03);
}

} // namespace

bool CheckSignatureEncoding(util::ByteSpan sig, ScriptVerifyFlags flags, ScriptError* error)
{
    // The empty signature is the compact way to fail a CHECK(MULTI)SIG on purpose.
    if (sig.empty()) return true;
    if ((flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) != 0 &&
        !IsValidSignatureEncoding(sig)) {
        return SetError(error, SCRIPT_ERR_SIG_DER);
    }
    if ((flags & SCRIPT_VERIFY_LOW_S) != 0 && !IsLowDERSignature(sig, error)) return false;
    if ((flags & SCRIPT_VERIFY_STRICTENC) != 0 && !IsDefinedHashtypeSignature(sig)) {
        return SetError(error, SCRIPT_ERR_SIG_HASHTYPE);
    }
    return true;
}

namespace detail {

bool CheckPubKeyEncoding(util::ByteSpan pubkey, ScriptVerifyFlags flags, SigVersion sigversion, ScriptError* error)
{
    if ((flags & SCRIPT_VERIFY_STRICTENC) != 0 && !IsCompressedOrUncompressedPubKey(pubkey)) {
        return SetError(error, SCRIPT_ERR_PUBKEYTYPE);
    }
    if ((flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE) != 0 && sigversion == SigVersion::WITNESS_V0 &&
        !IsCompressedPubKey(pubkey)) {
        return SetError(error, SCRIPT_ERR_WITNESS_PUBKEYTYPE);
    }
    return true;
}

} // namespace detail

} // namespace script
