// Block template assembly (Bitcoin Core's BlockAssembler, pre-cluster-mempool design):
// the next block on the active tip, filled from the mempool by ancestor fee rate with
// Core's modified-package bookkeeping, or from an explicit transaction list
// (generateblock), with the coinbase, witness commitment and header fields set so that
// only the nonce remains to be found.
//
// Selection: the best package by ancestor score (a transaction with its not-yet-included
// in-mempool ancestors, fee rate of the whole) goes in whole, ancestors first, if it fits
// the weight and sigop-cost limits and every transaction in it is final at the next
// height; packages whose ancestors were already included are re-scored from what is left
// (so a child pays for its parents: CPFP). Packages that do not fit are skipped; after
// 1,000 consecutive failures with the block within 4,000 weight units of full, assembly
// stops. Selection stops at the first package below the minimum fee rate.
//
// The mempool is updated from the chain asynchronously (on the notification thread), so
// it may still hold transactions the tip already confirmed or conflicts with: assembly
// runs under the chainstate lock and then the mempool lock (the node's lock order) and
// skips any transaction whose inputs are neither unspent in the tip's UTXO set nor created
// by a transaction placed earlier in the template (and, with it, its descendants).
//
// Thread safety: the free functions take the chainstate lock, then the mempool lock;
// call them without either held. BlockTemplate is a plain value.
#ifndef BITNODE_MINING_ASSEMBLER_H
#define BITNODE_MINING_ASSEMBLER_H

#include <consensus/limits.h>
#include <consensus/params.h>
#include <mempool/policy.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/time.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chain {
class ChainstateManager;
}
namespace mempool {
class TxMemPool;
}

namespace mining {

using primitives::Amount;
using primitives::ScriptBytes;

/** -blockmaxweight default (Core 30: the consensus limit; the reserve below keeps room). */
inline constexpr int64_t DEFAULT_BLOCK_MAX_WEIGHT = consensus::MAX_BLOCK_WEIGHT;
/** -blockreservedweight default: header, transaction count and coinbase. */
inline constexpr int64_t DEFAULT_BLOCK_RESERVED_WEIGHT = 8000;
/** Smallest reserve accepted (Core clamps to it). */
inline constexpr int64_t MINIMUM_BLOCK_RESERVED_WEIGHT = 2000;
/** -blockmintxfee default in sat/kvB (Core 30: 1 sat/kvB). */
inline constexpr Amount DEFAULT_BLOCK_MIN_TX_FEE = 1;
/** Sigop cost kept free for the coinbase outputs. */
inline constexpr int64_t DEFAULT_COINBASE_MAX_ADDITIONAL_SIGOPS = 400;

struct AssemblerOptions {
    /** Weight of the whole block, reserve included (clamped to [reserved, MAX_BLOCK_WEIGHT]). */
    int64_t block_max_weight{DEFAULT_BLOCK_MAX_WEIGHT};
    /** Weight kept for the header, tx count and coinbase (clamped to [MINIMUM_..., MAX_BLOCK_WEIGHT]). */
    int64_t block_reserved_weight{DEFAULT_BLOCK_RESERVED_WEIGHT};
    /** Sigop cost kept for the coinbase outputs (clamped to [0, MAX_BLOCK_SIGOPS_COST]). */
    int64_t coinbase_max_additional_sigops{DEFAULT_COINBASE_MAX_ADDITIONAL_SIGOPS};
    /** Packages paying less than this (modified fees) are not included. */
    mempool::FeeRate block_min_fee_rate{DEFAULT_BLOCK_MIN_TX_FEE};
    /** Run ChainstateManager::TestBlockValidity on the result (Core's default: on). */
    bool test_block_validity{true};
    /** Block version instead of the computed one (regtest's -blockversion). */
    std::optional<int32_t> block_version;
    /** Source of "now" for the block time (null: the system clock). Must outlive the call. */
    const util::Clock* clock{nullptr};
};

/** A block ready for the proof-of-work search, and what getblocktemplate reports about it. */
struct BlockTemplate {
    /** Coinbase first; merkle root set; nonce 0. */
    primitives::Block block;
    /** Fee of each transaction; entry 0 (the coinbase) is minus the total, as in Core. */
    std::vector<Amount> tx_fees;
    /** Sigop cost of each transaction, coinbase included. */
    std::vector<int64_t> tx_sigops;
    /** The witness commitment output script (getblocktemplate's default_witness_commitment); empty without one. */
    ScriptBytes coinbase_commitment;
    int height{0};
    /** Subsidy plus fees: the coinbase's first output. */
    Amount coinbase_value{0};
    Amount total_fees{0};
    /** Weight and sigop cost of the whole block (coinbase included). */
    int64_t weight{0};
    int64_t sigop_cost{0};
    /** The target bits encodes, as a hash must not exceed it. */
    primitives::uint256 target;
    /** Earliest permitted block time (median time past + 1, BIP94 at period starts). */
    int64_t min_time{0};
    /** The time put in the header. */
    int64_t cur_time{0};
    /** The tip this builds on (also block.hash_prev_block) and the mempool's sequence when built. */
    primitives::uint256 prev_hash;
    uint64_t mempool_sequence{0};

    /** getblocktemplate's longpollid: tip hash then mempool sequence. */
    std::string LongPollId() const;
};

/**
 * The next block on the active tip with transactions from pool (null: none), paying
 * subsidy + fees to coinbase_script_pubkey. Fails if there is no tip or, with
 * test_block_validity, with "TestBlockValidity failed: <state>".
 */
util::Result<std::unique_ptr<BlockTemplate>> CreateNewBlock(chain::ChainstateManager& chainman,
                                                            const mempool::TxMemPool* pool,
                                                            const ScriptBytes& coinbase_script_pubkey,
                                                            const AssemblerOptions& options = {});

/**
 * generateblock: the next block with exactly `txs` in this order (no mempool). As in
 * Core, the coinbase claims the subsidy only; tx_fees are 0 and tx_sigops count legacy
 * sigops only. Always checked with TestBlockValidity: the error is
 * "TestBlockValidity failed: <state>".
 */
util::Result<std::unique_ptr<BlockTemplate>>
CreateBlockWithTransactions(chain::ChainstateManager& chainman, const std::vector<primitives::TransactionRef>& txs,
                            const ScriptBytes& coinbase_script_pubkey, const AssemblerOptions& options = {});

/**
 * The coinbase scriptSig for `height` and `extra_nonce`: the BIP34 height push, then the
 * extra nonce as a script number (OP_0 for 0, which is Core's template scriptSig).
 */
ScriptBytes CoinbaseScriptSig(int height, uint64_t extra_nonce);

/**
 * Replace block's coinbase scriptSig with CoinbaseScriptSig(height, extra_nonce) and
 * recompute the merkle root (the witness commitment does not cover the coinbase).
 */
void SetExtraNonce(primitives::Block& block, int height, uint64_t extra_nonce);

/** Add one to extra_nonce and apply it with SetExtraNonce (Core's old IncrementExtraNonce). */
void IncrementExtraNonce(primitives::Block& block, int height, uint64_t& extra_nonce);

/**
 * After block.vtx changed: drop the coinbase's witness commitment, add a fresh one (and
 * the 32-byte zero reserved value in the coinbase witness) when segwit is active at
 * `height`, and recompute the merkle root (Core's RegenerateCommitments). Returns the
 * commitment script (empty when segwit is not active).
 */
ScriptBytes RegenerateCommitments(primitives::Block& block, int height, const consensus::Params& params);

} // namespace mining

#endif // BITNODE_MINING_ASSEMBLER_H
