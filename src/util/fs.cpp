#include <util/fs.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

namespace util {

template <typename Container>
static Result<Container> ReadAll(const fs::path& path)
{
    if (path == "-") {
        Container data{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
        if (std::cin.bad()) return Error{"cannot read standard input"};
        return data;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open " + path.string() + ": " + std::strerror(errno)};
    Container data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return Error{"cannot read " + path.string() + ": " + std::strerror(errno)};
    return data;
}

Result<std::vector<uint8_t>> ReadFileBytes(const fs::path& path) { return ReadAll<std::vector<uint8_t>>(path); }
Result<std::string> ReadFileText(const fs::path& path) { return ReadAll<std::string>(path); }

} // namespace util
