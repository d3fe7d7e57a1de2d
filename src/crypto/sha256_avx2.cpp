// AVX2 back end: eight messages per instruction stream. Built with -mavx2; used for
// the bulk of Sha256D64 on CPUs that have AVX2 but neither SHA-NI nor AVX-512.
#if defined(__x86_64__)

#include <crypto/sha256_multiway_impl.h>

#include <immintrin.h>

namespace crypto::sha256_internal {
namespace {

#define AVX2_INLINE inline __attribute__((always_inline))

struct Avx2Ops {
    using Vec = __m256i;
    static constexpr int LANES = 8;

    static AVX2_INLINE Vec Add(Vec a, Vec b) { return _mm256_add_epi32(a, b); }
    static AVX2_INLINE Vec Xor(Vec a, Vec b) { return _mm256_xor_si256(a, b); }
    static AVX2_INLINE Vec Set1(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
    static AVX2_INLINE Vec LaneIndex() { return _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0); }

    template <int N>
    static AVX2_INLINE Vec Rotr(Vec x)
    {
        return _mm256_or_si256(_mm256_srli_epi32(x, N), _mm256_slli_epi32(x, 32 - N));
    }
    static AVX2_INLINE Vec BigSigma0(Vec x) { return Xor(Xor(Rotr<2>(x), Rotr<13>(x)), Rotr<22>(x)); }
    static AVX2_INLINE Vec BigSigma1(Vec x) { return Xor(Xor(Rotr<6>(x), Rotr<11>(x)), Rotr<25>(x)); }
    static AVX2_INLINE Vec SmallSigma0(Vec x) { return Xor(Xor(Rotr<7>(x), Rotr<18>(x)), _mm256_srli_epi32(x, 3)); }
    static AVX2_INLINE Vec SmallSigma1(Vec x) { return Xor(Xor(Rotr<17>(x), Rotr<19>(x)), _mm256_srli_epi32(x, 10)); }
    static AVX2_INLINE Vec Ch(Vec e, Vec f, Vec g) { return Xor(g, _mm256_and_si256(e, Xor(f, g))); }
    static AVX2_INLINE Vec Maj(Vec a, Vec b, Vec c)
    {
        return _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(c, _mm256_or_si256(a, b)));
    }

    static AVX2_INLINE Vec ByteSwap(Vec x)
    {
        const Vec mask =
            _mm256_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL, 0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
        return _mm256_shuffle_epi8(x, mask);
    }

    /** In-place 8x8 transpose of 32-bit elements: after it, r[j] element i = old r[i] element j. */
    static AVX2_INLINE void Transpose8x8(Vec (&r)[8])
    {
        Vec t[8], u[8];
        for (int k = 0; k < 4; ++k) {
            t[2 * k] = _mm256_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
            t[2 * k + 1] = _mm256_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
        }
        // u[4m + c] 128-bit half H = element 4H + c of rows 4m..4m+3.
        for (int m = 0; m < 2; ++m) {
            u[4 * m + 0] = _mm256_unpacklo_epi64(t[4 * m], t[4 * m + 2]);
            u[4 * m + 1] = _mm256_unpackhi_epi64(t[4 * m], t[4 * m + 2]);
            u[4 * m + 2] = _mm256_unpacklo_epi64(t[4 * m + 1], t[4 * m + 3]);
            u[4 * m + 3] = _mm256_unpackhi_epi64(t[4 * m + 1], t[4 * m + 3]);
        }
        for (int c = 0; c < 4; ++c) {
            r[c] = _mm256_permute2x128_si256(u[c], u[4 + c], 0x20);
            r[4 + c] = _mm256_permute2x128_si256(u[c], u[4 + c], 0x31);
        }
    }

    static AVX2_INLINE void LoadMessages(const uint8_t* in, Vec (&w)[16])
    {
        for (int half = 0; half < 2; ++half) {
            Vec r[8];
            for (int i = 0; i < 8; ++i)
                r[i] = _mm256_loadu_si256(reinterpret_cast<const Vec*>(in + 64 * i + 32 * half));
            Transpose8x8(r);
            for (int j = 0; j < 8; ++j) w[8 * half + j] = ByteSwap(r[j]);
        }
    }

    static AVX2_INLINE void StoreDigests(uint8_t* out, const Vec (&s)[8])
    {
        Vec r[8];
        for (int i = 0; i < 8; ++i) r[i] = s[i];
        Transpose8x8(r);
        for (int i = 0; i < 8; ++i) _mm256_storeu_si256(reinterpret_cast<Vec*>(out + 32 * i), ByteSwap(r[i]));
    }
};

#undef AVX2_INLINE

} // namespace

void D64Avx2(uint8_t* out, const uint8_t* in, size_t blocks) { Multiway<Avx2Ops>::D64(out, in, blocks); }

void D80Avx2(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce, size_t count)
{
    Multiway<Avx2Ops>::D80(out, midstate, tail, first_nonce, count);
}

} // namespace crypto::sha256_internal

#endif // __x86_64__
