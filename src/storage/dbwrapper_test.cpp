// DbWrapper: reads and writes of serialized objects, obfuscation as stored on disk, batch
// atomicity under a killed writer process, prefix iteration, and clear errors for
// undecodable values, damaged table files, a held lock and an unusable path.
#include <storage/dbwrapper.h>
#include <storage/test_tempdir.h>

#include <primitives/uint256.h>

#include <gtest/gtest.h>
#include <leveldb/db.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using primitives::uint256;
using storage::DbBatch;
using storage::DbError;
using storage::DbParams;
using storage::DbWrapper;
using storage::test::TempDir;

std::unique_ptr<DbWrapper> OpenOrFail(const DbParams& params)
{
    auto db = DbWrapper::Open(params);
    if (!db) {
        ADD_FAILURE() << db.error();
        return nullptr;
    }
    return std::move(*db);
}

/** A two-part key like the real ones: a kind byte and a number. */
struct Key {
    uint8_t kind;
    uint32_t n;
    SERIALIZE_METHODS(Key, obj) { READWRITE(obj.kind, obj.n); }
};

void ExerciseReadWrite(DbWrapper& db)
{
    const uint256 value{"00000000000000000000000000000000000000000000000000000000deadbeef"};
    EXPECT_FALSE(db.Exists(Key{'k', 1}));
    uint256 read;
    EXPECT_FALSE(db.Read(Key{'k', 1}, read));
    db.Write(Key{'k', 1}, value);
    EXPECT_TRUE(db.Exists(Key{'k', 1}));
    ASSERT_TRUE(db.Read(Key{'k', 1}, read));
    EXPECT_EQ(read, value);
    // Values of other types, and an overwrite.
    db.Write(uint8_t{'s'}, std::string{"hello"}, /*sync=*/true);
    std::string text;
    ASSERT_TRUE(db.Read(uint8_t{'s'}, text));
    EXPECT_EQ(text, "hello");
    db.Write(uint8_t{'s'}, std::string{"world"});
    ASSERT_TRUE(db.Read(uint8_t{'s'}, text));
    EXPECT_EQ(text, "world");
    db.Erase(Key{'k', 1});
    EXPECT_FALSE(db.Exists(Key{'k', 1}));
    // Keys longer than the inline key buffer (64 bytes).
    const std::string long_key(100, 'L');
    db.Write(long_key, uint32_t{77});
    uint32_t n = 0;
    ASSERT_TRUE(db.Read(long_key, n));
    EXPECT_EQ(n, 77u);
    EXPECT_FALSE(db.Exists(std::string(100, 'M')));
    EXPECT_EQ(storage::SerializeKey(long_key).Bytes().size(), 101u);
}

TEST(DbWrapper, ReadWriteOnDiskAndInMemory)
{
    TempDir dir;
    for (const bool memory : {false, true}) {
        for (const bool obfuscate : {false, true}) {
            auto db = OpenOrFail({.path = dir / ("db" + std::to_string(memory) + std::to_string(obfuscate)),
                                  .memory_only = memory,
                                  .obfuscate = obfuscate,
                                  .name = "test"});
            ASSERT_TRUE(db);
            EXPECT_EQ(static_cast<bool>(db->GetObfuscation()), obfuscate);
            ExerciseReadWrite(*db);
        }
    }
    // In-memory databases leave no files behind and do not share data.
    EXPECT_FALSE(std::filesystem::exists(dir / "db10"));
    auto a = OpenOrFail({.path = "same", .memory_only = true});
    auto b = OpenOrFail({.path = "same", .memory_only = true});
    a->Write(uint8_t{'x'}, uint32_t{1});
    EXPECT_FALSE(b->Exists(uint8_t{'x'}));
}

TEST(DbWrapper, ObfuscationAsStoredOnDisk)
{
    TempDir dir;
    std::array<uint8_t, 8> key{};
    {
        auto db = OpenOrFail({.path = dir / "obf", .obfuscate = true, .name = "test"});
        ASSERT_TRUE(db);
        key = db->GetObfuscation().Key();
        EXPECT_NE(key, (std::array<uint8_t, 8>{}));
        db->Write(uint8_t{'v'}, uint64_t{0}, /*sync=*/true);
    }
    // Look at the raw records with LevelDB itself.
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options{}, (dir / "obf").string(), &raw).ok());
    std::unique_ptr<leveldb::DB> owner{raw};
    std::string stored_key;
    // Key record: CompactSize(14) "\0obfuscate_key"; value CompactSize(8) then the 8 key bytes, not obfuscated.
    ASSERT_TRUE(raw->Get({}, std::string{"\x0e"} + DbWrapper::OBFUSCATION_KEY, &stored_key).ok());
    ASSERT_EQ(stored_key.size(), 9u);
    EXPECT_EQ(stored_key[0], 8);
    EXPECT_TRUE(std::equal(key.begin(), key.end(), reinterpret_cast<const uint8_t*>(stored_key.data()) + 1));
    // A value of eight zero bytes is stored as the key itself.
    std::string stored_value;
    ASSERT_TRUE(raw->Get({}, "v", &stored_value).ok());
    ASSERT_EQ(stored_value.size(), 8u);
    EXPECT_TRUE(std::equal(key.begin(), key.end(), reinterpret_cast<const uint8_t*>(stored_value.data())));
    owner.reset();
    // Reopening (without asking for obfuscation) finds the key and reads the value back.
    auto db = OpenOrFail({.path = dir / "obf", .name = "test"});
    ASSERT_TRUE(db);
    EXPECT_EQ(db->GetObfuscation().Key(), key);
    uint64_t v = 1;
    ASSERT_TRUE(db->Read(uint8_t{'v'}, v));
    EXPECT_EQ(v, 0u);
}

TEST(DbWrapper, ExistingDatabaseIsNotObfuscatedLater)
{
    // Like Core: a key is only created for an empty database.
    auto db = OpenOrFail({.path = "late", .memory_only = true});
    db->Write(uint8_t{'a'}, uint8_t{1});
    EXPECT_FALSE(static_cast<bool>(db->GetObfuscation()));
}

TEST(DbWrapper, BatchAppliesTogether)
{
    auto db = OpenOrFail({.path = "batch", .memory_only = true});
    for (uint32_t i = 0; i < 100; ++i) db->Write(Key{'k', i}, i);
    auto before = db->NewIterator(); // a snapshot
    DbBatch batch{*db};
    for (uint32_t i = 0; i < 10000; ++i) batch.Write(Key{'n', i}, i * 2);
    for (uint32_t i = 0; i < 100; i += 2) batch.Erase(Key{'k', i});
    EXPECT_GT(batch.ApproximateSize(), 10000u * 9);
    EXPECT_FALSE(db->Exists(Key{'n', 0}));
    db->WriteBatch(batch);
    size_t seen_before = 0;
    for (before->SeekToFirst(); before->Valid(); before->Next()) ++seen_before;
    EXPECT_EQ(seen_before, 100u);
    size_t seen_after = 0;
    const auto after = db->NewIterator();
    for (after->SeekToFirst(); after->Valid(); after->Next()) ++seen_after;
    EXPECT_EQ(seen_after, 10000u + 50u);
    batch.Clear();
    EXPECT_LT(batch.ApproximateSize(), 20u);
}

TEST(DbWrapper, BatchesSurviveAKilledWriterWhole)
{
    // A child process rewrites 200 keys in one batch per round until it is killed; every
    // key must then hold the same round number: no batch is ever half applied.
    TempDir dir;
    const auto path = dir / "atomic";
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(ready[0]);
        auto opened = DbWrapper::Open({.path = path, .name = "test"});
        if (!opened) ::_exit(2);
        DbWrapper& db = **opened;
        db.Write(uint8_t{'!'}, uint8_t{1}, /*sync=*/true); // "started"
        for (uint32_t round = 0;; ++round) {
            DbBatch batch{db};
            for (uint32_t i = 0; i < 200; ++i) batch.Write(Key{'k', i}, round);
            db.WriteBatch(batch);
            if (round == 10) {
                const char byte = 1;
                if (::write(ready[1], &byte, 1) != 1) ::_exit(3);
            }
        }
    }
    // Wait until the child has written a few batches, let it run a little, then kill it.
    ::close(ready[1]);
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the writer did not start";
    ::close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited by itself with " << WEXITSTATUS(status);
    auto db = OpenOrFail({.path = path, .name = "test"});
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->Exists(uint8_t{'!'}));
    uint32_t first = 0;
    ASSERT_TRUE(db->Read(Key{'k', 0}, first));
    for (uint32_t i = 1; i < 200; ++i) {
        uint32_t v = 0;
        ASSERT_TRUE(db->Read(Key{'k', i}, v));
        EXPECT_EQ(v, first) << "key " << i;
    }
    std::printf("writer killed after %u complete batches\n", first + 1);
}

TEST(DbWrapper, IterateOneKindOfRecord)
{
    auto db = OpenOrFail({.path = "iter", .memory_only = true});
    for (uint32_t i = 0; i < 50; ++i) {
        db->Write(Key{'a', i}, i);
        db->Write(Key{'b', i}, i + 1000);
        db->Write(Key{'c', i}, i + 2000);
    }
    const auto it = db->NewIterator();
    size_t count = 0;
    for (it->Seek(uint8_t{'b'}); it->Valid() && it->KeyStartsWith(uint8_t{'b'}); it->Next()) {
        Key key{};
        ASSERT_TRUE(it->GetKey(key));
        uint32_t value = 0;
        it->GetValue(value);
        EXPECT_EQ(key.kind, 'b');
        EXPECT_EQ(value, key.n + 1000);
        ++count;
    }
    EXPECT_EQ(count, 50u);
    // A key that decodes as something else: GetKey says so instead of throwing.
    it->Seek(uint8_t{'c'});
    ASSERT_TRUE(it->Valid());
    uint256 too_long;
    EXPECT_FALSE(it->GetKey(too_long));
}

TEST(DbWrapper, UndecodableValueIsAClearError)
{
    auto db = OpenOrFail(
        {.path = "bad", .memory_only = true, .name = "chainstate", .recovery_hint = storage::REINDEX_CHAINSTATE_HINT});
    db->Write(uint8_t{'B'}, uint8_t{7}); // one byte where a 32-byte hash belongs
    uint256 hash;
    try {
        db->Read(uint8_t{'B'}, hash);
        ADD_FAILURE() << "no error";
    } catch (const DbError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Corrupted chainstate database"), std::string::npos) << msg;
        EXPECT_NE(msg.find("key 42"), std::string::npos) << msg; // 'B'
        EXPECT_NE(msg.find("-reindex-chainstate"), std::string::npos) << msg;
    }
    // Trailing bytes are corruption too, not silently ignored.
    db->Write(uint8_t{'T'}, std::vector<uint8_t>{1, 2, 3});
    uint8_t small = 0;
    EXPECT_THROW(db->Read(uint8_t{'T'}, small), DbError);
    // And through an iterator.
    const auto it = db->NewIterator();
    it->Seek(uint8_t{'B'});
    ASSERT_TRUE(it->Valid());
    EXPECT_THROW(it->GetValue(hash), DbError);
}

TEST(DbWrapper, DamagedTableFilesAreAClearError)
{
    TempDir dir;
    const auto path = dir / "damaged";
    {
        // Small write buffers push the data into table (.ldb) files.
        auto db = OpenOrFail({.path = path, .cache_bytes = 1 << 20, .name = "block index"});
        ASSERT_TRUE(db);
        for (uint32_t i = 0; i < 20000; ++i) db->Write(Key{'k', i}, std::vector<uint8_t>(100, static_cast<uint8_t>(i)));
    }
    size_t damaged = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() != ".ldb") continue;
        std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
        const auto size = std::filesystem::file_size(entry.path());
        for (uint64_t off = 100; off + 100 < size; off += 4096) {
            f.seekp(static_cast<std::streamoff>(off));
            f.put('\x55');
        }
        ++damaged;
    }
    ASSERT_GT(damaged, 0u) << "no table files were written";
    std::string error;
    auto opened = DbWrapper::Open({.path = path, .cache_bytes = 1 << 20, .name = "block index"});
    if (!opened) {
        error = opened.error();
    } else {
        try {
            for (uint32_t i = 0; i < 20000; ++i) {
                std::vector<uint8_t> v;
                (*opened)->Read(Key{'k', i}, v);
            }
            const auto it = (*opened)->NewIterator();
            for (it->SeekToFirst(); it->Valid(); it->Next()) {}
        } catch (const DbError& e) {
            error = e.what();
        }
    }
    ASSERT_FALSE(error.empty()) << "damage went unnoticed";
    EXPECT_NE(error.find("block index database"), std::string::npos) << error;
    EXPECT_NE(error.find("-reindex"), std::string::npos) << error;
    std::printf("reported: %s\n", error.c_str());
}

TEST(DbWrapper, HeldLockAndBadPathAreClearErrors)
{
    TempDir dir;
    auto first = OpenOrFail({.path = dir / "locked", .name = "chainstate"});
    ASSERT_TRUE(first);
    auto second = DbWrapper::Open({.path = dir / "locked", .name = "chainstate"});
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().find("Cannot obtain a lock on the chainstate database"), std::string::npos)
        << second.error();
    EXPECT_NE(second.error().find("already"), std::string::npos) << second.error();

    std::ofstream{dir / "plainfile"} << "not a directory";
    auto bad = DbWrapper::Open({.path = dir / "plainfile", .name = "block index"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("block index"), std::string::npos) << bad.error();
}

TEST(DbWrapper, WipeData)
{
    TempDir dir;
    {
        auto db = OpenOrFail({.path = dir / "w"});
        db->Write(uint8_t{'a'}, uint8_t{1});
    }
    auto db = OpenOrFail({.path = dir / "w", .wipe_data = true});
    EXPECT_TRUE(db->IsEmpty());
    db->Write(uint8_t{'b'}, uint8_t{2});
    db->CompactFull();
    EXPECT_TRUE(db->Exists(uint8_t{'b'}));
}

} // namespace
