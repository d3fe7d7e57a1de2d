// SHA-NI back end: the single-block transform used by crypto::Sha256, and one- and
// two-stream double-SHA-256 kernels. Built with -msse4.1 -msha; called only on CPUs
// that have both (see sha256_dispatch.cpp).
#if defined(__x86_64__)

#include <crypto/sha256_shani_impl.h>

namespace crypto::sha256_internal {

void TransformShaNi(uint32_t state[8], const uint8_t* data, size_t blocks)
{
    ShaNiState st[1] = {LoadState(state)};
    for (; blocks > 0; --blocks, data += 64) {
        const ShaNiState saved = st[0];
        __m128i m[1][4];
        for (int q = 0; q < 4; ++q) m[0][q] = LoadBigEndian(data + 16 * q);
        MessageRounds<1>(st, m);
        FeedForward<1>(st, saved);
    }
    __m128i abcd, efgh;
    Unpack(st[0], abcd, efgh);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), abcd);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), efgh);
}

void D64ShaNi1(uint8_t* out, const uint8_t* in, size_t blocks) { D64Kernel<1>(out, in, blocks); }
void D64ShaNi2(uint8_t* out, const uint8_t* in, size_t blocks) { D64Kernel<2>(out, in, blocks); }

void D80ShaNi1(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count)
{
    D80Kernel<1>(out, midstate, tail, first_nonce, count);
}

void D80ShaNi2(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count)
{
    D80Kernel<2>(out, midstate, tail, first_nonce, count);
}

} // namespace crypto::sha256_internal

#endif // __x86_64__
