// Fuzz targets for signature and key parsing: Core's lax DER parser (used for every
// pre-BIP66 ECDSA signature in the chain) and public key parsing, checked against the
// strict encoding rules of the script interpreter.
#include "data_reader.h"
#include "fuzz.h"

#include <crypto/pubkey.h>
#include <script/interpreter.h>
#include <script/script_error.h>
#include <script/verify_flags.h>

#include <array>
#include <vector>

FUZZ_TARGET(crypto_der_signature)
{
    fuzz::DataReader reader{buffer};
    const std::vector<uint8_t> key_bytes = reader.LengthPrefixedBytes();
    std::array<uint8_t, 32> hash{};
    const std::vector<uint8_t> hash_bytes = reader.Bytes(32);
    std::copy(hash_bytes.begin(), hash_bytes.end(), hash.begin());
    const std::vector<uint8_t> sig = reader.RemainingBytes();

    // Any bytes: no crash, no UB, whatever the key.
    const bool low_s = crypto::PubKey::CheckLowS(sig);
    const crypto::PubKey key{util::ByteSpan{key_bytes}};
    if (key.IsFullyValid()) (void)key.Verify(hash, sig);

    // A signature the interpreter accepts as strict DER with low S (plus a hash type
    // byte) is one the lax parser reads and finds low-S.
    if (sig.empty()) return;
    script::ScriptError error{};
    const auto flags = script::SCRIPT_VERIFY_DERSIG | script::SCRIPT_VERIFY_LOW_S;
    std::vector<uint8_t> with_type = sig;
    with_type.push_back(0x01); // SIGHASH_ALL
    if (script::CheckSignatureEncoding(with_type, flags, &error)) FUZZ_CHECK(low_s);
}
