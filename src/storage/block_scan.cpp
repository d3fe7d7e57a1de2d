// BlockFileManager::ScanBlockFile: recovering blocks from a block file without an index
// (-reindex), tolerant of damage between records.
#include <storage/block_files.h>

#include <consensus/limits.h>
#include <primitives/streams.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace storage {

namespace {

/** Bytes read from the file at a time. */
constexpr size_t READ_CHUNK = 1 << 20;

/**
 * A window onto a file read front to back: Ensure(n) makes n bytes available at the
 * cursor, discarding what lies before it.
 */
class FileWindow
{
public:
    explicit FileWindow(std::FILE* file) : m_file{file} {}

    /** False at the end of the file (fewer than n bytes remain). Sets error() on a read error. */
    bool Ensure(size_t n)
    {
        if (m_buf.size() - m_cur >= n) return true;
        m_buf.erase(m_buf.begin(), m_buf.begin() + static_cast<std::ptrdiff_t>(m_cur));
        m_offset += m_cur;
        m_cur = 0;
        while (m_buf.size() < n && !m_eof) {
            const size_t old_size = m_buf.size();
            m_buf.resize(old_size + std::max(READ_CHUNK, n - old_size));
            const size_t got = std::fread(m_buf.data() + old_size, 1, m_buf.size() - old_size, m_file);
            m_buf.resize(old_size + got);
            if (got == 0) {
                m_eof = true;
                if (std::ferror(m_file)) m_error = errno;
            }
        }
        return m_buf.size() >= n;
    }
    const uint8_t* Data() const { return m_buf.data() + m_cur; }
    size_t Available() const { return m_buf.size() - m_cur; }
    void Skip(size_t n) { m_cur += n; }
    /** File offset of the cursor. */
    uint64_t Offset() const { return m_offset + m_cur; }
    int error() const { return m_error; }

private:
    std::FILE* m_file;
    std::vector<uint8_t> m_buf;
    size_t m_cur{0};
    uint64_t m_offset{0};
    bool m_eof{false};
    int m_error{0};
};

} // namespace

util::Result<size_t>
BlockFileManager::ScanBlockFile(int file,
                                const std::function<bool(const FlatFilePos&, const primitives::Block&)>& fn) const
{
    auto opened = m_block_files.Open(FlatFilePos{file, 0}, /*read_only=*/true);
    if (!opened) return util::Error{opened.error()};
    FileWindow window{opened->get()};
    const MessageStart& magic = m_options.message_start;
    size_t found = 0;
    while (true) {
        // Find the next magic (it may straddle two reads: keep the last three bytes).
        if (!window.Ensure(magic.size())) break;
        const uint8_t* begin = window.Data();
        const uint8_t* end = begin + window.Available();
        const uint8_t* hit = std::search(begin, end, magic.begin(), magic.end());
        if (hit == end) {
            window.Skip(window.Available() - (magic.size() - 1));
            if (!window.Ensure(window.Available() + 1)) break;
            continue;
        }
        window.Skip(static_cast<size_t>(hit - begin));
        if (!window.Ensure(STORAGE_HEADER_BYTES)) break;
        const uint8_t* h = window.Data();
        const uint32_t size = uint32_t{h[4]} | uint32_t{h[5]} << 8 | uint32_t{h[6]} << 16 | uint32_t{h[7]} << 24;
        if (size < primitives::BLOCK_HEADER_SIZE || size > consensus::MAX_BLOCK_SERIALIZED_SIZE ||
            !window.Ensure(STORAGE_HEADER_BYTES + size)) {
            // Not a record (or one cut off by the end of the file): look further on.
            window.Skip(1);
            continue;
        }
        const FlatFilePos pos{file, static_cast<uint32_t>(window.Offset() + STORAGE_HEADER_BYTES)};
        primitives::Block block;
        try {
            primitives::DeserializeFromBytes(util::ByteSpan{window.Data() + STORAGE_HEADER_BYTES, size},
                                             primitives::TX_WITH_WITNESS(block), "block");
        } catch (const primitives::DeserializeError&) {
            window.Skip(1);
            continue;
        }
        window.Skip(STORAGE_HEADER_BYTES + size);
        ++found;
        if (!fn(pos, block)) break;
    }
    if (window.error() != 0) {
        return util::Error{"Cannot read " + m_block_files.FileName(file).string() + ": " +
                           std::strerror(window.error()) + "."};
    }
    return found;
}

} // namespace storage
