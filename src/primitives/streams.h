// Byte streams that the serialization framework (serialize.h) reads from and writes to.
//
// SpanReader   reads a borrowed byte span and tracks its position (for error offsets).
// VectorWriter appends to a caller's std::vector<uint8_t>.
// SizeComputer counts bytes without storing them (GetSerializeSize).
// HashWriter   feeds SHA-256; GetHash() is the double-SHA-256 Bitcoin uses for ids.
//
// Every stream supports `<<` / `>>`. Transactions and blocks must be wrapped with their
// parameters: `writer << TX_NO_WITNESS(tx)`, `reader >> TX_WITH_WITNESS(block)`.
// SerializeToBytes, DeserializeFromBytes and GetSerializeSize are the one-line forms.
//
// Thread safety: a stream is a single-threaded object; distinct streams are independent.
#ifndef BITNODE_PRIMITIVES_STREAMS_H
#define BITNODE_PRIMITIVES_STREAMS_H

#include <crypto/sha256.h>
#include <primitives/serialize.h>
#include <primitives/uint256.h>
#include <util/span.h>

#include <cstring>
#include <string>
#include <vector>

namespace primitives {

/** Reads a byte span front to back. Throws DeserializeError when asked for more than is left. */
class SpanReader
{
public:
    explicit SpanReader(util::ByteSpan data) : m_data{data} {}

    void Read(util::WritableByteSpan out)
    {
        if (out.size() > m_data.size() - m_pos) ThrowEndOfData(out.size());
        if (!out.empty()) std::memcpy(out.data(), m_data.data() + m_pos, out.size());
        m_pos += out.size();
    }
    /** Skip n bytes (same error as Read when fewer are left). */
    void Ignore(size_t n)
    {
        if (n > m_data.size() - m_pos) ThrowEndOfData(n);
        m_pos += n;
    }

    /** Bytes consumed so far: the offset of the next byte in the original span. */
    size_t Position() const { return m_pos; }
    /** Bytes not yet read. */
    size_t size() const { return m_data.size() - m_pos; }
    bool empty() const { return m_pos == m_data.size(); }
    /** The unread bytes. */
    util::ByteSpan Remaining() const { return m_data.subspan(m_pos); }

    template <typename T>
    SpanReader& operator>>(T&& obj)
    {
        Unserialize(*this, obj);
        return *this;
    }

private:
    [[noreturn]] void ThrowEndOfData(size_t wanted) const;

    util::ByteSpan m_data;
    size_t m_pos{0};
};

/** Appends to a vector owned by the caller. */
class VectorWriter
{
public:
    explicit VectorWriter(std::vector<uint8_t>& out) : m_out{out} {}

    void Write(util::ByteSpan bytes) { m_out.insert(m_out.end(), bytes.begin(), bytes.end()); }

    template <typename T>
    VectorWriter& operator<<(const T& obj)
    {
        Serialize(*this, obj);
        return *this;
    }

private:
    std::vector<uint8_t>& m_out;
};

/** Counts the bytes an object serializes to. */
class SizeComputer
{
public:
    void Write(util::ByteSpan bytes) { m_size += bytes.size(); }
    /** Account for bytes without producing them. */
    void Seek(size_t n) { m_size += n; }
    size_t size() const { return m_size; }

    template <typename T>
    SizeComputer& operator<<(const T& obj)
    {
        Serialize(*this, obj);
        return *this;
    }

private:
    size_t m_size{0};
};

/** Streams into SHA-256. GetHash and GetSHA256 may be called any number of times. */
class HashWriter
{
public:
    void Write(util::ByteSpan bytes) { m_sha.Write(bytes); }

    /** Double SHA-256 of everything written so far. */
    uint256 GetHash() const;
    /** Single SHA-256 of everything written so far. */
    uint256 GetSHA256() const;
    /** Bytes written so far. */
    uint64_t BytesWritten() const { return m_sha.BytesWritten(); }

    template <typename T>
    HashWriter& operator<<(const T& obj)
    {
        Serialize(*this, obj);
        return *this;
    }

private:
    crypto::Sha256 m_sha;
};

/** Serialized bytes of obj (wrap transactions/blocks: SerializeToBytes(TX_WITH_WITNESS(block))). */
template <typename T>
std::vector<uint8_t> SerializeToBytes(const T& obj)
{
    std::vector<uint8_t> out;
    VectorWriter w{out};
    w << obj;
    return out;
}

/** Size in bytes of obj's serialization. */
template <typename T>
size_t GetSerializeSize(const T& obj)
{
    SizeComputer sc;
    sc << obj;
    return sc.size();
}

/** Throws DeserializeError("<n> unexpected bytes after the end of the <what>", offset). */
[[noreturn]] void ThrowTrailingBytes(size_t count, size_t offset, const char* what);

/**
 * Fill obj from exactly the bytes given: malformed or trailing data throws DeserializeError.
 * Example: `Block b; DeserializeFromBytes(raw, TX_WITH_WITNESS(b));`
 */
template <typename T>
void DeserializeFromBytes(util::ByteSpan bytes, T&& obj, const char* what = "object")
{
    SpanReader r{bytes};
    r >> obj;
    if (!r.empty()) ThrowTrailingBytes(r.size(), r.Position(), what);
}

} // namespace primitives

#endif // BITNODE_PRIMITIVES_STREAMS_H
