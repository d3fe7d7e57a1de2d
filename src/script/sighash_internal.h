// Serialization straight into SHA-256, shared by sighash.cpp and precomputed.cpp.
// Not part of the script library's API.
#ifndef BITNODE_SCRIPT_SIGHASH_INTERNAL_H
#define BITNODE_SCRIPT_SIGHASH_INTERNAL_H

#include <crypto/sha256.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <script/interpreter_internal.h>
#include <script/sighash.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace script::detail {

inline void WriteLE32(crypto::Sha256& h, uint32_t v)
{
    const uint8_t b[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                          static_cast<uint8_t>(v >> 24)};
    h.Write(b, 4);
}

inline void WriteLE64(crypto::Sha256& h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(v >> (8 * i));
    h.Write(b, 8);
}

inline void WriteOutPoint(crypto::Sha256& h, const primitives::OutPoint& prevout)
{
    h.Write(prevout.hash.span());
    WriteLE32(h, prevout.n);
}

/** Bytes with their CompactSize length (scripts, witness elements). */
inline void WriteVarBytes(crypto::Sha256& h, util::ByteSpan bytes)
{
    WriteCompactSize(h, bytes.size());
    h.Write(bytes);
}

inline void WriteTxOut(crypto::Sha256& h, const primitives::TxOut& out)
{
    WriteLE64(h, static_cast<uint64_t>(out.value));
    WriteVarBytes(h, out.script_pubkey);
}

/** Double SHA-256 finish. */
inline primitives::uint256 FinalizeDouble(crypto::Sha256& h)
{
    uint8_t first[32];
    h.Finalize(first);
    primitives::uint256 out;
    crypto::Sha256().Write(first, 32).Finalize(out.data());
    return out;
}

/**
 * Consensus callers always supply amounts and spent outputs, so their absence is a
 * bug there (abort, even in release builds); other callers just fail the signature.
 */
inline bool HandleMissingData(MissingDataBehavior mdb)
{
    if (mdb == MissingDataBehavior::ASSERT_FAIL) {
        std::fputs("script: signature hash data missing (amounts or spent outputs not provided)\n", stderr);
        std::abort();
    }
    return false;
}

} // namespace script::detail

#endif // BITNODE_SCRIPT_SIGHASH_INTERNAL_H
