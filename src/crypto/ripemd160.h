// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996): the outer hash of Bitcoin's Hash160
// (see hash.h) and the script opcode OP_RIPEMD160.
//
// Ripemd160 is an incremental hasher; one object is not thread-safe, separate objects may
// be used concurrently.
#ifndef BITNODE_CRYPTO_RIPEMD160_H
#define BITNODE_CRYPTO_RIPEMD160_H

#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace crypto {

class Ripemd160
{
public:
    static constexpr size_t OUTPUT_SIZE = 20;
    static constexpr size_t BLOCK_SIZE = 64;

    Ripemd160();
    Ripemd160& Write(util::ByteSpan data);
    Ripemd160& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the digest. The object must be Reset() before it hashes anything else. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Ripemd160& Reset();
    uint64_t BytesWritten() const { return m_bytes; }

private:
    uint32_t m_state[5];
    uint8_t m_buf[BLOCK_SIZE];
    uint64_t m_bytes{0};
};

} // namespace crypto

#endif // BITNODE_CRYPTO_RIPEMD160_H
