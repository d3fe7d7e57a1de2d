#include <test/util/testdata.h>

#include <util/fs.h>

#include <gtest/gtest.h>

#include <cstdlib>

namespace testutil {

std::optional<std::filesystem::path> TestDataDir()
{
    for (const char* var : {"BITNODE_TESTDATA", "BITNODE_TESTDATA_DEFAULT"}) {
        const char* value = std::getenv(var);
        if (value && *value && std::filesystem::is_directory(value)) return std::filesystem::path(value);
    }
    return std::nullopt;
}

std::vector<uint8_t> ReadTestBytes(const std::string& relative)
{
    const auto dir = TestDataDir();
    if (!dir) {
        ADD_FAILURE() << "test data folder not found";
        return {};
    }
    auto data = util::ReadFileBytes(*dir / relative);
    if (!data) {
        ADD_FAILURE() << data.error();
        return {};
    }
    return std::move(data).value();
}

std::string ReadTestText(const std::string& relative)
{
    const auto bytes = ReadTestBytes(relative);
    return {bytes.begin(), bytes.end()};
}

} // namespace testutil
