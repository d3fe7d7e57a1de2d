#include <consensus/merkle.h>

#include <crypto/sha256.h>
#include <primitives/streams.h>
#include <test/tools/block_files.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace primitives;

Block ParseBlock(util::ByteSpan bytes)
{
    Block block;
    DeserializeFromBytes(bytes, TX_WITH_WITNESS(block), "block");
    return block;
}

uint256 HashPair(const uint256& a, const uint256& b)
{
    HashWriter hw;
    hw << a << b;
    return hw.GetHash();
}

/** The tree computed the obvious recursive way, as an independent reference. */
uint256 ReferenceRoot(std::vector<uint256> level)
{
    if (level.empty()) return uint256{};
    while (level.size() > 1) {
        std::vector<uint256> next;
        for (size_t i = 0; i < level.size(); i += 2) {
            next.push_back(HashPair(level[i], i + 1 < level.size() ? level[i + 1] : level[i]));
        }
        level = std::move(next);
    }
    return level[0];
}

uint256 RandomHash(std::mt19937_64& rng)
{
    uint256 h;
    for (size_t i = 0; i < 32; i += 8) {
        const uint64_t v = rng();
        for (size_t k = 0; k < 8; ++k) h.data()[i + k] = static_cast<uint8_t>(v >> (8 * k));
    }
    return h;
}

TEST(MerkleTest, MatchesReferenceForAllSmallSizes)
{
    std::mt19937_64 rng(7);
    for (size_t n = 0; n <= 70; ++n) {
        std::vector<uint256> leaves;
        for (size_t i = 0; i < n; ++i) leaves.push_back(RandomHash(rng));
        bool mutated = true;
        EXPECT_EQ(consensus::ComputeMerkleRoot(leaves, &mutated), ReferenceRoot(leaves)) << n;
        EXPECT_FALSE(mutated) << n;
    }
    EXPECT_EQ(consensus::ComputeMerkleRoot({}), uint256{});
    const uint256 one = RandomHash(rng);
    EXPECT_EQ(consensus::ComputeMerkleRoot({one}), one);
}

TEST(MerkleTest, DuplicatedTailIsDetectedAsMutation)
{
    // CVE-2012-2459: [a b c] and [a b c c] have the same root; only the second is "mutated".
    std::mt19937_64 rng(9);
    const uint256 a = RandomHash(rng), b = RandomHash(rng), c = RandomHash(rng);
    bool mutated = true;
    const uint256 root3 = consensus::ComputeMerkleRoot({a, b, c}, &mutated);
    EXPECT_FALSE(mutated);
    const uint256 root4 = consensus::ComputeMerkleRoot({a, b, c, c}, &mutated);
    EXPECT_TRUE(mutated);
    EXPECT_EQ(root3, root4);
    // Equal neighbours at an odd position are not the duplication pattern.
    consensus::ComputeMerkleRoot({a, b, b, c}, &mutated);
    EXPECT_FALSE(mutated);
    // Duplication higher up: [a b c d e f e f] repeats the pair (e f).
    const uint256 d = RandomHash(rng), e = RandomHash(rng), f = RandomHash(rng);
    const uint256 root6 = consensus::ComputeMerkleRoot({a, b, c, d, e, f}, &mutated);
    EXPECT_FALSE(mutated);
    EXPECT_EQ(consensus::ComputeMerkleRoot({a, b, c, d, e, f, e, f}, &mutated), root6);
    EXPECT_TRUE(mutated);
}

TEST(MerkleTest, EveryTestBlockHasItsHeaderRoot)
{
    BITNODE_REQUIRE_TESTDATA();
    size_t blocks = 0, commitments = 0;
    std::set<std::string> committed_files;
    for (const auto& file : testtools::ListBlockFiles(*testutil::TestDataDir())) {
        for (const auto& [name, bytes] : testtools::ReadBlockFile(file)) {
            SCOPED_TRACE(name);
            const Block block = ParseBlock(bytes);
            bool mutated = true;
            EXPECT_EQ(consensus::BlockMerkleRoot(block, &mutated), block.hash_merkle_root);
            EXPECT_FALSE(mutated);
            ++blocks;
            if (consensus::GetWitnessCommitmentIndex(block) != consensus::NO_WITNESS_COMMITMENT &&
                !block.vtx[0]->vin[0].witness.IsNull()) {
                EXPECT_TRUE(consensus::CheckWitnessCommitment(block));
                ++commitments;
                committed_files.insert(file.filename().string());
            }
        }
    }
    std::printf("checked the merkle root of %zu blocks and %zu witness commitments\n", blocks, commitments);
    EXPECT_GE(blocks, 480u);
    for (const char* f : {"main-482683.raw", "main-540107.raw", "main-574200.raw", "test3-928848.raw",
                          "test3-1087400.raw", "regtest-206-blocks.hex.txt"}) {
        EXPECT_TRUE(committed_files.count(f)) << f << " has no verified witness commitment";
    }
    EXPECT_GE(commitments, 206u + 5u);
}

TEST(MerkleTest, GenesisRoot)
{
    BITNODE_REQUIRE_TESTDATA();
    const Block genesis = ParseBlock(testutil::ReadTestBytes("genesis/genesis_main.raw"));
    EXPECT_EQ(consensus::BlockMerkleRoot(genesis).GetHex(), "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
}

TEST(MerkleTest, DuplicatingTheLastTransactionKeepsTheRootButIsMutated)
{
    BITNODE_REQUIRE_TESTDATA();
    Block block = ParseBlock(testutil::ReadTestBytes("blocks/main-300025.raw"));
    ASSERT_EQ(block.vtx.size() % 2, 1u);
    block.vtx.push_back(block.vtx.back());
    bool mutated = false;
    EXPECT_EQ(consensus::BlockMerkleRoot(block, &mutated), block.hash_merkle_root);
    EXPECT_TRUE(mutated);
}

TEST(MerkleTest, WitnessCommitmentDetails)
{
    BITNODE_REQUIRE_TESTDATA();
    const Block block = ParseBlock(testutil::ReadTestBytes("blocks/main-482683.raw"));
    const int index = consensus::GetWitnessCommitmentIndex(block);
    ASSERT_NE(index, consensus::NO_WITNESS_COMMITMENT);
    const ScriptBytes& script = block.vtx[0]->vout[index].script_pubkey;
    const uint256 nonce{util::ByteSpan{block.vtx[0]->vin[0].witness.stack.at(0)}};
    const uint256 commitment = consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(block), nonce);
    EXPECT_EQ(consensus::WitnessCommitmentScript(commitment), ScriptBytes(script.begin(), script.begin() + 38));
    EXPECT_TRUE(consensus::IsWitnessCommitmentScript(script));

    // The witness root treats the coinbase wtxid as zero.
    std::vector<uint256> leaves{uint256{}};
    for (size_t i = 1; i < block.vtx.size(); ++i) leaves.push_back(block.vtx[i]->GetWitnessHash().ToUint256());
    EXPECT_EQ(consensus::BlockWitnessMerkleRoot(block), ReferenceRoot(leaves));

    // A changed witness nonce no longer matches.
    Block tampered = block;
    MutableTransaction coinbase{*block.vtx[0]};
    coinbase.vin[0].witness.stack[0][0] ^= 1;
    tampered.vtx[0] = MakeTransactionRef(std::move(coinbase));
    EXPECT_FALSE(consensus::CheckWitnessCommitment(tampered));

    // Pre-segwit blocks have no commitment.
    EXPECT_EQ(consensus::GetWitnessCommitmentIndex(ParseBlock(testutil::ReadTestBytes("blocks/main-413567.raw"))),
              consensus::NO_WITNESS_COMMITMENT);
    EXPECT_EQ(consensus::GetWitnessCommitmentIndex(Block{}), consensus::NO_WITNESS_COMMITMENT);
}

TEST(MerkleTest, CommitmentIndexIsTheLastMatchingOutput)
{
    MutableTransaction coinbase;
    coinbase.vin.emplace_back(OutPoint{}, ScriptBytes{0x01, 0x01});
    const ScriptBytes commit_a = consensus::WitnessCommitmentScript(uint256::ONE);
    ScriptBytes short_script(commit_a.begin(), commit_a.begin() + 37);
    coinbase.vout.emplace_back(0, commit_a);
    coinbase.vout.emplace_back(0, consensus::WitnessCommitmentScript(uint256::ZERO));
    coinbase.vout.emplace_back(0, short_script); // too short to count
    Block block;
    block.vtx.push_back(MakeTransactionRef(coinbase));
    EXPECT_EQ(consensus::GetWitnessCommitmentIndex(block), 1);
    EXPECT_FALSE(consensus::IsWitnessCommitmentScript(short_script));
}

} // namespace
