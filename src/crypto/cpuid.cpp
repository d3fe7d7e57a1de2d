#include <crypto/cpuid.h>

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace crypto {
namespace {

#if defined(__x86_64__) || defined(__i386__)

// XCR0 bits: which register states the OS saves and restores.
constexpr uint64_t XCR0_SSE = 1 << 1;
constexpr uint64_t XCR0_AVX = 1 << 2;
constexpr uint64_t XCR0_OPMASK = 1 << 5;
constexpr uint64_t XCR0_ZMM_HI256 = 1 << 6;
constexpr uint64_t XCR0_HI16_ZMM = 1 << 7;

uint64_t ReadXcr0()
{
    // Inline asm rather than _xgetbv(), which needs -mxsave for the whole file.
    uint32_t lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t{hi} << 32) | lo;
}

CpuFeatures Detect()
{
    CpuFeatures f;
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, nullptr) < 7) return f;

    __cpuid_count(1, 0, eax, ebx, ecx, edx);
    f.ssse3 = (ecx >> 9) & 1;
    f.sse41 = (ecx >> 19) & 1;
    const bool osxsave = (ecx >> 27) & 1;
    const bool avx = (ecx >> 28) & 1;

    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    f.sha = (ebx >> 29) & 1;
    f.bmi2 = (ebx >> 8) & 1;
    const bool avx2 = (ebx >> 5) & 1;
    const bool avx512f = (ebx >> 16) & 1;
    const bool avx512vl = (ebx >> 31) & 1;

    if (osxsave && avx) {
        const uint64_t xcr0 = ReadXcr0();
        const uint64_t ymm = XCR0_SSE | XCR0_AVX;
        const uint64_t zmm = ymm | XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM;
        const bool os_ymm = (xcr0 & ymm) == ymm;
        const bool os_zmm = (xcr0 & zmm) == zmm;
        f.avx2 = avx2 && os_ymm;
        f.avx512f = avx512f && os_zmm;
        f.avx512vl = f.avx512f && avx512vl;
    }
    return f;
}

#else

CpuFeatures Detect() { return {}; }

#endif

} // namespace

std::string CpuFeatures::ToString() const
{
    std::string s;
    auto add = [&](bool present, const char* name) {
        if (!present) return;
        if (!s.empty()) s += ' ';
        s += name;
    };
    add(ssse3, "ssse3");
    add(sse41, "sse4.1");
    add(sha, "sha");
    add(avx2, "avx2");
    add(avx512f, "avx512f");
    add(avx512vl, "avx512vl");
    add(bmi2, "bmi2");
    return s;
}

const CpuFeatures& GetCpuFeatures()
{
    static const CpuFeatures features = Detect();
    return features;
}

} // namespace crypto
