// Block subsidy: the new coins a block's coinbase may claim besides fees.
//
// 50 BTC halved every subsidy_halving_interval blocks; after 64 halvings the shift would
// be undefined, so the subsidy is defined as zero from there on (Core's rule). Pure.
#ifndef BITNODE_CONSENSUS_SUBSIDY_H
#define BITNODE_CONSENSUS_SUBSIDY_H

#include <consensus/params.h>
#include <primitives/amount.h>

namespace consensus {

/** Subsidy in satoshis for a block at `height` (height >= 0). */
primitives::Amount GetBlockSubsidy(int height, const Params& params);

} // namespace consensus

#endif // BITNODE_CONSENSUS_SUBSIDY_H
