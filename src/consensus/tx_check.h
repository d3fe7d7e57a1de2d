// Context-free transaction checks (Bitcoin Core's CheckTransaction): the rules a
// transaction must satisfy wherever it appears, before any spent output is looked at.
//
// Reject reasons, in the order Core tests them: bad-txns-vin-empty, bad-txns-vout-empty,
// bad-txns-oversize, bad-txns-vout-negative, bad-txns-vout-toolarge,
// bad-txns-txouttotal-toolarge, bad-txns-inputs-duplicate, then bad-cb-length for a
// coinbase or bad-txns-prevout-null otherwise. All are TX_CONSENSUS.
//
// Thread safety: pure function.
#ifndef BITNODE_CONSENSUS_TX_CHECK_H
#define BITNODE_CONSENSUS_TX_CHECK_H

#include <consensus/validation_state.h>
#include <primitives/transaction.h>

namespace consensus {

/** True if tx passes the context-free rules; otherwise false with the reason in state. */
bool CheckTransaction(const primitives::Transaction& tx, TxValidationState& state);

} // namespace consensus

#endif // BITNODE_CONSENSUS_TX_CHECK_H
