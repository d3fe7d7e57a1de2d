// Addresses: the text form of destinations on a given network.
//
// AddressParams holds what differs between networks (Base58 version bytes and the
// bech32 human-readable part); the consensus library's chain parameters carry one per
// network. Encoding and decoding follow Bitcoin Core's key_io: P2PKH/P2SH in
// Base58Check, witness version 0 in Bech32, versions 1..16 in Bech32m, and decoding
// errors use Core's messages so RPC answers match.
//
// All functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_ADDRESS_H
#define BITNODE_SCRIPT_ADDRESS_H

#include <script/addresstype.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace script {

/** Per-network address encoding parameters (Core's base58Prefixes and bech32_hrp). */
struct AddressParams {
    std::vector<uint8_t> pubkey_prefix;      //!< P2PKH version bytes (main: 0)
    std::vector<uint8_t> script_prefix;      //!< P2SH version bytes (main: 5)
    std::vector<uint8_t> secret_key_prefix;  //!< WIF version bytes (main: 128)
    std::vector<uint8_t> ext_public_prefix;  //!< BIP32 xpub version (main: 0488B21E)
    std::vector<uint8_t> ext_secret_prefix;  //!< BIP32 xprv version (main: 0488ADE4)
    std::string bech32_hrp;                  //!< segwit human-readable part (main: "bc")
};

/** The address of `dest`, or "" if it has none (NoDestination, PubKeyDestination, bad witness data). */
std::string EncodeDestination(const TxDestination& dest, const AddressParams& params);

/**
 * The destination an address string names on this network, or NoDestination{} with a
 * reason in `error` (Core's wording) and, for bech32 strings, the positions of suspected
 * typos in `error_locations`.
 */
TxDestination DecodeDestination(std::string_view str, const AddressParams& params, std::string* error = nullptr,
                                std::vector<int>* error_locations = nullptr);

/** True if `str` decodes to a destination with an address on this network. */
bool IsValidDestinationString(std::string_view str, const AddressParams& params);

} // namespace script

#endif // BITNODE_SCRIPT_ADDRESS_H
