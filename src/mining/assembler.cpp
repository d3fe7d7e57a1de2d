// Block template assembly: header fields, coinbase, commitments and the validity check.
// The choice of transactions is in package_selection.cpp.
#include <mining/assembler.h>

#include <chain/block_index.h>
#include <chain/chainstate_manager.h>
#include <consensus/deployments.h>
#include <consensus/merkle.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <consensus/tx_verify.h>
#include <mempool/txmempool.h>
#include <mining/package_selection.h>
#include <mining/versionbits.h>
#include <primitives/arith_uint256.h>
#include <script/script.h>

#include <algorithm>

namespace mining {

namespace {

using primitives::Block;
using primitives::MutableTransaction;

AssemblerOptions ClampOptions(AssemblerOptions options)
{
    options.block_reserved_weight =
        std::clamp<int64_t>(options.block_reserved_weight, MINIMUM_BLOCK_RESERVED_WEIGHT, consensus::MAX_BLOCK_WEIGHT);
    options.coinbase_max_additional_sigops =
        std::clamp<int64_t>(options.coinbase_max_additional_sigops, 0, consensus::MAX_BLOCK_SIGOPS_COST);
    // The reserve may exceed the maximum: the block then holds only the coinbase.
    options.block_max_weight =
        std::clamp<int64_t>(options.block_max_weight, options.block_reserved_weight, consensus::MAX_BLOCK_WEIGHT);
    return options;
}

int64_t NowSeconds(const AssemblerOptions& options)
{
    if (options.clock) return options.clock->Now();
    const util::Clock system;
    return system.Now();
}

/** Earliest time a block on tip may carry (Core's GetMinimumTime, BIP94 on every network). */
int64_t MinimumTime(const chain::BlockIndex& tip, const consensus::Params& params)
{
    int64_t min_time = tip.GetMedianTimePast() + 1;
    if ((tip.height + 1) % params.DifficultyAdjustmentInterval() == 0) {
        min_time = std::max<int64_t>(min_time, tip.GetBlockTime() - consensus::MAX_TIMEWARP);
    }
    return min_time;
}

/** Core's coinbase: one input (null prevout, non-final sequence so its lock time counts), one output. */
primitives::TransactionRef MakeCoinbase(int height, const ScriptBytes& script_pubkey, Amount value)
{
    MutableTransaction coinbase;
    coinbase.vin.emplace_back(primitives::OutPoint{}, CoinbaseScriptSig(height, 0),
                              primitives::TxIn::MAX_SEQUENCE_NONFINAL);
    coinbase.vout.emplace_back(value, script_pubkey);
    // Core 30 sets the lock time to the previous height (a coinbase can then never repeat).
    coinbase.lock_time = static_cast<uint32_t>(height - 1);
    return primitives::MakeTransactionRef(std::move(coinbase));
}

/** Fill in what every template needs once its transactions are in place, and check it. */
util::Result<void> FinishTemplate(chain::ChainstateManager& chainman, const chain::BlockIndex& tip, BlockTemplate& tmpl,
                                  const AssemblerOptions& options) EXCLUSIVE_LOCKS_REQUIRED(chainman.GetMutex())
{
    const consensus::Params& params = chainman.GetConsensus();
    Block& block = tmpl.block;
    tmpl.coinbase_commitment = RegenerateCommitments(block, tmpl.height, params);
    block.hash_prev_block = tip.hash;
    tmpl.prev_hash = tip.hash;
    tmpl.min_time = MinimumTime(tip, params);
    tmpl.cur_time = std::max(tmpl.min_time, NowSeconds(options));
    block.time = static_cast<uint32_t>(tmpl.cur_time);
    block.bits = consensus::GetNextWorkRequired(chain::BlockIndexAncestry{tip}, tmpl.cur_time, params);
    block.nonce = 0;
    primitives::arith_uint256 target;
    target.SetCompact(block.bits);
    tmpl.target = primitives::ArithToUint256(target);

    const int64_t coinbase_sigops =
        int64_t{consensus::GetLegacySigOpCount(*block.vtx[0])} * primitives::WITNESS_SCALE_FACTOR;
    tmpl.tx_sigops[0] = coinbase_sigops;
    tmpl.sigop_cost = 0;
    for (int64_t s : tmpl.tx_sigops) tmpl.sigop_cost += s;
    tmpl.weight = primitives::GetBlockWeight(block);

    if (options.test_block_validity) {
        consensus::BlockValidationState state;
        if (!chainman.TestBlockValidity(state, block, /*check_pow=*/false, /*check_merkle=*/false)) {
            return util::Error{"TestBlockValidity failed: " + state.ToString()};
        }
    }
    return {};
}

/** A template with only its coinbase (value: subsidy + fees), header fields still open. */
std::unique_ptr<BlockTemplate> StartTemplate(const chain::BlockIndex& tip, const consensus::Params& params,
                                             const AssemblerOptions& options)
{
    auto tmpl = std::make_unique<BlockTemplate>();
    tmpl->height = tip.height + 1;
    tmpl->block.version = options.block_version.value_or(ComputeBlockVersion(&tip, params));
    tmpl->block.vtx.emplace_back(); // the coinbase, made once the fees are known
    tmpl->tx_fees.push_back(0);
    tmpl->tx_sigops.push_back(0);
    return tmpl;
}

} // namespace

std::string BlockTemplate::LongPollId() const { return prev_hash.GetHex() + std::to_string(mempool_sequence); }

ScriptBytes CoinbaseScriptSig(int height, uint64_t extra_nonce)
{
    script::Script script_sig;
    script_sig.PushInt(height);
    script_sig.PushInt(static_cast<int64_t>(extra_nonce));
    return script_sig.bytes();
}

void SetExtraNonce(Block& block, int height, uint64_t extra_nonce)
{
    MutableTransaction coinbase{*block.vtx.at(0)};
    coinbase.vin.at(0).script_sig = CoinbaseScriptSig(height, extra_nonce);
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    block.hash_merkle_root = consensus::BlockMerkleRoot(block);
}

void IncrementExtraNonce(Block& block, int height, uint64_t& extra_nonce)
{
    ++extra_nonce;
    SetExtraNonce(block, height, extra_nonce);
}

ScriptBytes RegenerateCommitments(Block& block, int height, const consensus::Params& params)
{
    MutableTransaction coinbase{*block.vtx.at(0)};
    if (const int index = consensus::GetWitnessCommitmentIndex(block); index != consensus::NO_WITNESS_COMMITMENT) {
        coinbase.vout.erase(coinbase.vout.begin() + index);
    }
    ScriptBytes commitment_script;
    if (consensus::DeploymentActiveAtHeight(height, params, consensus::DEPLOYMENT_SEGWIT)) {
        // The witness root counts the coinbase as zero, so it may be computed before the
        // coinbase gets its commitment and reserved value.
        const primitives::uint256 reserved_value{};
        const primitives::uint256 commitment =
            consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(block), reserved_value);
        commitment_script = consensus::WitnessCommitmentScript(commitment);
        coinbase.vout.emplace_back(0, commitment_script);
        coinbase.vin.at(0).witness.stack = {std::vector<uint8_t>(reserved_value.begin(), reserved_value.end())};
    }
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    block.hash_merkle_root = consensus::BlockMerkleRoot(block);
    return commitment_script;
}

util::Result<std::unique_ptr<BlockTemplate>> CreateNewBlock(chain::ChainstateManager& chainman,
                                                            const mempool::TxMemPool* pool,
                                                            const ScriptBytes& coinbase_script_pubkey,
                                                            const AssemblerOptions& raw_options)
{
    const AssemblerOptions options = ClampOptions(raw_options);
    const consensus::Params& params = chainman.GetConsensus();
    LOCK(chainman.GetMutex());
    const chain::BlockIndex* tip = chainman.ActiveChain().Tip();
    if (!tip) return util::Error{"No chain tip to build a block on yet; wait for the chain to load."};
    std::unique_ptr<BlockTemplate> tmpl = StartTemplate(*tip, params, options);

    Selection selection;
    selection.weight = options.block_reserved_weight;
    selection.sigop_cost = options.coinbase_max_additional_sigops;
    if (pool) {
        // Read before the pool's lock is taken (GetSequence locks it): a transaction
        // arriving in between makes the next long poll return early, which is harmless.
        tmpl->mempool_sequence = pool->GetSequence();
        SelectionLimits limits;
        limits.max_weight = options.block_max_weight;
        limits.start_weight = options.block_reserved_weight;
        limits.start_sigops = options.coinbase_max_additional_sigops;
        limits.min_fee_rate = options.block_min_fee_rate;
        limits.height = tmpl->height;
        limits.lock_time_cutoff = tip->GetMedianTimePast();
        storage::CoinsViewCache& coins = chainman.CoinsTip();
        const auto have_coin = [&coins](const primitives::OutPoint& outpoint) { return coins.HaveCoin(outpoint); };
        LOCK(pool->GetMutex());
        selection = SelectPackages(*pool, have_coin, limits);
    }
    for (SelectedTx& s : selection.txs) {
        tmpl->block.vtx.push_back(std::move(s.tx));
        tmpl->tx_fees.push_back(s.fee);
        tmpl->tx_sigops.push_back(s.sigop_cost);
    }
    tmpl->total_fees = selection.fees;
    tmpl->tx_fees[0] = -selection.fees;
    tmpl->coinbase_value = selection.fees + consensus::GetBlockSubsidy(tmpl->height, params);
    tmpl->block.vtx[0] = MakeCoinbase(tmpl->height, coinbase_script_pubkey, tmpl->coinbase_value);

    if (auto finished = FinishTemplate(chainman, *tip, *tmpl, options); !finished) {
        return util::Error{finished.error()};
    }
    return tmpl;
}

util::Result<std::unique_ptr<BlockTemplate>>
CreateBlockWithTransactions(chain::ChainstateManager& chainman, const std::vector<primitives::TransactionRef>& txs,
                            const ScriptBytes& coinbase_script_pubkey, const AssemblerOptions& raw_options)
{
    AssemblerOptions options = ClampOptions(raw_options);
    options.test_block_validity = true;
    const consensus::Params& params = chainman.GetConsensus();
    LOCK(chainman.GetMutex());
    const chain::BlockIndex* tip = chainman.ActiveChain().Tip();
    if (!tip) return util::Error{"No chain tip to build a block on yet; wait for the chain to load."};
    std::unique_ptr<BlockTemplate> tmpl = StartTemplate(*tip, params, options);
    // As Core's generateblock: the coinbase claims the subsidy only (the fees of the
    // given transactions are not looked up, so they go unclaimed).
    tmpl->coinbase_value = consensus::GetBlockSubsidy(tmpl->height, params);
    tmpl->block.vtx[0] = MakeCoinbase(tmpl->height, coinbase_script_pubkey, tmpl->coinbase_value);
    for (const primitives::TransactionRef& tx : txs) {
        tmpl->block.vtx.push_back(tx);
        tmpl->tx_fees.push_back(0);
        tmpl->tx_sigops.push_back(int64_t{consensus::GetLegacySigOpCount(*tx)} * primitives::WITNESS_SCALE_FACTOR);
    }
    if (auto finished = FinishTemplate(chainman, *tip, *tmpl, options); !finished) {
        return util::Error{finished.error()};
    }
    return tmpl;
}

} // namespace mining
