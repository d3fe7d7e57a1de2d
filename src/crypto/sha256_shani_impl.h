// SHA-NI building blocks for sha256_shani.cpp and sha256_shani4.cpp only (both built
// with -msse4.1 -msha). Everything is in an anonymous namespace and force-inlined, so
// each including file gets private copies (see sha256_internal.h on why that matters).
//
// SHA-NI keeps the eight working variables in two registers laid out as ABEF and CDGH
// (highest element first); sha256rnds2 does two rounds, so four rounds take two calls,
// the second with the upper half of the W+K vector. Interleaving N independent streams
// hides the instruction's latency: one stream leaves the unit idle most of the time.
#ifndef BITNODE_CRYPTO_SHA256_SHANI_IMPL_H
#define BITNODE_CRYPTO_SHA256_SHANI_IMPL_H

#include <crypto/sha256_internal.h>

#include <immintrin.h>

#define SHANI_INLINE inline __attribute__((always_inline))

namespace crypto::sha256_internal {
namespace {

struct ShaNiState {
    __m128i abef;
    __m128i cdgh;
};

/** pshufb mask turning four big-endian words into native ones (and back). */
SHANI_INLINE __m128i ByteSwapMask() { return _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL); }

SHANI_INLINE __m128i LoadWords(const uint32_t* p) { return _mm_load_si128(reinterpret_cast<const __m128i*>(p)); }

SHANI_INLINE __m128i LoadBigEndian(const uint8_t* p)
{
    return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), ByteSwapMask());
}

SHANI_INLINE void StoreBigEndian(uint8_t* p, __m128i words)
{
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_shuffle_epi8(words, ByteSwapMask()));
}

/** (a,b,c,d), (e,f,g,h) in element order -> ABEF/CDGH. */
SHANI_INLINE ShaNiState Pack(__m128i abcd, __m128i efgh)
{
    const __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    return {_mm_alignr_epi8(badc, hgfe, 8), _mm_blend_epi16(hgfe, badc, 0xF0)};
}

/** Inverse of Pack. */
SHANI_INLINE void Unpack(const ShaNiState& s, __m128i& abcd, __m128i& efgh)
{
    const __m128i abef = _mm_shuffle_epi32(s.abef, 0x1B);
    const __m128i ghcd = _mm_shuffle_epi32(s.cdgh, 0xB1);
    abcd = _mm_blend_epi16(abef, ghcd, 0xF0);
    efgh = _mm_alignr_epi8(ghcd, abef, 8);
}

SHANI_INLINE ShaNiState LoadState(const uint32_t s[8])
{
    return Pack(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)),
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4)));
}

/** Four rounds with W+K for them in wk. */
SHANI_INLINE void Rounds4(ShaNiState& s, __m128i wk)
{
    // After two rounds the new CDGH is the old ABEF, so the registers swap roles.
    s.cdgh = _mm_sha256rnds2_epu32(s.cdgh, s.abef, wk);
    s.abef = _mm_sha256rnds2_epu32(s.abef, s.cdgh, _mm_shuffle_epi32(wk, 0x0E));
}

/** W[t..t+3] from W[t-16..t-1] given as four vectors oldest first, and msg1 = sha256msg1(w0, w1). */
SHANI_INLINE __m128i NextWords(__m128i msg1, __m128i w2, __m128i w3)
{
    const __m128i w_minus_7 = _mm_alignr_epi8(w3, w2, 4);
    return _mm_sha256msg2_epu32(_mm_add_epi32(msg1, w_minus_7), w3);
}

/**
 * Rounds 4*FIRST_GROUP..63 of N independent streams; m[j] holds the four message
 * vectors of stream j (its block words on entry) and is used as the rolling schedule.
 * When the block's vectors CONST_FROM..3 are the same constants for every stream (padding),
 * msg1_const gives sha256msg1 of each pair of them, saving those instructions.
 */
template <int N, int FIRST_GROUP = 0, int CONST_FROM = 4>
SHANI_INLINE void MessageRounds(ShaNiState (&st)[N], __m128i (&m)[N][4], const Words4* msg1_const = nullptr)
{
#pragma GCC unroll 16
    for (int g = FIRST_GROUP; g < 16; ++g) {
        const __m128i k = LoadWords(ROUND_CONSTANTS + 4 * g);
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) {
            if (g >= 4) {
                // W[g-4] and W[g-3] (as vectors) are both padding constants for g in [4 + CONST_FROM, 6].
                const bool constant = g - 4 >= CONST_FROM && g <= 6;
                const __m128i msg1 = constant ? LoadWords(msg1_const[g - 4 - CONST_FROM].w)
                                              : _mm_sha256msg1_epu32(m[j][g & 3], m[j][(g + 1) & 3]);
                m[j][g & 3] = NextWords(msg1, m[j][(g + 2) & 3], m[j][(g + 3) & 3]);
            }
            Rounds4(st[j], _mm_add_epi32(m[j][g & 3], k));
        }
    }
}

/** 64 rounds whose W+K are the same for every stream and known in advance. */
template <int N>
SHANI_INLINE void ConstantRounds(ShaNiState (&st)[N], const uint32_t* wk)
{
#pragma GCC unroll 16
    for (int g = 0; g < 16; ++g) {
        const __m128i v = LoadWords(wk + 4 * g);
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) Rounds4(st[j], v);
    }
}

template <int N>
SHANI_INLINE void FeedForward(ShaNiState (&st)[N], const ShaNiState& saved)
{
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) {
        st[j].abef = _mm_add_epi32(st[j].abef, saved.abef);
        st[j].cdgh = _mm_add_epi32(st[j].cdgh, saved.cdgh);
    }
}

SHANI_INLINE ShaNiState InitialState() { return Pack(LoadWords(INITIAL_STATE), LoadWords(INITIAL_STATE + 4)); }

/** Replace each stream's state by SHA256 of its 32-byte digest and store it to out + 32*j. */
template <int N>
SHANI_INLINE void HashDigestsAndStore(ShaNiState (&st)[N], uint8_t* out, size_t out_stride)
{
    __m128i m[N][4];
    const ShaNiState iv = InitialState();
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) {
        Unpack(st[j], m[j][0], m[j][1]);
        m[j][2] = LoadWords(PAD32_TAIL);
        m[j][3] = LoadWords(PAD32_TAIL + 4);
        st[j] = iv;
    }
    MessageRounds<N, 0, 2>(st, m, PAD32_MSG1);
    FeedForward<N>(st, iv);
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) {
        __m128i abcd, efgh;
        Unpack(st[j], abcd, efgh);
        StoreBigEndian(out + out_stride * j, abcd);
        StoreBigEndian(out + out_stride * j + 16, efgh);
    }
}

/** Double SHA-256 of N 64-byte inputs at a time. */
template <int N>
SHANI_INLINE void D64Kernel(uint8_t* out, const uint8_t* in, size_t blocks)
{
    for (; blocks >= N; blocks -= N, in += 64 * N, out += 32 * N) {
        const ShaNiState iv = InitialState();
        ShaNiState st[N];
        __m128i m[N][4];
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) {
            st[j] = iv;
            for (int q = 0; q < 4; ++q) m[j][q] = LoadBigEndian(in + 64 * j + 16 * q);
        }
        MessageRounds<N>(st, m);
        FeedForward<N>(st, iv);
        ShaNiState mid[N];
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) mid[j] = st[j];
        ConstantRounds<N>(st, PAD64_WK.w);
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) {
            st[j].abef = _mm_add_epi32(st[j].abef, mid[j].abef);
            st[j].cdgh = _mm_add_epi32(st[j].cdgh, mid[j].cdgh);
        }
        HashDigestsAndStore<N>(st, out, 32);
    }
}

/** Double SHA-256 of an 80-byte header for N consecutive nonces at a time. */
template <int N>
SHANI_INLINE void D80Kernel(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16],
                            uint32_t first_nonce, size_t count)
{
    const ShaNiState mid = LoadState(midstate);
    const __m128i tail_words = LoadBigEndian(tail);
    // Rounds 0 and 1 use W[0] and W[1], which do not depend on the nonce (W[3]).
    const __m128i wk0 = _mm_add_epi32(tail_words, LoadWords(ROUND_CONSTANTS));
    const __m128i after2_abef = _mm_sha256rnds2_epu32(mid.cdgh, mid.abef, wk0);
    const __m128i k0 = LoadWords(ROUND_CONSTANTS);
    for (uint32_t nonce = first_nonce; count >= N; count -= N, nonce += N, out += N) {
        ShaNiState st[N];
        __m128i m[N][4];
#pragma GCC unroll 4
        for (int j = 0; j < N; ++j) {
            m[j][0] = _mm_insert_epi32(tail_words, static_cast<int>(__builtin_bswap32(nonce + j)), 3);
            m[j][1] = LoadWords(PAD80_TAIL);
            m[j][2] = LoadWords(PAD80_TAIL + 4);
            m[j][3] = LoadWords(PAD80_TAIL + 8);
            const __m128i wk = _mm_add_epi32(m[j][0], k0);
            st[j].cdgh = after2_abef;
            st[j].abef = _mm_sha256rnds2_epu32(mid.abef, after2_abef, _mm_shuffle_epi32(wk, 0x0E));
        }
        MessageRounds<N, 1, 1>(st, m, PAD80_MSG1);
        FeedForward<N>(st, mid);
        HashDigestsAndStore<N>(st, out[0], 32);
    }
}

} // namespace
} // namespace crypto::sha256_internal

#undef SHANI_INLINE

#endif // BITNODE_CRYPTO_SHA256_SHANI_IMPL_H
