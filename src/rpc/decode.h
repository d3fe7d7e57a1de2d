// Decoding blocks and transactions from user input (files, hex strings) with errors a
// person can act on: what is wrong and at which byte.
//
// DecodeTx follows Bitcoin Core's DecodeHexTx heuristic: the bytes are tried with the
// BIP144 extended format and with the legacy format; a result must consume every byte;
// when both succeed, the one whose scripts all parse (and are within MAX_SCRIPT_SIZE)
// wins, the extended one on a tie. This resolves the ambiguity of a zero-input legacy
// transaction, which starts with the same 0x00 byte as the segwit marker.
//
// Pure functions; thread-safe.
#ifndef BITNODE_RPC_DECODE_H
#define BITNODE_RPC_DECODE_H

#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/result.h>
#include <util/span.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace rpc {

/**
 * The bytes of user input that may be hex or raw binary: if the input, less surrounding
 * whitespace, consists only of hex digits it is decoded as hex (and must have an even
 * number of digits), otherwise it is taken as raw bytes. Empty input is an error.
 */
util::Result<std::vector<uint8_t>> BytesFromHexOrBinary(util::ByteSpan input);

/** Strict hex (surrounding whitespace allowed); errors name the first bad character's offset. */
util::Result<std::vector<uint8_t>> BytesFromHex(std::string_view hex);

/** A transaction from its serialization (see the heuristic above). */
util::Result<primitives::MutableTransaction> DecodeTx(util::ByteSpan data, bool try_no_witness = true,
                                                      bool try_witness = true);

/** A block (header and transactions, with witnesses) that must span exactly the given bytes. */
util::Result<primitives::Block> DecodeBlock(util::ByteSpan data);

} // namespace rpc

#endif // BITNODE_RPC_DECODE_H
