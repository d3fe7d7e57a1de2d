// MempoolChainView: the chain facts the mempool needs, and nothing more (btcd's advice:
// the mempool is given the chain functions it needs instead of reaching into the chain).
//
// The node implements it over ChainstateManager, called with the chainstate lock held for
// the whole acceptance so that all answers describe one tip (lock order: chainstate, then
// mempool). Tests implement it over a map of coins and a vector of headers.
//
// Thread safety: the implementation's caller holds whatever lock makes the answers
// consistent; the mempool calls it only from inside AcceptToMemoryPool and the reorg
// helpers, never stores it.
#ifndef BITNODE_MEMPOOL_CHAIN_VIEW_H
#define BITNODE_MEMPOOL_CHAIN_VIEW_H

#include <consensus/coins.h>
#include <consensus/pow.h>
#include <primitives/transaction.h>
#include <script/verify_flags.h>

#include <cstdint>
#include <optional>

namespace mempool {

class MempoolChainView
{
public:
    virtual ~MempoolChainView() = default;
    /** The unspent output at outpoint in the tip's UTXO set (nullopt: missing or spent). */
    virtual std::optional<consensus::Coin> GetCoin(const primitives::OutPoint& outpoint) const = 0;
    /** Height of the active tip. */
    virtual int TipHeight() const = 0;
    /** Median time past of the active tip (lock-time clock of the next block, BIP113). */
    virtual int64_t TipMedianTimePast() const = 0;
    /** The active chain up to its tip, for BIP68 time locks. */
    virtual const consensus::HeaderAncestry& TipAncestry() const = 0;
    /**
     * Consensus script flags of the next block. The mempool verifies with its standard
     * flags, a superset on every network; these tell a consensus failure from a policy one.
     */
    virtual script::ScriptVerifyFlags NextBlockScriptFlags() const = 0;
};

} // namespace mempool

#endif // BITNODE_MEMPOOL_CHAIN_VIEW_H
