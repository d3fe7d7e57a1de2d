// The parts of policy that run the script interpreter (script/interpreter.h and
// script/standard.h cannot share a translation unit: both define the witness sizes).
#include <mempool/policy.h>
#include <mempool/policy_internal.h>

#include <script/interpreter.h>
#include <script/script.h>
#include <script/sigops.h>

namespace mempool {

namespace internal {

/** The redeem script a P2SH scriptSig reveals (its last push), or nullopt. */
std::optional<script::Script> RevealedRedeemScript(const primitives::ScriptBytes& script_sig)
{
    script::Stack stack;
    if (!script::EvalScript(stack, script::Script{script_sig}, script::SCRIPT_VERIFY_NONE, script::SignatureChecker{},
                            script::SigVersion::BASE)) {
        return std::nullopt;
    }
    if (stack.empty()) return std::nullopt;
    return script::Script{stack.back()};
}

} // namespace internal

bool AreInputsStandard(const primitives::Transaction& tx, std::span<const consensus::Coin> spent)
{
    if (tx.IsCoinBase()) return true;
    // BIP54: legacy (non-witness) sigops of the whole transaction, counted accurately.
    unsigned legacy_sigops = 0;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const script::Script script_sig{tx.vin[i].script_sig};
        const script::Script spk{spent[i].out.script_pubkey};
        legacy_sigops += script_sig.GetSigOpCount(true);
        legacy_sigops += script::P2SHSigOpCount(spk, script_sig);
        if (legacy_sigops > MAX_TX_LEGACY_SIGOPS) return false;
    }
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const script::Script spk{spent[i].out.script_pubkey};
        const internal::SpentKind kind = internal::ClassifySpent(spk);
        if (kind == internal::SpentKind::NONSTANDARD) return false;
        if (kind == internal::SpentKind::SCRIPTHASH) {
            const auto redeem = internal::RevealedRedeemScript(tx.vin[i].script_sig);
            if (!redeem) return false;
            if (redeem->GetSigOpCount(true) > MAX_P2SH_SIGOPS) return false;
        }
    }
    return true;
}

bool IsWitnessStandard(const primitives::Transaction& tx, std::span<const consensus::Coin> spent)
{
    if (tx.IsCoinBase()) return true;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const auto& witness = tx.vin[i].witness.stack;
        if (witness.empty()) continue;
        script::Script prev{spent[i].out.script_pubkey};
        // A pay-to-anchor output is spent with an empty witness; anything else is stuffing.
        if (internal::IsPayToAnchor(prev)) return false;
        bool p2sh = false;
        if (prev.IsPayToScriptHash()) {
            auto redeem = internal::RevealedRedeemScript(tx.vin[i].script_sig);
            if (!redeem) return false;
            prev = std::move(*redeem);
            p2sh = true;
        }
        int version = 0;
        script::Script::Bytes program;
        if (!prev.IsWitnessProgram(version, program)) return false;
        if (version == 0 && program.size() == script::WITNESS_V0_SCRIPTHASH_SIZE) {
            if (witness.back().size() > MAX_STANDARD_P2WSH_SCRIPT_SIZE) return false;
            const size_t items = witness.size() - 1;
            if (items > MAX_STANDARD_P2WSH_STACK_ITEMS) return false;
            for (size_t j = 0; j < items; ++j) {
                if (witness[j].size() > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) return false;
            }
        }
        if (version == 1 && program.size() == script::WITNESS_V1_TAPROOT_SIZE && !p2sh) {
            size_t size = witness.size();
            if (size >= 2 && !witness.back().empty() && witness.back()[0] == script::ANNEX_TAG) return false;
            if (size >= 2) {
                const auto& control = witness[size - 1];
                if (control.empty()) return false;
                if ((control[0] & script::TAPROOT_LEAF_MASK) == script::TAPROOT_LEAF_TAPSCRIPT) {
                    for (size_t j = 0; j + 2 < size; ++j) {
                        if (witness[j].size() > MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE) return false;
                    }
                }
            } else if (size != 1) {
                return false;
            }
        }
    }
    return true;
}

} // namespace mempool
