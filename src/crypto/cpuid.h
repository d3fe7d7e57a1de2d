// Run-time detection of the x86 instruction-set extensions the hash kernels use.
//
// A feature counts as present only if the CPU reports it (CPUID) and, for the AVX
// families, the operating system saves the wider registers on context switches
// (XGETBV). The answer is computed once on first use; GetCpuFeatures() is thread-safe
// and the returned object is immutable. On non-x86 builds every flag is false.
#ifndef BITNODE_CRYPTO_CPUID_H
#define BITNODE_CRYPTO_CPUID_H

#include <string>

namespace crypto {

struct CpuFeatures {
    bool ssse3{false};
    bool sse41{false};
    bool sha{false};     //!< SHA-NI: sha256rnds2, sha256msg1/2, sha1rnds4, ...
    bool avx2{false};    //!< with OS support for the YMM state
    bool avx512f{false}; //!< with OS support for the ZMM and opmask state
    bool avx512vl{false};
    bool bmi2{false};

    /** Space-separated names of the present features, for logs and benchmark labels. */
    std::string ToString() const;
};

/** Features of the CPU this process runs on. */
const CpuFeatures& GetCpuFeatures();

} // namespace crypto

#endif // BITNODE_CRYPTO_CPUID_H
