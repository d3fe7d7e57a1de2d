// Compact encodings of amounts, scripts and outputs, as Bitcoin Core stores them in the
// chainstate database and in undo data (doc/storage-format.md, "Compressed outputs").
//
// CompressAmount maps satoshi values onto small integers (round amounts become one or two
// bytes once VarInt-encoded). Scripts of the five most common exact shapes (P2PKH, P2SH,
// P2PK with a compressed key, P2PK with an uncompressed key) shrink to a one-byte tag plus
// 20 or 32 bytes; every other script is VarInt(size + 6) followed by its bytes. Inside
// READWRITE use AsCompressedTxOut(out), AsCompressedAmount(value) or AsCompressedScript(script).
//
// The tags 0x00..0x05 and the number of special scripts (6) are part of the on-disk format:
// DO NOT CHANGE.
//
// Thread safety: pure functions.
#ifndef BITNODE_STORAGE_COMPRESSOR_H
#define BITNODE_STORAGE_COMPRESSOR_H

#include <primitives/serialize.h>
#include <primitives/transaction.h>
#include <util/span.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace storage {

/** Tag of a script stored as the 20-byte key hash of a P2PKH script. DO NOT CHANGE. */
inline constexpr uint8_t SCRIPT_TAG_P2PKH = 0x00;
/** Tag of a script stored as the 20-byte script hash of a P2SH script. DO NOT CHANGE. */
inline constexpr uint8_t SCRIPT_TAG_P2SH = 0x01;
/** Tags 0x02/0x03: P2PK with that compressed key; 0x04/0x05: P2PK with an uncompressed key whose
 * y coordinate is even/odd, stored as its x coordinate. DO NOT CHANGE. */
inline constexpr uint8_t SCRIPT_TAG_P2PK_EVEN = 0x02;
inline constexpr uint8_t SCRIPT_TAG_P2PK_ODD = 0x03;
inline constexpr uint8_t SCRIPT_TAG_P2PK_UNCOMPRESSED_EVEN = 0x04;
inline constexpr uint8_t SCRIPT_TAG_P2PK_UNCOMPRESSED_ODD = 0x05;
/** Sizes below this are tags; other scripts store VarInt(size + NUM_SPECIAL_SCRIPTS). DO NOT CHANGE. */
inline constexpr unsigned NUM_SPECIAL_SCRIPTS = 6;

/** Up to 33 bytes: a tag and the 20- or 32-byte payload of a special script. */
struct CompressedScript {
    std::array<uint8_t, 33> bytes{};
    size_t size{0};
};

/**
 * Round amounts to small numbers (Core's CompressAmount). DecompressAmount inverts it for
 * 0..MAX_MONEY; far larger values overflow (wrap, as in Core) and do not round-trip.
 */
uint64_t CompressAmount(uint64_t amount);
/** The inverse of CompressAmount; every input decodes to something. */
uint64_t DecompressAmount(uint64_t compressed);

/**
 * The special-case encoding of script (tag byte, then payload), or nullopt if the script
 * has none of the five shapes. An uncompressed P2PK key must lie on the curve: a key
 * that does not could not be rebuilt from its x coordinate.
 */
std::optional<CompressedScript> CompressScript(const primitives::ScriptBytes& script);
/** Payload bytes that follow tag (0x00..0x05): 20 or 32. */
unsigned GetSpecialScriptSize(unsigned tag);
/**
 * Rebuild a special script from its tag and payload. False (and script left empty) if the
 * tag is unknown or, for tags 4/5, the x coordinate is not on the curve.
 */
bool DecompressScript(primitives::ScriptBytes& script, unsigned tag, const uint8_t* payload);

/** Largest script stored as itself; longer ones are replaced by OP_RETURN when read (as Core). */
inline constexpr unsigned MAX_STORED_SCRIPT_SIZE = 10000;

/** Skip n bytes of a stream (SpanReader skips directly; other streams read into a scratch buffer). */
template <typename Stream>
void SkipBytes(Stream& s, uint64_t n)
{
    if constexpr (requires { s.Ignore(size_t{0}); }) {
        s.Ignore(static_cast<size_t>(n));
    } else {
        std::array<uint8_t, 4096> scratch;
        while (n > 0) {
            const size_t chunk = static_cast<size_t>(std::min<uint64_t>(n, scratch.size()));
            s.Read(util::WritableByteSpan{scratch.data(), chunk});
            n -= chunk;
        }
    }
}

/** A script in its compressed form (READWRITE wrapper). */
template <typename S>
struct CompressedScriptRef {
    S& script;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        if (const auto compressed = CompressScript(script)) {
            s.Write(util::ByteSpan{compressed->bytes.data(), compressed->size});
            return;
        }
        primitives::WriteVarInt(s, static_cast<uint64_t>(script.size()) + NUM_SPECIAL_SCRIPTS);
        s.Write(util::ByteSpan{script.data(), script.size()});
    }

    template <typename Stream>
    void Unserialize(Stream& s) requires(!std::is_const_v<S>)
    {
        const uint64_t code = primitives::ReadVarInt<uint64_t>(s);
        if (code < NUM_SPECIAL_SCRIPTS) {
            std::array<uint8_t, 32> payload{};
            s.Read(util::WritableByteSpan{payload.data(), GetSpecialScriptSize(static_cast<unsigned>(code))});
            DecompressScript(script, static_cast<unsigned>(code), payload.data());
            return;
        }
        const uint64_t size = code - NUM_SPECIAL_SCRIPTS;
        if (size > MAX_STORED_SCRIPT_SIZE) {
            // Such an output can never be spent; keep a short unspendable stand-in instead.
            script.assign(1, 0x6a); // OP_RETURN
            SkipBytes(s, size);
            return;
        }
        script.resize(static_cast<size_t>(size));
        s.Read(util::WritableByteSpan{script.data(), script.size()});
    }
};

/** An amount as VarInt(CompressAmount(value)) (READWRITE wrapper). */
template <typename A>
struct CompressedAmountRef {
    A& amount;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteVarInt(s, CompressAmount(static_cast<uint64_t>(amount)));
    }
    template <typename Stream>
    void Unserialize(Stream& s) requires(!std::is_const_v<A>)
    {
        amount = static_cast<std::remove_const_t<A>>(DecompressAmount(primitives::ReadVarInt<uint64_t>(s)));
    }
};

/** A TxOut as compressed amount then compressed script (READWRITE wrapper). */
template <typename T>
struct CompressedTxOutRef {
    T& out;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        CompressedAmountRef<const primitives::Amount>{out.value}.Serialize(s);
        CompressedScriptRef<const primitives::ScriptBytes>{out.script_pubkey}.Serialize(s);
    }
    template <typename Stream>
    void Unserialize(Stream& s) requires(!std::is_const_v<T>)
    {
        CompressedAmountRef<primitives::Amount>{out.value}.Unserialize(s);
        CompressedScriptRef<primitives::ScriptBytes>{out.script_pubkey}.Unserialize(s);
    }
};

inline CompressedTxOutRef<primitives::TxOut> AsCompressedTxOut(primitives::TxOut& out) { return {out}; }
inline CompressedTxOutRef<const primitives::TxOut> AsCompressedTxOut(const primitives::TxOut& out) { return {out}; }
inline CompressedScriptRef<primitives::ScriptBytes> AsCompressedScript(primitives::ScriptBytes& s) { return {s}; }
inline CompressedScriptRef<const primitives::ScriptBytes> AsCompressedScript(const primitives::ScriptBytes& s)
{
    return {s};
}
inline CompressedAmountRef<primitives::Amount> AsCompressedAmount(primitives::Amount& a) { return {a}; }
inline CompressedAmountRef<const primitives::Amount> AsCompressedAmount(const primitives::Amount& a) { return {a}; }

} // namespace storage

#endif // BITNODE_STORAGE_COMPRESSOR_H
