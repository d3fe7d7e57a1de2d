#include <consensus/script_check.h>

#include <script/interpreter.h>
#include <script/script.h>
#include <script/tx_checker.h>

namespace consensus {

std::optional<ScriptFailure> ScriptCheck::operator()() const
{
    const primitives::TxIn& in = m_tx->vin[m_input];
    const primitives::TxOut& spent = m_txdata->m_spent_outputs[m_input];
    const script::TransactionSignatureChecker checker{m_tx, m_input, spent.value, *m_txdata,
                                                      script::MissingDataBehavior::ASSERT_FAIL};
    script::ScriptError error = script::SCRIPT_ERR_UNKNOWN_ERROR;
    if (script::VerifyScript(script::Script{in.script_sig}, script::Script{spent.script_pubkey}, in.witness.stack,
                             m_flags, checker, &error)) {
        return std::nullopt;
    }
    ScriptFailure failure;
    failure.error = error;
    failure.tx_index = m_tx_index;
    failure.txid = m_tx->GetHash();
    failure.input = m_input;
    failure.debug = "input " + std::to_string(m_input) + " of " + m_tx->GetHash().GetHex() + " (wtxid " +
                    m_tx->GetWitnessHash().GetHex() + "), spending " + in.prevout.hash.GetHex() + ":" +
                    std::to_string(in.prevout.n);
    return failure;
}

std::string BlockScriptFailureReason(script::ScriptError error)
{
    return "block-script-verify-flag-failed (" + script::ScriptErrorString(error) + ")";
}

} // namespace consensus
