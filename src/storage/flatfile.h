// Numbered append-only files (blocks/blk00000.dat, blocks/rev00000.dat, ...) and positions
// in them, as Bitcoin Core's FlatFileSeq.
//
// FlatFilePos {file, pos} names a byte offset in file number `file`. FlatFileSeq opens
// files by position, grows them in chunks (so appends rarely extend the file and the data
// stays contiguous on disk), and flushes them: fsync of the file and of its directory,
// and on finalize truncation of the preallocated tail.
//
// Errors are util::Result messages naming the file and the system error.
//
// Thread safety: a FlatFileSeq is immutable after construction; concurrent calls are safe
// as far as the file system allows (BlockFileManager serialises its writers).
#ifndef BITNODE_STORAGE_FLATFILE_H
#define BITNODE_STORAGE_FLATFILE_H

#include <primitives/serialize.h>
#include <util/result.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace storage {

/** A position in a numbered file. Null when file is -1. */
struct FlatFilePos {
    int32_t file{-1};
    uint32_t pos{0};

    FlatFilePos() = default;
    FlatFilePos(int32_t file_in, uint32_t pos_in) : file{file_in}, pos{pos_in} {}

    bool IsNull() const { return file == -1; }
    void SetNull() { *this = FlatFilePos{}; }
    /** "FlatFilePos(file=3, pos=1234)". */
    std::string ToString() const;

    friend bool operator==(const FlatFilePos&, const FlatFilePos&) = default;

    /** VarInt(file) VarInt(pos), as Core (used by indexes that point into block files). */
    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteVarInt(s, static_cast<uint32_t>(file));
        primitives::WriteVarInt(s, pos);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        file = static_cast<int32_t>(primitives::ReadVarInt<uint32_t>(s));
        pos = primitives::ReadVarInt<uint32_t>(s);
    }
};

struct FileCloser {
    void operator()(std::FILE* f) const noexcept
    {
        if (f) std::fclose(f);
    }
};
/** A FILE* that closes itself. */
using UniqueFile = std::unique_ptr<std::FILE, FileCloser>;

class FlatFileSeq
{
public:
    /** Files are <dir>/<prefix><5-digit number>.dat; chunk_size is the preallocation unit (> 0). */
    FlatFileSeq(std::filesystem::path dir, std::string prefix, size_t chunk_size);

    std::filesystem::path FileName(int file) const;
    /** "blk00003.dat" (for messages). */
    std::string ShortName(int file) const;

    /**
     * Open the file of pos positioned at pos.pos. read_only: fail if it does not exist;
     * otherwise it is created (with its directory) if needed.
     */
    util::Result<UniqueFile> Open(const FlatFilePos& pos, bool read_only) const;

    /**
     * Make room for add_size bytes at pos by extending the file to the next chunk boundary.
     * Returns the bytes added (0 if none were needed); an error if the disk is too full.
     */
    util::Result<size_t> Allocate(const FlatFilePos& pos, size_t add_size) const;

    /**
     * fsync the file of pos and its directory. finalize: first cut the file at pos.pos
     * (dropping preallocated space), for files that will not grow again.
     */
    util::Result<void> Flush(const FlatFilePos& pos, bool finalize) const;

    const std::filesystem::path& Dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
    std::string m_prefix;
    size_t m_chunk_size;
};

/** Extra free space required beyond any write (Core's 50 MiB). */
inline constexpr uint64_t MIN_DISK_SPACE = 50 << 20;

/** True if the file system of dir has at least additional_bytes + MIN_DISK_SPACE free. */
bool CheckDiskSpace(const std::filesystem::path& dir, uint64_t additional_bytes = 0);

} // namespace storage

#endif // BITNODE_STORAGE_FLATFILE_H
