// Inputs that fuzz targets once crashed on, kept as unit tests so the ASan+UBSan run
// (scripts/sanitize.sh) fails if the bug returns. Each test names the target that found it.
#include <crypto/sha256.h>

#include <gtest/gtest.h>

#include <string_view>

namespace {

// fuzz target "tx": hashing a transaction with an empty script wrote an empty span
// (data() == nullptr) into the SHA-256 buffer, and memcpy from null is undefined.
TEST(FuzzRegressionTest, Sha256WriteOfEmptySpan)
{
    const auto expected = crypto::Sha256{}.Write(util::AsBytes("a")).Finalize();
    crypto::Sha256 hasher;
    hasher.Write(util::ByteSpan{});          // nothing buffered yet
    hasher.Write(util::AsBytes("a"));
    hasher.Write(util::ByteSpan{});          // a partial block buffered
    EXPECT_EQ(hasher.BytesWritten(), 1u);
    EXPECT_EQ(hasher.Finalize(), expected);
}

} // namespace
