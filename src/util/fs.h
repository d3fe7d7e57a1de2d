// File-system helpers returning Result values with messages that name the file.
#ifndef BITNODE_UTIL_FS_H
#define BITNODE_UTIL_FS_H

#include <util/result.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace util {

namespace fs = std::filesystem;

/** Whole contents of a file ("-" reads standard input). */
Result<std::vector<uint8_t>> ReadFileBytes(const fs::path& path);
Result<std::string> ReadFileText(const fs::path& path);

} // namespace util

#endif // BITNODE_UTIL_FS_H
