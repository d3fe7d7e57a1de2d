// Fuzz targets for block validation (src/consensus): arbitrary bytes that decode as a
// block go through CheckBlock, ContextualCheckBlock, IsBlockMutated and the full
// VerifyBlock with a coins view that makes every input spend an OP_TRUE-or-random output,
// so the amount, sigop and script paths all run. Contract: no crash, a valid verdict only
// when the header commits to the transactions, the same verdict on a second run (the
// check queue is deterministic), and a failure always carries a reject reason. A second
// target feeds the spent-outputs JSON parser.
#include "data_reader.h"
#include "fuzz.h"

#include <consensus/block_check.h>
#include <consensus/block_verify.h>
#include <consensus/chainparams.h>
#include <consensus/coins.h>
#include <consensus/merkle.h>
#include <consensus/spent_outputs.h>
#include <primitives/block.h>
#include <primitives/streams.h>

#include <memory>
#include <string>

namespace {

const consensus::ChainParams& RegTest()
{
    static const std::unique_ptr<const consensus::ChainParams> params = consensus::ChainParams::RegTest();
    return *params;
}

struct Outcome {
    bool valid;
    std::string reason;
};

Outcome Run(const primitives::Block& block, const consensus::BlockContext& context, const consensus::CoinsView& coins)
{
    consensus::ScriptCheckQueue queue{0};
    consensus::BlockValidationState state;
    consensus::BlockVerifyStats stats;
    const bool valid = consensus::VerifyBlock(block, state, context, &coins, RegTest().GetConsensus(), queue, stats);
    return {valid, state.GetRejectReason()};
}

} // namespace

FUZZ_TARGET(block_validation)
{
    fuzz::DataReader reader{buffer};
    const int height = static_cast<int>(reader.Integral<uint16_t>());
    const bool op_true_outputs = reader.Integral<uint8_t>() & 1;
    const std::vector<uint8_t> bytes = reader.Bytes(reader.Remaining());

    primitives::Block block;
    try {
        primitives::DeserializeFromBytes(bytes, primitives::TX_WITH_WITNESS(block), "block");
    } catch (const primitives::DeserializeError&) {
        return;
    }

    const consensus::Params& params = RegTest().GetConsensus();
    consensus::BlockValidationState state;
    const bool checked = consensus::CheckBlock(block, state, params, /*check_pow=*/false);
    FUZZ_CHECK(checked == state.IsValid());
    if (checked) FUZZ_CHECK(consensus::BlockMerkleRoot(block) == block.hash_merkle_root);
    if (!checked) FUZZ_CHECK(!state.GetRejectReason().empty());
    if (checked) {
        consensus::BlockValidationState contextual;
        (void)consensus::ContextualCheckBlock(block, contextual, params, height, block.GetBlockTime());
    }
    (void)consensus::IsBlockMutated(block, /*check_witness_root=*/true);

    // Every input spends an output worth 1 BTC locked with OP_TRUE (or with its own scriptSig).
    consensus::MemoryCoinsView coins;
    for (const auto& tx : block.vtx) {
        for (const auto& in : tx->vin) {
            primitives::ScriptBytes script = op_true_outputs ? primitives::ScriptBytes{0x51} : in.script_sig;
            coins.AddCoin(in.prevout,
                          consensus::Coin{primitives::TxOut{primitives::COIN, std::move(script)}, 1, false});
        }
    }
    consensus::BlockContext context;
    context.height = height;
    context.coin_heights_known = false;
    context.check_pow = false;
    const Outcome first = Run(block, context, coins);
    FUZZ_CHECK(first.valid == first.reason.empty());
    if (first.valid) FUZZ_CHECK(!consensus::IsBlockMutated(block, true) || block.vtx.empty());
    const Outcome second = Run(block, context, coins);
    FUZZ_CHECK(first.valid == second.valid && first.reason == second.reason);
}

FUZZ_TARGET(spent_outputs_json)
{
    const std::string text(buffer.begin(), buffer.end());
    auto parsed = consensus::ParseSpentOutputs(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().empty());
        return;
    }
    for (const auto& entry : *parsed) {
        if (entry.height) FUZZ_CHECK(*entry.height >= 0);
    }
}
