// Locating ../shared/testdata from unit tests.
//
// BITNODE_TESTDATA in the environment overrides the default (the shared folder
// beside the checkout). A test whose data is missing must GTEST_SKIP with the
// reason, never pass silently: use BITNODE_REQUIRE_TESTDATA.
#ifndef BITNODE_TEST_UTIL_TESTDATA_H
#define BITNODE_TEST_UTIL_TESTDATA_H

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace testutil {

/** The test data folder, or nullopt if it does not exist. */
std::optional<std::filesystem::path> TestDataDir();

/** Whole file under the test data folder; fails the test (ADD_FAILURE) and returns empty if unreadable. */
std::vector<uint8_t> ReadTestBytes(const std::string& relative);
std::string ReadTestText(const std::string& relative);

} // namespace testutil

#define BITNODE_REQUIRE_TESTDATA()                                                                        \
    do {                                                                                                  \
        if (!testutil::TestDataDir()) GTEST_SKIP() << "test data not found: set BITNODE_TESTDATA or put " \
                                                      "../shared/testdata beside the checkout";           \
    } while (0)

#endif // BITNODE_TEST_UTIL_TESTDATA_H
