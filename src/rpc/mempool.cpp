// Core's mempool RPC methods over NodeContext: sendrawtransaction, testmempoolaccept,
// getrawmempool, getmempoolinfo, getmempoolentry, getmempoolancestors,
// getmempooldescendants, prioritisetransaction. Entries are printed in Core 30's
// ancestor/descendant form (bitnode's mempool is not a cluster mempool; doc/rpc.md).
#include <rpc/decode.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <mempool/accept.h>
#include <mempool/txmempool.h>
#include <node/context.h>
#include <util/hex.h>

#include <map>
#include <set>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Core's MAX_PACKAGE_COUNT and DEFAULT_MAX_BURN_AMOUNT. */
constexpr size_t MAX_PACKAGE_COUNT = 25;
constexpr primitives::Amount DEFAULT_MAX_BURN_AMOUNT = 0;
constexpr uint32_t MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

const std::string MAXFEERATE_DOC = "Reject transactions whose fee rate is higher than the specified value, expressed "
                                   "in BTC/kvB.\nFee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any "
                                   "fee rate.";

/** A transaction from hex as Core's DecodeHexTx reads it (heuristic witness detection). */
std::optional<primitives::TransactionRef> DecodeHexTx(const std::string& hex)
{
    auto bytes = util::IsHex(hex) ? util::TryParseHex(hex) : std::nullopt;
    if (!bytes) return std::nullopt;
    auto tx = DecodeTx(*bytes);
    if (!tx) return std::nullopt;
    return std::make_shared<const primitives::Transaction>(std::move(*tx));
}

/** Core's HasValidOps: every operation parses and is a known opcode. */
bool HasValidOps(const script::Script& spk)
{
    size_t pos = 0;
    script::Opcode op;
    while (pos < spk.size()) {
        if (!spk.GetOp(pos, op) || op > script::MAX_OPCODE) return false;
    }
    return true;
}

int TransactionErrorCode(node::TransactionError error)
{
    switch (error) {
    case node::TransactionError::MEMPOOL_REJECTED:
        return RPC_TRANSACTION_REJECTED;
    case node::TransactionError::ALREADY_IN_UTXO_SET:
        return RPC_VERIFY_ALREADY_IN_UTXO_SET;
    default:
        return RPC_TRANSACTION_ERROR;
    }
}

std::string TransactionErrorString(node::TransactionError error)
{
    switch (error) {
    case node::TransactionError::OK:
        return "No error";
    case node::TransactionError::MISSING_INPUTS:
        return "Inputs missing or spent";
    case node::TransactionError::ALREADY_IN_UTXO_SET:
        return "Transaction outputs already in utxo set";
    case node::TransactionError::MEMPOOL_REJECTED:
        return "Transaction rejected by mempool";
    case node::TransactionError::MEMPOOL_ERROR:
        return "Mempool internal error";
    case node::TransactionError::MAX_FEE_EXCEEDED:
        return "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)";
    case node::TransactionError::INVALID_PACKAGE:
        return "Transaction rejected due to invalid package";
    }
    return "Unknown error";
}

RpcMethod SendRawTransactionMethod()
{
    return RpcMethod{
        "sendrawtransaction",
        "Submit a raw transaction (serialized, hex-encoded) to local node and network.\n"
        "\nThe transaction will be sent unconditionally to all peers, so using sendrawtransaction\n"
        "for manual rebroadcast may degrade privacy by leaking the transaction's origin, as\n"
        "nodes will normally not rebroadcast non-wallet transactions already in their mempool.\n"
        "\nA specific exception, RPC_TRANSACTION_ALREADY_IN_UTXO_SET, may throw if the transaction cannot be added to "
        "the mempool.\n"
        "\nRelated RPCs: createrawtransaction, signrawtransactionwithkey\n",
        {
            {"hexstring", T::STR_HEX, RpcArg::Optional::NO, "The hex string of the raw transaction"},
            {"maxfeerate", T::AMOUNT, RpcArg::Default{"0.10"}, MAXFEERATE_DOC},
            {"maxburnamount", T::AMOUNT, RpcArg::Default{"0.00"},
             "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the "
             "OP_RETURN opcode) greater than the specified value, expressed in BTC.\n"
             "If burning funds through unspendable outputs is desired, increase this value.\n"
             "This check is based on heuristics and does not guarantee spendability of outputs.\n"},
        },
        RpcResult{R::STR_HEX, "", "The transaction hash in hex"},
        RpcExamples{
            "\nCreate a transaction\n" +
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\" : \\\"mytxid\\\",\\\"vout\\\":0}]\" \"{\\\"myaddress\\\":0.01}\"") +
            "Sign the transaction, and get back the hex\n" +
            HelpExampleCli("signrawtransactionwithwallet", "\"myhex\"") + "\nSend the transaction (signed hex)\n" +
            HelpExampleCli("sendrawtransaction", "\"signedhex\"") + "\nAs a JSON-RPC call\n" +
            HelpExampleRpc("sendrawtransaction", "\"signedhex\"")},
        [](const RpcCall& call) -> JsonValue {
            const primitives::Amount max_burn =
                call.Param(2).IsNull() ? DEFAULT_MAX_BURN_AMOUNT : AmountFromValue(call.Param(2));
            const auto tx = DecodeHexTx(GetStrChecked(call.Param(0)));
            if (!tx) {
                throw RpcError(RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input.");
            }
            for (const primitives::TxOut& out : (*tx)->vout) {
                const script::Script spk{out.script_pubkey};
                if ((spk.IsUnspendable() || !HasValidOps(spk)) && out.value > max_burn) {
                    throw RpcError(RPC_TRANSACTION_ERROR,
                                   "Unspendable output exceeds maximum configured by user (maxburnamount)");
                }
            }
            const primitives::Amount max_fee_rate = ParseFeeRate(call.Arg("maxfeerate"));
            const node::SubmitResult result = EnsureNode(call).SubmitTransaction(*tx, max_fee_rate);
            if (!result.Ok()) {
                throw RpcError(TransactionErrorCode(result.error),
                               result.message.empty() ? TransactionErrorString(result.error) : result.message);
            }
            return (*tx)->GetHash().GetHex();
        },
    };
}

RpcMethod TestMempoolAcceptMethod()
{
    return RpcMethod{
        "testmempoolaccept",
        "Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would "
        "be accepted by mempool.\n"
        "\nIf multiple transactions are passed in, parents must come before children and package policies apply: the "
        "transactions cannot conflict with any mempool transactions or each other.\n"
        "\nIf one transaction fails, other transactions may not be fully validated (the 'allowed' key will be "
        "blank).\n"
        "\nThe maximum number of transactions allowed is 25.\n"
        "\nThis checks if transactions violate the consensus or policy rules.\n"
        "\nSee sendrawtransaction call.\n",
        {
            {"rawtxs",
             T::ARR,
             RpcArg::Optional::NO,
             "An array of hex strings of raw transactions.",
             {
                 {"rawtx", T::STR_HEX, RpcArg::Optional::OMITTED, ""},
             }},
            {"maxfeerate", T::AMOUNT, RpcArg::Default{"0.10"}, MAXFEERATE_DOC},
        },
        RpcResult{
            R::ARR,
            "",
            "The result of the mempool acceptance test for each raw transaction in the input array.\n"
            "Returns results for each transaction in the same order they were passed in.\n"
            "Transactions that cannot be fully validated due to failures in other transactions will not contain an "
            "'allowed' result.\n",
            {
                {R::OBJ,
                 "",
                 "",
                 {
                     {R::STR_HEX, "txid", "The transaction hash in hex"},
                     {R::STR_HEX, "wtxid", "The transaction witness hash in hex"},
                     {R::STR, "package-error", /*optional=*/true,
                      "Package validation error, if any (only possible if rawtxs had more than 1 transaction)."},
                     {R::BOOL, "allowed", /*optional=*/true,
                      "Whether this tx would be accepted to the mempool and pass client-specified maxfeerate. If not "
                      "present, the tx was not fully validated due to a failure in another tx in the list."},
                     {R::NUM, "vsize", /*optional=*/true,
                      "Virtual transaction size as defined in BIP 141. This is different from actual serialized size "
                      "for witness transactions as witness data is discounted (only present when 'allowed' is true)"},
                     {R::OBJ,
                      "fees",
                      /*optional=*/true,
                      "Transaction fees (only present if 'allowed' is true)",
                      {
                          {R::STR_AMOUNT, "base", "transaction fee in BTC"},
                          {R::STR_AMOUNT, "effective-feerate",
                           "the effective feerate in BTC per KvB. May differ from the base feerate if, for example, "
                           "there are modified fees from prioritisetransaction or a package feerate was used."},
                          {R::ARR,
                           "effective-includes",
                           "transactions whose fees and vsizes are included in effective-feerate.",
                           {
                               {R::STR_HEX, "", "transaction wtxid in hex"},
                           }},
                      }},
                     {R::STR, "reject-reason", /*optional=*/true,
                      "Rejection reason (only present when 'allowed' is false)"},
                     {R::STR, "reject-details", /*optional=*/true,
                      "Rejection details (only present when 'allowed' is false and rejection details exist)"},
                 }},
            }},
        RpcExamples{
            "\nCreate a transaction\n" +
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\" : \\\"mytxid\\\",\\\"vout\\\":0}]\" \"{\\\"myaddress\\\":0.01}\"") +
            "Sign the transaction, and get back the hex\n" +
            HelpExampleCli("signrawtransactionwithwallet", "\"myhex\"") +
            "\nTest acceptance of the transaction (signed hex)\n" +
            HelpExampleCli("testmempoolaccept", R"('["signedhex"]')") + "\nAs a JSON-RPC call\n" +
            HelpExampleRpc("testmempoolaccept", "[\"signedhex\"]")},
        [](const RpcCall& call) -> JsonValue {
            const JsonValue& raw = call.Arg("rawtxs");
            if (raw.empty() || raw.size() > MAX_PACKAGE_COUNT) {
                throw RpcError(RPC_INVALID_PARAMETER, "Array must contain between 1 and 25 transactions.");
            }
            const primitives::Amount max_fee_rate = ParseFeeRate(call.Arg("maxfeerate"));
            std::vector<primitives::TransactionRef> txs;
            for (const JsonValue& hex : raw.Values()) {
                const std::string& text = GetStrChecked(hex);
                auto tx = DecodeHexTx(text);
                if (!tx) {
                    throw RpcError(RPC_DESERIALIZATION_ERROR,
                                   "TX decode failed: " + text + " Make sure the tx has at least one input.");
                }
                txs.push_back(std::move(*tx));
            }
            const std::vector<mempool::MempoolAcceptResult> results = EnsureNode(call).TestMempoolAccept(txs);
            JsonValue out = JsonValue::Array();
            bool exit_early = false;
            for (size_t i = 0; i < txs.size(); ++i) {
                JsonValue entry = JsonValue::Object();
                entry.PushKV("txid", txs[i]->GetHash().GetHex());
                entry.PushKV("wtxid", txs[i]->GetWitnessHash().GetHex());
                if (exit_early || i >= results.size()) {
                    out.PushBack(std::move(entry));
                    continue;
                }
                const mempool::MempoolAcceptResult& result = results[i];
                if (result.Valid()) {
                    const primitives::Amount fee = result.base_fee.value_or(0);
                    const int64_t vsize = result.vsize.value_or(0);
                    const primitives::Amount max_fee = mempool::FeeRate{max_fee_rate}.GetFee(vsize);
                    if (max_fee != 0 && fee > max_fee) {
                        entry.PushKV("allowed", false);
                        entry.PushKV("reject-reason", "max-fee-exceeded");
                        exit_early = true;
                    } else {
                        entry.PushKV("allowed", true);
                        entry.PushKV("vsize", vsize);
                        JsonValue fees = JsonValue::Object();
                        fees.PushKV("base", util::ValueFromAmount(fee));
                        const mempool::FeeRate rate = result.effective_feerate.value_or(mempool::FeeRate{fee, vsize});
                        fees.PushKV("effective-feerate", util::ValueFromAmount(rate.GetFeePerK()));
                        JsonValue includes = JsonValue::Array();
                        includes.PushBack(txs[i]->GetWitnessHash().GetHex());
                        fees.PushKV("effective-includes", std::move(includes));
                        entry.PushKV("fees", std::move(fees));
                    }
                } else {
                    entry.PushKV("allowed", false);
                    if (result.state.GetResult() == consensus::TxValidationResult::TX_MISSING_INPUTS) {
                        entry.PushKV("reject-reason", "missing-inputs");
                    } else {
                        entry.PushKV("reject-reason", result.state.GetRejectReason());
                        entry.PushKV("reject-details", result.state.ToString());
                    }
                }
                out.PushBack(std::move(entry));
            }
            return out;
        },
    };
}

std::vector<RpcResult> MempoolEntryDoc()
{
    return {
        {R::NUM, "vsize",
         "virtual transaction size as defined in BIP 141. This is different from actual serialized size for witness "
         "transactions as witness data is discounted."},
        {R::NUM, "weight", "transaction weight as defined in BIP 141."},
        {R::NUM_TIME, "time", "local time transaction entered pool in seconds since 1 Jan 1970 GMT"},
        {R::NUM, "height", "block height when transaction entered pool"},
        {R::NUM, "descendantcount", "number of in-mempool descendant transactions (including this one)"},
        {R::NUM, "descendantsize", "virtual transaction size of in-mempool descendants (including this one)"},
        {R::NUM, "ancestorcount", "number of in-mempool ancestor transactions (including this one)"},
        {R::NUM, "ancestorsize", "virtual transaction size of in-mempool ancestors (including this one)"},
        {R::STR_HEX, "wtxid", "hash of serialized transaction, including witness data"},
        {R::OBJ,
         "fees",
         "",
         {
             {R::STR_AMOUNT, "base", "transaction fee, denominated in BTC"},
             {R::STR_AMOUNT, "modified",
              "transaction fee with fee deltas used for mining priority, denominated in BTC"},
             {R::STR_AMOUNT, "ancestor",
              "transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining "
              "priority, denominated in BTC"},
             {R::STR_AMOUNT, "descendant",
              "transaction fees of in-mempool descendants (including this one) with fee deltas used for mining "
              "priority, denominated in BTC"},
         }},
        {R::ARR,
         "depends",
         "unconfirmed transactions used as inputs for this transaction",
         {{R::STR_HEX, "transactionid", "parent transaction id"}}},
        {R::ARR,
         "spentby",
         "unconfirmed transactions spending outputs from this transaction",
         {{R::STR_HEX, "transactionid", "child transaction id"}}},
        {R::BOOL, "bip125-replaceable",
         "Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 "
         "replaceability. (DEPRECATED)\n"},
        {R::BOOL, "unbroadcast",
         "Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)"},
    };
}

/**
 * The node applies blocks to the mempool on the notification thread; waiting for that
 * queue first makes a read right after a block see the pool Core would show (Core updates
 * its pool inside block connection).
 */
node::NodeContext& SyncedNode(const RpcCall& call)
{
    node::NodeContext& node = EnsureNode(call);
    node.Signals().SyncWithValidationInterfaceQueue();
    return node;
}

/** A consistent picture of the pool: entries by txid and each entry's children. */
struct PoolSnapshot {
    std::map<primitives::Txid, mempool::EntryInfo> entries;
    std::map<primitives::Txid, std::set<primitives::Txid>> children;
    std::set<primitives::Txid> unbroadcast;

    explicit PoolSnapshot(node::NodeContext& node)
    {
        for (mempool::EntryInfo& info : node.GetMempoolEntries()) {
            const primitives::Txid txid = info.tx->GetHash();
            for (const primitives::Txid& parent : info.parents) children[parent].insert(txid);
            entries.emplace(txid, std::move(info));
        }
        unbroadcast = node.Mempool().GetUnbroadcast();
    }

    /** Ancestors (or descendants) of txid, not including itself. */
    std::set<primitives::Txid> Relatives(const primitives::Txid& txid, bool ancestors) const
    {
        std::set<primitives::Txid> seen;
        std::vector<primitives::Txid> todo{txid};
        while (!todo.empty()) {
            const primitives::Txid current = todo.back();
            todo.pop_back();
            std::vector<primitives::Txid> next;
            if (ancestors) {
                if (auto it = entries.find(current); it != entries.end()) next = it->second.parents;
            } else if (auto it = children.find(current); it != children.end()) {
                next.assign(it->second.begin(), it->second.end());
            }
            for (const primitives::Txid& other : next) {
                if (seen.insert(other).second) todo.push_back(other);
            }
        }
        return seen;
    }

    JsonValue EntryToJson(const mempool::EntryInfo& info) const
    {
        const primitives::Transaction& tx = *info.tx;
        JsonValue out = JsonValue::Object();
        out.PushKV("vsize", info.vsize);
        out.PushKV("weight", tx.GetWeight());
        out.PushKV("time", info.time);
        out.PushKV("height", info.height);
        out.PushKV("descendantcount", info.descendant_count);
        out.PushKV("descendantsize", info.descendant_size);
        out.PushKV("ancestorcount", info.ancestor_count);
        out.PushKV("ancestorsize", info.ancestor_size);
        out.PushKV("wtxid", tx.GetWitnessHash().GetHex());
        JsonValue fees = JsonValue::Object();
        fees.PushKV("base", util::ValueFromAmount(info.fee));
        fees.PushKV("modified", util::ValueFromAmount(info.modified_fee));
        fees.PushKV("ancestor", util::ValueFromAmount(info.ancestor_fees));
        fees.PushKV("descendant", util::ValueFromAmount(info.descendant_fees));
        out.PushKV("fees", std::move(fees));
        // Core sorts "depends" as strings (a std::set of hex).
        std::set<std::string> depends;
        for (const primitives::TxIn& in : tx.vin) {
            if (entries.count(in.prevout.hash)) depends.insert(in.prevout.hash.GetHex());
        }
        JsonValue depends_json = JsonValue::Array();
        for (const std::string& hex : depends) depends_json.PushBack(hex);
        out.PushKV("depends", std::move(depends_json));
        JsonValue spentby = JsonValue::Array();
        if (auto it = children.find(tx.GetHash()); it != children.end()) {
            for (const primitives::Txid& child : it->second) spentby.PushBack(child.GetHex());
        }
        out.PushKV("spentby", std::move(spentby));
        // BIP125: the transaction or an unconfirmed ancestor signals.
        auto signals = [](const primitives::Transaction& t) {
            for (const primitives::TxIn& in : t.vin) {
                if (in.sequence <= MAX_BIP125_RBF_SEQUENCE) return true;
            }
            return false;
        };
        bool replaceable = signals(tx);
        for (const primitives::Txid& ancestor : Relatives(tx.GetHash(), /*ancestors=*/true)) {
            if (replaceable) break;
            if (auto it = entries.find(ancestor); it != entries.end()) replaceable = signals(*it->second.tx);
        }
        out.PushKV("bip125-replaceable", replaceable);
        out.PushKV("unbroadcast", unbroadcast.count(tx.GetHash()) > 0);
        return out;
    }

    const mempool::EntryInfo& Get(const primitives::Txid& txid) const
    {
        auto it = entries.find(txid);
        if (it == entries.end()) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
        return it->second;
    }
};

RpcMethod GetRawMempoolMethod()
{
    return RpcMethod{
        "getrawmempool",
        "Returns all transaction ids in memory pool as a json array of string transaction ids.\n"
        "\nHint: use getmempoolentry to fetch a specific transaction from the mempool.\n",
        {
            {"verbose", T::BOOL, RpcArg::Default{false}, "True for a json object, false for array of transaction ids"},
            {"mempool_sequence", T::BOOL, RpcArg::Default{false},
             "If verbose=false, returns a json object with transaction list and mempool sequence number attached."},
        },
        {
            RpcResult{"for verbose = false", R::ARR, "", "", {{R::STR_HEX, "", "The transaction id"}}},
            RpcResult{"for verbose = true", R::OBJ_DYN, "", "", {{R::OBJ, "transactionid", "", MempoolEntryDoc()}}},
            RpcResult{"for verbose = false and mempool_sequence = true",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::ARR, "txids", "", {{R::STR_HEX, "", "The transaction id"}}},
                          {R::NUM, "mempool_sequence", "The mempool sequence value."},
                      }},
        },
        RpcExamples{HelpExampleCli("getrawmempool", "true") + HelpExampleRpc("getrawmempool", "true")},
        [](const RpcCall& call) -> JsonValue {
            const bool verbose = call.ArgBool("verbose");
            const bool sequence = call.ArgBool("mempool_sequence");
            if (verbose && sequence) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Verbose results cannot contain mempool sequence values. (hint: use getmempoolentry)");
            }
            node::NodeContext& node = SyncedNode(call);
            if (verbose) {
                const PoolSnapshot pool{node};
                JsonValue out = JsonValue::Object();
                for (const auto& [txid, info] : pool.entries) out.PushKV(txid.GetHex(), pool.EntryToJson(info));
                return out;
            }
            const uint64_t mempool_sequence = node.Mempool().GetSequence();
            JsonValue txids = JsonValue::Array();
            for (const mempool::EntryInfo& info : node.GetMempoolEntries()) txids.PushBack(info.tx->GetHash().GetHex());
            if (!sequence) return txids;
            JsonValue out = JsonValue::Object();
            out.PushKV("txids", std::move(txids));
            out.PushKV("mempool_sequence", mempool_sequence);
            return out;
        },
    };
}

RpcMethod RelativesMethod(bool ancestors)
{
    const std::string name = ancestors ? "getmempoolancestors" : "getmempooldescendants";
    const std::string word = ancestors ? "ancestors" : "descendants";
    const std::string in_word = ancestors ? "in-mempool ancestors" : "in-mempool descendants";
    return RpcMethod{
        name,
        ancestors ? "If txid is in the mempool, returns all in-mempool ancestors.\n"
                  : "If txid is in the mempool, returns all in-mempool descendants.\n",
        {
            {"txid", T::STR_HEX, RpcArg::Optional::NO, "The transaction id (must be in mempool)"},
            {"verbose", T::BOOL, RpcArg::Default{false}, "True for a json object, false for array of transaction ids"},
        },
        {
            RpcResult{"for verbose = false",
                      R::ARR,
                      "",
                      "",
                      {{R::STR_HEX, "",
                        ancestors ? "The transaction id of an in-mempool ancestor transaction"
                                  : "The transaction id of an in-mempool descendant transaction"}}},
            RpcResult{"for verbose = true", R::OBJ_DYN, "", "", {{R::OBJ, "transactionid", "", MempoolEntryDoc()}}},
        },
        RpcExamples{HelpExampleCli(name, "\"mytxid\"") + HelpExampleRpc(name, "\"mytxid\"")},
        [ancestors](const RpcCall& call) -> JsonValue {
            const auto txid = primitives::Txid::FromUint256(ParseHashV(call.Param(0), "parameter 1"));
            const bool verbose = call.ArgBool("verbose");
            const PoolSnapshot pool{SyncedNode(call)};
            (void)pool.Get(txid);
            const std::set<primitives::Txid> relatives = pool.Relatives(txid, ancestors);
            if (!verbose) {
                JsonValue out = JsonValue::Array();
                for (const primitives::Txid& other : relatives) out.PushBack(other.GetHex());
                return out;
            }
            JsonValue out = JsonValue::Object();
            for (const primitives::Txid& other : relatives)
                out.PushKV(other.GetHex(), pool.EntryToJson(pool.Get(other)));
            return out;
        },
    };
}

RpcMethod GetMempoolEntryMethod()
{
    return RpcMethod{
        "getmempoolentry",
        "Returns mempool data for given transaction\n",
        {
            {"txid", T::STR_HEX, RpcArg::Optional::NO, "The transaction id (must be in mempool)"},
        },
        RpcResult{R::OBJ, "", "", MempoolEntryDoc()},
        RpcExamples{HelpExampleCli("getmempoolentry", "\"mytxid\"") + HelpExampleRpc("getmempoolentry", "\"mytxid\"")},
        [](const RpcCall& call) -> JsonValue {
            const auto txid = primitives::Txid::FromUint256(ParseHashV(call.Param(0), "parameter 1"));
            const PoolSnapshot pool{SyncedNode(call)};
            return pool.EntryToJson(pool.Get(txid));
        },
    };
}

RpcMethod GetMempoolInfoMethod()
{
    return RpcMethod{
        "getmempoolinfo",
        "Returns details on the active state of the TX memory pool.",
        {},
        RpcResult{
            R::OBJ,
            "",
            "",
            {
                {R::BOOL, "loaded", "True if the initial load attempt of the persisted mempool finished"},
                {R::NUM, "size", "Current tx count"},
                {R::NUM, "bytes",
                 "Sum of all virtual transaction sizes as defined in BIP 141. Differs from actual serialized size "
                 "because witness data is discounted"},
                {R::NUM, "usage", "Total memory usage for the mempool"},
                {R::STR_AMOUNT, "total_fee",
                 "Total fees for the mempool in BTC, ignoring modified fees through prioritisetransaction"},
                {R::NUM, "maxmempool", "Maximum memory usage for the mempool"},
                {R::STR_AMOUNT, "mempoolminfee",
                 "Minimum fee rate in BTC/kvB for tx to be accepted. Is the maximum of minrelaytxfee and minimum "
                 "mempool fee"},
                {R::STR_AMOUNT, "minrelaytxfee", "Current minimum relay fee for transactions"},
                {R::NUM, "incrementalrelayfee",
                 "minimum fee rate increment for mempool limiting or replacement in BTC/kvB"},
                {R::NUM, "unbroadcastcount",
                 "Current number of transactions that haven't passed initial broadcast yet"},
                {R::BOOL, "fullrbf",
                 "True if the mempool accepts RBF without replaceability signaling inspection (DEPRECATED)"},
                {R::BOOL, "permitbaremultisig", "True if the mempool accepts transactions with bare multisig outputs"},
                {R::NUM, "maxdatacarriersize",
                 "Maximum number of bytes that can be used by OP_RETURN outputs in the mempool"},
            }},
        RpcExamples{HelpExampleCli("getmempoolinfo", "") + HelpExampleRpc("getmempoolinfo", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = SyncedNode(call);
            const node::MempoolInfo info = node.GetMempoolInfo();
            const mempool::MempoolOptions& options = node.Mempool().Options();
            JsonValue out = JsonValue::Object();
            out.PushKV("loaded", info.loaded);
            out.PushKV("size", info.size);
            out.PushKV("bytes", info.bytes);
            out.PushKV("usage", info.usage);
            out.PushKV("total_fee", util::ValueFromAmount(info.total_fee));
            out.PushKV("maxmempool", info.maxmempool);
            out.PushKV("mempoolminfee", util::ValueFromAmount(std::max(info.mempoolminfee, info.minrelaytxfee)));
            out.PushKV("minrelaytxfee", util::ValueFromAmount(info.minrelaytxfee));
            out.PushKV("incrementalrelayfee", util::ValueFromAmount(info.incrementalrelayfee));
            out.PushKV("unbroadcastcount", info.unbroadcastcount);
            out.PushKV("fullrbf", info.fullrbf);
            out.PushKV("permitbaremultisig", options.standard.permit_bare_multisig);
            out.PushKV("maxdatacarriersize", options.standard.max_datacarrier_bytes.value_or(0));
            return out;
        },
    };
}

RpcMethod PrioritiseTransactionMethod()
{
    return RpcMethod{
        "prioritisetransaction",
        "Accepts the transaction into mined blocks at a higher (or lower) priority\n",
        {
            {"txid", T::STR_HEX, RpcArg::Optional::NO, "The transaction id."},
            {"dummy", T::NUM, RpcArg::Optional::OMITTED,
             "API-Compatibility for previous API. Must be zero or null.\n"
             "                  DEPRECATED. For forward compatibility use named arguments and omit this parameter."},
            {"fee_delta", T::NUM, RpcArg::Optional::NO,
             "The fee value (in satoshis) to add (or subtract, if negative).\n"
             "                  Note, that this value is not a fee rate. It is a value to modify absolute fee of the "
             "TX.\n"
             "                  The fee is not actually paid, only the algorithm for selecting transactions into a "
             "block\n"
             "                  considers the transaction as it would have paid a higher (or lower) fee."},
        },
        RpcResult{R::BOOL, "", "Returns true"},
        RpcExamples{HelpExampleCli("prioritisetransaction", "\"txid\" 0.0 10000") +
                    HelpExampleRpc("prioritisetransaction", "\"txid\", 0.0, 10000")},
        [](const RpcCall& call) -> JsonValue {
            const auto txid = primitives::Txid::FromUint256(ParseHashV(call.Param(0), "txid"));
            const int64_t delta = GetIntChecked(call.Param(2));
            if (const JsonValue& dummy = call.Param(1); !dummy.IsNull() && dummy.GetDouble() != 0) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.");
            }
            EnsureNode(call).Mempool().PrioritiseTransaction(txid, delta);
            return true;
        },
    };
}

} // namespace

void RegisterMempoolRpcCommands(RpcTable& table)
{
    table.Register("blockchain", RelativesMethod(/*ancestors=*/true));
    table.Register("blockchain", RelativesMethod(/*ancestors=*/false));
    table.Register("blockchain", GetMempoolEntryMethod());
    table.Register("blockchain", GetMempoolInfoMethod());
    table.Register("blockchain", GetRawMempoolMethod());
    table.Register("mining", PrioritiseTransactionMethod());
    table.Register("rawtransactions", SendRawTransactionMethod());
    table.Register("rawtransactions", TestMempoolAcceptMethod());
}

} // namespace rpc
