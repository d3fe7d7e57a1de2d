// Destinations: what a scriptPubKey pays to, independent of how an address spells it.
//
// TxDestination mirrors Bitcoin Core's CTxDestination: one alternative per standard
// output kind that has (or, for bare keys and non-standard scripts, lacks) an address.
// GetScriptForDestination and ExtractDestination convert between destinations and
// scripts; address.h turns destinations into text for a given network.
//
// Plain value types; all functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_ADDRESSTYPE_H
#define BITNODE_SCRIPT_ADDRESSTYPE_H

#include <script/script.h>

#include <array>
#include <compare>
#include <cstdint>
#include <variant>
#include <vector>

namespace script {

/** No address: carries the script it came from (empty if none), like Core's CNoDestination. */
struct NoDestination {
    Script script;
    friend auto operator<=>(const NoDestination&, const NoDestination&) = default;
};

/** A bare public key (P2PK). It has a script but no address. */
struct PubKeyDestination {
    std::vector<uint8_t> pubkey;
    friend auto operator<=>(const PubKeyDestination&, const PubKeyDestination&) = default;
};

/** HASH160 of a public key (P2PKH). */
struct PKHash {
    std::array<uint8_t, 20> hash{};
    /** The P2PKH destination of a serialized public key. */
    static PKHash FromPubKey(util::ByteSpan pubkey);
    friend auto operator<=>(const PKHash&, const PKHash&) = default;
};

/** HASH160 of a redeem script (P2SH). */
struct ScriptHash {
    std::array<uint8_t, 20> hash{};
    /** The P2SH destination of `redeem_script`. */
    static ScriptHash FromScript(const Script& redeem_script);
    friend auto operator<=>(const ScriptHash&, const ScriptHash&) = default;
};

/** HASH160 of a compressed public key in a version 0 witness program (P2WPKH). */
struct WitnessV0KeyHash {
    std::array<uint8_t, 20> hash{};
    /** The P2WPKH destination of a serialized (compressed) public key. */
    static WitnessV0KeyHash FromPubKey(util::ByteSpan pubkey);
    friend auto operator<=>(const WitnessV0KeyHash&, const WitnessV0KeyHash&) = default;
};

/** SHA256 of a witness script in a version 0 witness program (P2WSH). */
struct WitnessV0ScriptHash {
    std::array<uint8_t, 32> hash{};
    /** The P2WSH destination of `witness_script`. */
    static WitnessV0ScriptHash FromScript(const Script& witness_script);
    friend auto operator<=>(const WitnessV0ScriptHash&, const WitnessV0ScriptHash&) = default;
};

/** BIP341 x-only output key (P2TR). */
struct WitnessV1Taproot {
    std::array<uint8_t, 32> output_key{};
    friend auto operator<=>(const WitnessV1Taproot&, const WitnessV1Taproot&) = default;
};

/** Pay-to-anchor (OP_1 <0x4e73>), the keyless anyone-can-spend output of Core 28+. */
struct PayToAnchor {
    static constexpr int VERSION = 1;
    static constexpr std::array<uint8_t, 2> PROGRAM{0x4e, 0x73};
    friend auto operator<=>(const PayToAnchor&, const PayToAnchor&) = default;
};

/** Any other witness program of version 1..16 (2..40 bytes); kept so future versions stay payable. */
struct WitnessUnknown {
    int version{0};
    std::vector<uint8_t> program;
    friend auto operator<=>(const WitnessUnknown&, const WitnessUnknown&) = default;
};

using TxDestination = std::variant<NoDestination, PubKeyDestination, PKHash, ScriptHash, WitnessV0ScriptHash,
                                   WitnessV0KeyHash, WitnessV1Taproot, PayToAnchor, WitnessUnknown>;

/** True if the destination has an address (not NoDestination, not PubKeyDestination). */
bool IsValidDestination(const TxDestination& dest);

/**
 * The destination a scriptPubKey pays to. Returns true if it has an address; for bare
 * public keys `dest` becomes PubKeyDestination and for anything else without an address
 * NoDestination{script}, and the result is false (as in Core).
 */
bool ExtractDestination(const Script& script_pub_key, TxDestination& dest);

/** The scriptPubKey paying to `dest` (NoDestination gives back its script). */
Script GetScriptForDestination(const TxDestination& dest);

} // namespace script

#endif // BITNODE_SCRIPT_ADDRESSTYPE_H
