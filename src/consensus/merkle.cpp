// Merkle roots (batched double-SHA-256 of node pairs) and witness commitments.
#include <consensus/merkle.h>

#include <crypto/sha256.h>
#include <primitives/streams.h>

#include <algorithm>
#include <cstring>

namespace consensus {

using primitives::uint256;

uint256 ComputeMerkleRoot(std::vector<uint256> leaves, bool* mutated)
{
    bool mutation = false;
    if (leaves.empty()) {
        if (mutated) *mutated = false;
        return uint256{};
    }
    // Each level is one contiguous byte buffer, so a level is a single Sha256D64 batch. The
    // next level goes to a second buffer rather than in place: back ends are free to write
    // an output before reading all inputs of their batch.
    std::vector<uint8_t> level(32 * (leaves.size() + 1));
    // Room for the next level plus the copy an odd level appends.
    std::vector<uint8_t> next(32 * (leaves.size() / 2 + 2));
    for (size_t i = 0; i < leaves.size(); ++i) std::memcpy(level.data() + 32 * i, leaves[i].data(), 32);
    size_t count = leaves.size();
    while (count > 1) {
        if (mutated) {
            for (size_t pos = 0; pos + 1 < count; pos += 2) {
                if (std::memcmp(level.data() + 32 * pos, level.data() + 32 * (pos + 1), 32) == 0) mutation = true;
            }
        }
        if (count & 1) {
            // Odd level: the last node is paired with a copy of itself.
            std::memcpy(level.data() + 32 * count, level.data() + 32 * (count - 1), 32);
            ++count;
        }
        crypto::Sha256D64(next.data(), level.data(), count / 2);
        count /= 2;
        std::swap(level, next);
    }
    if (mutated) *mutated = mutation;
    return uint256{util::ByteSpan{level.data(), 32}};
}

uint256 BlockMerkleRoot(const primitives::Block& block, bool* mutated)
{
    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    for (const primitives::TransactionRef& tx : block.vtx) leaves.push_back(tx->GetHash().ToUint256());
    return ComputeMerkleRoot(std::move(leaves), mutated);
}

uint256 BlockWitnessMerkleRoot(const primitives::Block& block, bool* mutated)
{
    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    for (const primitives::TransactionRef& tx : block.vtx) leaves.push_back(tx->GetWitnessHash().ToUint256());
    // The coinbase cannot commit to its own wtxid, so its leaf is zero.
    if (!leaves.empty()) leaves[0].SetNull();
    return ComputeMerkleRoot(std::move(leaves), mutated);
}

bool IsWitnessCommitmentScript(const primitives::ScriptBytes& script)
{
    return script.size() >= MINIMUM_WITNESS_COMMITMENT &&
           std::equal(std::begin(WITNESS_COMMITMENT_HEADER), std::end(WITNESS_COMMITMENT_HEADER), script.begin());
}

int GetWitnessCommitmentIndex(const primitives::Block& block)
{
    int index = NO_WITNESS_COMMITMENT;
    if (block.vtx.empty()) return index;
    const std::vector<primitives::TxOut>& outputs = block.vtx[0]->vout;
    for (size_t i = 0; i < outputs.size(); ++i) {
        if (IsWitnessCommitmentScript(outputs[i].script_pubkey)) index = static_cast<int>(i);
    }
    return index;
}

uint256 ComputeWitnessCommitment(const uint256& witness_root, const uint256& witness_nonce)
{
    primitives::HashWriter hasher;
    hasher << witness_root << witness_nonce;
    return hasher.GetHash();
}

primitives::ScriptBytes WitnessCommitmentScript(const uint256& commitment)
{
    primitives::ScriptBytes script(MINIMUM_WITNESS_COMMITMENT);
    std::memcpy(script.data(), WITNESS_COMMITMENT_HEADER, sizeof(WITNESS_COMMITMENT_HEADER));
    std::memcpy(script.data() + sizeof(WITNESS_COMMITMENT_HEADER), commitment.data(), commitment.size());
    return script;
}

bool CheckWitnessCommitment(const primitives::Block& block)
{
    const int index = GetWitnessCommitmentIndex(block);
    if (index == NO_WITNESS_COMMITMENT) return false;
    const std::vector<std::vector<uint8_t>>& stack = block.vtx[0]->vin[0].witness.stack;
    if (stack.size() != 1 || stack[0].size() != 32) return false;
    const uint256 nonce{util::ByteSpan{stack[0]}};
    const uint256 expected = ComputeWitnessCommitment(BlockWitnessMerkleRoot(block), nonce);
    const primitives::ScriptBytes& script = block.vtx[0]->vout[index].script_pubkey;
    return std::memcmp(script.data() + sizeof(WITNESS_COMMITMENT_HEADER), expected.data(), 32) == 0;
}

} // namespace consensus
