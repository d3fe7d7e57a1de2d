#include <crypto/secp256k1_context.h>

#include <crypto/random.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string.h> // explicit_bzero

namespace crypto {

namespace {

[[noreturn]] void ContextFailure(const char* what)
{
    std::fprintf(stderr, "Fatal: libsecp256k1 could not %s; the library or the process memory is broken. "
                         "Reinstall libsecp256k1 and restart.\n", what);
    std::abort();
}

/** Owns the signing context so it is destroyed once, at exit. */
class SigningContextHolder
{
public:
    SigningContextHolder()
    {
        secp256k1_selftest();
        m_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        if (m_ctx == nullptr) ContextFailure("create a context");
        std::array<uint8_t, 32> seed = GetStrongRand32();
        const int ok = secp256k1_context_randomize(m_ctx, seed.data());
        explicit_bzero(seed.data(), seed.size());
        if (!ok) ContextFailure("randomise its context");
    }
    ~SigningContextHolder() { secp256k1_context_destroy(m_ctx); }
    SigningContextHolder(const SigningContextHolder&) = delete;
    SigningContextHolder& operator=(const SigningContextHolder&) = delete;

    const secp256k1_context* Get() const { return m_ctx; }

private:
    secp256k1_context* m_ctx{nullptr};
};

} // namespace

const secp256k1_context* SigningContext()
{
    static const SigningContextHolder holder;
    return holder.Get();
}

const secp256k1_context* VerifyContext()
{
    // secp256k1_selftest aborts the process through the illegal callback if the
    // library was built wrong for this machine (e.g. endianness); run it once
    // before the first use of the static context.
    static const bool self_tested = [] {
        secp256k1_selftest();
        return true;
    }();
    (void)self_tested;
    return secp256k1_context_static;
}

} // namespace crypto
