// Script verification and signature hashing beside their limits:
//   - legacy SIGHASH_ALL hashes of all 5,569 inputs of the megatx (999,657 bytes): the
//     quadratic worst case of legacy signing; the target is well under a second per
//     pass. Shown with PrecomputedTransactionData (checkpoints, what validation uses)
//     and from scratch (Core's method) for comparison.
//   - VerifyScript of one P2WPKH input, as Core's VerifyScriptBench builds it (one-in,
//     one-out, no precomputed data): Core 30 takes 34.2 µs on this machine with a newer
//     libsecp256k1 than Debian's (PERFORMANCE.md).
#include "bench_util.h"

#include <crypto/hash.h>
#include <crypto/key.h>
#include <primitives/streams.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/sighash.h>
#include <script/tx_checker.h>

#include <string>
#include <vector>

namespace {

using script::Script;

constexpr double MEGATX_INPUTS = 5569;
/** "Well under a second" for a whole pass: the limit is all inputs per second. */
constexpr double TARGET_MEGATX_INPUTS_PER_SECOND = MEGATX_INPUTS;
constexpr double CORE_VERIFY_P2WPKH_US = 34.2;

struct MegaTx {
    std::optional<primitives::Transaction> tx;
    std::vector<Script> script_codes; // P2PKH scriptCode of each input, from its public key
};

const MegaTx& LoadMegaTx()
{
    static const MegaTx mega = [] {
        MegaTx m;
        const std::vector<uint8_t> raw = bench::ReadTestFile("txs/megatx.raw");
        if (raw.empty()) return m;
        primitives::MutableTransaction mtx;
        primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(mtx), "transaction");
        m.tx.emplace(std::move(mtx));
        for (const auto& in : m.tx->vin) {
            const Script sig(in.script_sig);
            size_t pc = 0;
            script::Opcode op;
            Script::Bytes data;
            Script::Bytes pubkey;
            while (sig.GetOp(pc, op, &data)) pubkey = data;
            const auto hash = crypto::Hash160Of(pubkey);
            m.script_codes.push_back(Script() << script::OP_DUP << script::OP_HASH160 << util::ByteSpan{hash}
                                              << script::OP_EQUALVERIFY << script::OP_CHECKSIG);
        }
        return m;
    }();
    return mega;
}

void HashAllMegaTxInputs(benchmark::State& state, bool precomputed)
{
    const MegaTx& mega = LoadMegaTx();
    if (!mega.tx) {
        state.SkipWithError("missing test data txs/megatx.raw: set BITNODE_TESTDATA");
        return;
    }
    const primitives::Transaction& tx = *mega.tx;
    for (auto _ : state) {
        // Building the checkpoints is part of the cost, as in validation.
        script::PrecomputedTransactionData txdata;
        if (precomputed) txdata.Init(tx, {});
        for (unsigned i = 0; i < tx.vin.size(); ++i) {
            const auto hash = script::SignatureHash(mega.script_codes[i], tx, i, script::SIGHASH_ALL, 0,
                                                    script::SigVersion::BASE, precomputed ? &txdata : nullptr);
            benchmark::DoNotOptimize(hash.data());
        }
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * tx.vin.size()),
                              TARGET_MEGATX_INPUTS_PER_SECOND, "input", "target: one pass over all 5,569 inputs < 1 s");
}

void MegaTxLegacySighashAll(benchmark::State& state) { HashAllMegaTxInputs(state, true); }
BENCHMARK(MegaTxLegacySighashAll)->Unit(benchmark::kMillisecond);

void MegaTxLegacySighashAllFromScratch(benchmark::State& state) { HashAllMegaTxInputs(state, false); }
BENCHMARK(MegaTxLegacySighashAllFromScratch)->Unit(benchmark::kMillisecond)->Iterations(2);

void VerifyScriptP2WPKH(benchmark::State& state)
{
    const std::vector<uint8_t> secret(32, 1);
    const auto key = crypto::PrivateKey::FromBytes(secret);
    const crypto::PubKey pubkey = key->GetPubKey();
    const auto key_hash = crypto::Hash160Of(pubkey.Bytes());
    const Script script_pubkey = Script() << script::OP_0 << util::ByteSpan{key_hash};
    const Script script_code = Script() << script::OP_DUP << script::OP_HASH160 << util::ByteSpan{key_hash}
                                        << script::OP_EQUALVERIFY << script::OP_CHECKSIG;

    primitives::MutableTransaction credit;
    credit.version = 1;
    credit.vin.resize(1);
    credit.vin[0].prevout.SetNull();
    credit.vin[0].script_sig = (Script() << script::OP_0 << script::OP_0).bytes();
    credit.vout.emplace_back(1, script_pubkey.bytes());
    primitives::MutableTransaction spend;
    spend.version = 1;
    spend.vin.emplace_back(primitives::OutPoint(credit.GetHash(), 0));
    spend.vout.emplace_back(1, primitives::ScriptBytes{});
    const auto sighash = script::SignatureHash(script_code, spend, 0, script::SIGHASH_ALL, 1,
                                               script::SigVersion::WITNESS_V0);
    std::vector<uint8_t> sig = key->SignEcdsa(sighash.span().first<32>());
    sig.push_back(script::SIGHASH_ALL);
    const auto pubkey_bytes = pubkey.Bytes();
    spend.vin[0].witness.stack = {sig, {pubkey_bytes.begin(), pubkey_bytes.end()}};

    const script::ScriptVerifyFlags flags = script::SCRIPT_VERIFY_WITNESS | script::SCRIPT_VERIFY_P2SH;
    for (auto _ : state) {
        script::ScriptError error;
        const script::MutableTransactionSignatureChecker checker(&spend, 0, 1,
                                                                 script::MissingDataBehavior::ASSERT_FAIL);
        const bool ok = script::VerifyScript(Script(spend.vin[0].script_sig), script_pubkey,
                                             spend.vin[0].witness.stack, flags, checker, &error);
        if (!ok) {
            state.SkipWithError(("P2WPKH spend failed: " + script::ScriptErrorString(error)).c_str());
            return;
        }
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), 1e6 / CORE_VERIFY_P2WPKH_US, "verify",
                              "Core VerifyScriptBench 34.2 us, newer libsecp256k1");
}
BENCHMARK(VerifyScriptP2WPKH)->Unit(benchmark::kMicrosecond);

} // namespace
