// DbWrapper: a LevelDB database whose keys and values are objects of the serialization
// framework (primitives/serialize.h), as Bitcoin Core's CDBWrapper.
//
//     auto db = DbWrapper::Open({.path = datadir / "chainstate", .cache_bytes = 8 << 20,
//                                .obfuscate = true, .name = "chainstate"});
//     if (!db) return util::Error{db.error()};
//     (*db)->Write(uint8_t{'B'}, best_hash);
//     DbBatch batch{**db};
//     batch.Write(key, value); batch.Erase(other_key);
//     (*db)->WriteBatch(batch, /*sync=*/true);      // all or nothing
//
// Keys are the serialized bytes of the key object (LevelDB orders them bytewise, so a
// one-byte prefix groups a kind of record); values are serialized and then XORed with
// the database's 8-byte obfuscation key (all zeros unless the database was created with
// obfuscate set; see doc/storage-format.md "Obfuscation").
//
// Errors: Open returns a util::Result whose message names the database, the path, what
// LevelDB said and what to do (restart with -reindex / -reindex-chainstate, or that another
// process holds the lock). Once open, LevelDB failures (I/O errors, checksum mismatches) and
// values that do not decode throw DbError with a message of the same kind; Read never
// mistakes a corrupt value for a missing one.
//
// Thread safety: a DbWrapper may be used from any number of threads at once (LevelDB
// synchronises internally); a DbBatch or DbIterator belongs to one thread at a time.
#ifndef BITNODE_STORAGE_DBWRAPPER_H
#define BITNODE_STORAGE_DBWRAPPER_H

#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <util/result.h>
#include <util/span.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace storage {

/** A database failure a person must act on; what() says what happened and what to do. */
class DbError : public std::runtime_error
{
public:
    explicit DbError(const std::string& message) : std::runtime_error(message) {}
};

/** Hint for the block index database's errors. */
inline constexpr const char* REINDEX_HINT = "Please restart with -reindex to recover.";
/** Hint for the chainstate database's errors. */
inline constexpr const char* REINDEX_CHAINSTATE_HINT =
    "Please restart with -reindex-chainstate or -reindex to recover.";

struct DbParams {
    /** Directory of the database (created if missing; ignored in memory). */
    std::filesystem::path path;
    /** Bytes for LevelDB's caches: half block cache, a quarter per write buffer (as Core). */
    size_t cache_bytes{2 << 20};
    /** Keep everything in memory (tests). */
    bool memory_only{false};
    /** Delete any existing database first (-reindex, -reindex-chainstate). */
    bool wipe_data{false};
    /** XOR values with a random 8-byte key, created when the database is created. */
    bool obfuscate{false};
    /** The database's name in messages, e.g. "block index" or "chainstate". */
    std::string name{"database"};
    /** The last sentence of every error message: how to recover. */
    std::string recovery_hint{REINDEX_HINT};
};

/** The 8-byte XOR key applied to values (position i uses key byte i % 8). */
class Obfuscation
{
public:
    static constexpr size_t KEY_SIZE = 8;

    Obfuscation() = default;
    explicit Obfuscation(const std::array<uint8_t, KEY_SIZE>& key) : m_key{key} {}

    /** False for the all-zero key (nothing to do). */
    explicit operator bool() const { return m_key != std::array<uint8_t, KEY_SIZE>{}; }
    void Apply(util::WritableByteSpan data) const;
    const std::array<uint8_t, KEY_SIZE>& Key() const { return m_key; }

private:
    std::array<uint8_t, KEY_SIZE> m_key{};
};

class DbWrapper;

/**
 * Serializes a key into an inline buffer (keys are short), falling back to the heap for
 * long ones: lookups then allocate nothing for the key.
 */
class KeyWriter
{
public:
    void Write(util::ByteSpan bytes)
    {
        if (m_heap.empty() && m_size + bytes.size() <= m_inline.size()) {
            std::copy(bytes.begin(), bytes.end(), m_inline.begin() + m_size);
        } else {
            if (m_heap.empty()) m_heap.assign(m_inline.begin(), m_inline.begin() + m_size);
            m_heap.insert(m_heap.end(), bytes.begin(), bytes.end());
        }
        m_size += bytes.size();
    }
    template <typename T>
    KeyWriter& operator<<(const T& obj)
    {
        primitives::SerializeWith(*this, obj);
        return *this;
    }
    util::ByteSpan Bytes() const { return m_heap.empty() ? util::ByteSpan{m_inline.data(), m_size} : m_heap; }

private:
    std::array<uint8_t, 64> m_inline{};
    std::vector<uint8_t> m_heap;
    size_t m_size{0};
};

template <typename K>
KeyWriter SerializeKey(const K& key)
{
    KeyWriter writer;
    writer << key;
    return writer;
}

/** Changes applied together by DbWrapper::WriteBatch: all of them or, after a crash, none. */
class DbBatch
{
public:
    explicit DbBatch(const DbWrapper& parent);
    ~DbBatch();
    DbBatch(const DbBatch&) = delete;
    DbBatch& operator=(const DbBatch&) = delete;

    template <typename K, typename V>
    void Write(const K& key, const V& value)
    {
        m_key.clear();
        m_value.clear();
        primitives::VectorWriter{m_key} << key;
        primitives::VectorWriter{m_value} << value;
        PutSerialized();
    }
    template <typename K>
    void Erase(const K& key)
    {
        m_key.clear();
        primitives::VectorWriter{m_key} << key;
        DeleteSerialized();
    }
    void Clear();
    /** Bytes the batch would write (LevelDB's estimate), to cut large writes into pieces. */
    size_t ApproximateSize() const;

private:
    friend class DbWrapper;
    struct Impl;

    void PutSerialized();
    void DeleteSerialized();

    const DbWrapper& m_parent;
    std::unique_ptr<Impl> m_impl;
    std::vector<uint8_t> m_key;
    std::vector<uint8_t> m_value;
};

/** Walks keys in bytewise order over a consistent snapshot of the database. */
class DbIterator
{
public:
    struct Impl;
    DbIterator(const DbWrapper& parent, std::unique_ptr<Impl> impl);
    ~DbIterator();

    /** False at the end. Throws DbError if iteration stopped on a read error. */
    bool Valid() const;
    void SeekToFirst();
    /** Position at the first key >= the serialized key (use a prefix to start a kind of record). */
    template <typename K>
    void Seek(const K& key)
    {
        std::vector<uint8_t> bytes;
        primitives::VectorWriter{bytes} << key;
        SeekBytes(bytes);
    }
    void SeekBytes(util::ByteSpan key);
    void Next();

    util::ByteSpan KeyBytes() const;
    /** True if the current key begins with prefix (callers stop when a kind of record ends). */
    bool KeyStartsWith(util::ByteSpan prefix) const;
    bool KeyStartsWith(uint8_t prefix) const { return KeyStartsWith(util::ByteSpan{&prefix, 1}); }

    /** Decode the current key as K; false if it does not decode (a record of another shape). */
    template <typename K>
    bool GetKey(K& key) const
    {
        try {
            primitives::SpanReader reader{KeyBytes()};
            reader >> key;
            return true;
        } catch (const primitives::DeserializeError&) {
            return false;
        }
    }
    /** Decode the current value as V. Throws DbError (with the recovery hint) if it does not decode. */
    template <typename V>
    void GetValue(V& value) const;

private:
    util::ByteSpan RawValue() const;

    const DbWrapper& m_parent;
    std::unique_ptr<Impl> m_impl;
};

class DbWrapper
{
public:
    /** Open or create the database. On failure the message says what happened and what to do. */
    static util::Result<std::unique_ptr<DbWrapper>> Open(const DbParams& params);
    ~DbWrapper();
    DbWrapper(const DbWrapper&) = delete;
    DbWrapper& operator=(const DbWrapper&) = delete;

    /** False if key is absent. Throws DbError on a read failure or a value that does not decode. */
    template <typename K, typename V>
    bool Read(const K& key, V& value) const
    {
        const KeyWriter key_bytes = SerializeKey(key);
        std::string raw;
        if (!ReadRaw(key_bytes.Bytes(), raw)) return false;
        util::WritableByteSpan bytes{reinterpret_cast<uint8_t*>(raw.data()), raw.size()};
        m_obfuscation.Apply(bytes);
        DecodeValue(key_bytes.Bytes(), bytes, value);
        return true;
    }
    /** Throws DbError on a read failure. */
    template <typename K>
    bool Exists(const K& key) const
    {
        std::string raw;
        return ReadRaw(SerializeKey(key).Bytes(), raw);
    }
    /** A single-record write (a batch of one). sync waits until the write is on disk. */
    template <typename K, typename V>
    void Write(const K& key, const V& value, bool sync = false)
    {
        DbBatch batch{*this};
        batch.Write(key, value);
        WriteBatch(batch, sync);
    }
    template <typename K>
    void Erase(const K& key, bool sync = false)
    {
        DbBatch batch{*this};
        batch.Erase(key);
        WriteBatch(batch, sync);
    }
    /** Apply the batch atomically. sync: fsync LevelDB's log before returning. Throws DbError. */
    void WriteBatch(DbBatch& batch, bool sync = false);

    std::unique_ptr<DbIterator> NewIterator() const;
    bool IsEmpty() const;
    /** Approximate bytes on disk used by keys in [begin, end). */
    template <typename K1, typename K2>
    size_t EstimateSize(const K1& begin, const K2& end) const
    {
        return EstimateSizeRaw(primitives::SerializeToBytes(begin), primitives::SerializeToBytes(end));
    }
    /** LevelDB's own estimate of the memory it holds (memtables). */
    size_t DynamicMemoryUsage() const;
    /** Compact the whole key range now (Core's -forcecompactdb); blocks until done. */
    void CompactFull();

    const DbParams& Params() const { return m_params; }
    const Obfuscation& GetObfuscation() const { return m_obfuscation; }

    /** Throws DbError "Corrupted <name> database ...: <what> <hint>". */
    [[noreturn]] void ThrowCorruption(const std::string& what) const;

    /** Key of the obfuscation record: the serialized string "\0obfuscate_key" (Core's). */
    static const std::string OBFUSCATION_KEY;

private:
    friend class DbBatch;
    friend class DbIterator;
    struct Impl;

    explicit DbWrapper(const DbParams& params);

    /** False if absent; throws DbError on a read failure. The value is still obfuscated. */
    bool ReadRaw(util::ByteSpan key, std::string& value) const;
    size_t EstimateSizeRaw(util::ByteSpan begin, util::ByteSpan end) const;
    /** Throws DbError for a LevelDB status that is not ok (the status text goes in the message). */
    void CheckStatus(const void* leveldb_status) const;
    [[noreturn]] void ThrowUndecodable(util::ByteSpan key, const std::string& reason) const;

    /** Decode deobfuscated bytes; DbError if they are not exactly one V. */
    template <typename V>
    void DecodeValue(util::ByteSpan key, util::ByteSpan bytes, V& value) const
    {
        try {
            primitives::DeserializeFromBytes(bytes, value, "database value");
        } catch (const primitives::DeserializeError& e) {
            ThrowUndecodable(key, e.what());
        }
    }

    DbParams m_params;
    std::unique_ptr<Impl> m_impl;
    Obfuscation m_obfuscation;
};

template <typename V>
void DbIterator::GetValue(V& value) const
{
    const util::ByteSpan raw = RawValue();
    if (!m_parent.m_obfuscation) {
        m_parent.DecodeValue(KeyBytes(), raw, value);
        return;
    }
    std::vector<uint8_t> bytes(raw.begin(), raw.end());
    m_parent.m_obfuscation.Apply(bytes);
    m_parent.DecodeValue(KeyBytes(), bytes, value);
}

} // namespace storage

#endif // BITNODE_STORAGE_DBWRAPPER_H
