// The outputs a block spends, supplied from outside the chain (the `*.spent.json` files of
// the test data, `bitnode-util verifyblock --spent-outputs`), and the coins view built
// from them. The format is documented in doc/validation.md:
//
//   [ {"value": <satoshis>, "script_pubkey": "<hex>", "height": <n>?, "coinbase": <bool>?}, ... ]
//
// one object per non-coinbase input of the block, in block order (inputs that spend an
// output of an earlier transaction in the same block included).
//
// Thread safety: pure functions.
#ifndef BITNODE_CONSENSUS_SPENT_OUTPUTS_H
#define BITNODE_CONSENSUS_SPENT_OUTPUTS_H

#include <consensus/coins.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/result.h>

#include <optional>
#include <string_view>
#include <vector>

namespace consensus {

struct SpentOutput {
    primitives::TxOut out;
    /** Height of the creating block, if the file gives it. */
    std::optional<int> height;
    bool coinbase{false};
};

/** Parse the JSON array; errors name the entry and field at fault. */
util::Result<std::vector<SpentOutput>> ParseSpentOutputs(std::string_view json);

struct SpentCoins {
    MemoryCoinsView view;
    /** True if every entry gave a height (BIP68 and coinbase maturity can be checked). */
    bool heights_known{true};
};

/**
 * Pair the entries with the block's non-coinbase inputs in order. Inputs that spend an
 * output of a transaction of the same block are skipped when building the view:
 * validation finds those in the block itself (so the view is the UTXO set before the
 * block, as far as the block can see it, and spending a later transaction's output fails). Fails if the count does not match, or if a coinbase
 * entry lacks its height (maturity could not be checked).
 */
util::Result<SpentCoins> BuildSpentCoinsView(const primitives::Block& block, const std::vector<SpentOutput>& spent);

} // namespace consensus

#endif // BITNODE_CONSENSUS_SPENT_OUTPUTS_H
