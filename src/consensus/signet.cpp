#include <consensus/signet.h>

#include <consensus/merkle.h>
#include <primitives/streams.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/script.h>
#include <script/tx_checker.h>

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <vector>

namespace consensus {

using primitives::Block;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::TxIn;
using primitives::TxOut;
using primitives::uint256;

namespace {

/** BIP325's marker of the solution inside the commitment output. DO NOT CHANGE. */
constexpr std::array<uint8_t, 4> SIGNET_HEADER{0xec, 0xc7, 0xda, 0xa2};

constexpr script::ScriptVerifyFlags SIGNET_SCRIPT_FLAGS = script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS |
                                                          script::SCRIPT_VERIFY_DERSIG |
                                                          script::SCRIPT_VERIFY_NULLDUMMY;

/**
 * Find the first push in `commitment` that starts with the header and has data after it;
 * move that data to `solution` and rebuild the script with only the header left in the
 * push. Returns false (script untouched) if there is none.
 */
bool ExtractSolution(primitives::ScriptBytes& commitment, std::vector<uint8_t>& solution)
{
    const script::Script original{commitment};
    script::Script replacement;
    bool found = false;
    size_t pos = 0;
    script::Opcode op;
    script::Script::Bytes push;
    // Like Core, a malformed push ends the walk and drops the rest of the script.
    while (original.GetOp(pos, op, &push)) {
        if (push.empty()) {
            replacement << op;
            continue;
        }
        if (!found && push.size() > SIGNET_HEADER.size() &&
            std::equal(SIGNET_HEADER.begin(), SIGNET_HEADER.end(), push.begin())) {
            solution.assign(push.begin() + SIGNET_HEADER.size(), push.end());
            push.resize(SIGNET_HEADER.size());
            found = true;
        }
        replacement << push;
    }
    if (found) commitment = replacement.bytes();
    return found;
}

struct SignetTxs {
    MutableTransaction to_spend;
    MutableTransaction to_sign;
};

std::optional<SignetTxs> BuildSignetTxs(const Block& block, const primitives::ScriptBytes& challenge)
{
    SignetTxs txs;
    txs.to_spend.version = 0;
    txs.to_spend.vin.emplace_back(OutPoint{}, primitives::ScriptBytes{script::OP_0}, 0);
    txs.to_spend.vout.emplace_back(0, challenge);
    txs.to_sign.version = 0;
    txs.to_sign.vin.emplace_back(OutPoint{}, primitives::ScriptBytes{}, 0);
    txs.to_sign.vout.emplace_back(0, primitives::ScriptBytes{script::OP_RETURN});

    if (block.vtx.empty()) return std::nullopt;
    const int commitment_index = GetWitnessCommitmentIndex(block);
    if (commitment_index == NO_WITNESS_COMMITMENT) return std::nullopt;

    MutableTransaction coinbase{*block.vtx[0]};
    std::vector<uint8_t> solution;
    // Without a solution the challenge must be satisfiable by an empty one (e.g. OP_TRUE).
    if (ExtractSolution(coinbase.vout[static_cast<size_t>(commitment_index)].script_pubkey, solution)) {
        try {
            primitives::SpanReader reader{solution};
            reader >> txs.to_sign.vin[0].script_sig;
            reader >> txs.to_sign.vin[0].witness.stack;
            if (!reader.empty()) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }

    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    leaves.push_back(coinbase.GetHash().ToUint256());
    for (size_t i = 1; i < block.vtx.size(); ++i) leaves.push_back(block.vtx[i]->GetHash().ToUint256());
    const uint256 signet_merkle = ComputeMerkleRoot(std::move(leaves));

    std::vector<uint8_t> block_data;
    primitives::VectorWriter writer{block_data};
    writer << block.version << block.hash_prev_block << signet_merkle << block.time;
    script::Script to_spend_sig{txs.to_spend.vin[0].script_sig};
    to_spend_sig << block_data;
    txs.to_spend.vin[0].script_sig = to_spend_sig.bytes();
    txs.to_sign.vin[0].prevout = OutPoint{txs.to_spend.GetHash(), 0};
    return txs;
}

} // namespace

bool CheckSignetBlockSolution(const Block& block, const Params& params)
{
    if (block.GetHash() == params.hash_genesis_block) return true;

    const std::optional<SignetTxs> txs = BuildSignetTxs(block, params.signet_challenge);
    if (!txs) return false;

    const TxOut& spent = txs->to_spend.vout[0];
    script::PrecomputedTransactionData txdata;
    txdata.Init(txs->to_sign, std::vector<TxOut>{spent});
    const script::MutableTransactionSignatureChecker checker{&txs->to_sign, 0, spent.value, txdata,
                                                             script::MissingDataBehavior::ASSERT_FAIL};
    const TxIn& input = txs->to_sign.vin[0];
    return script::VerifyScript(script::Script{input.script_sig}, script::Script{spent.script_pubkey},
                                input.witness.stack, SIGNET_SCRIPT_FLAGS, checker);
}

} // namespace consensus
