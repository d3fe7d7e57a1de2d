// crypto::Sha256 and the run-time choice of SHA-256 back end.
#include <crypto/sha256.h>

#include <crypto/byteorder.h>
#include <crypto/cpuid.h>
#include <crypto/sha256_internal.h>

#include <cassert>
#include <cstring>

namespace crypto {
namespace {

using namespace sha256_internal;

struct D64Kernel {
    const char* name;
    size_t lanes;
    D64Fn fn;
    bool (*supported)(const CpuFeatures&);
};

struct D80Kernel {
    const char* name;
    size_t lanes;
    D80Fn fn;
    bool (*supported)(const CpuFeatures&);
};

bool Always(const CpuFeatures&) { return true; }
[[maybe_unused]] bool HasShaNi(const CpuFeatures& f) { return f.sha && f.sse41 && f.ssse3; }
[[maybe_unused]] bool HasAvx2(const CpuFeatures& f) { return f.avx2; }
[[maybe_unused]] bool HasAvx512(const CpuFeatures& f) { return f.avx512f; }

// Preference order for the bulk of the work: a kernel takes every whole group of its
// lanes that is left, so a list must end with a one-lane kernel. The order follows the
// throughput measured on Zen 4 (bench/sha256_bench.cpp, doc/crypto-hashes.md).
constexpr D64Kernel D64_KERNELS[] = {
#if defined(__x86_64__)
    {"avx512-16way", 16, D64Avx512, HasAvx512}, {"shani-4way", 4, D64ShaNi4, HasShaNi},
    {"shani-2way", 2, D64ShaNi2, HasShaNi},     {"shani-1way", 1, D64ShaNi1, HasShaNi},
    {"avx2-8way", 8, D64Avx2, HasAvx2},
#endif
    {"portable", 1, D64Portable, Always},
};

constexpr D80Kernel D80_KERNELS[] = {
#if defined(__x86_64__)
    {"avx512-16way", 16, D80Avx512, HasAvx512}, {"shani-4way", 4, D80ShaNi4, HasShaNi},
    {"shani-2way", 2, D80ShaNi2, HasShaNi},     {"shani-1way", 1, D80ShaNi1, HasShaNi},
    {"avx2-8way", 8, D80Avx2, HasAvx2},
#endif
    {"portable", 1, D80Portable, Always},
};

constexpr size_t MAX_STEPS = std::size(D64_KERNELS) > std::size(D80_KERNELS) ? std::size(D64_KERNELS)
                                                                             : std::size(D80_KERNELS);

/** The back ends chosen for this CPU; built once, read-only afterwards. */
struct Backends {
    TransformFn transform{TransformPortable};
    const char* transform_name{"portable"};
    const D64Kernel* d64[MAX_STEPS]{};
    size_t d64_steps{0};
    const D80Kernel* d80[MAX_STEPS]{};
    size_t d80_steps{0};
};

template <typename Kernel, size_t N>
size_t ChooseSteps(const Kernel (&kernels)[N], const CpuFeatures& features, const Kernel** steps)
{
    size_t count = 0;
    for (const Kernel& k : kernels) {
        if (!k.supported(features)) continue;
        steps[count++] = &k;
        if (k.lanes == 1) break; // it finishes whatever is left
    }
    return count;
}

Backends Choose()
{
    const CpuFeatures& features = GetCpuFeatures();
    Backends b;
#if defined(__x86_64__)
    if (HasShaNi(features)) {
        b.transform = TransformShaNi;
        b.transform_name = "shani";
    }
#endif
    b.d64_steps = ChooseSteps(D64_KERNELS, features, b.d64);
    b.d80_steps = ChooseSteps(D80_KERNELS, features, b.d80);
    return b;
}

const Backends& Selected()
{
    static const Backends backends = Choose();
    return backends;
}

template <D64Fn KERNEL, size_t LANES>
void D64ThenPortable(uint8_t* out, const uint8_t* in, size_t blocks)
{
    const size_t bulk = blocks - blocks % LANES;
    if (bulk > 0) KERNEL(out, in, bulk);
    if (blocks > bulk) D64Portable(out + 32 * bulk, in + 64 * bulk, blocks - bulk);
}

template <D80Fn KERNEL, size_t LANES>
void D80ThenPortable(uint8_t (*out)[32], const Sha256Midstate& midstate, const uint8_t tail[16], uint32_t first_nonce,
                     size_t count)
{
    const size_t bulk = count - count % LANES;
    if (bulk > 0) KERNEL(out, midstate.data(), tail, first_nonce, bulk);
    if (count > bulk) {
        D80Portable(out + bulk, midstate.data(), tail, first_nonce + static_cast<uint32_t>(bulk), count - bulk);
    }
}

} // namespace

Sha256::Sha256() { Reset(); }

Sha256::Sha256(const Sha256Midstate& midstate, uint64_t bytes_so_far) : m_bytes{bytes_so_far}
{
    assert(bytes_so_far % BLOCK_SIZE == 0);
    std::memcpy(m_state, midstate.data(), sizeof(m_state));
}

Sha256& Sha256::Reset()
{
    std::memcpy(m_state, INITIAL_STATE, sizeof(m_state));
    m_bytes = 0;
    return *this;
}

Sha256Midstate Sha256::Midstate() const
{
    assert(m_bytes % BLOCK_SIZE == 0);
    Sha256Midstate mid;
    std::memcpy(mid.data(), m_state, sizeof(m_state));
    return mid;
}

Sha256& Sha256::Write(util::ByteSpan data)
{
    // An empty span may have a null data(); memcpy from null is undefined even for 0 bytes.
    if (data.empty()) return *this;
    const TransformFn transform = Selected().transform;
    const uint8_t* p = data.data();
    size_t len = data.size();
    const size_t used = m_bytes % BLOCK_SIZE;
    m_bytes += len;
    if (used != 0) {
        const size_t take = std::min(len, BLOCK_SIZE - used);
        std::memcpy(m_buf + used, p, take);
        if (used + take < BLOCK_SIZE) return *this;
        transform(m_state, m_buf, 1);
        p += take;
        len -= take;
    }
    if (len >= BLOCK_SIZE) {
        transform(m_state, p, len / BLOCK_SIZE);
        p += len - len % BLOCK_SIZE;
        len %= BLOCK_SIZE;
    }
    if (len > 0) std::memcpy(m_buf, p, len);
    return *this;
}

void Sha256::Finalize(uint8_t out[OUTPUT_SIZE])
{
    const TransformFn transform = Selected().transform;
    size_t used = m_bytes % BLOCK_SIZE;
    m_buf[used++] = 0x80;
    if (used > BLOCK_SIZE - 8) {
        // No room for the 8-byte length: it goes in a block of its own.
        std::memset(m_buf + used, 0, BLOCK_SIZE - used);
        transform(m_state, m_buf, 1);
        used = 0;
    }
    std::memset(m_buf + used, 0, BLOCK_SIZE - 8 - used);
    WriteBE64(m_buf + BLOCK_SIZE - 8, m_bytes << 3);
    transform(m_state, m_buf, 1);
    for (int i = 0; i < 8; ++i) WriteBE32(out + 4 * i, m_state[i]);
}

void Sha256D64(uint8_t* out, const uint8_t* in, size_t blocks)
{
    const Backends& b = Selected();
    for (size_t i = 0; i < b.d64_steps && blocks > 0; ++i) {
        const size_t lanes = b.d64[i]->lanes;
        const size_t n = blocks - blocks % lanes;
        if (n == 0) continue;
        b.d64[i]->fn(out, in, n);
        out += 32 * n;
        in += 64 * n;
        blocks -= n;
    }
}

Sha256Midstate Sha256HeaderMidstate(const uint8_t header[80]) { return Sha256().Write(header, 64).Midstate(); }

void Sha256D80Midstate(uint8_t (*out)[32], const Sha256Midstate& midstate, const uint8_t tail[16], uint32_t first_nonce,
                       size_t count)
{
    const Backends& b = Selected();
    for (size_t i = 0; i < b.d80_steps && count > 0; ++i) {
        const size_t lanes = b.d80[i]->lanes;
        const size_t n = count - count % lanes;
        if (n == 0) continue;
        b.d80[i]->fn(out, midstate.data(), tail, first_nonce, n);
        out += n;
        first_nonce += static_cast<uint32_t>(n);
        count -= n;
    }
}

std::string Sha256BackendName()
{
    const Backends& b = Selected();
    std::string name = std::string{"sha256="} + b.transform_name + " d64=";
    for (size_t i = 0; i < b.d64_steps; ++i) name += std::string{i ? "," : ""} + b.d64[i]->name;
    name += " d80=";
    for (size_t i = 0; i < b.d80_steps; ++i) name += std::string{i ? "," : ""} + b.d80[i]->name;
    return name;
}

std::vector<Sha256TransformImpl> Sha256TransformImplementations()
{
    std::vector<Sha256TransformImpl> impls{{"portable", TransformPortable}};
#if defined(__x86_64__)
    if (HasShaNi(GetCpuFeatures())) impls.push_back({"shani", TransformShaNi});
#endif
    return impls;
}

std::vector<Sha256D64Impl> Sha256D64Implementations()
{
    const CpuFeatures& f = GetCpuFeatures();
    std::vector<Sha256D64Impl> impls{{"portable", 1, D64Portable}};
#if defined(__x86_64__)
    if (HasShaNi(f)) {
        impls.push_back({"shani-1way", 1, D64ShaNi1});
        impls.push_back({"shani-2way", 2, D64ThenPortable<D64ShaNi2, 2>});
        impls.push_back({"shani-4way", 4, D64ThenPortable<D64ShaNi4, 4>});
    }
    if (HasAvx2(f)) impls.push_back({"avx2-8way", 8, D64ThenPortable<D64Avx2, 8>});
    if (HasAvx512(f)) impls.push_back({"avx512-16way", 16, D64ThenPortable<D64Avx512, 16>});
#endif
    (void)f;
    return impls;
}

std::vector<Sha256D80Impl> Sha256D80Implementations()
{
    const CpuFeatures& f = GetCpuFeatures();
    std::vector<Sha256D80Impl> impls{{"portable", 1, D80ThenPortable<D80Portable, 1>}};
#if defined(__x86_64__)
    if (HasShaNi(f)) {
        impls.push_back({"shani-1way", 1, D80ThenPortable<D80ShaNi1, 1>});
        impls.push_back({"shani-2way", 2, D80ThenPortable<D80ShaNi2, 2>});
        impls.push_back({"shani-4way", 4, D80ThenPortable<D80ShaNi4, 4>});
    }
    if (HasAvx2(f)) impls.push_back({"avx2-8way", 8, D80ThenPortable<D80Avx2, 8>});
    if (HasAvx512(f)) impls.push_back({"avx512-16way", 16, D80ThenPortable<D80Avx512, 16>});
#endif
    (void)f;
    return impls;
}

} // namespace crypto
