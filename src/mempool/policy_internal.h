// Helpers shared by the policy sources (not part of the library's interface).
// Thread safety: pure functions.
#ifndef BITNODE_MEMPOOL_POLICY_INTERNAL_H
#define BITNODE_MEMPOOL_POLICY_INTERNAL_H

#include <primitives/transaction.h>
#include <script/script.h>

#include <optional>

namespace mempool::internal {

/** The redeem script a P2SH scriptSig reveals (the last item it pushes), or nullopt. */
std::optional<script::Script> RevealedRedeemScript(const primitives::ScriptBytes& script_sig);

/** script::IsPayToAnchor, reachable without script/standard.h. */
bool IsPayToAnchor(const script::Script& script);

/** What AreInputsStandard needs to know of a spent output's template. */
enum class SpentKind { NONSTANDARD, SCRIPTHASH, OTHER };
SpentKind ClassifySpent(const script::Script& script_pubkey);

} // namespace mempool::internal

#endif // BITNODE_MEMPOOL_POLICY_INTERNAL_H
