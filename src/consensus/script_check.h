// ScriptCheck: the verification of one input's scripts, packaged so a CheckQueue can run
// it on any thread (Core's CScriptCheck).
//
// A check points into data the block validator keeps alive until the queue completes:
// the transaction, its PrecomputedTransactionData (which also holds the spent outputs),
// and nothing else. It verifies with TransactionSignatureChecker under the block's flags.
//
// Thread safety: a check is run once, by one thread; the data it points to is read-only.
#ifndef BITNODE_CONSENSUS_SCRIPT_CHECK_H
#define BITNODE_CONSENSUS_SCRIPT_CHECK_H

#include <consensus/checkqueue.h>
#include <primitives/transaction.h>
#include <script/precomputed.h>
#include <script/script_error.h>
#include <script/verify_flags.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace consensus {

/** Which input failed and why. */
struct ScriptFailure {
    script::ScriptError error{script::SCRIPT_ERR_UNKNOWN_ERROR};
    /** Position of the transaction in its block (0 when checking a lone transaction). */
    size_t tx_index{0};
    primitives::Txid txid;
    uint32_t input{0};
    /** Core's debug text: "input <n> of <txid> (wtxid <wtxid>), spending <txid>:<n>". */
    std::string debug;
};

class ScriptCheck
{
public:
    /** txdata must have been Init()ed with tx's spent outputs. */
    ScriptCheck(const primitives::Transaction& tx, size_t tx_index, uint32_t input, script::ScriptVerifyFlags flags,
                const script::PrecomputedTransactionData& txdata)
        : m_tx{&tx}, m_txdata{&txdata}, m_tx_index{tx_index}, m_input{input}, m_flags{flags}
    {}

    /** nullopt if the input's scripts verify. */
    std::optional<ScriptFailure> operator()() const;

private:
    const primitives::Transaction* m_tx;
    const script::PrecomputedTransactionData* m_txdata;
    size_t m_tx_index;
    uint32_t m_input;
    script::ScriptVerifyFlags m_flags;
};

using ScriptCheckQueue = CheckQueue<ScriptCheck>;
using ScriptCheckQueueControl = CheckQueueControl<ScriptCheck>;

/** "block-script-verify-flag-failed (<ScriptErrorString>)": Core's reject reason for a block. */
std::string BlockScriptFailureReason(script::ScriptError error);

} // namespace consensus

#endif // BITNODE_CONSENSUS_SCRIPT_CHECK_H
