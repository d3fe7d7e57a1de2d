#include <crypto/siphash.h>

#include <crypto/byteorder.h>

#include <bit>
#include <cassert>

namespace crypto {
namespace {

/** The four state words; SipRound is the ARX permutation of the paper. */
struct SipState {
    uint64_t v0, v1, v2, v3;

    /** The initial state for key k0 || k1: the key xored into "somepseudorandomlygeneratedbytes". */
    static SipState Keyed(uint64_t k0, uint64_t k1)
    {
        return {0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1, 0x6c7967656e657261ULL ^ k0,
                0x7465646279746573ULL ^ k1};
    }

    void SipRound()
    {
        v0 += v1;
        v1 = std::rotl(v1, 13) ^ v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16) ^ v2;
        v0 += v3;
        v3 = std::rotl(v3, 21) ^ v0;
        v2 += v1;
        v1 = std::rotl(v1, 17) ^ v2;
        v2 = std::rotl(v2, 32);
    }

    /** Absorb one 8-byte message word (two compression rounds: the "2" of 2-4). */
    void Absorb(uint64_t m)
    {
        v3 ^= m;
        SipRound();
        SipRound();
        v0 ^= m;
    }

    /** The four finalization rounds (the "4") and the output. */
    uint64_t Final()
    {
        v2 ^= 0xFF;
        SipRound();
        SipRound();
        SipRound();
        SipRound();
        return v0 ^ v1 ^ v2 ^ v3;
    }
};

SipState AbsorbUint256(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> val)
{
    SipState s = SipState::Keyed(k0, k1);
    for (int i = 0; i < 4; ++i) s.Absorb(ReadLE64(val.data() + 8 * i));
    return s;
}

} // namespace

SipHasher::SipHasher(uint64_t k0, uint64_t k1)
{
    const SipState s = SipState::Keyed(k0, k1);
    m_v[0] = s.v0;
    m_v[1] = s.v1;
    m_v[2] = s.v2;
    m_v[3] = s.v3;
}

SipHasher& SipHasher::Write(uint64_t data)
{
    assert(m_count % 8 == 0);
    SipState s{m_v[0], m_v[1], m_v[2], m_v[3]};
    s.Absorb(data);
    m_v[0] = s.v0;
    m_v[1] = s.v1;
    m_v[2] = s.v2;
    m_v[3] = s.v3;
    m_count += 8;
    return *this;
}

SipHasher& SipHasher::Write(util::ByteSpan data)
{
    SipState s{m_v[0], m_v[1], m_v[2], m_v[3]};
    uint64_t tail = m_tail;
    uint8_t count = m_count;
    size_t pos = 0;
    // Complete a partial word, then take whole words straight from the input.
    while (pos < data.size() && count % 8 != 0) {
        tail |= uint64_t{data[pos++]} << (8 * (count % 8));
        if (++count % 8 == 0) {
            s.Absorb(tail);
            tail = 0;
        }
    }
    for (; pos + 8 <= data.size(); pos += 8) {
        s.Absorb(ReadLE64(data.data() + pos));
        count += 8;
    }
    for (; pos < data.size(); ++pos) {
        tail |= uint64_t{data[pos]} << (8 * (count % 8));
        ++count;
    }
    m_v[0] = s.v0;
    m_v[1] = s.v1;
    m_v[2] = s.v2;
    m_v[3] = s.v3;
    m_tail = tail;
    m_count = count;
    return *this;
}

uint64_t SipHasher::Finalize() const
{
    SipState s{m_v[0], m_v[1], m_v[2], m_v[3]};
    s.Absorb(m_tail | uint64_t{m_count} << 56);
    return s.Final();
}

uint64_t SipHashUint256(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> val)
{
    SipState s = AbsorbUint256(k0, k1, val);
    s.Absorb(uint64_t{32} << 56); // the final word: no tail bytes, length 32
    return s.Final();
}

uint64_t SipHashUint256Extra(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> val, uint32_t extra)
{
    SipState s = AbsorbUint256(k0, k1, val);
    s.Absorb(uint64_t{36} << 56 | extra); // 4 tail bytes, length 36
    return s.Final();
}

} // namespace crypto
