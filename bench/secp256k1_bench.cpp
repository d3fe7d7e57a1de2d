// Signature verification and signing through bitnode's crypto API, beside the
// raw Debian libsecp256k1 0.2.0 limits in PERFORMANCE.md.
#include "bench_util.h"

#include <crypto/key.h>
#include <crypto/random.h>

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <array>
#include <vector>

namespace {

constexpr size_t POOL = 64; // distinct keys/messages, cycled so no input is special

struct EcdsaCase {
    std::vector<uint8_t> pubkey; // serialised, parsed on every verification
    std::array<uint8_t, 32> hash;
    std::vector<uint8_t> der_sig;
};

struct SchnorrCase {
    crypto::XOnlyPubKey pubkey;
    std::array<uint8_t, 32> msg;
    std::array<uint8_t, 64> sig;
};

std::vector<EcdsaCase> MakeEcdsaCases()
{
    crypto::FastRandomContext rng;
    std::vector<EcdsaCase> cases;
    for (size_t i = 0; i < POOL; ++i) {
        const auto key = crypto::PrivateKey::Generate();
        EcdsaCase c;
        const auto pub = key.GetPubKey();
        c.pubkey.assign(pub.begin(), pub.end());
        c.hash = rng.Rand256();
        c.der_sig = key.SignEcdsa(c.hash);
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<SchnorrCase> MakeSchnorrCases()
{
    crypto::FastRandomContext rng;
    std::vector<SchnorrCase> cases;
    for (size_t i = 0; i < POOL; ++i) {
        const auto key = crypto::PrivateKey::Generate();
        SchnorrCase c;
        c.pubkey = key.GetXOnlyPubKey();
        c.msg = rng.Rand256();
        c.sig = *key.SignSchnorr(c.msg, std::nullopt, rng.Rand256());
        cases.push_back(c);
    }
    return cases;
}

void EcdsaVerifyWithParsing(benchmark::State& state)
{
    const auto cases = MakeEcdsaCases();
    size_t i = 0;
    for (auto _ : state) {
        const auto& c = cases[i++ % POOL];
        // The interpreter's path: key bytes and DER bytes straight from the script.
        const bool ok = crypto::PubKey{c.pubkey}.Verify(c.hash, c.der_sig);
        benchmark::DoNotOptimize(ok);
        if (!ok) state.SkipWithError("verification failed");
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 23.0e3, "sig",
                               "libsecp256k1 0.2.0 with DER and key parsing");
}
BENCHMARK(EcdsaVerifyWithParsing);

void SchnorrVerify(benchmark::State& state)
{
    const auto cases = MakeSchnorrCases();
    size_t i = 0;
    for (auto _ : state) {
        const auto& c = cases[i++ % POOL];
        const bool ok = c.pubkey.VerifySchnorr(c.msg, c.sig);
        benchmark::DoNotOptimize(ok);
        if (!ok) state.SkipWithError("verification failed");
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 25.7e3, "sig",
                               "libsecp256k1 0.2.0 BIP340 verify");
}
BENCHMARK(SchnorrVerify);

// Signing includes what Core's CKey::Sign does besides the signature itself:
// low-R grinding (about one extra signature in two) and a verification of the
// result, so it cannot reach the bare libsecp256k1 signing limit.
void EcdsaSign(benchmark::State& state)
{
    const auto key = crypto::PrivateKey::Generate();
    crypto::FastRandomContext rng;
    auto hash = rng.Rand256();
    for (auto _ : state) {
        auto sig = key.SignEcdsa(hash);
        benchmark::DoNotOptimize(sig.data());
        hash[0] ^= sig[sig.size() - 1]; // vary the message without extra cost
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 36.8e3, "sig",
                               "bare secp256k1_ecdsa_sign; ours adds low-R grinding and verify-after-sign");
}
BENCHMARK(EcdsaSign);

void SchnorrSignKeyPair(benchmark::State& state)
{
    const auto key = crypto::PrivateKey::Generate();
    const crypto::SchnorrKeyPair pair{key, std::nullopt};
    crypto::FastRandomContext rng;
    auto msg = rng.Rand256();
    const auto aux = rng.Rand256();
    for (auto _ : state) {
        auto sig = pair.Sign(msg, aux);
        benchmark::DoNotOptimize(sig);
        msg[0] ^= (*sig)[63];
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 45.0e3, "sig",
                               "bare secp256k1_schnorrsig_sign32; ours adds verify-after-sign");
}
BENCHMARK(SchnorrSignKeyPair);

void SchnorrSignTaprootFromKey(benchmark::State& state)
{
    const auto key = crypto::PrivateKey::Generate();
    crypto::FastRandomContext rng;
    auto msg = rng.Rand256();
    const auto aux = rng.Rand256();
    const auto merkle_root = rng.Rand256();
    for (auto _ : state) {
        auto sig = key.SignSchnorr(msg, merkle_root, aux);
        benchmark::DoNotOptimize(sig);
        msg[0] ^= (*sig)[63];
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 45.0e3, "sig",
                               "bare sign; ours also builds and tweaks the key pair per call, then verifies");
}
BENCHMARK(SchnorrSignTaprootFromKey);

void CompressedPubKeyParse(benchmark::State& state)
{
    const auto cases = MakeEcdsaCases();
    size_t i = 0;
    for (auto _ : state) {
        const bool ok = crypto::PubKey{cases[i++ % POOL].pubkey}.IsFullyValid();
        benchmark::DoNotOptimize(ok);
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 1e6 / 5.1, "key",
                               "5.1 us per compressed key parse");
}
BENCHMARK(CompressedPubKeyParse);

// ---- The bare library, measured in the same run ----------------------------
// PERFORMANCE.md's limits were measured on another day; these give the ratio
// to the library itself under today's load.

/** A context of its own, so the references do not depend on crypto's internals. */
struct RefContext {
    secp256k1_context* ctx;
    RefContext() : ctx(secp256k1_context_create(SECP256K1_CONTEXT_NONE))
    {
        const auto seed = crypto::GetStrongRand32();
        if (!secp256k1_context_randomize(ctx, seed.data())) ctx = nullptr;
    }
    ~RefContext() { secp256k1_context_destroy(ctx); }
    RefContext(const RefContext&) = delete;
    RefContext& operator=(const RefContext&) = delete;
};

void ReferenceEcdsaVerifyParsed(benchmark::State& state)
{
    RefContext ref;
    const auto cases = MakeEcdsaCases();
    std::vector<secp256k1_pubkey> keys(POOL);
    std::vector<secp256k1_ecdsa_signature> sigs(POOL);
    for (size_t j = 0; j < POOL; ++j) {
        if (!secp256k1_ec_pubkey_parse(ref.ctx, &keys[j], cases[j].pubkey.data(), cases[j].pubkey.size()) ||
            !secp256k1_ecdsa_signature_parse_der(ref.ctx, &sigs[j], cases[j].der_sig.data(), cases[j].der_sig.size())) {
            state.SkipWithError("parse failed");
            return;
        }
    }
    size_t i = 0;
    for (auto _ : state) {
        const size_t j = i++ % POOL;
        benchmark::DoNotOptimize(secp256k1_ecdsa_verify(ref.ctx, &sigs[j], cases[j].hash.data(), &keys[j]));
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 26.0e3, "sig",
                               "reference: bare secp256k1_ecdsa_verify, pre-parsed");
}
BENCHMARK(ReferenceEcdsaVerifyParsed);

void ReferenceEcdsaSign(benchmark::State& state)
{
    RefContext ref;
    const auto secret = crypto::PrivateKey::Generate();
    crypto::FastRandomContext rng;
    auto hash = rng.Rand256();
    secp256k1_ecdsa_signature sig;
    for (auto _ : state) {
        benchmark::DoNotOptimize(secp256k1_ecdsa_sign(ref.ctx, &sig, hash.data(), secret.Bytes().data(), nullptr, nullptr));
        hash[0] ^= sig.data[0];
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 36.8e3, "sig",
                               "reference: bare secp256k1_ecdsa_sign");
}
BENCHMARK(ReferenceEcdsaSign);

void ReferenceSchnorrSign(benchmark::State& state)
{
    RefContext ref;
    const auto secret = crypto::PrivateKey::Generate();
    secp256k1_keypair keypair;
    if (!secp256k1_keypair_create(ref.ctx, &keypair, secret.Bytes().data())) {
        state.SkipWithError("keypair_create failed");
        return;
    }
    crypto::FastRandomContext rng;
    auto msg = rng.Rand256();
    const auto aux = rng.Rand256();
    std::array<uint8_t, 64> sig;
    for (auto _ : state) {
        benchmark::DoNotOptimize(secp256k1_schnorrsig_sign32(ref.ctx, sig.data(), msg.data(), &keypair, aux.data()));
        msg[0] ^= sig[63];
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), 45.0e3, "sig",
                               "reference: bare secp256k1_schnorrsig_sign32");
}
BENCHMARK(ReferenceSchnorrSign);

} // namespace
