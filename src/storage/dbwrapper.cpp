#include <storage/dbwrapper.h>

#include <crypto/random.h>
#include <util/hex.h>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/slice.h>
#include <leveldb/status.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <cstring>
#include <system_error>

namespace storage {

namespace {

/** LevelDB's table files grow to this before a new one starts (Core's DBWRAPPER_MAX_FILE_SIZE). */
constexpr size_t MAX_TABLE_FILE_SIZE = 32 << 20;

leveldb::Slice ToSlice(util::ByteSpan bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

util::ByteSpan ToSpan(const leveldb::Slice& slice)
{
    return {reinterpret_cast<const uint8_t*>(slice.data()), slice.size()};
}

/** Shortened hex of a key for messages (keys can be long; the first 40 bytes identify them). */
std::string KeyForMessage(util::ByteSpan key)
{
    if (key.size() <= 40) return util::HexStr(key);
    return util::HexStr(key.first(40)) + "...";
}

} // namespace

const std::string DbWrapper::OBFUSCATION_KEY{"\000obfuscate_key", 14};

void Obfuscation::Apply(util::WritableByteSpan data) const
{
    if (!*this) return;
    for (size_t i = 0; i < data.size(); ++i) data[i] ^= m_key[i % KEY_SIZE];
}

//
// LevelDB objects, kept out of the header so that users of storage need no LevelDB headers.
//

struct DbWrapper::Impl {
    /** Own memory environment for memory_only databases, else null. */
    std::unique_ptr<leveldb::Env> mem_env;
    std::unique_ptr<leveldb::Cache> block_cache;
    std::unique_ptr<const leveldb::FilterPolicy> filter_policy;
    leveldb::Options options;
    leveldb::ReadOptions read_options;
    leveldb::ReadOptions iter_options;
    leveldb::WriteOptions write_options;
    leveldb::WriteOptions sync_options;
    std::unique_ptr<leveldb::DB> db;
};

struct DbBatch::Impl {
    leveldb::WriteBatch batch;
};

struct DbIterator::Impl {
    std::unique_ptr<leveldb::Iterator> iter;
};

DbWrapper::DbWrapper(const DbParams& params) : m_params{params}, m_impl{std::make_unique<Impl>()} {}

DbWrapper::~DbWrapper()
{
    // The database must close before the cache, filter policy and environment it uses.
    m_impl->db.reset();
}

util::Result<std::unique_ptr<DbWrapper>> DbWrapper::Open(const DbParams& params)
{
    std::unique_ptr<DbWrapper> wrapper{new DbWrapper(params)};
    Impl& impl = *wrapper->m_impl;
    impl.block_cache.reset(leveldb::NewLRUCache(params.cache_bytes / 2));
    impl.filter_policy.reset(leveldb::NewBloomFilterPolicy(10));
    leveldb::Options& opt = impl.options;
    opt.block_cache = impl.block_cache.get();
    // Up to two write buffers can be in memory at once.
    opt.write_buffer_size = params.cache_bytes / 4;
    opt.filter_policy = impl.filter_policy.get();
    // Hashes and compressed coins do not compress; skipping it saves CPU.
    opt.compression = leveldb::kNoCompression;
    // Report corruption instead of silently skipping damaged data.
    opt.paranoid_checks = true;
    opt.max_file_size = std::max(opt.max_file_size, MAX_TABLE_FILE_SIZE);
    opt.create_if_missing = true;
    impl.read_options.verify_checksums = true;
    impl.iter_options.verify_checksums = true;
    // A full scan (UTXO statistics, index loading) must not evict the working set.
    impl.iter_options.fill_cache = false;
    impl.sync_options.sync = true;

    const std::string where = params.memory_only ? "in memory" : "at " + params.path.string();
    std::string path_str = params.path.string();
    if (params.memory_only) {
        impl.mem_env.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
        opt.env = impl.mem_env.get();
        if (path_str.empty()) path_str = "/memory/" + params.name;
    } else {
        if (params.wipe_data) {
            const leveldb::Status status = leveldb::DestroyDB(path_str, opt);
            if (!status.ok()) {
                return util::Error{"Cannot wipe the " + params.name + " database " + where + ": " + status.ToString() +
                                   ". Check that the directory is writable."};
            }
        }
        std::error_code ec;
        std::filesystem::create_directories(params.path, ec);
        if (ec) {
            return util::Error{"Cannot create the directory of the " + params.name + " database " + where + ": " +
                               ec.message() + ". Check the data directory's permissions and free space."};
        }
    }

    leveldb::DB* raw_db = nullptr;
    const leveldb::Status status = leveldb::DB::Open(opt, path_str, &raw_db);
    if (!status.ok()) {
        const std::string text = status.ToString();
        if (status.IsIOError() && text.find("lock") != std::string::npos) {
            return util::Error{"Cannot obtain a lock on the " + params.name + " database " + where + " (" + text +
                               "). Another bitnoded is probably already using this data directory."};
        }
        return util::Error{"Error opening the " + params.name + " database " + where + ": " + text + ". " +
                           params.recovery_hint};
    }
    impl.db.reset(raw_db);

    try {
        std::vector<uint8_t> key_bytes;
        if (wrapper->Read(OBFUSCATION_KEY, key_bytes)) {
            if (key_bytes.size() != Obfuscation::KEY_SIZE) {
                wrapper->ThrowCorruption("its obfuscation key has " + std::to_string(key_bytes.size()) +
                                         " bytes instead of 8.");
            }
            std::array<uint8_t, Obfuscation::KEY_SIZE> key;
            std::copy(key_bytes.begin(), key_bytes.end(), key.begin());
            wrapper->m_obfuscation = Obfuscation{key};
        } else if (params.obfuscate && wrapper->IsEmpty()) {
            // A new database: choose its key. It is itself stored without obfuscation.
            std::array<uint8_t, Obfuscation::KEY_SIZE> key;
            crypto::GetStrongRandBytes(key);
            const std::vector<uint8_t> stored(key.begin(), key.end());
            wrapper->Write(OBFUSCATION_KEY, stored, /*sync=*/true);
            wrapper->m_obfuscation = Obfuscation{key};
        }
    } catch (const DbError& e) {
        return util::Error{e.what()};
    }
    return wrapper;
}

void DbWrapper::CheckStatus(const void* leveldb_status) const
{
    const auto& status = *static_cast<const leveldb::Status*>(leveldb_status);
    if (status.ok()) return;
    const std::string where = m_params.memory_only ? "in memory" : "at " + m_params.path.string();
    if (status.IsCorruption()) {
        throw DbError("Corrupted " + m_params.name + " database " + where + ": " + status.ToString() + ". " +
                      m_params.recovery_hint);
    }
    throw DbError("Fatal LevelDB error in the " + m_params.name + " database " + where + ": " + status.ToString() +
                  ". Check the disk and free space. " + m_params.recovery_hint);
}

void DbWrapper::ThrowCorruption(const std::string& what) const
{
    const std::string where = m_params.memory_only ? "in memory" : "at " + m_params.path.string();
    throw DbError("Corrupted " + m_params.name + " database " + where + ": " + what + " " + m_params.recovery_hint);
}

void DbWrapper::ThrowUndecodable(util::ByteSpan key, const std::string& reason) const
{
    ThrowCorruption("the value stored under key " + KeyForMessage(key) + " cannot be decoded (" + reason + ").");
}

bool DbWrapper::ReadRaw(util::ByteSpan key, std::string& value) const
{
    const leveldb::Status status = m_impl->db->Get(m_impl->read_options, ToSlice(key), &value);
    if (status.IsNotFound()) return false;
    CheckStatus(&status);
    return true;
}

void DbWrapper::WriteBatch(DbBatch& batch, bool sync)
{
    const leveldb::Status status =
        m_impl->db->Write(sync ? m_impl->sync_options : m_impl->write_options, &batch.m_impl->batch);
    CheckStatus(&status);
}

std::unique_ptr<DbIterator> DbWrapper::NewIterator() const
{
    auto impl = std::make_unique<DbIterator::Impl>();
    impl->iter.reset(m_impl->db->NewIterator(m_impl->iter_options));
    return std::make_unique<DbIterator>(*this, std::move(impl));
}

bool DbWrapper::IsEmpty() const
{
    const std::unique_ptr<DbIterator> it = NewIterator();
    it->SeekToFirst();
    return !it->Valid();
}

size_t DbWrapper::EstimateSizeRaw(util::ByteSpan begin, util::ByteSpan end) const
{
    const leveldb::Range range{ToSlice(begin), ToSlice(end)};
    uint64_t size = 0;
    m_impl->db->GetApproximateSizes(&range, 1, &size);
    return static_cast<size_t>(size);
}

size_t DbWrapper::DynamicMemoryUsage() const
{
    std::string text;
    if (!m_impl->db->GetProperty("leveldb.approximate-memory-usage", &text)) return 0;
    try {
        return static_cast<size_t>(std::stoull(text));
    } catch (const std::exception&) {
        return 0;
    }
}

void DbWrapper::CompactFull() { m_impl->db->CompactRange(nullptr, nullptr); }

//
// DbBatch
//

DbBatch::DbBatch(const DbWrapper& parent) : m_parent{parent}, m_impl{std::make_unique<Impl>()}
{
    m_key.reserve(64);
    m_value.reserve(1024);
}

DbBatch::~DbBatch() = default;

void DbBatch::Clear() { m_impl->batch.Clear(); }

size_t DbBatch::ApproximateSize() const { return m_impl->batch.ApproximateSize(); }

void DbBatch::PutSerialized()
{
    m_parent.m_obfuscation.Apply(m_value);
    m_impl->batch.Put(ToSlice(m_key), ToSlice(m_value));
}

void DbBatch::DeleteSerialized() { m_impl->batch.Delete(ToSlice(m_key)); }

//
// DbIterator
//

DbIterator::DbIterator(const DbWrapper& parent, std::unique_ptr<Impl> impl) : m_parent{parent}, m_impl{std::move(impl)}
{}

DbIterator::~DbIterator() = default;

bool DbIterator::Valid() const
{
    if (m_impl->iter->Valid()) return true;
    // An iterator also stops on a read error: report it rather than end the scan quietly.
    const leveldb::Status status = m_impl->iter->status();
    m_parent.CheckStatus(&status);
    return false;
}

void DbIterator::SeekToFirst() { m_impl->iter->SeekToFirst(); }

void DbIterator::SeekBytes(util::ByteSpan key) { m_impl->iter->Seek(ToSlice(key)); }

void DbIterator::Next() { m_impl->iter->Next(); }

util::ByteSpan DbIterator::KeyBytes() const { return ToSpan(m_impl->iter->key()); }

util::ByteSpan DbIterator::RawValue() const { return ToSpan(m_impl->iter->value()); }

bool DbIterator::KeyStartsWith(util::ByteSpan prefix) const
{
    const util::ByteSpan key = KeyBytes();
    return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

} // namespace storage
