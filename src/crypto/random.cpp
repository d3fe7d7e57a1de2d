#include <crypto/random.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string.h> // explicit_bzero

#include <sys/random.h>

namespace crypto {

namespace {

[[noreturn]] void RandomnessFailure(int err)
{
    // There is no safe fallback: a node that cannot get entropy would create
    // predictable keys and nonces. Stop and say why.
    std::fprintf(stderr,
                 "Fatal: the operating system failed to provide random bytes (getrandom: %s). "
                 "Check that the kernel supports getrandom(2) and that its entropy pool is "
                 "available, then restart.\n",
                 std::strerror(err));
    std::abort();
}

uint32_t ReadLE32(const uint8_t* p)
{
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

void WriteLE32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v >> 16);
    p[3] = static_cast<uint8_t>(v >> 24);
}

void QuarterRound(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d)
{
    a += b; d = std::rotl(d ^ a, 16);
    c += d; b = std::rotl(b ^ c, 12);
    a += b; d = std::rotl(d ^ a, 8);
    c += d; b = std::rotl(b ^ c, 7);
}

/**
 * One ChaCha20 block (RFC 8439 section 2.3) with a 64-bit block counter in
 * words 12-13 and a zero nonce in words 14-15. For counters below 2^32 this is
 * byte-for-byte the RFC's block function with an all-zero 96-bit nonce.
 */
void ChaCha20Block(const std::array<uint32_t, 8>& key, uint64_t counter, uint8_t out[64])
{
    const uint32_t input[16] = {
        0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, // "expand 32-byte k"
        key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
        static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32), 0, 0,
    };
    uint32_t x[16];
    std::memcpy(x, input, sizeof(x));
    for (int round = 0; round < 10; ++round) {
        QuarterRound(x[0], x[4], x[8], x[12]);
        QuarterRound(x[1], x[5], x[9], x[13]);
        QuarterRound(x[2], x[6], x[10], x[14]);
        QuarterRound(x[3], x[7], x[11], x[15]);
        QuarterRound(x[0], x[5], x[10], x[15]);
        QuarterRound(x[1], x[6], x[11], x[12]);
        QuarterRound(x[2], x[7], x[8], x[13]);
        QuarterRound(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; ++i) WriteLE32(out + 4 * i, x[i] + input[i]);
    explicit_bzero(x, sizeof(x));
}

} // namespace

void GetStrongRandBytes(util::WritableByteSpan out)
{
    size_t done = 0;
    while (done < out.size()) {
        // Flags 0: block until the pool is initialised once at boot, then never block.
        const ssize_t got = getrandom(out.data() + done, out.size() - done, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            RandomnessFailure(errno);
        }
        // Requests above 256 bytes may be cut short by a signal; keep reading.
        done += static_cast<size_t>(got);
    }
}

std::array<uint8_t, 32> GetStrongRand32()
{
    std::array<uint8_t, 32> out;
    GetStrongRandBytes(out);
    return out;
}

FastRandomContext::FastRandomContext()
{
    std::array<uint8_t, 32> seed = GetStrongRand32();
    for (size_t i = 0; i < m_key.size(); ++i) m_key[i] = ReadLE32(seed.data() + 4 * i);
    explicit_bzero(seed.data(), seed.size());
}

FastRandomContext::FastRandomContext(std::span<const uint8_t, 32> seed)
{
    for (size_t i = 0; i < m_key.size(); ++i) m_key[i] = ReadLE32(seed.data() + 4 * i);
}

FastRandomContext::~FastRandomContext()
{
    // The key and the unread buffer predict the rest of the stream and the
    // bytes already handed out; do not leave them behind in freed memory.
    explicit_bzero(m_key.data(), sizeof(m_key));
    explicit_bzero(m_buffer.data(), m_buffer.size());
}

void FastRandomContext::Refill()
{
    ChaCha20Block(m_key, m_block_counter++, m_buffer.data());
    m_buffer_pos = 0;
}

void FastRandomContext::FillBytes(util::WritableByteSpan out)
{
    size_t done = 0;
    while (done < out.size()) {
        if (m_buffer_pos == m_buffer.size()) Refill();
        const size_t n = std::min(out.size() - done, m_buffer.size() - m_buffer_pos);
        std::memcpy(out.data() + done, m_buffer.data() + m_buffer_pos, n);
        // Bytes handed out are erased from the buffer so a later memory leak
        // of this object cannot reveal them.
        std::memset(m_buffer.data() + m_buffer_pos, 0, n);
        m_buffer_pos += n;
        done += n;
    }
}

uint64_t FastRandomContext::Rand64()
{
    uint8_t bytes[8];
    FillBytes(bytes);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | bytes[i];
    return v;
}

uint64_t FastRandomContext::RandBits(int bits)
{
    assert(bits >= 0 && bits <= 64);
    if (bits == 0) return 0;
    return Rand64() >> (64 - bits);
}

uint64_t FastRandomContext::RandRange(uint64_t range)
{
    assert(range != 0);
    const uint64_t max_value = range - 1;
    const int bits = std::bit_width(max_value);
    // Draw exactly as many bits as max_value needs and retry when above it:
    // each try succeeds with probability > 1/2 and the result has no modulo bias.
    while (true) {
        const uint64_t v = RandBits(bits);
        if (v <= max_value) return v;
    }
}

std::vector<uint8_t> FastRandomContext::RandBytes(size_t len)
{
    std::vector<uint8_t> out(len);
    FillBytes(out);
    return out;
}

std::array<uint8_t, 32> FastRandomContext::Rand256()
{
    std::array<uint8_t, 32> out;
    FillBytes(out);
    return out;
}

} // namespace crypto
