// The libsecp256k1 contexts bitnode uses, for code inside the crypto library.
//
// Signing and key generation use one context that is created on first use,
// blinded with 32 bytes from GetStrongRandBytes (libsecp256k1's side-channel
// protection for secret-dependent multiplications) and never modified again.
// It lives in a function-local static: initialisation is thread-safe, and
// because nothing writes to it afterwards, libsecp256k1 allows any number of
// threads to use it at once. It is destroyed at process exit.
//
// Verification and parsing need no secrets and no precomputed tables that the
// static context lacks, so they use libsecp256k1's read-only static context,
// after the library's self-test has run once.
//
// Thread-safety: both functions may be called from any thread at any time.
#ifndef BITNODE_CRYPTO_SECP256K1_CONTEXT_H
#define BITNODE_CRYPTO_SECP256K1_CONTEXT_H

#include <secp256k1.h>

namespace crypto {

/** The randomised, read-only context for signing and public key derivation. */
const secp256k1_context* SigningContext();

/** The context for parsing and verifying (libsecp256k1's static context). */
const secp256k1_context* VerifyContext();

} // namespace crypto

#endif // BITNODE_CRYPTO_SECP256K1_CONTEXT_H
