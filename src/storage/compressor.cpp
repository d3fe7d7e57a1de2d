#include <storage/compressor.h>

#include <crypto/pubkey.h>
#include <script/script.h>

#include <cassert>
#include <cstring>

namespace storage {

namespace {

using primitives::ScriptBytes;

// The exact byte shapes that have a short form. Looser matches (other push opcodes for
// the same data) must not qualify: decompression rebuilds exactly these bytes.

bool IsP2PKH(const ScriptBytes& s)
{
    return s.size() == 25 && s[0] == script::OP_DUP && s[1] == script::OP_HASH160 && s[2] == 20 &&
           s[23] == script::OP_EQUALVERIFY && s[24] == script::OP_CHECKSIG;
}

bool IsP2SH(const ScriptBytes& s)
{
    return s.size() == 23 && s[0] == script::OP_HASH160 && s[1] == 20 && s[22] == script::OP_EQUAL;
}

bool IsCompressedP2PK(const ScriptBytes& s)
{
    return s.size() == 35 && s[0] == 33 && s[34] == script::OP_CHECKSIG && (s[1] == 0x02 || s[1] == 0x03);
}

bool IsUncompressedP2PK(const ScriptBytes& s)
{
    if (s.size() != 67 || s[0] != 65 || s[66] != script::OP_CHECKSIG || s[1] != 0x04) return false;
    // Only a point on the curve can be rebuilt from x and the parity of y.
    return crypto::PubKey{util::ByteSpan{s.data() + 1, 65}}.IsFullyValid();
}

} // namespace

uint64_t CompressAmount(uint64_t n)
{
    if (n == 0) return 0;
    // Strip up to nine trailing decimal zeros into the exponent e.
    unsigned e = 0;
    while (n % 10 == 0 && e < 9) {
        n /= 10;
        ++e;
    }
    if (e < 9) {
        // The last digit d is then non-zero, so 1..9 fits in one of nine slots.
        const uint64_t d = n % 10;
        assert(d >= 1 && d <= 9);
        n /= 10;
        return 1 + (n * 9 + d - 1) * 10 + e;
    }
    return 1 + (n - 1) * 10 + 9;
}

uint64_t DecompressAmount(uint64_t x)
{
    if (x == 0) return 0;
    --x;
    unsigned e = static_cast<unsigned>(x % 10);
    x /= 10;
    uint64_t n;
    if (e < 9) {
        const uint64_t d = x % 9 + 1;
        x /= 9;
        n = x * 10 + d;
    } else {
        n = x + 1;
    }
    while (e > 0) {
        n *= 10;
        --e;
    }
    return n;
}

std::optional<CompressedScript> CompressScript(const ScriptBytes& script)
{
    CompressedScript out;
    if (IsP2PKH(script)) {
        out.bytes[0] = SCRIPT_TAG_P2PKH;
        std::memcpy(&out.bytes[1], &script[3], 20);
        out.size = 21;
        return out;
    }
    if (IsP2SH(script)) {
        out.bytes[0] = SCRIPT_TAG_P2SH;
        std::memcpy(&out.bytes[1], &script[2], 20);
        out.size = 21;
        return out;
    }
    if (IsCompressedP2PK(script)) {
        out.bytes[0] = script[1];
        std::memcpy(&out.bytes[1], &script[2], 32);
        out.size = 33;
        return out;
    }
    if (IsUncompressedP2PK(script)) {
        // 0x04 or 0x05 by the parity of y (the last byte of the key).
        out.bytes[0] = static_cast<uint8_t>(SCRIPT_TAG_P2PK_UNCOMPRESSED_EVEN | (script[65] & 0x01));
        std::memcpy(&out.bytes[1], &script[2], 32);
        out.size = 33;
        return out;
    }
    return std::nullopt;
}

unsigned GetSpecialScriptSize(unsigned tag)
{
    if (tag == SCRIPT_TAG_P2PKH || tag == SCRIPT_TAG_P2SH) return 20;
    if (tag >= SCRIPT_TAG_P2PK_EVEN && tag <= SCRIPT_TAG_P2PK_UNCOMPRESSED_ODD) return 32;
    return 0;
}

bool DecompressScript(ScriptBytes& script, unsigned tag, const uint8_t* payload)
{
    script.clear();
    switch (tag) {
    case SCRIPT_TAG_P2PKH:
        script.reserve(25);
        script.insert(script.end(), {script::OP_DUP, script::OP_HASH160, 20});
        script.insert(script.end(), payload, payload + 20);
        script.insert(script.end(), {script::OP_EQUALVERIFY, script::OP_CHECKSIG});
        return true;
    case SCRIPT_TAG_P2SH:
        script.reserve(23);
        script.insert(script.end(), {script::OP_HASH160, 20});
        script.insert(script.end(), payload, payload + 20);
        script.push_back(script::OP_EQUAL);
        return true;
    case SCRIPT_TAG_P2PK_EVEN:
    case SCRIPT_TAG_P2PK_ODD:
        script.reserve(35);
        script.push_back(33);
        script.push_back(static_cast<uint8_t>(tag));
        script.insert(script.end(), payload, payload + 32);
        script.push_back(script::OP_CHECKSIG);
        return true;
    case SCRIPT_TAG_P2PK_UNCOMPRESSED_EVEN:
    case SCRIPT_TAG_P2PK_UNCOMPRESSED_ODD: {
        // Tag 4/5 is the compressed key prefix 2/3 plus 2.
        std::array<uint8_t, 33> compressed;
        compressed[0] = static_cast<uint8_t>(tag - 2);
        std::memcpy(&compressed[1], payload, 32);
        const auto full = crypto::PubKey{util::ByteSpan{compressed}}.Decompressed();
        if (!full) return false;
        assert(full->size() == 65);
        script.reserve(67);
        script.push_back(65);
        script.insert(script.end(), full->begin(), full->end());
        script.push_back(script::OP_CHECKSIG);
        return true;
    }
    default:
        return false;
    }
}

} // namespace storage
