// Fuzz targets for crypto's hashes, as differential checks: the incremental hasher fed
// in arbitrary pieces against one call over the whole input, and the batched
// double-SHA-256 against two plain hashes.
#include "data_reader.h"
#include "fuzz.h"

#include <crypto/sha256.h>

#include <array>
#include <cstring>
#include <vector>

namespace {

std::array<uint8_t, 32> Sha256Once(fuzz::Buffer data)
{
    return crypto::Sha256{}.Write(util::ByteSpan{data.data(), data.size()}).Finalize();
}

} // namespace

FUZZ_TARGET(sha256)
{
    fuzz::DataReader reader{buffer};
    // The first bytes choose where to cut; the rest is the message.
    std::vector<size_t> cuts;
    const size_t cut_count = reader.IntegralInRange<size_t>(0, 8);
    for (size_t i = 0; i < cut_count; ++i) cuts.push_back(reader.Integral<uint16_t>());
    const std::vector<uint8_t> message = reader.RemainingBytes();

    const std::array<uint8_t, 32> expected = Sha256Once(message);
    crypto::Sha256 hasher;
    size_t pos = 0;
    for (size_t cut : cuts) {
        const size_t n = std::min(cut % 130, message.size() - pos); // crosses block edges often
        hasher.Write(message.data() + pos, n);
        pos += n;
    }
    hasher.Write(message.data() + pos, message.size() - pos);
    FUZZ_CHECK(hasher.BytesWritten() == message.size());
    FUZZ_CHECK(hasher.Finalize() == expected);
    // A reset hasher is as good as a new one.
    hasher.Reset();
    FUZZ_CHECK(hasher.Write(message.data(), message.size()).Finalize() == expected);
}

FUZZ_TARGET(sha256d64)
{
    // Whole 64-byte blocks only; SHA256(SHA256(block)) for each, however many at once.
    const size_t blocks = std::min<size_t>(buffer.size() / 64, 64);
    std::vector<uint8_t> out(blocks * 32);
    crypto::Sha256D64(out.data(), buffer.data(), blocks);
    for (size_t i = 0; i < blocks; ++i) {
        const std::array<uint8_t, 32> first = Sha256Once(buffer.subspan(64 * i, 64));
        const std::array<uint8_t, 32> second = Sha256Once(first);
        FUZZ_CHECK(std::memcmp(out.data() + 32 * i, second.data(), 32) == 0);
    }
}
