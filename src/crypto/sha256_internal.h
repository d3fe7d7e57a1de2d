// Internals shared by the SHA-256 back ends (not part of crypto's public API).
//
// Each back end lives in its own file so that only that file is compiled with the
// instruction-set flags it needs (-msha, -mavx2, -mavx512f); sha256_dispatch.cpp calls
// them only after GetCpuFeatures() says the CPU has them. Because those files are built
// with wider instruction sets, they must not emit out-of-line copies of inline functions
// shared with other files (the linker could keep the wide copy): they include only this
// header, <cstddef>/<cstdint> and the intrinsics headers, and keep their helpers in an
// anonymous namespace. Everything here is constant data or a function declaration.
#ifndef BITNODE_CRYPTO_SHA256_INTERNAL_H
#define BITNODE_CRYPTO_SHA256_INTERNAL_H

#include <cstddef>
#include <cstdint>

namespace crypto::sha256_internal {

alignas(64) inline constexpr uint32_t ROUND_CONSTANTS[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

alignas(32) inline constexpr uint32_t INITIAL_STATE[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/** 64 message-schedule words, plain array so kernels can index it without library code. */
struct alignas(64) Schedule {
    uint32_t w[64];
};

consteval uint32_t RotrC(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/** W[0..63] for a block whose 16 words are given (FIPS 180-4, 6.2.2 step 1). */
consteval Schedule Expand(const uint32_t (&block)[16])
{
    Schedule s{};
    for (int i = 0; i < 16; ++i) s.w[i] = block[i];
    for (int i = 16; i < 64; ++i) {
        const uint32_t x = s.w[i - 15], y = s.w[i - 2];
        const uint32_t sigma0 = RotrC(x, 7) ^ RotrC(x, 18) ^ (x >> 3);
        const uint32_t sigma1 = RotrC(y, 17) ^ RotrC(y, 19) ^ (y >> 10);
        s.w[i] = s.w[i - 16] + sigma0 + s.w[i - 7] + sigma1;
    }
    return s;
}

consteval Schedule PlusRoundConstants(Schedule s)
{
    for (int i = 0; i < 64; ++i) s.w[i] += ROUND_CONSTANTS[i];
    return s;
}

/**
 * W[i] + K[i] of the block that holds only padding after a 64-byte message: it is the
 * same for every message, so double-SHA-256 of 64 bytes never computes its schedule.
 */
inline constexpr uint32_t PAD64_BLOCK[16] = {0x80000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 512};
inline constexpr Schedule PAD64_WK = PlusRoundConstants(Expand(PAD64_BLOCK));

/** Words 8..15 of the block of a 32-byte message (the second SHA-256 of a double hash). */
alignas(32) inline constexpr uint32_t PAD32_TAIL[8] = {0x80000000, 0, 0, 0, 0, 0, 0, 256};

/** Words 4..15 of the second block of an 80-byte message (a block header). */
alignas(16) inline constexpr uint32_t PAD80_TAIL[12] = {0x80000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 640};

/** Four schedule words, aligned for a 128-bit load. */
struct alignas(16) Words4 {
    uint32_t w[4];
};

/**
 * What sha256msg1 gives for eight words known at compile time: w[i] + sigma0(w[i + 1])
 * for i = 0..3. Where a padding block makes both inputs constant, kernels load this.
 */
consteval Words4 Msg1Const(const uint32_t* w)
{
    Words4 out{};
    for (int i = 0; i < 4; ++i) {
        const uint32_t x = w[i + 1];
        out.w[i] = w[i] + (RotrC(x, 7) ^ RotrC(x, 18) ^ (x >> 3));
    }
    return out;
}

/** sha256msg1(W[8..11], W[12..15]) of a 32-byte message's block. */
inline constexpr Words4 PAD32_MSG1[1] = {Msg1Const(PAD32_TAIL)};
/** sha256msg1(W[4..7], W[8..11]) and sha256msg1(W[8..11], W[12..15]) of a header's second block. */
inline constexpr Words4 PAD80_MSG1[2] = {Msg1Const(PAD80_TAIL), Msg1Const(PAD80_TAIL + 4)};

/** Compress `blocks` consecutive 64-byte blocks into state. */
using TransformFn = void (*)(uint32_t state[8], const uint8_t* data, size_t blocks);
/** out[32*i..] = SHA256(SHA256(in[64*i..64*i+63])); blocks is a multiple of the kernel's lane count. */
using D64Fn = void (*)(uint8_t* out, const uint8_t* in, size_t blocks);
/**
 * out[i] = SHA256(SHA256(header with nonce first_nonce + i)), where the header's first 64
 * bytes have left `midstate` and `tail` is its last 16 bytes (the nonce field, tail[12..15],
 * is ignored). count is a multiple of the kernel's lane count.
 */
using D80Fn = void (*)(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
                       size_t count);

void TransformPortable(uint32_t state[8], const uint8_t* data, size_t blocks);
void D64Portable(uint8_t* out, const uint8_t* in, size_t blocks);
void D80Portable(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
                 size_t count);

#if defined(__x86_64__)
// sha256_shani.cpp (-msse4.1 -msha)
void TransformShaNi(uint32_t state[8], const uint8_t* data, size_t blocks);
void D64ShaNi1(uint8_t* out, const uint8_t* in, size_t blocks);
void D64ShaNi2(uint8_t* out, const uint8_t* in, size_t blocks);
void D80ShaNi1(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count);
void D80ShaNi2(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count);
// sha256_shani4.cpp (-msse4.1 -msha): four streams, which needs more than 16 XMM registers
// of live state and so is shaped to keep the message schedule in memory.
void D64ShaNi4(uint8_t* out, const uint8_t* in, size_t blocks);
void D80ShaNi4(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count);
// sha256_avx2.cpp (-mavx2): eight lanes.
void D64Avx2(uint8_t* out, const uint8_t* in, size_t blocks);
void D80Avx2(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
             size_t count);
// sha256_avx512.cpp (-mavx512f): sixteen lanes.
void D64Avx512(uint8_t* out, const uint8_t* in, size_t blocks);
void D80Avx512(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
               size_t count);
#endif

} // namespace crypto::sha256_internal

#endif // BITNODE_CRYPTO_SHA256_INTERNAL_H
