// SHA-256 throughput: one message at a time through crypto::Sha256, block headers with
// and without a midstate, and Sha256D64 (Merkle nodes) through the dispatcher and through
// every back end this CPU supports; then the other hashes of crypto (RIPEMD-160 and
// Hash160, SipHash, HMAC-SHA512). Limits are PERFORMANCE.md's for this machine.
#include "bench_util.h"

#include <crypto/hash.h>
#include <crypto/hmac_sha512.h>
#include <crypto/ripemd160.h>
#include <crypto/sha256.h>
#include <crypto/siphash.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr double LIMIT_ONE_AT_A_TIME = 10.9e6; // SHA-NI or OpenSSL low-level, 64 or 80 bytes
constexpr double TARGET_HEADER_NO_MIDSTATE = 7.0e6;
constexpr double LIMIT_HEADER_MIDSTATE = 35.4e6; // SHA-NI, 4 nonces interleaved, clang
constexpr double LIMIT_HEADER_SHANI2 = 26.4e6;   // SHA-NI 2-way, g++ 12
constexpr double LIMIT_HEADER_AVX512 = 32.2e6;   // AVX-512, 16 lanes, clang
constexpr double LIMIT_D64_SHANI4 = 22.9e6;      // SHA-NI 4-way, clang
constexpr double LIMIT_D64_AVX512 = 20.8e6;      // AVX-512, 16 lanes
constexpr double LIMIT_D64_SHANI2 = 16.2e6;      // SHA-NI 2-way

constexpr double LIMIT_RIPEMD160_32 = 7.4e6; // own code built with clang

constexpr size_t D64_BATCH = 1024;
constexpr size_t D80_BATCH = 1024;

void Sha256_64Bytes(benchmark::State& state)
{
    std::array<uint8_t, 64> in{};
    std::array<uint8_t, 32> out{};
    for (auto _ : state) {
        crypto::Sha256().Write(in.data(), in.size()).Finalize(out.data());
        in[0] = out[0];
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), LIMIT_ONE_AT_A_TIME, "hash",
                              "SHA-NI one at a time");
}
BENCHMARK(Sha256_64Bytes);

void Sha256_80Bytes(benchmark::State& state)
{
    std::array<uint8_t, 80> in{};
    std::array<uint8_t, 32> out{};
    for (auto _ : state) {
        crypto::Sha256().Write(in.data(), in.size()).Finalize(out.data());
        in[0] = out[0];
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), LIMIT_ONE_AT_A_TIME, "hash",
                              "SHA-NI one at a time");
}
BENCHMARK(Sha256_80Bytes);

/** What a node does for each header it receives: no midstate to reuse. */
void Sha256D_Header80NoMidstate(benchmark::State& state)
{
    std::array<uint8_t, 80> header{};
    std::array<uint8_t, 32> hash{};
    for (auto _ : state) {
        crypto::Sha256().Write(header.data(), header.size()).Finalize(hash.data());
        crypto::Sha256().Write(hash.data(), hash.size()).Finalize(hash.data());
        header[76] = hash[0];
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), TARGET_HEADER_NO_MIDSTATE, "hash",
                              "issue target, no midstate");
}
BENCHMARK(Sha256D_Header80NoMidstate);

/** The miner's inner loop: one figure per nonce. */
void Sha256D_Header80Midstate(benchmark::State& state)
{
    std::array<uint8_t, 80> header{};
    for (size_t i = 0; i < header.size(); ++i) header[i] = static_cast<uint8_t>(i * 13);
    const crypto::Sha256Midstate mid = crypto::Sha256HeaderMidstate(header.data());
    std::vector<std::array<uint8_t, 32>> out(D80_BATCH);
    uint32_t nonce = 0;
    for (auto _ : state) {
        crypto::Sha256D80Midstate(reinterpret_cast<uint8_t(*)[32]>(out.data()), mid, header.data() + 64, nonce,
                                  D80_BATCH);
        nonce += D80_BATCH;
        benchmark::DoNotOptimize(out.data());
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * D80_BATCH), LIMIT_HEADER_MIDSTATE,
                              "nonce", "SHA-NI 4 nonces, clang");
}
BENCHMARK(Sha256D_Header80Midstate);

void Sha256D64_Dispatched(benchmark::State& state)
{
    std::vector<uint8_t> in(64 * D64_BATCH, 0x5a), out(32 * D64_BATCH);
    for (auto _ : state) {
        crypto::Sha256D64(out.data(), in.data(), D64_BATCH);
        benchmark::DoNotOptimize(out.data());
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * D64_BATCH), LIMIT_D64_SHANI4, "node",
                              "SHA-NI 4-way, clang");
}
BENCHMARK(Sha256D64_Dispatched);

struct Limit {
    double per_second;
    const char* what;
};

Limit D64Limit(const std::string& name)
{
    if (name == "avx512-16way") return {LIMIT_D64_AVX512, "AVX-512 16 lanes"};
    if (name == "shani-2way") return {LIMIT_D64_SHANI2, "SHA-NI 2-way"};
    return {LIMIT_D64_SHANI4, "best: SHA-NI 4-way, clang"};
}

Limit D80Limit(const std::string& name)
{
    if (name == "avx512-16way") return {LIMIT_HEADER_AVX512, "AVX-512 16 lanes, clang"};
    if (name == "shani-2way") return {LIMIT_HEADER_SHANI2, "SHA-NI 2-way, g++"};
    return {LIMIT_HEADER_MIDSTATE, "best: SHA-NI 4 nonces, clang"};
}

/** One benchmark per back end the CPU supports, named Sha256D64/<back end>. */
bool RegisterPerBackendBenchmarks()
{
    for (const auto& impl : crypto::Sha256D64Implementations()) {
        const Limit limit = D64Limit(impl.name);
        benchmark::RegisterBenchmark(("Sha256D64/" + impl.name).c_str(), [impl, limit](benchmark::State& state) {
            std::vector<uint8_t> in(64 * D64_BATCH, 0x5a), out(32 * D64_BATCH);
            for (auto _ : state) {
                impl.fn(out.data(), in.data(), D64_BATCH);
                benchmark::DoNotOptimize(out.data());
            }
            bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * D64_BATCH), limit.per_second,
                                      "node", limit.what);
        });
    }
    for (const auto& impl : crypto::Sha256D80Implementations()) {
        const Limit limit = D80Limit(impl.name);
        benchmark::RegisterBenchmark(
            ("Sha256D80Midstate/" + impl.name).c_str(), [impl, limit](benchmark::State& state) {
                std::array<uint8_t, 80> header{};
                const crypto::Sha256Midstate mid = crypto::Sha256HeaderMidstate(header.data());
                std::vector<std::array<uint8_t, 32>> out(D80_BATCH);
                uint32_t nonce = 0;
                for (auto _ : state) {
                    impl.fn(reinterpret_cast<uint8_t(*)[32]>(out.data()), mid, header.data() + 64, nonce, D80_BATCH);
                    nonce += D80_BATCH;
                    benchmark::DoNotOptimize(out.data());
                }
                bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * D80_BATCH), limit.per_second,
                                          "nonce", limit.what);
            });
    }
    return true;
}

const bool REGISTERED = RegisterPerBackendBenchmarks();

void Ripemd160_32Bytes(benchmark::State& state)
{
    std::array<uint8_t, 32> in{};
    std::array<uint8_t, 20> out{};
    for (auto _ : state) {
        crypto::Ripemd160().Write(in.data(), in.size()).Finalize(out.data());
        in[0] = out[0];
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), LIMIT_RIPEMD160_32, "hash",
                              "own code, clang");
}
BENCHMARK(Ripemd160_32Bytes);

/** A compressed public key to its P2PKH/P2WPKH hash: SHA-256 then RIPEMD-160 of 32 bytes. */
void Hash160_33Bytes(benchmark::State& state)
{
    std::array<uint8_t, 33> key{};
    key[0] = 0x02;
    for (auto _ : state) {
        const auto h = crypto::Hash160Of(key);
        key[1] = h[0];
    }
    // Bounded by one SHA-256 (10.9 M/s) and one RIPEMD-160 (7.4 M/s) in sequence.
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), 1 / (1 / 10.9e6 + 1 / 7.4e6), "hash",
                              "SHA-256 then RIPEMD-160 limits in sequence");
}
BENCHMARK(Hash160_33Bytes);

void SipHashUint256Extra_(benchmark::State& state)
{
    std::array<uint8_t, 32> val{};
    uint32_t n = 0;
    uint64_t sink = 0;
    for (auto _ : state) sink += crypto::SipHashUint256Extra(0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, val, n++);
    benchmark::DoNotOptimize(sink);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.SetLabel("no limit measured");
}
BENCHMARK(SipHashUint256Extra_)->Name("SipHashUint256Extra");

void HmacSha512_Bip32(benchmark::State& state)
{
    std::array<uint8_t, 32> chain_code{};
    std::array<uint8_t, 37> data{};
    for (auto _ : state) {
        const auto mac = crypto::HmacSha512Of(chain_code, data);
        data[1] = mac[0];
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.SetLabel("no limit measured (one BIP32 child derivation's HMAC)");
}
BENCHMARK(HmacSha512_Bip32);

} // namespace
