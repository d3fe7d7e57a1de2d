// Lane-parallel SHA-256 for sha256_avx2.cpp and sha256_avx512.cpp only: each vector
// element ("lane") hashes a different message, so 8 or 16 messages advance together
// through the same instruction stream. The round logic is written once here against an
// Ops class that each of those files supplies for its vector width:
//
//   Vec, LANES, Add, Set1, LaneIndex, ByteSwap, BigSigma0/1, SmallSigma0/1, Ch, Maj,
//   LoadMessages(in, w)   -- LANES consecutive 64-byte blocks -> w[16], lane i = block i
//   StoreDigests(out, s)  -- s[8] -> LANES consecutive 32-byte big-endian digests
//
// As with the SHA-NI header, everything is force-inlined in an anonymous namespace.
#ifndef BITNODE_CRYPTO_SHA256_MULTIWAY_IMPL_H
#define BITNODE_CRYPTO_SHA256_MULTIWAY_IMPL_H

#include <crypto/sha256_internal.h>

#define MULTIWAY_INLINE inline __attribute__((always_inline))

namespace crypto::sha256_internal {
namespace {

template <class Ops>
struct Multiway {
    using V = typename Ops::Vec;
    static constexpr int LANES = Ops::LANES;

    /** One round; the renaming of the eight variables costs nothing once unrolled. */
    static MULTIWAY_INLINE void Round(V (&s)[8], V wk)
    {
        const V t1 = Ops::Add(Ops::Add(s[7], Ops::BigSigma1(s[4])), Ops::Add(Ops::Ch(s[4], s[5], s[6]), wk));
        const V t2 = Ops::Add(Ops::BigSigma0(s[0]), Ops::Maj(s[0], s[1], s[2]));
        s[7] = s[6];
        s[6] = s[5];
        s[5] = s[4];
        s[4] = Ops::Add(s[3], t1);
        s[3] = s[2];
        s[2] = s[1];
        s[1] = s[0];
        s[0] = Ops::Add(t1, t2);
    }

    /**
     * Rounds FIRST..63 with the schedule expanded on the fly in w (w[i & 15] = W[i]).
     * Rounds 16..63 run as a loop of 16 unrolled rounds: the window indices stay
     * constants, and the code stays small enough for the instruction cache, which a
     * fully unrolled double hash (tens of KB) overflows, most visibly when the other
     * hyperthread of the core is busy.
     */
    template <int FIRST = 0>
    static MULTIWAY_INLINE void MessageRounds(V (&s)[8], V (&w)[16])
    {
#pragma GCC unroll 16
        for (int i = FIRST; i < 16; ++i) Round(s, Ops::Add(w[i], Ops::Set1(ROUND_CONSTANTS[i])));
#pragma GCC unroll 1
        for (int base = 16; base < 64; base += 16) {
#pragma GCC unroll 16
            for (int j = 0; j < 16; ++j) {
                w[j] = Ops::Add(Ops::Add(Ops::SmallSigma1(w[(j + 14) & 15]), w[(j + 9) & 15]),
                                Ops::Add(Ops::SmallSigma0(w[(j + 1) & 15]), w[j]));
                Round(s, Ops::Add(w[j], Ops::Set1(ROUND_CONSTANTS[base + j])));
            }
        }
    }

    /** 64 rounds whose W+K are the same for every lane and known in advance. */
    static MULTIWAY_INLINE void ConstantRounds(V (&s)[8], const uint32_t* wk)
    {
#pragma GCC unroll 8
        for (int i = 0; i < 64; ++i) Round(s, Ops::Set1(wk[i]));
    }

    static MULTIWAY_INLINE void SetInitial(V (&s)[8])
    {
        for (int i = 0; i < 8; ++i) s[i] = Ops::Set1(INITIAL_STATE[i]);
    }

    static MULTIWAY_INLINE void AddInitial(V (&s)[8])
    {
        for (int i = 0; i < 8; ++i) s[i] = Ops::Add(s[i], Ops::Set1(INITIAL_STATE[i]));
    }

    /** Replace s by SHA256 of the 32-byte digests it holds, and store the results. */
    static MULTIWAY_INLINE void HashDigestsAndStore(V (&s)[8], uint8_t* out)
    {
        V w[16];
        for (int i = 0; i < 8; ++i) w[i] = s[i];
        for (int i = 0; i < 8; ++i) w[8 + i] = Ops::Set1(PAD32_TAIL[i]);
        SetInitial(s);
        MessageRounds(s, w);
        AddInitial(s);
        Ops::StoreDigests(out, s);
    }

    static MULTIWAY_INLINE void D64(uint8_t* out, const uint8_t* in, size_t blocks)
    {
        for (; blocks >= LANES; blocks -= LANES, in += 64 * LANES, out += 32 * LANES) {
            V w[16];
            Ops::LoadMessages(in, w);
            V s[8];
            SetInitial(s);
            MessageRounds(s, w);
            AddInitial(s);
            V mid[8];
            for (int i = 0; i < 8; ++i) mid[i] = s[i];
            ConstantRounds(s, PAD64_WK.w);
            for (int i = 0; i < 8; ++i) s[i] = Ops::Add(s[i], mid[i]);
            HashDigestsAndStore(s, out);
        }
    }

    static MULTIWAY_INLINE void D80(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16],
                                    uint32_t first_nonce, size_t count)
    {
        // W[0..2] (end of the Merkle root, time, bits) are the same for every nonce, so
        // rounds 0..2 are done once, in scalar code, and broadcast.
        uint32_t w012[3];
        for (int i = 0; i < 3; ++i) {
            w012[i] = uint32_t{tail[4 * i]} << 24 | uint32_t{tail[4 * i + 1]} << 16 | uint32_t{tail[4 * i + 2]} << 8 |
                      tail[4 * i + 3];
        }
        uint32_t pre[8];
        for (int i = 0; i < 8; ++i) pre[i] = midstate[i];
        for (int i = 0; i < 3; ++i) ScalarRound(pre, w012[i] + ROUND_CONSTANTS[i]);

        const V lane_index = Ops::LaneIndex();
        for (uint32_t nonce = first_nonce; count >= LANES; count -= LANES, nonce += LANES, out += LANES) {
            V w[16];
            for (int i = 0; i < 3; ++i) w[i] = Ops::Set1(w012[i]);
            w[3] = Ops::ByteSwap(Ops::Add(Ops::Set1(nonce), lane_index));
            for (int i = 0; i < 12; ++i) w[4 + i] = Ops::Set1(PAD80_TAIL[i]);
            V s[8];
            for (int i = 0; i < 8; ++i) s[i] = Ops::Set1(pre[i]);
            MessageRounds<3>(s, w);
            for (int i = 0; i < 8; ++i) s[i] = Ops::Add(s[i], Ops::Set1(midstate[i]));
            HashDigestsAndStore(s, out[0]);
        }
    }

    static MULTIWAY_INLINE void ScalarRound(uint32_t (&s)[8], uint32_t wk)
    {
        auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
        const uint32_t t1 =
            s[7] + (rotr(s[4], 6) ^ rotr(s[4], 11) ^ rotr(s[4], 25)) + (s[6] ^ (s[4] & (s[5] ^ s[6]))) + wk;
        const uint32_t t2 =
            (rotr(s[0], 2) ^ rotr(s[0], 13) ^ rotr(s[0], 22)) + ((s[0] & s[1]) | (s[2] & (s[0] | s[1])));
        for (int i = 7; i > 0; --i) s[i] = s[i - 1];
        s[4] += t1;
        s[0] = t1 + t2;
    }
};

} // namespace
} // namespace crypto::sha256_internal

#undef MULTIWAY_INLINE

#endif // BITNODE_CRYPTO_SHA256_MULTIWAY_IMPL_H
