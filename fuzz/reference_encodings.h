// Deliberately simple, slow reimplementations of Base58, Bech32/Bech32m, addresses and
// WIF, written from the BIPs and Bitcoin Core's documented behaviour, for differential
// fuzzing of src/script's fast versions. Clarity over speed: big numbers are byte
// vectors multiplied digit by digit, checksums are computed straight from the BIP text.
// Only the fuzz targets use these. Pure functions, thread-safe.
#ifndef BITNODE_FUZZ_REFERENCE_ENCODINGS_H
#define BITNODE_FUZZ_REFERENCE_ENCODINGS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz::reference {

using Bytes = std::vector<uint8_t>;

/** Core's Base58 decoding: surrounding whitespace allowed, none inside, no NUL, result <= max_len bytes. */
std::optional<Bytes> DecodeBase58(std::string_view str, size_t max_len);
/** DecodeBase58 allowing max_len + 4 bytes, then the 4-byte double-SHA-256 checksum checked and removed. */
std::optional<Bytes> DecodeBase58Check(std::string_view str, size_t max_len);

enum class Bech32Kind { INVALID, BECH32, BECH32M };
struct Bech32Decoded {
    Bech32Kind kind{Bech32Kind::INVALID};
    std::string hrp;
    Bytes data; // 5-bit values without the checksum
};
/** BIP173/BIP350 decoding with Core's length limit and character rules. */
Bech32Decoded DecodeBech32(std::string_view str, size_t limit);
/** Regroup bits, BIP173's convertbits. */
std::optional<Bytes> ConvertBits(const Bytes& in, int from_bits, int to_bits, bool pad);

struct Network {
    uint8_t pubkey_prefix;
    uint8_t script_prefix;
    uint8_t secret_prefix;
    std::string hrp;
};
/** The scriptPubKey an address pays to on the network (Core's DecodeDestination), or nullopt. */
std::optional<Bytes> AddressToScript(const std::string& str, const Network& net);

struct Secret {
    Bytes key; // 32 bytes, big-endian
    bool compressed;
};
/** The key a WIF string holds on the network (Core's DecodeSecret), or nullopt. */
std::optional<Secret> DecodeWif(std::string_view str, const Network& net);

} // namespace fuzz::reference

#endif // BITNODE_FUZZ_REFERENCE_ENCODINGS_H
