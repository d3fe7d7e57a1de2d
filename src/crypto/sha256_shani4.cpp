// SHA-NI back end, four interleaved streams (double SHA-256 of 64-byte inputs and of
// block headers from a midstate). Built with -msse4.1 -msha.
#if defined(__x86_64__)

#include <crypto/sha256_shani_impl.h>

namespace crypto::sha256_internal {

void D64ShaNi4(uint8_t* out, const uint8_t* in, size_t blocks) { D64Kernel<4>(out, in, blocks); }

void D80ShaNi4(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count)
{
    D80Kernel<4>(out, midstate, tail, first_nonce, count);
}

} // namespace crypto::sha256_internal

#endif // __x86_64__
