// Bitcoin's consensus serialization: one symmetric description per type.
//
// A type describes its fields once, and both writing and reading come from that
// description:
//
//     struct OutPoint {
//         Txid hash; uint32_t n;
//         SERIALIZE_METHODS(OutPoint, obj) { READWRITE(obj.hash, obj.n); }
//     };
//
// Integers are little-endian; lengths are CompactSize (canonical encoding enforced,
// at most MAX_SIZE); vectors and strings are a CompactSize count followed by the
// elements; std::array and fixed byte spans have no length prefix. Containers are
// allocated in bounded chunks while reading, so a lying length costs at most
// MAX_VECTOR_ALLOCATE bytes before the stream runs dry.
//
// Malformed input throws DeserializeError, whose message names the problem and the
// byte offset where it was found (when the stream knows its position). The wire
// format is written down in doc/serialization.md.
//
// Transactions need to know whether to include witness data. Like Bitcoin Core, the
// choice travels with the object being (de)serialized: `stream << TX_NO_WITNESS(tx)`,
// `stream >> TX_WITH_WITNESS(block)`. Serializing a transaction without saying which
// is a compile error.
//
// Thread safety: everything here is a pure function of its arguments; streams are
// single-threaded objects.
#ifndef BITNODE_PRIMITIVES_SERIALIZE_H
#define BITNODE_PRIMITIVES_SERIALIZE_H

#include <util/span.h>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace primitives {

/** Largest CompactSize accepted as a length (Core's MAX_SIZE, 32 MiB). */
inline constexpr uint64_t MAX_SIZE = 0x02000000;

/** Most bytes reserved at once while reading a container whose length came from the stream. */
inline constexpr size_t MAX_VECTOR_ALLOCATE = 5000000;

/** Thrown for every malformed input: truncated data, non-canonical sizes, bad flags. */
class DeserializeError : public std::runtime_error
{
public:
    /** what() is "<reason> at byte <offset>" (or just the reason when the offset is unknown). */
    DeserializeError(const std::string& reason, std::optional<size_t> offset);

    const std::string& Reason() const { return m_reason; }
    std::optional<size_t> Offset() const { return m_offset; }

private:
    std::string m_reason;
    std::optional<size_t> m_offset;
};

/** Position of a reading stream if it tracks one (SpanReader does). */
template <typename Stream>
std::optional<size_t> StreamPosition(const Stream& s)
{
    if constexpr (requires { s.Position(); }) {
        return s.Position();
    } else {
        return std::nullopt;
    }
}

//
// Transaction serialization parameters (Core's TransactionSerParams).
//

template <typename T>
class ParamsWrapper;

/** Whether transactions are written/read with their BIP144 witness data. */
struct TxSerParams {
    bool allow_witness;

    /** Wrap an object so that it is (de)serialized with these parameters. */
    template <typename T>
    ParamsWrapper<T> operator()(T& obj) const { return ParamsWrapper<T>{*this, obj}; }
    template <typename T>
    ParamsWrapper<const T> operator()(const T& obj) const { return ParamsWrapper<const T>{*this, obj}; }
};

inline constexpr TxSerParams TX_WITH_WITNESS{.allow_witness = true};
inline constexpr TxSerParams TX_NO_WITNESS{.allow_witness = false};

/** A stream plus transaction parameters; forwards everything else to the wrapped stream. */
template <typename Stream>
class ParamsStream
{
public:
    ParamsStream(Stream& s, const TxSerParams& params) : m_stream{s}, m_params{params} {}

    void Write(util::ByteSpan bytes) { m_stream.Write(bytes); }
    void Read(util::WritableByteSpan bytes) { m_stream.Read(bytes); }
    size_t Position() const
        requires requires(const Stream& s) { s.Position(); }
    {
        return m_stream.Position();
    }
    const TxSerParams& GetParams() const { return m_params; }

    template <typename T>
    ParamsStream& operator<<(const T& obj);
    template <typename T>
    ParamsStream& operator>>(T&& obj);

private:
    Stream& m_stream;
    TxSerParams m_params;
};

/** The parameters a transaction must be (de)serialized with; a compile error if none were given. */
template <typename Stream>
const TxSerParams& GetTxParams(const Stream& s)
{
    static_assert(requires { s.GetParams(); },
                  "say whether witness data is included: stream << TX_WITH_WITNESS(tx) or TX_NO_WITNESS(tx)");
    return s.GetParams();
}

//
// Low-level little-endian integer access. Any stream with Write(ByteSpan) or
// Read(WritableByteSpan) works.
//

template <typename Stream>
void WriteLE8(Stream& s, uint8_t v)
{
    s.Write(util::ByteSpan{&v, 1});
}
template <typename Stream, std::unsigned_integral U>
void WriteLE(Stream& s, U v)
{
    uint8_t buf[sizeof(U)];
    for (size_t i = 0; i < sizeof(U); ++i) buf[i] = static_cast<uint8_t>(v >> (8 * i));
    s.Write(util::ByteSpan{buf, sizeof(U)});
}
template <std::unsigned_integral U, typename Stream>
U ReadLE(Stream& s)
{
    uint8_t buf[sizeof(U)];
    s.Read(util::WritableByteSpan{buf, sizeof(U)});
    U v = 0;
    for (size_t i = 0; i < sizeof(U); ++i) v |= static_cast<U>(buf[i]) << (8 * i);
    return v;
}

//
// CompactSize: 1, 3, 5 or 9 bytes (0xfd, 0xfe, 0xff prefixes for 16, 32, 64 bits).
//

/** Bytes a CompactSize encoding of n takes. */
constexpr unsigned GetSizeOfCompactSize(uint64_t n)
{
    if (n < 253) return 1;
    if (n <= 0xffff) return 3;
    if (n <= 0xffffffff) return 5;
    return 9;
}

template <typename Stream>
void WriteCompactSize(Stream& s, uint64_t n)
{
    if (n < 253) {
        WriteLE8(s, static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        WriteLE8(s, 253);
        WriteLE(s, static_cast<uint16_t>(n));
    } else if (n <= 0xffffffff) {
        WriteLE8(s, 254);
        WriteLE(s, static_cast<uint32_t>(n));
    } else {
        WriteLE8(s, 255);
        WriteLE(s, n);
    }
}

/**
 * Read a CompactSize. Throws "non-canonical ReadCompactSize()" if a shorter encoding
 * existed and, when range_check is set, "ReadCompactSize(): size too large" above MAX_SIZE
 * (Bitcoin Core's messages, followed by the offset of the first byte of the encoding).
 */
template <typename Stream>
uint64_t ReadCompactSize(Stream& s, bool range_check = true)
{
    const std::optional<size_t> start = StreamPosition(s);
    const uint8_t first = ReadLE<uint8_t>(s);
    uint64_t n = first;
    if (first == 253) {
        n = ReadLE<uint16_t>(s);
        if (n < 253) throw DeserializeError("non-canonical ReadCompactSize()", start);
    } else if (first == 254) {
        n = ReadLE<uint32_t>(s);
        if (n < 0x10000) throw DeserializeError("non-canonical ReadCompactSize()", start);
    } else if (first == 255) {
        n = ReadLE<uint64_t>(s);
        if (n < 0x100000000ULL) throw DeserializeError("non-canonical ReadCompactSize()", start);
    }
    if (range_check && n > MAX_SIZE) throw DeserializeError("ReadCompactSize(): size too large", start);
    return n;
}

//
// VarInt: Core's MSB base-128 encoding of non-negative integers (used by on-disk
// formats such as the coins database and block index, never by the wire protocol).
//

template <typename Stream, std::unsigned_integral U>
void WriteVarInt(Stream& s, U n)
{
    uint8_t tmp[(sizeof(U) * 8 + 6) / 7];
    int len = 0;
    while (true) {
        tmp[len] = static_cast<uint8_t>((n & 0x7f) | (len ? 0x80 : 0x00));
        if (n <= 0x7f) break;
        n = static_cast<U>((n >> 7) - 1);
        ++len;
    }
    do {
        WriteLE8(s, tmp[len]);
    } while (len--);
}

/** Throws "ReadVarInt(): size too large" if the value does not fit in U. */
template <std::unsigned_integral U, typename Stream>
U ReadVarInt(Stream& s)
{
    const std::optional<size_t> start = StreamPosition(s);
    U n = 0;
    while (true) {
        const uint8_t byte = ReadLE<uint8_t>(s);
        if (n > (std::numeric_limits<U>::max() >> 7)) throw DeserializeError("ReadVarInt(): size too large", start);
        n = static_cast<U>((n << 7) | (byte & 0x7f));
        if (!(byte & 0x80)) return n;
        if (n == std::numeric_limits<U>::max()) throw DeserializeError("ReadVarInt(): size too large", start);
        ++n;
    }
}

//
// Serialize / Unserialize overloads. All are declared before any is defined so that
// nested containers (a vector of vectors of bytes) find each other.
//

/** Integers other than char; bool is one byte. */
template <typename T>
concept SerInteger = std::integral<T> && !std::same_as<T, char> && !std::same_as<T, bool>;

template <typename Stream, SerInteger I>
void Serialize(Stream& s, I v);
template <typename Stream, SerInteger I>
void Unserialize(Stream& s, I& v);
template <typename Stream>
void Serialize(Stream& s, bool v);
template <typename Stream>
void Unserialize(Stream& s, bool& v);

/** Fixed-size byte runs with no length prefix. */
template <typename Stream>
void Serialize(Stream& s, std::span<const uint8_t> bytes);
template <typename Stream>
void Unserialize(Stream& s, std::span<uint8_t> bytes);
template <typename Stream, size_t N>
void Serialize(Stream& s, const std::array<uint8_t, N>& a);
template <typename Stream, size_t N>
void Unserialize(Stream& s, std::array<uint8_t, N>& a);

/** std::array of other types: N elements, no length prefix. */
template <typename Stream, typename T, size_t N>
    requires(!std::same_as<T, uint8_t>)
void Serialize(Stream& s, const std::array<T, N>& a);
template <typename Stream, typename T, size_t N>
    requires(!std::same_as<T, uint8_t>)
void Unserialize(Stream& s, std::array<T, N>& a);

/** Strings and vectors: CompactSize count, then elements. */
template <typename Stream>
void Serialize(Stream& s, const std::string& str);
template <typename Stream>
void Unserialize(Stream& s, std::string& str);
template <typename Stream, typename T, typename A>
void Serialize(Stream& s, const std::vector<T, A>& v);
template <typename Stream, typename T, typename A>
void Unserialize(Stream& s, std::vector<T, A>& v);

/** shared_ptr<const T>: the pointee (T must be constructible from (DeserializeType, Stream&)). */
template <typename Stream, typename T>
void Serialize(Stream& s, const std::shared_ptr<const T>& p);
template <typename Stream, typename T>
void Unserialize(Stream& s, std::shared_ptr<const T>& p);

/** Class types with Serialize/Unserialize members (SERIALIZE_METHODS or hand-written). */
template <typename Stream, typename T>
    requires requires(const T& t, Stream& s) { t.Serialize(s); }
void Serialize(Stream& s, const T& obj)
{
    obj.Serialize(s);
}
template <typename Stream, typename T>
    requires requires(T& t, Stream& s) { t.Unserialize(s); }
void Unserialize(Stream& s, T& obj)
{
    obj.Unserialize(s);
}

/**
 * Serialize/Unserialize under another name, for member functions whose own name would hide
 * the free functions (calls from here still find overloads by argument-dependent lookup).
 */
template <typename Stream, typename T>
void SerializeWith(Stream& s, const T& obj)
{
    Serialize(s, obj);
}
template <typename Stream, typename T>
void UnserializeWith(Stream& s, T& obj)
{
    Unserialize(s, obj);
}

/** Tag for constructors of immutable types that are built directly from a stream. */
struct DeserializeType {
};
inline constexpr DeserializeType deserialize{};

//
// Definitions.
//

template <typename Stream, SerInteger I>
void Serialize(Stream& s, I v)
{
    WriteLE(s, static_cast<std::make_unsigned_t<I>>(v));
}
template <typename Stream, SerInteger I>
void Unserialize(Stream& s, I& v)
{
    v = static_cast<I>(ReadLE<std::make_unsigned_t<I>>(s));
}
template <typename Stream>
void Serialize(Stream& s, bool v)
{
    WriteLE8(s, v ? 1 : 0);
}
template <typename Stream>
void Unserialize(Stream& s, bool& v)
{
    v = ReadLE<uint8_t>(s) != 0;
}

template <typename Stream>
void Serialize(Stream& s, std::span<const uint8_t> bytes)
{
    s.Write(bytes);
}
template <typename Stream>
void Unserialize(Stream& s, std::span<uint8_t> bytes)
{
    s.Read(bytes);
}
template <typename Stream, size_t N>
void Serialize(Stream& s, const std::array<uint8_t, N>& a)
{
    s.Write(util::ByteSpan{a});
}
template <typename Stream, size_t N>
void Unserialize(Stream& s, std::array<uint8_t, N>& a)
{
    s.Read(util::WritableByteSpan{a});
}

template <typename Stream, typename T, size_t N>
    requires(!std::same_as<T, uint8_t>)
void Serialize(Stream& s, const std::array<T, N>& a)
{
    for (const T& elem : a) Serialize(s, elem);
}
template <typename Stream, typename T, size_t N>
    requires(!std::same_as<T, uint8_t>)
void Unserialize(Stream& s, std::array<T, N>& a)
{
    for (T& elem : a) Unserialize(s, elem);
}

/** Read `count` bytes into a byte container, growing it in chunks of MAX_VECTOR_ALLOCATE. */
template <typename Stream, typename ByteContainer>
void ReadBytesChunked(Stream& s, ByteContainer& out, uint64_t count)
{
    out.clear();
    size_t done = 0;
    while (done < count) {
        const size_t chunk = static_cast<size_t>(std::min<uint64_t>(count - done, MAX_VECTOR_ALLOCATE));
        out.resize(done + chunk);
        s.Read(util::WritableByteSpan{reinterpret_cast<uint8_t*>(out.data()) + done, chunk});
        done += chunk;
    }
}

template <typename Stream>
void Serialize(Stream& s, const std::string& str)
{
    WriteCompactSize(s, str.size());
    s.Write(util::AsBytes(str));
}
template <typename Stream>
void Unserialize(Stream& s, std::string& str)
{
    ReadBytesChunked(s, str, ReadCompactSize(s));
}

template <typename Stream, typename T, typename A>
void Serialize(Stream& s, const std::vector<T, A>& v)
{
    WriteCompactSize(s, v.size());
    if constexpr (std::same_as<T, uint8_t>) {
        s.Write(util::ByteSpan{v.data(), v.size()});
    } else {
        for (const T& elem : v) Serialize(s, elem);
    }
}
template <typename Stream, typename T, typename A>
void Unserialize(Stream& s, std::vector<T, A>& v)
{
    const uint64_t count = ReadCompactSize(s);
    if constexpr (std::same_as<T, uint8_t>) {
        ReadBytesChunked(s, v, count);
    } else {
        // Reserve no more than MAX_VECTOR_ALLOCATE bytes ahead of the data actually read.
        v.clear();
        constexpr size_t per_chunk = std::max<size_t>(1, MAX_VECTOR_ALLOCATE / sizeof(T));
        while (v.size() < count) {
            const size_t target = static_cast<size_t>(std::min<uint64_t>(count, v.size() + per_chunk));
            v.reserve(target);
            while (v.size() < target) {
                v.emplace_back();
                Unserialize(s, v.back());
            }
        }
    }
}

template <typename Stream, typename T>
void Serialize(Stream& s, const std::shared_ptr<const T>& p)
{
    Serialize(s, *p);
}
template <typename Stream, typename T>
void Unserialize(Stream& s, std::shared_ptr<const T>& p)
{
    p = std::make_shared<const T>(deserialize, s);
}

//
// Wrappers usable inside READWRITE.
//

/** An integer written as a CompactSize (with MAX_SIZE range check on read). */
template <typename I>
struct CompactSizeRef {
    I& value;
    template <typename Stream>
    void Serialize(Stream& s) const { WriteCompactSize(s, static_cast<uint64_t>(value)); }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const std::optional<size_t> start = StreamPosition(s);
        const uint64_t n = ReadCompactSize(s);
        if (n > std::numeric_limits<std::remove_const_t<I>>::max()) {
            throw DeserializeError("CompactSize exceeds the range of its field", start);
        }
        value = static_cast<I>(n);
    }
};
template <std::unsigned_integral I>
CompactSizeRef<I> AsCompactSize(I& value) { return {value}; }
template <std::unsigned_integral I>
CompactSizeRef<const I> AsCompactSize(const I& value) { return {value}; }

/** A non-negative integer written as a VarInt. */
template <typename I>
struct VarIntRef {
    I& value;
    template <typename Stream>
    void Serialize(Stream& s) const { WriteVarInt(s, static_cast<std::make_unsigned_t<std::remove_const_t<I>>>(value)); }
    template <typename Stream>
    void Unserialize(Stream& s) { value = static_cast<I>(ReadVarInt<std::make_unsigned_t<I>>(s)); }
};
template <std::integral I>
VarIntRef<I> AsVarInt(I& value) { return {value}; }
template <std::integral I>
VarIntRef<const I> AsVarInt(const I& value) { return {value}; }

/** View a derived object as its base inside READWRITE (Block serializes its BlockHeader part). */
template <typename Base, typename Derived>
    requires std::derived_from<Derived, Base>
Base& AsBase(Derived& obj) { return obj; }
template <typename Base, typename Derived>
    requires std::derived_from<Derived, Base>
const Base& AsBase(const Derived& obj) { return obj; }

/** An object serialized with the given transaction parameters (see TxSerParams::operator()). */
template <typename T>
class ParamsWrapper
{
public:
    ParamsWrapper(const TxSerParams& params, T& obj) : m_params{params}, m_obj{obj} {}

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        ParamsStream<Stream> ps{s, m_params};
        SerializeWith(ps, std::as_const(m_obj));
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        ParamsStream<Stream> ps{s, m_params};
        UnserializeWith(ps, m_obj);
    }

private:
    TxSerParams m_params;
    T& m_obj;
};

template <typename Stream>
template <typename T>
ParamsStream<Stream>& ParamsStream<Stream>::operator<<(const T& obj)
{
    Serialize(*this, obj);
    return *this;
}
template <typename Stream>
template <typename T>
ParamsStream<Stream>& ParamsStream<Stream>::operator>>(T&& obj)
{
    Unserialize(*this, obj);
    return *this;
}

//
// SERIALIZE_METHODS: the one description of a type's fields.
//

struct ActionSerialize {
    static constexpr bool IS_READ = false;
    template <typename Stream, typename... Args>
    static void SerReadWriteMany(Stream& s, const Args&... args)
    {
        (Serialize(s, args), ...);
    }
};
struct ActionUnserialize {
    static constexpr bool IS_READ = true;
    template <typename Stream, typename... Args>
    static void SerReadWriteMany(Stream& s, Args&&... args)
    {
        (Unserialize(s, args), ...);
    }
};

} // namespace primitives

/**
 * Declare Serialize, Unserialize and the shared SerializationOps of a class. The body
 * that follows the macro lists the fields with READWRITE; `obj` is the object (const
 * when writing), `s` the stream and `ser_action.IS_READ` says which way data flows.
 */
#define SERIALIZE_METHODS(cls, obj)                                                           \
    template <typename Stream>                                                                \
    void Serialize(Stream& s) const                                                           \
    {                                                                                         \
        static_assert(std::is_same_v<const cls&, decltype(*this)>, "wrong class name");       \
        SerializationOps(*this, s, ::primitives::ActionSerialize{});                          \
    }                                                                                         \
    template <typename Stream>                                                                \
    void Unserialize(Stream& s)                                                               \
    {                                                                                         \
        static_assert(std::is_same_v<cls&, decltype(*this)>, "wrong class name");             \
        SerializationOps(*this, s, ::primitives::ActionUnserialize{});                        \
    }                                                                                         \
    template <typename SerType, typename Stream, typename SerAction>                          \
    static void SerializationOps(SerType& obj, Stream& s, SerAction ser_action)

#define READWRITE(...) (ser_action.SerReadWriteMany(s, __VA_ARGS__))

#endif // BITNODE_PRIMITIVES_SERIALIZE_H
