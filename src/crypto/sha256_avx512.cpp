// AVX-512 back end: sixteen messages per instruction stream (Merkle nodes, and block
// headers for sixteen nonces). Built with -mavx512f; only AVX-512F instructions are used,
// so byte swaps are done with rotates (no AVX-512BW vpshufb). vprord gives rotates in one
// instruction and vpternlogd a three-input xor, choice or majority in one.
#if defined(__x86_64__)

#include <crypto/sha256_multiway_impl.h>

#include <immintrin.h>

// GCC 12's own _mm512_ror/rol_epi32 start from _mm512_undefined_epi32(), a self-initialised
// variable that its -Wmaybe-uninitialized then reports once inlined here. False positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace crypto::sha256_internal {
namespace {

#define AVX512_INLINE inline __attribute__((always_inline))

struct Avx512Ops {
    using Vec = __m512i;
    static constexpr int LANES = 16;

    static AVX512_INLINE Vec Add(Vec a, Vec b) { return _mm512_add_epi32(a, b); }
    static AVX512_INLINE Vec Set1(uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
    static AVX512_INLINE Vec LaneIndex()
    {
        return _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }
    // Truth tables for vpternlogd: bit (a<<2 | b<<1 | c) of the immediate is f(a, b, c).
    static constexpr int XOR3 = 0x96;
    static constexpr int CHOOSE = 0xCA; // a ? b : c
    static constexpr int MAJORITY = 0xE8;
    static AVX512_INLINE Vec Xor3(Vec a, Vec b, Vec c) { return _mm512_ternarylogic_epi32(a, b, c, XOR3); }
    static AVX512_INLINE Vec BigSigma0(Vec x)
    {
        return Xor3(_mm512_ror_epi32(x, 2), _mm512_ror_epi32(x, 13), _mm512_ror_epi32(x, 22));
    }
    static AVX512_INLINE Vec BigSigma1(Vec x)
    {
        return Xor3(_mm512_ror_epi32(x, 6), _mm512_ror_epi32(x, 11), _mm512_ror_epi32(x, 25));
    }
    static AVX512_INLINE Vec SmallSigma0(Vec x)
    {
        return Xor3(_mm512_ror_epi32(x, 7), _mm512_ror_epi32(x, 18), _mm512_srli_epi32(x, 3));
    }
    static AVX512_INLINE Vec SmallSigma1(Vec x)
    {
        return Xor3(_mm512_ror_epi32(x, 17), _mm512_ror_epi32(x, 19), _mm512_srli_epi32(x, 10));
    }
    static AVX512_INLINE Vec Ch(Vec e, Vec f, Vec g) { return _mm512_ternarylogic_epi32(e, f, g, CHOOSE); }
    static AVX512_INLINE Vec Maj(Vec a, Vec b, Vec c) { return _mm512_ternarylogic_epi32(a, b, c, MAJORITY); }

    /** Byte swap of each 32-bit element: bytes 0 and 2 come from rotl 8, bytes 1 and 3 from rotr 8. */
    static AVX512_INLINE Vec ByteSwap(Vec x)
    {
        return _mm512_ternarylogic_epi32(_mm512_set1_epi32(0x00FF00FF), _mm512_rol_epi32(x, 8), _mm512_ror_epi32(x, 8),
                                         CHOOSE);
    }

    /** 4x4 transpose of 128-bit lanes across four vectors. */
    static AVX512_INLINE void Transpose128(Vec& a, Vec& b, Vec& c, Vec& d)
    {
        const Vec ab_lo = _mm512_shuffle_i32x4(a, b, 0x44), ab_hi = _mm512_shuffle_i32x4(a, b, 0xEE);
        const Vec cd_lo = _mm512_shuffle_i32x4(c, d, 0x44), cd_hi = _mm512_shuffle_i32x4(c, d, 0xEE);
        a = _mm512_shuffle_i32x4(ab_lo, cd_lo, 0x88);
        b = _mm512_shuffle_i32x4(ab_lo, cd_lo, 0xDD);
        c = _mm512_shuffle_i32x4(ab_hi, cd_hi, 0x88);
        d = _mm512_shuffle_i32x4(ab_hi, cd_hi, 0xDD);
    }

    static AVX512_INLINE void LoadMessages(const uint8_t* in, Vec (&w)[16])
    {
        Vec r[16];
        for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_si512(in + 64 * i);
        // Within each 128-bit lane, 4x4 transposes of 32-bit words in groups of four rows:
        // u[4m + c] lane L = word 4L + c of rows 4m..4m+3.
        Vec u[16];
        for (int m = 0; m < 4; ++m) {
            const Vec t0 = _mm512_unpacklo_epi32(r[4 * m], r[4 * m + 1]);
            const Vec t1 = _mm512_unpackhi_epi32(r[4 * m], r[4 * m + 1]);
            const Vec t2 = _mm512_unpacklo_epi32(r[4 * m + 2], r[4 * m + 3]);
            const Vec t3 = _mm512_unpackhi_epi32(r[4 * m + 2], r[4 * m + 3]);
            u[4 * m + 0] = _mm512_unpacklo_epi64(t0, t2);
            u[4 * m + 1] = _mm512_unpackhi_epi64(t0, t2);
            u[4 * m + 2] = _mm512_unpacklo_epi64(t1, t3);
            u[4 * m + 3] = _mm512_unpackhi_epi64(t1, t3);
        }
        // Then gather lane L of the four groups: word 4L + c of all sixteen rows.
        for (int c = 0; c < 4; ++c) {
            Vec a = u[c], b = u[4 + c], cc = u[8 + c], d = u[12 + c];
            Transpose128(a, b, cc, d);
            w[c] = ByteSwap(a);
            w[4 + c] = ByteSwap(b);
            w[8 + c] = ByteSwap(cc);
            w[12 + c] = ByteSwap(d);
        }
    }

    static AVX512_INLINE void StoreDigests(uint8_t* out, const Vec (&s)[8])
    {
        // u[4m + c] lane L = words 4m..4m+3 of message 4L + c.
        Vec u[8];
        for (int m = 0; m < 2; ++m) {
            const Vec t0 = _mm512_unpacklo_epi32(s[4 * m], s[4 * m + 1]);
            const Vec t1 = _mm512_unpackhi_epi32(s[4 * m], s[4 * m + 1]);
            const Vec t2 = _mm512_unpacklo_epi32(s[4 * m + 2], s[4 * m + 3]);
            const Vec t3 = _mm512_unpackhi_epi32(s[4 * m + 2], s[4 * m + 3]);
            u[4 * m + 0] = _mm512_unpacklo_epi64(t0, t2);
            u[4 * m + 1] = _mm512_unpackhi_epi64(t0, t2);
            u[4 * m + 2] = _mm512_unpacklo_epi64(t1, t3);
            u[4 * m + 3] = _mm512_unpackhi_epi64(t1, t3);
        }
        // Output vector q holds messages 2q and 2q+1: message 4L + c lands in q = 2L + c/2.
        for (int c = 0; c < 4; c += 2) {
            const Vec x_lo = _mm512_shuffle_i32x4(u[c], u[4 + c], 0x44);
            const Vec x_hi = _mm512_shuffle_i32x4(u[c], u[4 + c], 0xEE);
            const Vec y_lo = _mm512_shuffle_i32x4(u[c + 1], u[4 + c + 1], 0x44);
            const Vec y_hi = _mm512_shuffle_i32x4(u[c + 1], u[4 + c + 1], 0xEE);
            const int q = c / 2;
            _mm512_storeu_si512(out + 64 * (q + 0), ByteSwap(_mm512_shuffle_i32x4(x_lo, y_lo, 0x88)));
            _mm512_storeu_si512(out + 64 * (q + 2), ByteSwap(_mm512_shuffle_i32x4(x_lo, y_lo, 0xDD)));
            _mm512_storeu_si512(out + 64 * (q + 4), ByteSwap(_mm512_shuffle_i32x4(x_hi, y_hi, 0x88)));
            _mm512_storeu_si512(out + 64 * (q + 6), ByteSwap(_mm512_shuffle_i32x4(x_hi, y_hi, 0xDD)));
        }
    }
};

#undef AVX512_INLINE

} // namespace

void D64Avx512(uint8_t* out, const uint8_t* in, size_t blocks) { Multiway<Avx512Ops>::D64(out, in, blocks); }

void D80Avx512(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count)
{
    Multiway<Avx512Ops>::D80(out, midstate, tail, first_nonce, count);
}

} // namespace crypto::sha256_internal

#endif // __x86_64__
