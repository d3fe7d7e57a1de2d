// Base58 and Base58Check: the text encoding of legacy addresses and WIF keys.
//
// Semantics follow Bitcoin Core exactly, because addresses typed by people must
// decode the same way everywhere: each leading zero byte becomes a leading '1',
// whitespace (space, \t, \n, \v, \f, \r) is skipped before and after the digits
// but not inside them, an embedded NUL rejects the string, and decoding gives up
// as soon as the result would exceed `max_len` bytes (so hostile input cannot
// make it do quadratic work on a huge buffer). Base58Check appends the first four
// bytes of double-SHA-256 of the payload.
//
// All functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_BASE58_H
#define BITNODE_SCRIPT_BASE58_H

#include <util/span.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace script {

/** Base58 text of the bytes (no checksum). */
std::string EncodeBase58(util::ByteSpan input);

/** Bytes of a Base58 string, or nullopt if it is malformed or longer than max_len bytes. */
std::optional<std::vector<uint8_t>> DecodeBase58(std::string_view str, size_t max_len);

/** Base58 text of the bytes followed by their 4-byte double-SHA-256 checksum. */
std::string EncodeBase58Check(util::ByteSpan input);

/**
 * Payload of a Base58Check string (checksum verified and removed), or nullopt if the
 * string is malformed, its checksum is wrong, or the payload exceeds max_len bytes.
 */
std::optional<std::vector<uint8_t>> DecodeBase58Check(std::string_view str, size_t max_len);

} // namespace script

#endif // BITNODE_SCRIPT_BASE58_H
