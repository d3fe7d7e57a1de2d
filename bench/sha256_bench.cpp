#include "bench_util.h"

#include <crypto/sha256.h>

#include <array>

namespace {

void Sha256_64Bytes(benchmark::State& state)
{
    std::array<uint8_t, 64> in{};
    std::array<uint8_t, 32> out{};
    for (auto _ : state) {
        crypto::Sha256().Write(in.data(), in.size()).Finalize(out.data());
        in[0] = out[0];
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), 10.9e6, "hash", "SHA-NI one at a time");
}
BENCHMARK(Sha256_64Bytes);

} // namespace
