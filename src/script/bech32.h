// Bech32 (BIP173) and Bech32m (BIP350): the checksummed base-32 text of segwit addresses.
//
// Decode accepts either variant and reports which checksum constant matched, so the
// caller can insist on Bech32 for witness version 0 and Bech32m for versions 1..16.
// Strings longer than the limit (90 characters for addresses) or mixing upper and lower
// case are rejected. LocateErrors explains why a string failed and, for up to two
// substituted characters, where the errors are (without suggesting corrections).
//
// All functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_BECH32_H
#define BITNODE_SCRIPT_BECH32_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace script::bech32 {

inline constexpr size_t CHECKSUM_SIZE = 6;
inline constexpr char SEPARATOR = '1';
/** BIP173's limit on the length of an address string. */
inline constexpr size_t MAX_ADDRESS_LENGTH = 90;

enum class Encoding {
    INVALID, //!< decoding failed
    BECH32,  //!< BIP173 checksum constant 1
    BECH32M, //!< BIP350 checksum constant 0x2bc830a3
};

/**
 * Text of `hrp` + '1' + the 5-bit `values` + checksum. `hrp` must be lower case and every
 * value below 32 (asserted: these come from code, not from users).
 */
std::string Encode(Encoding encoding, std::string_view hrp, const std::vector<uint8_t>& values);

struct DecodeResult {
    Encoding encoding{Encoding::INVALID};
    std::string hrp;             //!< lower-cased human-readable part
    std::vector<uint8_t> data;   //!< 5-bit values, checksum removed
};

/** Decode a Bech32 or Bech32m string; encoding is INVALID on any failure. */
DecodeResult Decode(std::string_view str, size_t limit = MAX_ADDRESS_LENGTH);

/**
 * Why `str` does not decode, and the positions of the offending characters when they can
 * be found: ("", {}) for a valid string, otherwise one of Bitcoin Core's messages
 * ("Bech32 string too long", "Invalid character or mixed case", "Missing separator",
 * "Invalid separator position", "Invalid Base 32 character", "Invalid Bech32 checksum",
 * "Invalid Bech32m checksum", "Invalid checksum").
 */
std::pair<std::string, std::vector<int>> LocateErrors(std::string_view str, size_t limit = MAX_ADDRESS_LENGTH);

/**
 * Regroup a bit stream from `from_bits`-bit to `to_bits`-bit values (8->5 for encoding, 5->8
 * for decoding). With `pad`, a final partial group is zero-padded; without it, leftover
 * bits must be fewer than from_bits and all zero, or the conversion fails (returns false).
 */
bool ConvertBits(int from_bits, int to_bits, bool pad, const std::vector<uint8_t>& in, std::vector<uint8_t>& out);

} // namespace script::bech32

#endif // BITNODE_SCRIPT_BECH32_H
