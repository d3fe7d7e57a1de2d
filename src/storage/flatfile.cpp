#include <storage/flatfile.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace storage {

namespace {

std::string SysError(int err) { return std::strerror(err); }

/** fsync a directory so that new or renamed entries in it survive a crash. */
void SyncDirectory(const std::filesystem::path& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

std::string FlatFilePos::ToString() const
{
    return "FlatFilePos(file=" + std::to_string(file) + ", pos=" + std::to_string(pos) + ")";
}

bool CheckDiskSpace(const std::filesystem::path& dir, uint64_t additional_bytes)
{
    std::error_code ec;
    const std::filesystem::space_info info = std::filesystem::space(dir, ec);
    if (ec) return true; // Unknown: do not refuse to work because statfs failed.
    return info.available >= MIN_DISK_SPACE + additional_bytes;
}

FlatFileSeq::FlatFileSeq(std::filesystem::path dir, std::string prefix, size_t chunk_size)
    : m_dir{std::move(dir)}, m_prefix{std::move(prefix)}, m_chunk_size{chunk_size}
{
    if (chunk_size == 0) throw std::invalid_argument("FlatFileSeq: chunk_size must be positive");
}

std::string FlatFileSeq::ShortName(int file) const
{
    char name[32];
    std::snprintf(name, sizeof(name), "%05u.dat", static_cast<unsigned>(file));
    return m_prefix + name;
}

std::filesystem::path FlatFileSeq::FileName(int file) const { return m_dir / ShortName(file); }

util::Result<UniqueFile> FlatFileSeq::Open(const FlatFilePos& pos, bool read_only) const
{
    if (pos.IsNull()) return util::Error{"Cannot open a block file at a null position."};
    const std::filesystem::path path = FileName(pos.file);
    if (!read_only) {
        std::error_code ec;
        std::filesystem::create_directories(m_dir, ec);
        if (ec) return util::Error{"Cannot create " + m_dir.string() + ": " + ec.message() + "."};
    }
    UniqueFile file{std::fopen(path.c_str(), read_only ? "rb" : "rb+")};
    if (!file && !read_only) file.reset(std::fopen(path.c_str(), "wb+"));
    if (!file) return util::Error{"Cannot open " + path.string() + ": " + SysError(errno) + "."};
    if (pos.pos != 0 && std::fseek(file.get(), static_cast<long>(pos.pos), SEEK_SET) != 0) {
        return util::Error{"Cannot seek to position " + std::to_string(pos.pos) + " of " + path.string() + ": " +
                           SysError(errno) + "."};
    }
    return file;
}

util::Result<size_t> FlatFileSeq::Allocate(const FlatFilePos& pos, size_t add_size) const
{
    const uint64_t old_chunks = (uint64_t{pos.pos} + m_chunk_size - 1) / m_chunk_size;
    const uint64_t new_chunks = (uint64_t{pos.pos} + add_size + m_chunk_size - 1) / m_chunk_size;
    if (new_chunks <= old_chunks) return size_t{0};
    const uint64_t new_size = new_chunks * m_chunk_size;
    const uint64_t inc_size = new_size - pos.pos;
    if (!CheckDiskSpace(m_dir, inc_size)) {
        return util::Error{"Disk space is too low! " + m_dir.string() + " needs " + std::to_string(inc_size >> 20) +
                           " MiB more plus a 50 MiB reserve. Free some space and restart."};
    }
    auto file = Open(FlatFilePos{pos.file, 0}, /*read_only=*/false);
    if (!file) return util::Error{file.error()};
    // posix_fallocate reserves the blocks; where unsupported, the file simply grows on write.
    const int rc = ::posix_fallocate(::fileno(file->get()), static_cast<off_t>(pos.pos), static_cast<off_t>(inc_size));
    if (rc == ENOSPC) {
        return util::Error{"Disk space is too low! Cannot extend " + FileName(pos.file).string() +
                           ". Free some space and restart."};
    }
    return static_cast<size_t>(inc_size);
}

util::Result<void> FlatFileSeq::Flush(const FlatFilePos& pos, bool finalize) const
{
    const std::filesystem::path path = FileName(pos.file);
    auto file = Open(FlatFilePos{pos.file, 0}, /*read_only=*/false);
    if (!file) return util::Error{file.error()};
    const int fd = ::fileno(file->get());
    if (finalize && ::ftruncate(fd, static_cast<off_t>(pos.pos)) != 0) {
        return util::Error{"Cannot truncate " + path.string() + ": " + SysError(errno) + "."};
    }
    if (::fsync(fd) != 0) {
        return util::Error{"Cannot flush " + path.string() + " to disk: " + SysError(errno) +
                           ". This is likely an I/O error; check the disk."};
    }
    SyncDirectory(m_dir);
    return {};
}

} // namespace storage
