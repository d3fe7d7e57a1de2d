// Reading the block files of ../shared/testdata for tests and test tools.
//
// Three layouts exist: `*.raw` (one serialized block), `*.dat` (records of a 4-byte
// network magic, a 4-byte little-endian length and the block) and `*.hex.txt` (one hex
// block a line). Header-only so unit tests and bitnode-test-dumpblock share it.
//
// Thread safety: pure functions.
#ifndef BITNODE_TEST_TOOLS_BLOCK_FILES_H
#define BITNODE_TEST_TOOLS_BLOCK_FILES_H

#include <util/hex.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace testtools {

struct NamedBlock {
    /** "<file name>" or "<file name>#<index>" for multi-block files. */
    std::string name;
    std::vector<uint8_t> bytes;
};

inline std::vector<uint8_t> ReadWholeFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/** Split a *.dat file into its block records; throws std::runtime_error on a broken record. */
inline std::vector<NamedBlock> SplitDatRecords(const std::string& name, const std::vector<uint8_t>& data)
{
    std::vector<NamedBlock> blocks;
    size_t pos = 0;
    while (pos < data.size()) {
        if (data.size() - pos < 8) throw std::runtime_error(name + ": truncated record header at byte " + std::to_string(pos));
        const uint32_t len = uint32_t{data[pos + 4]} | uint32_t{data[pos + 5]} << 8 | uint32_t{data[pos + 6]} << 16 |
                             uint32_t{data[pos + 7]} << 24;
        pos += 8;
        if (data.size() - pos < len) throw std::runtime_error(name + ": truncated record at byte " + std::to_string(pos));
        blocks.push_back({name + "#" + std::to_string(blocks.size()),
                          std::vector<uint8_t>(data.begin() + pos, data.begin() + pos + len)});
        pos += len;
    }
    return blocks;
}

/** Every block in the file, by the layout its name says. */
inline std::vector<NamedBlock> ReadBlockFile(const std::filesystem::path& path)
{
    const std::string name = path.filename().string();
    const std::vector<uint8_t> data = ReadWholeFile(path);
    if (name.ends_with(".dat")) return SplitDatRecords(name, data);
    if (name.ends_with(".hex.txt")) {
        std::vector<NamedBlock> blocks;
        std::string line;
        size_t line_no = 0;
        for (size_t i = 0; i <= data.size(); ++i) {
            if (i == data.size() || data[i] == '\n') {
                ++line_no;
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
                if (!line.empty()) {
                    auto bytes = util::TryParseHex(line);
                    if (!bytes) throw std::runtime_error(name + ": line " + std::to_string(line_no) + " is not hex");
                    blocks.push_back({name + "#" + std::to_string(blocks.size()), std::move(*bytes)});
                }
                line.clear();
            } else {
                line.push_back(static_cast<char>(data[i]));
            }
        }
        return blocks;
    }
    return {{name, data}};
}

/** The block files of the test data folder: blocks/ *.raw, genesis/ *.raw, chains/ *.dat and *.hex.txt. */
inline std::vector<std::filesystem::path> ListBlockFiles(const std::filesystem::path& testdata)
{
    std::vector<std::filesystem::path> files;
    for (const char* dir : {"blocks", "genesis", "chains"}) {
        if (!std::filesystem::is_directory(testdata / dir)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(testdata / dir)) {
            const std::string fname = entry.path().filename().string();
            if (fname.ends_with(".raw") || fname.ends_with(".dat") || fname.ends_with(".hex.txt")) {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace testtools

#endif // BITNODE_TEST_TOOLS_BLOCK_FILES_H
