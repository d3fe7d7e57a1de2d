// Wallet Import Format: the Base58Check text of a private key.
//
// Layout: secret-key version byte(s) of the network, the 32-byte big-endian secret, and
// 0x01 if the matching public key is to be used compressed. A decoded secret must lie in
// [1, n-1] where n is the secp256k1 group order, as Bitcoin Core's CKey requires.
//
// WifKey holds secret material: callers should not log it or keep copies longer than
// needed. Functions are pure and thread-safe.
#ifndef BITNODE_SCRIPT_WIF_H
#define BITNODE_SCRIPT_WIF_H

#include <script/address.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace script {

struct WifKey {
    std::array<uint8_t, 32> secret{};
    bool compressed{true};
};

/** True if the 32 big-endian bytes are a valid secp256k1 secret key (0 < k < n). */
bool IsValidSecretKey(const std::array<uint8_t, 32>& secret);

/** WIF text of `key` on this network; the secret must be valid (asserted). */
std::string EncodeSecret(const WifKey& key, const AddressParams& params);

/** The key a WIF string holds on this network, or nullopt for anything else. */
std::optional<WifKey> DecodeSecret(std::string_view str, const AddressParams& params);

} // namespace script

#endif // BITNODE_SCRIPT_WIF_H
