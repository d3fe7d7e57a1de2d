// The real blocks, damaged one way at a time: each damage must be rejected with the reason
// Bitcoin Core 30 gives, and failures must name the transaction and input at fault.
#include <consensus/block_verify.h>

#include <consensus/chainparams.h>
#include <consensus/deployments.h>
#include <consensus/merkle.h>
#include <consensus/test_fixtures.h>
#include <consensus/tx_verify.h>
#include <script/script_error.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace {

using namespace consensus;
using namespace consensus::testfix;
using primitives::Block;
using primitives::MutableTransaction;

const std::string EVAL_FALSE_REASON =
    "block-script-verify-flag-failed (" + script::ScriptErrorString(script::SCRIPT_ERR_EVAL_FALSE) + ")";

void EditTx(Block& block, size_t index, const std::function<void(MutableTransaction&)>& edit)
{
    MutableTransaction tx{*block.vtx.at(index)};
    edit(tx);
    block.vtx[index] = primitives::MakeTransactionRef(std::move(tx));
}

/**
 * Flip one bit inside the R value of the input's signature: the first push of its
 * scriptSig, or the first witness element of a segwit spend.
 */
void DamageSignature(Block& block, size_t tx, uint32_t input)
{
    EditTx(block, tx, [&](MutableTransaction& m) {
        auto& in = m.vin.at(input);
        if (in.script_sig.empty()) {
            in.witness.stack.at(0).at(10) ^= 0x01;
        } else {
            in.script_sig.at(10) ^= 0x01;
        }
    });
}

/** Point the coinbase's witness commitment at the block's current witness tree. */
void RecommitWitness(Block& block)
{
    const int index = GetWitnessCommitmentIndex(block);
    ASSERT_NE(index, NO_WITNESS_COMMITMENT);
    const primitives::uint256 nonce{util::ByteSpan{block.vtx[0]->vin[0].witness.stack.at(0)}};
    const auto script = WitnessCommitmentScript(ComputeWitnessCommitment(BlockWitnessMerkleRoot(block), nonce));
    EditTx(block, 0, [&](MutableTransaction& m) { m.vout[static_cast<size_t>(index)].script_pubkey = script; });
}

/** The first non-coinbase transaction whose first input has a witness. */
size_t FirstWitnessSpend(const Block& block)
{
    for (size_t t = 1; t < block.vtx.size(); ++t) {
        if (!block.vtx[t]->vin[0].witness.IsNull()) return t;
    }
    return 0;
}

void ExpectReject(const VerifyOutcome& out, const std::string& reason)
{
    EXPECT_FALSE(out.valid);
    EXPECT_EQ(out.state.GetRejectReason(), reason) << out.state.ToString();
}

TEST(BlockMutation, FlippedSignatureByte)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    Block block = c.block;
    DamageSignature(block, 7, 0);
    // The txid changed, so the header no longer commits to the transactions.
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-txnmrklroot");
    EXPECT_EQ(out.state.GetResult(), BlockValidationResult::BLOCK_MUTATED);

    RecomputeMerkleRoot(block);
    for (unsigned workers : {0U, 1U, 3U}) {
        out = Verify(c, block, workers);
        ExpectReject(out, EVAL_FALSE_REASON);
        EXPECT_EQ(out.state.GetResult(), BlockValidationResult::BLOCK_CONSENSUS);
        EXPECT_EQ(out.stats.failed_tx, 7U);
        EXPECT_EQ(out.stats.failed_input, 0U);
        EXPECT_NE(out.state.GetDebugMessage().find("input 0 of " + block.vtx[7]->GetHash().GetHex()),
                  std::string::npos);
    }
}

TEST(BlockMutation, FirstFailingInputIsReportedWhateverTheThreadCount)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("test3-928848");
    Block block = c.block;
    const size_t late = block.vtx.size() - 2;
    const size_t early = 40;
    DamageSignature(block, late, 0);
    DamageSignature(block, early, 0);
    RecomputeMerkleRoot(block);
    RecommitWitness(block);
    RecomputeMerkleRoot(block);
    for (unsigned workers : {0U, 1U, 2U, 7U}) {
        const VerifyOutcome out = Verify(c, block, workers);
        EXPECT_FALSE(out.valid);
        EXPECT_EQ(out.stats.failed_tx, early) << workers << " workers";
        EXPECT_EQ(out.stats.failed_input, 0U);
        EXPECT_EQ(out.state.GetRejectReason().rfind("block-script-verify-flag-failed (", 0), 0U);
    }
}

TEST(BlockMutation, DroppedWitness)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("test3-928848");
    Block block = c.block;
    const size_t t = FirstWitnessSpend(block);
    ASSERT_NE(t, 0U);
    EditTx(block, t, [](MutableTransaction& m) { m.vin[0].witness.SetNull(); });
    // The txid is unchanged, the wtxid is not: the witness commitment catches it.
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-witness-merkle-match");
    EXPECT_EQ(out.state.GetResult(), BlockValidationResult::BLOCK_MUTATED);

    RecommitWitness(block);
    RecomputeMerkleRoot(block);
    out = Verify(c, block, 1);
    // A P2WPKH program wants exactly two witness items; Core calls any other count a
    // mismatch (WITNESS_PROGRAM_WITNESS_EMPTY is P2WSH's error).
    const auto spent = c.coins.view.GetCoin(block.vtx[t]->vin[0].prevout);
    ASSERT_TRUE(spent);
    ASSERT_EQ(spent->out.script_pubkey.size(), 22U);
    ASSERT_EQ(spent->out.script_pubkey[1], 0x14);
    ExpectReject(out, "block-script-verify-flag-failed (" +
                          script::ScriptErrorString(script::SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH) + ")");
    EXPECT_EQ(out.stats.failed_tx, t);
    EXPECT_EQ(out.stats.failed_input, 0U);
}

TEST(BlockMutation, WrongSpentAmountBreaksSegwitSignature)
{
    BITNODE_REQUIRE_TESTDATA();
    BlockCase c = LoadBlockCase("test3-928848");
    const size_t t = FirstWitnessSpend(c.block);
    const auto& prevout = c.block.vtx[t]->vin[0].prevout;
    auto coin = c.coins.view.GetCoin(prevout);
    ASSERT_TRUE(coin);
    // BIP143 signs the amount: one satoshi more and the signature no longer matches.
    coin->out.value += 1;
    c.coins.view.AddCoin(prevout, *coin);
    const VerifyOutcome out = Verify(c, 1);
    ExpectReject(out, EVAL_FALSE_REASON);
    EXPECT_EQ(out.stats.failed_tx, t);
}

TEST(BlockMutation, CoinbaseWitnessNonce)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("test3-1087400");
    Block block = c.block;
    EditTx(block, 0, [](MutableTransaction& m) { m.vin[0].witness.stack[0].pop_back(); });
    ExpectReject(Verify(c, block), "bad-witness-nonce-size");
    EditTx(block, 0, [](MutableTransaction& m) { m.vin[0].witness.SetNull(); });
    ExpectReject(Verify(c, block), "bad-witness-nonce-size");
    // A different (32-byte) nonce changes the committed hash.
    block = c.block;
    EditTx(block, 0, [](MutableTransaction& m) { m.vin[0].witness.stack[0][5] ^= 0xff; });
    ExpectReject(Verify(c, block), "bad-witness-merkle-match");
}

TEST(BlockMutation, WitnessWithoutCommitment)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("test3-1087400");
    Block block = c.block;
    const int index = GetWitnessCommitmentIndex(block);
    ASSERT_NE(index, NO_WITNESS_COMMITMENT);
    EditTx(block, 0, [&](MutableTransaction& m) { m.vout.erase(m.vout.begin() + index); });
    RecomputeMerkleRoot(block);
    ExpectReject(Verify(c, block), "unexpected-witness");
}

TEST(BlockMutation, OutputAmounts)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    const VerifyOutcome good = Verify(c);
    ASSERT_TRUE(good.valid);

    // More out than in: the amount check fails before any script is looked at.
    Block block = c.block;
    EditTx(block, 3, [](MutableTransaction& m) { m.vout[0].value += 50 * primitives::COIN; });
    ExpectReject(Verify(c, block), "bad-txnmrklroot");
    RecomputeMerkleRoot(block);
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-txns-in-belowout");
    EXPECT_EQ(out.stats.failed_tx, 3U);
    EXPECT_NE(out.state.GetDebugMessage().find("in transaction " + block.vtx[3]->GetHash().GetHex()),
              std::string::npos);

    // The coinbase claiming one satoshi more than fees + subsidy.
    block = c.block;
    EditTx(block, 0, [](MutableTransaction& m) { m.vout[0].value += 1; });
    RecomputeMerkleRoot(block);
    out = Verify(c, block);
    ExpectReject(out, "bad-cb-amount");
    EXPECT_EQ(out.state.GetDebugMessage(), "coinbase pays too much (actual=2507773346 vs limit=2507773345)");

    block = c.block;
    EditTx(block, 5, [](MutableTransaction& m) { m.vout[0].value = -1; });
    RecomputeMerkleRoot(block);
    ExpectReject(Verify(c, block), "bad-txns-vout-negative");
    EditTx(block, 5, [](MutableTransaction& m) { m.vout[0].value = primitives::MAX_MONEY + 1; });
    RecomputeMerkleRoot(block);
    ExpectReject(Verify(c, block), "bad-txns-vout-toolarge");
}

TEST(BlockMutation, MerkleTree)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    ASSERT_EQ(c.block.vtx.size() % 2, 1U);
    // CVE-2012-2459: repeating the last transaction of an odd level keeps the root.
    Block block = c.block;
    block.vtx.push_back(block.vtx.back());
    EXPECT_EQ(BlockMerkleRoot(block), c.block.hash_merkle_root);
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-txns-duplicate");
    EXPECT_EQ(out.state.GetResult(), BlockValidationResult::BLOCK_MUTATED);

    block = c.block;
    std::swap(block.vtx[10], block.vtx[11]);
    ExpectReject(Verify(c, block), "bad-txnmrklroot");

    block = c.block;
    block.hash_merkle_root.data()[0] ^= 1;
    ExpectReject(Verify(c, block), "bad-txnmrklroot");
    // With its proof of work checked, the changed header fails first.
    out = Verify(c, block, 0, /*check_pow=*/true);
    ExpectReject(out, "high-hash");
    EXPECT_EQ(out.state.GetResult(), BlockValidationResult::BLOCK_INVALID_HEADER);
}

TEST(BlockMutation, CoinbaseRules)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    Block block = c.block;
    std::swap(block.vtx[0], block.vtx[1]);
    RecomputeMerkleRoot(block);
    ExpectReject(Verify(c, block), "bad-cb-missing");

    block = c.block;
    block.vtx.insert(block.vtx.begin() + 2, block.vtx[0]);
    RecomputeMerkleRoot(block);
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-cb-multiple");
    EXPECT_EQ(out.stats.failed_tx, 2U);

    // BIP34: the same block claimed one height lower.
    BlockCase lower = LoadBlockCase("main-300025");
    lower.height -= 1;
    out = Verify(lower);
    ExpectReject(out, "bad-cb-height");
    EXPECT_EQ(out.stats.failed_tx, 0U);

    block = c.block;
    EditTx(block, 0, [](MutableTransaction& m) { m.vin[0].script_sig.resize(1); });
    RecomputeMerkleRoot(block);
    ExpectReject(Verify(c, block), "bad-cb-length");
}

TEST(BlockMutation, InputsMissingSpentTwiceOrDuplicated)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    // Spending what an earlier transaction of the block already spent.
    Block block = c.block;
    const auto taken = block.vtx[20]->vin[0].prevout;
    EditTx(block, 30, [&](MutableTransaction& m) { m.vin[0].prevout = taken; });
    RecomputeMerkleRoot(block);
    VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-txns-inputs-missingorspent");
    EXPECT_EQ(out.stats.failed_tx, 30U);
    EXPECT_EQ(out.stats.failed_input, 0U);

    // The same outpoint twice in one transaction (CVE-2018-17144).
    block = c.block;
    EditTx(block, 30, [&](MutableTransaction& m) { m.vin.push_back(m.vin[0]); });
    RecomputeMerkleRoot(block);
    out = Verify(c, block);
    ExpectReject(out, "bad-txns-inputs-duplicate");
    EXPECT_EQ(out.stats.failed_tx, 30U);

    // A spent output the view does not know.
    BlockCase missing = LoadBlockCase("main-300025");
    MemoryCoinsView fewer;
    const auto& gone = missing.block.vtx[50]->vin[0].prevout;
    for (const auto& tx : missing.block.vtx) {
        if (tx->IsCoinBase()) continue;
        for (const auto& in : tx->vin) {
            if (in.prevout == gone) continue;
            if (auto coin = missing.coins.view.GetCoin(in.prevout)) fewer.AddCoin(in.prevout, *coin);
        }
    }
    missing.coins.view = fewer;
    out = Verify(missing);
    ExpectReject(out, "bad-txns-inputs-missingorspent");
    EXPECT_EQ(out.stats.failed_tx, 50U);
}

TEST(BlockMutation, ImmatureCoinbaseSpend)
{
    BITNODE_REQUIRE_TESTDATA();
    BlockCase c = LoadBlockCase("main-300025");
    const auto& prevout = c.block.vtx[12]->vin[0].prevout;
    auto coin = c.coins.view.GetCoin(prevout);
    ASSERT_TRUE(coin);
    coin->coinbase = true;
    coin->height = c.height - 99;
    c.coins.view.AddCoin(prevout, *coin);
    VerifyOutcome out = Verify(c);
    ExpectReject(out, "bad-txns-premature-spend-of-coinbase");
    EXPECT_EQ(out.state.GetDebugMessage().rfind("tried to spend coinbase at depth 99", 0), 0U);
    coin->height = c.height - 100;
    c.coins.view.AddCoin(prevout, *coin);
    EXPECT_TRUE(Verify(c).valid);
}

TEST(BlockMutation, NonFinalTransaction)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    Block block = c.block;
    EditTx(block, 9, [&](MutableTransaction& m) {
        m.lock_time = static_cast<uint32_t>(c.height);
        m.vin[0].sequence = 0;
    });
    RecomputeMerkleRoot(block);
    const VerifyOutcome out = Verify(c, block);
    ExpectReject(out, "bad-txns-nonfinal");
    EXPECT_EQ(out.stats.failed_tx, 9U);
}

TEST(BlockMutation, SigopLimits)
{
    BITNODE_REQUIRE_TESTDATA();
    const primitives::ScriptBytes checksigs(20'001, script::OP_CHECKSIG);
    // Legacy count alone over 20,000: CheckBlock rejects.
    const BlockCase main = LoadBlockCase("main-300025");
    Block block = main.block;
    EditTx(block, 0, [&](MutableTransaction& m) { m.vout.emplace_back(0, checksigs); });
    RecomputeMerkleRoot(block);
    VerifyOutcome out = Verify(main, block);
    ExpectReject(out, "bad-blk-sigops");
    EXPECT_EQ(out.state.GetDebugMessage(), "out-of-bounds SigOpCount");

    // Legacy count within bounds, but with the block's P2SH sigops the cost exceeds 80,000.
    const BlockCase p2sh = LoadBlockCase("test3-928828");
    block = p2sh.block;
    EditTx(block, 0, [&](MutableTransaction& m) {
        m.vout.emplace_back(0, primitives::ScriptBytes(14'500, script::OP_CHECKSIG));
    });
    RecomputeMerkleRoot(block);
    out = Verify(p2sh, block);
    ExpectReject(out, "bad-blk-sigops");
    EXPECT_EQ(out.state.GetDebugMessage(), "too many sigops");
}

TEST(BlockMutation, Bip30Overwrite)
{
    BITNODE_REQUIRE_TESTDATA();
    BlockCase c = LoadBlockCase("main-300025");
    // An unspent output with the txid of one of the block's transactions already exists.
    c.coins.view.AddCoin(primitives::OutPoint{c.block.vtx[5]->GetHash(), 0}, Coin{primitives::TxOut{1, {}}, 1, false});
    VerifyOutcome out = Verify(c);
    ExpectReject(out, "bad-txns-BIP30");
    EXPECT_EQ(out.stats.failed_tx, 5U);
    // On the chain with Core's BIP34 block at 227,931, BIP34 implies BIP30: not checked.
    BlockContext context;
    context.height = c.height;
    context.coin_heights_known = false;
    context.bip34_ancestor_hash = c.params->GetConsensus().bip34_hash;
    ScriptCheckQueue queue{0};
    BlockValidationState state;
    BlockVerifyStats stats;
    EXPECT_TRUE(VerifyBlock(c.block, state, context, &c.coins.view, c.params->GetConsensus(), queue, stats))
        << state.ToString();
}

TEST(Bip30, WhenCoreEnforcesIt)
{
    const auto main = ChainParams::Main();
    const Params& p = main->GetConsensus();
    const primitives::uint256 any{};
    // Named constants: clang 14 crashes on consteval uint256 temporaries.
    constexpr primitives::uint256 other{"00000000000000000000000000000000000000000000000000000000000000aa"};
    constexpr primitives::uint256 repeat_91842{"00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec"};
    constexpr primitives::uint256 repeat_91880{"00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721"};
    EXPECT_TRUE(IsBIP30Enforced(1000, any, std::nullopt, p));
    EXPECT_FALSE(IsBIP30Enforced(91842, repeat_91842, std::nullopt, p));
    EXPECT_FALSE(IsBIP30Enforced(91880, repeat_91880, std::nullopt, p));
    EXPECT_TRUE(IsBIP30Enforced(91842, any, std::nullopt, p));
    EXPECT_TRUE(IsBIP30Enforced(p.bip34_height, any, p.bip34_hash, p));
    EXPECT_FALSE(IsBIP30Enforced(p.bip34_height + 1, any, p.bip34_hash, p));
    EXPECT_TRUE(IsBIP30Enforced(p.bip34_height + 1, any, other, p));
    EXPECT_TRUE(IsBIP30Enforced(p.bip34_height + 1, any, std::nullopt, p));
    EXPECT_FALSE(IsBIP30Enforced(BIP34_IMPLIES_BIP30_LIMIT - 1, any, p.bip34_hash, p));
    EXPECT_TRUE(IsBIP30Enforced(BIP34_IMPLIES_BIP30_LIMIT, any, p.bip34_hash, p));
}

/** The chain below a block at `height`: one block every 600 s, the parent's MTP at `parent_mtp`. */
class SyntheticAncestry final : public HeaderAncestry
{
public:
    SyntheticAncestry(int height, int64_t parent_mtp) : m_tip{height - 1}, m_parent_mtp{parent_mtp} {}
    HeaderInfo Tip() const override { return AtHeight(m_tip); }
    // MTP(tip) is the time of tip - 5, so time(h) = parent_mtp + 600 (h - (tip - 5)).
    HeaderInfo AtHeight(int h) const override { return {h, m_parent_mtp + 600 * int64_t{h - (m_tip - 5)}, 0x1d00ffff}; }

private:
    int m_tip;
    int64_t m_parent_mtp;
};

VerifyOutcome VerifyWithChain(const BlockCase& c, const Block& block, const HeaderAncestry& parent, bool heights_known)
{
    BlockContext context;
    context.height = c.height;
    context.parent_chain = &parent;
    context.coin_heights_known = heights_known;
    context.check_pow = false;
    ScriptCheckQueue queue{1};
    VerifyOutcome out{false, {}, {}};
    out.valid = VerifyBlock(block, out.state, context, &c.coins.view, c.params->GetConsensus(), queue, out.stats);
    return out;
}

TEST(BlockMutation, Bip113LockTimeAgainstMedianTimePast)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("test3-928848");
    const int64_t block_time = c.block.GetBlockTime();
    const SyntheticAncestry parent{c.height, block_time - 100};
    EXPECT_TRUE(VerifyWithChain(c, c.block, parent, false).valid);

    // Locked until a time between the parent's MTP and the block's own time.
    Block block = c.block;
    const size_t t = 100;
    EditTx(block, t, [&](MutableTransaction& m) {
        m.lock_time = static_cast<uint32_t>(block_time - 50);
        m.vin[0].sequence = 0;
    });
    RecomputeMerkleRoot(block);
    RecommitWitness(block);
    RecomputeMerkleRoot(block);
    VerifyOutcome out = VerifyWithChain(c, block, parent, false);
    ExpectReject(out, "bad-txns-nonfinal");
    EXPECT_EQ(out.stats.failed_tx, t);
    // Without the parent chain only the block time bounds the lock: final, so the edit is
    // caught by the signature instead.
    out = Verify(c, block);
    EXPECT_FALSE(out.valid);
    EXPECT_EQ(out.state.GetRejectReason().rfind("block-script-verify-flag-failed", 0), 0U) << out.state.ToString();
}

TEST(BlockMutation, Bip68SequenceLocks)
{
    BITNODE_REQUIRE_TESTDATA();
    BlockCase c = LoadBlockCase("test3-928848");
    const SyntheticAncestry parent{c.height, c.block.GetBlockTime() - 3600};
    // Give every spent coin a creation height 10 blocks back.
    MemoryCoinsView aged;
    for (const auto& tx : c.block.vtx) {
        if (tx->IsCoinBase()) continue;
        for (const auto& in : tx->vin) {
            if (auto coin = c.coins.view.GetCoin(in.prevout)) {
                coin->height = c.height - 10;
                aged.AddCoin(in.prevout, *coin);
            }
        }
    }
    c.coins.view = aged;
    EXPECT_TRUE(VerifyWithChain(c, c.block, parent, true).valid);

    // A version-2 transaction whose first input waits 11 blocks: one too many.
    Block block = c.block;
    size_t t = 1;
    while (block.vtx[t]->version < 2 || c.coins.view.GetCoin(block.vtx[t]->vin[0].prevout) == std::nullopt) ++t;
    EditTx(block, t, [](MutableTransaction& m) { m.vin[0].sequence = 11; });
    RecomputeMerkleRoot(block);
    RecommitWitness(block);
    RecomputeMerkleRoot(block);
    VerifyOutcome out = VerifyWithChain(c, block, parent, true);
    ExpectReject(out, "bad-txns-nonfinal");
    EXPECT_EQ(out.stats.failed_tx, t);
    EXPECT_EQ(out.state.GetDebugMessage(),
              "contains a non-BIP68-final transaction " + block.vtx[t]->GetHash().GetHex());
    EXPECT_TRUE(out.stats.sequence_locks_checked);
    // Ten blocks is exactly enough: the lock passes and the changed sequence breaks the signature.
    EditTx(block, t, [](MutableTransaction& m) { m.vin[0].sequence = 10; });
    RecomputeMerkleRoot(block);
    RecommitWitness(block);
    RecomputeMerkleRoot(block);
    out = VerifyWithChain(c, block, parent, true);
    EXPECT_EQ(out.state.GetRejectReason().rfind("block-script-verify-flag-failed", 0), 0U) << out.state.ToString();
    EXPECT_EQ(out.stats.failed_tx, t);
}

} // namespace
