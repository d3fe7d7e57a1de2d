// Standard output templates: recognising what kind of scriptPubKey a script is.
//
// Solver classifies a scriptPubKey the way Bitcoin Core does and returns the pieces a
// signer or an address encoder needs (hashes, keys, multisig thresholds). This is
// policy and wallet logic, not consensus: a NONSTANDARD script is still valid to spend
// if the interpreter says so. TxoutType names are what RPC prints ("pubkeyhash", ...).
//
// All functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_STANDARD_H
#define BITNODE_SCRIPT_STANDARD_H

#include <script/script.h>
#include <util/span.h>

#include <cstdint>
#include <string>
#include <vector>

namespace script {

inline constexpr size_t COMPRESSED_PUBKEY_SIZE = 33;
inline constexpr size_t UNCOMPRESSED_PUBKEY_SIZE = 65;

enum class TxoutType {
    NONSTANDARD,
    ANCHOR,                //!< pay-to-anchor: OP_1 <0x4e73>, spendable by anyone
    PUBKEY,
    PUBKEYHASH,
    SCRIPTHASH,
    MULTISIG,
    NULL_DATA,             //!< OP_RETURN followed only by pushes: carries data, unspendable
    WITNESS_V0_SCRIPTHASH,
    WITNESS_V0_KEYHASH,
    WITNESS_V1_TAPROOT,
    WITNESS_UNKNOWN,       //!< witness versions 1..16 not covered above
};

/** Core's name of the type ("nonstandard", "pubkey", ..., "anchor"). */
std::string GetTxnOutputType(TxoutType type);

/**
 * The template `script_pub_key` matches and its solutions:
 * PUBKEY {key}; PUBKEYHASH {hash160}; SCRIPTHASH {hash160}; MULTISIG {m, key1..keyn, n}
 * (m and n as one byte each); WITNESS_V0_* and WITNESS_V1_TAPROOT {program};
 * WITNESS_UNKNOWN {version byte, program}; ANCHOR, NULL_DATA and NONSTANDARD {}.
 */
TxoutType Solver(const Script& script_pub_key, std::vector<std::vector<uint8_t>>& solutions);

/** True if the bytes could be a public key by their size and first byte (not on-curve checked). */
bool IsValidPubKeySize(util::ByteSpan pubkey);

/** True for the pay-to-anchor witness program (version 1, program 4e73). */
bool IsPayToAnchor(int version, util::ByteSpan program);
bool IsPayToAnchor(const Script& script);

/** <pubkey> OP_CHECKSIG */
Script GetScriptForRawPubKey(util::ByteSpan pubkey);

/** <m> <key1> ... <keyn> <n> OP_CHECKMULTISIG */
Script GetScriptForMultisig(int required, const std::vector<std::vector<uint8_t>>& keys);

} // namespace script

#endif // BITNODE_SCRIPT_STANDARD_H
