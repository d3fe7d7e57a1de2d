// scantxoutset (Core's rpc/blockchain.cpp): find the unspent outputs paying to a set of
// descriptors by walking a snapshot of the UTXO set (NodeContext::ScanScripts). One scan
// at a time per RPC table; "abort" stops a running scan, "status" reports one in progress.
// The scan state lives in the method (shared by its handler calls), not in a global.
#include <rpc/descriptor.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <chain/block_index.h>
#include <chain/chainstate_manager.h>
#include <node/context.h>
#include <util/hex.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Whether a scan runs, and the flag that aborts it. */
struct ScanState {
    std::atomic<bool> running{false};
    std::atomic<bool> abort{false};
    std::atomic<uint64_t> scanned{0};
};

/** Claims the scan slot for its lifetime (Core's CoinsViewScanReserver). */
class ScanReservation
{
public:
    explicit ScanReservation(ScanState& state) : m_state{state}
    {
        bool expected = false;
        m_owned = m_state.running.compare_exchange_strong(expected, true);
    }
    ~ScanReservation()
    {
        if (m_owned) m_state.running.store(false);
    }
    ScanReservation(const ScanReservation&) = delete;
    ScanReservation& operator=(const ScanReservation&) = delete;
    bool Owned() const { return m_owned; }

private:
    ScanState& m_state;
    bool m_owned{false};
};

RpcMethod ScanTxOutSetMethod()
{
    const std::string example = "raw(76a91411b366edfc0a8b66feebae5c2e25a7b6a5d1cf3188ac)#fm24fxxy";
    auto state = std::make_shared<ScanState>();
    return RpcMethod{
        "scantxoutset",
        "Scans the unspent transaction output set for entries that match certain output descriptors.\n"
        "Examples of output descriptors are:\n"
        "    addr(<address>)                      Outputs whose output script corresponds to the specified address "
        "(does not include P2PK)\n"
        "    raw(<hex script>)                    Outputs whose output script equals the specified hex-encoded "
        "bytes\n"
        "    combo(<pubkey>)                      P2PK, P2PKH, P2WPKH, and P2SH-P2WPKH outputs for the given pubkey\n"
        "    pkh(<pubkey>)                        P2PKH outputs for the given pubkey\n"
        "    sh(multi(<n>,<pubkey>,<pubkey>,...)) P2SH-multisig outputs for the given threshold and pubkeys\n"
        "    tr(<pubkey>)                         P2TR\n"
        "    tr(<pubkey>,{pk(<pubkey>)})          P2TR with single fallback pubkey in tapscript\n"
        "    rawtr(<pubkey>)                      P2TR with the specified key as output key rather than inner\n"
        "    wsh(and_v(v:pk(<pubkey>),after(2)))  P2WSH miniscript with mandatory pubkey and a timelock\n"
        "\nIn the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv "
        "optionally followed by one\n"
        "or more path elements separated by \"/\", and optionally ending in \"/*\" (unhardened), or \"/*'\" or \"/*h\" "
        "(hardened) to specify all\n"
        "unhardened or hardened child keys.\n"
        "In the latter case, a range needs to be specified by below if different from 1000.\n"
        "For more information on output descriptors, see the documentation in the doc/descriptors.md file.\n",
        {
            {"action", T::STR, RpcArg::Optional::NO,
             "The action to execute\n"
             "\"start\" for starting a scan\n"
             "\"abort\" for aborting the current scan (returns true when abort was successful)\n"
             "\"status\" for progress report (in %) of the current scan"},
            {"scanobjects",
             T::ARR,
             RpcArg::Optional::OMITTED,
             "Array of scan objects. Required for \"start\" action\n"
             "Every scan object is either a string descriptor or an object:",
             {
                 {"descriptor", T::STR, RpcArg::Optional::OMITTED, "An output descriptor"},
                 {"",
                  T::OBJ,
                  RpcArg::Optional::OMITTED,
                  "An object with output descriptor and metadata",
                  {
                      {"desc", T::STR, RpcArg::Optional::NO, "An output descriptor"},
                      {"range", T::RANGE, RpcArg::Default{1000},
                       "The range of HD chain indexes to explore (either end or [begin,end])"},
                  }},
             },
             RpcArgOptions{.oneline_description = "[scanobjects,...]"}},
        },
        {
            RpcResult{"when action=='start'; only returns after scan completes",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::BOOL, "success", "Whether the scan was completed"},
                          {R::NUM, "txouts", "The number of unspent transaction outputs scanned"},
                          {R::NUM, "height", "The block height at which the scan was done"},
                          {R::STR_HEX, "bestblock", "The hash of the block at the tip of the chain"},
                          {R::ARR,
                           "unspents",
                           "",
                           {
                               {R::OBJ,
                                "",
                                "",
                                {
                                    {R::STR_HEX, "txid", "The transaction id"},
                                    {R::NUM, "vout", "The vout value"},
                                    {R::STR_HEX, "scriptPubKey", "The output script"},
                                    {R::STR, "desc", "A specialized descriptor for the matched output script"},
                                    {R::STR_AMOUNT, "amount", "The total amount in BTC of the unspent output"},
                                    {R::BOOL, "coinbase", "Whether this is a coinbase output"},
                                    {R::NUM, "height", "Height of the unspent transaction output"},
                                    {R::STR_HEX, "blockhash", "Blockhash of the unspent transaction output"},
                                    {R::NUM, "confirmations",
                                     "Number of confirmations of the unspent transaction output when the scan was "
                                     "done"},
                                }},
                           }},
                          {R::STR_AMOUNT, "total_amount", "The total amount of all found unspent outputs in BTC"},
                      }},
            RpcResult{"when action=='abort'", R::BOOL, "success",
                      "True if scan will be aborted (not necessarily before this RPC returns), or false if there is "
                      "no scan to abort"},
            RpcResult{"when action=='status' and a scan is currently in progress",
                      R::OBJ,
                      "",
                      "",
                      {{R::NUM, "progress", "Approximate percent complete"}}},
            RpcResult{"when action=='status' and no scan is in progress - possibly already completed", R::NONE, "", ""},
        },
        RpcExamples{HelpExampleCli("scantxoutset", "start '[\"" + example + "\"]'") +
                    HelpExampleCli("scantxoutset", "status") + HelpExampleCli("scantxoutset", "abort") +
                    HelpExampleRpc("scantxoutset", "\"start\", [\"" + example + "\"]") +
                    HelpExampleRpc("scantxoutset", "\"status\"") + HelpExampleRpc("scantxoutset", "\"abort\"")},
        [state](const RpcCall& call) -> JsonValue {
            const std::string action = call.ArgString("action");
            if (action == "status") {
                ScanReservation reservation{*state};
                if (reservation.Owned()) return JsonValue{}; // no scan in progress
                JsonValue out = JsonValue::Object();
                // The snapshot walk does not know the set's size up front: no estimate.
                out.PushKV("progress", 0);
                return out;
            }
            if (action == "abort") {
                ScanReservation reservation{*state};
                if (reservation.Owned()) return false; // nothing to abort
                state->abort.store(true);
                return true;
            }
            if (action != "start") throw RpcError(RPC_INVALID_PARAMETER, "Invalid action '" + action + "'");

            ScanReservation reservation{*state};
            if (!reservation.Owned()) {
                throw RpcError(RPC_INVALID_PARAMETER, "Scan already in progress, use action \"abort\" or \"status\"");
            }
            if (call.Param(1).IsNull()) {
                throw RpcError(RPC_MISC_ERROR, "scanobjects argument is required for the start action");
            }
            node::NodeContext& node = EnsureNode(call);
            const script::AddressParams& params = node.Params().GetAddressParams();
            std::set<primitives::ScriptBytes> scripts;
            std::map<primitives::ScriptBytes, std::string> descriptors;
            for (const JsonValue& object : call.Param(1).Values()) {
                std::string text;
                if (object.IsStr()) {
                    text = object.GetStr();
                } else if (object.IsObject()) {
                    const JsonValue* desc = object.Find("desc");
                    if (!desc) throw RpcError(RPC_INVALID_PARAMETER, "Invalid scan object");
                    text = GetStrChecked(*desc);
                } else {
                    throw RpcError(RPC_INVALID_PARAMETER, "Scan object needs to be either a string or an object");
                }
                auto parsed = ParseDescriptor(text, params, /*require_checksum=*/false);
                if (!parsed) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, parsed.error());
                primitives::ScriptBytes spk{parsed->script_pub_key.begin(), parsed->script_pub_key.end()};
                descriptors.emplace(spk, parsed->canonical);
                scripts.insert(std::move(spk));
            }
            state->abort.store(false);
            state->scanned.store(0);
            auto result = node.ScanScripts(scripts, [&node, state] {
                state->scanned.fetch_add(1, std::memory_order_relaxed);
                return !state->abort.load(std::memory_order_relaxed) && !node.ShutdownRequested();
            });
            JsonValue out = JsonValue::Object();
            if (!result) {
                // An aborted scan answers success=false with what is known (Core).
                out.PushKV("success", false);
                out.PushKV("txouts", state->scanned.load());
                out.PushKV("height", node.GetHeight());
                out.PushKV("bestblock", node.Chainman().ActiveTip()->hash.GetHex());
                out.PushKV("unspents", JsonValue::Array());
                out.PushKV("total_amount", util::ValueFromAmount(0));
                return out;
            }
            out.PushKV("success", true);
            out.PushKV("txouts", result->txouts_searched);
            out.PushKV("height", result->height);
            out.PushKV("bestblock", result->best_block.GetHex());
            std::map<primitives::OutPoint, const node::ScannedUtxo*> ordered;
            for (const node::ScannedUtxo& utxo : result->utxos) ordered.emplace(utxo.outpoint, &utxo);
            JsonValue unspents = JsonValue::Array();
            for (const auto& [outpoint, utxo] : ordered) {
                JsonValue entry = JsonValue::Object();
                entry.PushKV("txid", outpoint.hash.GetHex());
                entry.PushKV("vout", outpoint.n);
                entry.PushKV("scriptPubKey", util::HexStr(utxo->output.script_pubkey));
                entry.PushKV("desc", descriptors[utxo->output.script_pubkey]);
                entry.PushKV("amount", util::ValueFromAmount(utxo->output.value));
                entry.PushKV("coinbase", utxo->coinbase);
                entry.PushKV("height", utxo->height);
                const chain::BlockIndex* block = node.Chainman().ActiveBlockAt(utxo->height);
                entry.PushKV("blockhash", block ? block->hash.GetHex() : std::string{});
                entry.PushKV("confirmations", result->height - utxo->height + 1);
                unspents.PushBack(std::move(entry));
            }
            out.PushKV("unspents", std::move(unspents));
            out.PushKV("total_amount", util::ValueFromAmount(result->total));
            return out;
        },
    };
}

} // namespace

void RegisterScanTxOutSetRpcCommand(RpcTable& table) { table.Register("blockchain", ScanTxOutSetMethod()); }

} // namespace rpc
