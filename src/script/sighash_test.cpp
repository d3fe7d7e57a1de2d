// Signature hashes: Core's sighash.json, a cross-check of the legacy serializer (and
// its checkpoint fast path and midstate cache) against a reference built by editing
// and re-serializing the transaction, BIP341's key-path vectors, and the 5,569-input
// megatx whose every signature must verify.
#include <crypto/hash.h>
#include <primitives/streams.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/sighash.h>
#include <script/tx_checker.h>
#include <script/vector_test_util.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

namespace script {
namespace {

using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::TxOut;
using primitives::uint256;
using test_util::Hex;

Transaction TxFromHex(std::string_view hex)
{
    MutableTransaction mtx;
    primitives::DeserializeFromBytes(Hex(hex), primitives::TX_WITH_WITNESS(mtx), "transaction");
    return Transaction(std::move(mtx));
}

TEST(Sighash, CoreSighashJson)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto tests = boost::json::parse(testutil::ReadTestText("core/sighash.json")).as_array();
    size_t run = 0;
    size_t passed = 0;
    for (const auto& entry : tests) {
        const auto& test = entry.as_array();
        if (test.size() == 1) continue; // comment
        ASSERT_EQ(test.size(), 5U);
        const Transaction tx = TxFromHex(std::string(test[0].as_string()));
        const Script script_code(Hex(std::string(test[1].as_string())));
        const auto in_index = static_cast<unsigned>(test[2].to_number<int64_t>());
        const auto hash_type = static_cast<int32_t>(test[3].to_number<int64_t>());
        const std::string expected(test[4].as_string());
        ++run;
        const uint256 hash = SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE);
        EXPECT_EQ(hash.GetHex(), expected) << boost::json::serialize(test);
        // The same through the checkpoint fast path and the midstate cache (twice: store, then load).
        PrecomputedTransactionData txdata;
        txdata.PrecomputeLegacy(tx);
        SigHashCache cache;
        EXPECT_EQ(SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE, &txdata, &cache), hash);
        EXPECT_EQ(SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE, &txdata, &cache), hash);
        if (hash.GetHex() == expected) ++passed;
    }
    std::printf("sighash.json: %zu entries, %zu vectors run, %zu passed\n", tests.size(), run, passed);
    EXPECT_EQ(passed, run);
}

/**
 * Core's original SignatureHash (kept in its sighash_tests as SignatureHashOld): edit a
 * copy of the transaction and serialize it. Valid for scripts that parse completely.
 */
uint256 ReferenceLegacySighash(Script script_code, const Transaction& tx, unsigned in_index, int32_t hash_type)
{
    if (in_index >= tx.vin.size()) return uint256::ONE;
    MutableTransaction copy(tx);
    FindAndDelete(script_code, Script() << OP_CODESEPARATOR);
    for (auto& in : copy.vin) in.script_sig.clear();
    copy.vin[in_index].script_sig = script_code.bytes();
    if ((hash_type & 0x1f) == SIGHASH_NONE) {
        copy.vout.clear();
        for (unsigned i = 0; i < copy.vin.size(); ++i) {
            if (i != in_index) copy.vin[i].sequence = 0;
        }
    } else if ((hash_type & 0x1f) == SIGHASH_SINGLE) {
        if (in_index >= copy.vout.size()) return uint256::ONE;
        copy.vout.resize(in_index + 1);
        for (unsigned i = 0; i < in_index; ++i) copy.vout[i].SetNull();
        for (unsigned i = 0; i < copy.vin.size(); ++i) {
            if (i != in_index) copy.vin[i].sequence = 0;
        }
    }
    if (hash_type & SIGHASH_ANYONECANPAY) {
        copy.vin[0] = copy.vin[in_index];
        copy.vin.resize(1);
    }
    primitives::HashWriter writer;
    writer << primitives::TX_NO_WITNESS(copy) << hash_type;
    return writer.GetHash();
}

Script RandomScript(test_util::TestRng& rng)
{
    static const Opcode OPS[] = {OP_FALSE, OP_1, OP_2, OP_3, OP_CHECKSIG, OP_IF, OP_VERIF, OP_RETURN, OP_CODESEPARATOR};
    Script script;
    const auto ops = rng.Next() % 10;
    for (uint64_t i = 0; i < ops; ++i) {
        if (rng.Next() % 4 == 0) {
            script << std::vector<uint8_t>(rng.Next() % 80, static_cast<uint8_t>(rng.Next()));
        } else {
            script << OPS[rng.Next() % std::size(OPS)];
        }
    }
    return script;
}

MutableTransaction RandomTransaction(test_util::TestRng& rng, size_t max_inputs)
{
    MutableTransaction tx;
    tx.version = static_cast<uint32_t>(rng.Next());
    tx.lock_time = rng.Next() % 2 ? static_cast<uint32_t>(rng.Next()) : 0;
    const size_t ins = rng.Next() % max_inputs + 1;
    const size_t outs = rng.Next() % 4 + 1;
    for (size_t i = 0; i < ins; ++i) {
        primitives::TxIn in;
        std::array<uint8_t, 32> hash;
        for (auto& b : hash) b = static_cast<uint8_t>(rng.Next());
        in.prevout = primitives::OutPoint(primitives::Txid::FromUint256(uint256(hash)), rng.Next() % 4);
        in.script_sig = RandomScript(rng).bytes();
        in.sequence = rng.Next() % 2 ? static_cast<uint32_t>(rng.Next()) : 0xffffffff;
        tx.vin.push_back(std::move(in));
    }
    for (size_t i = 0; i < outs; ++i) {
        tx.vout.emplace_back(static_cast<primitives::Amount>(rng.Next() % primitives::MAX_MONEY),
                             RandomScript(rng).bytes());
    }
    return tx;
}

TEST(Sighash, LegacyMatchesReferenceSerialization)
{
    test_util::TestRng rng(42);
    size_t checked = 0;
    for (int round = 0; round < 3000; ++round) {
        const Transaction tx(RandomTransaction(rng, round % 3 == 0 ? 80 : 4));
        const Script script_code = RandomScript(rng);
        const auto hash_type = static_cast<int32_t>(rng.Next());
        const auto in_index = static_cast<unsigned>(rng.Next() % tx.vin.size());
        const uint256 expected = ReferenceLegacySighash(script_code, tx, in_index, hash_type);
        ASSERT_EQ(SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE), expected);
        PrecomputedTransactionData txdata;
        txdata.PrecomputeLegacy(tx);
        SigHashCache cache;
        ASSERT_EQ(SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE, &txdata, &cache), expected);
        ASSERT_EQ(SignatureHash(script_code, tx, in_index, hash_type, 0, SigVersion::BASE, &txdata, &cache), expected);
        // Every input of the transaction through the fast path with SIGHASH_ALL.
        for (unsigned i = 0; i < tx.vin.size(); ++i) {
            ASSERT_EQ(SignatureHash(script_code, tx, i, SIGHASH_ALL, 0, SigVersion::BASE, &txdata),
                      ReferenceLegacySighash(script_code, tx, i, SIGHASH_ALL));
            ++checked;
        }
        ++checked;
    }
    std::printf("legacy sighash cross-check: %zu hashes compared\n", checked);
}

TEST(Sighash, SighashCacheSeparatesScriptCodesAndTypes)
{
    test_util::TestRng rng(7);
    const Transaction tx(RandomTransaction(rng, 5));
    const Script a = Script() << OP_1 << OP_CHECKSIG;
    const Script b = Script() << OP_2 << OP_CHECKSIG;
    SigHashCache cache;
    for (const int32_t type : {1, 2, 3, 0x81, 0x82, 0x83, 0x41}) {
        for (const Script* s : {&a, &b, &a}) {
            for (const SigVersion v : {SigVersion::BASE, SigVersion::WITNESS_V0}) {
                SigHashCache fresh;
                EXPECT_EQ(SignatureHash(*s, tx, 0, type, 12345, v, nullptr, &fresh),
                          SignatureHash(*s, tx, 0, type, 12345, v));
            }
            EXPECT_EQ(SignatureHash(*s, tx, 0, type, 0, SigVersion::BASE, nullptr, &cache),
                      SignatureHash(*s, tx, 0, type, 0, SigVersion::BASE));
        }
    }
}

std::vector<TxOut> SpentOutputsFromJson(const boost::json::array& utxos)
{
    std::vector<TxOut> spent;
    for (const auto& u : utxos) {
        const auto& o = u.as_object();
        spent.emplace_back(o.at("amountSats").to_number<int64_t>(), Hex(std::string(o.at("scriptPubKey").as_string())));
    }
    return spent;
}

TEST(Sighash, Bip341KeyPathVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto root = boost::json::parse(testutil::ReadTestText("core/bip341_wallet_vectors.json")).as_object();
    size_t sighashes = 0;
    size_t inputs_verified = 0;
    for (const auto& group_value : root.at("keyPathSpending").as_array()) {
        const auto& group = group_value.as_object();
        const auto& given = group.at("given").as_object();
        const Transaction unsigned_tx = TxFromHex(std::string(given.at("rawUnsignedTx").as_string()));
        const std::vector<TxOut> spent = SpentOutputsFromJson(given.at("utxosSpent").as_array());
        PrecomputedTransactionData txdata;
        txdata.Init(unsigned_tx, std::vector<TxOut>(spent), /*force=*/true);
        const auto& inter = group.at("intermediary").as_object();
        EXPECT_EQ(util::HexStr(txdata.m_spent_amounts_single_hash.span()), inter.at("hashAmounts").as_string());
        EXPECT_EQ(util::HexStr(txdata.m_outputs_single_hash.span()), inter.at("hashOutputs").as_string());
        EXPECT_EQ(util::HexStr(txdata.m_prevouts_single_hash.span()), inter.at("hashPrevouts").as_string());
        EXPECT_EQ(util::HexStr(txdata.m_spent_scripts_single_hash.span()), inter.at("hashScriptPubkeys").as_string());
        EXPECT_EQ(util::HexStr(txdata.m_sequences_single_hash.span()), inter.at("hashSequences").as_string());

        for (const auto& input_value : group.at("inputSpending").as_array()) {
            const auto& input = input_value.as_object();
            const auto& igiven = input.at("given").as_object();
            const auto index = static_cast<uint32_t>(igiven.at("txinIndex").to_number<int64_t>());
            const auto hash_type = static_cast<uint8_t>(igiven.at("hashType").to_number<int64_t>());
            ScriptExecutionData execdata;
            execdata.m_annex_init = true;
            execdata.m_annex_present = false;
            uint256 sighash;
            ASSERT_TRUE(SignatureHashSchnorr(sighash, execdata, unsigned_tx, index, hash_type, SigVersion::TAPROOT,
                                             txdata, MissingDataBehavior::FAIL));
            EXPECT_EQ(util::HexStr(sighash.span()), input.at("intermediary").as_object().at("sigHash").as_string());
            ++sighashes;
        }

        // The fully signed transaction: every input (taproot, P2WPKH, P2PKH, ...) must verify.
        const Transaction signed_tx =
            TxFromHex(std::string(group.at("auxiliary").as_object().at("fullySignedTx").as_string()));
        PrecomputedTransactionData signed_data;
        signed_data.Init(signed_tx, std::vector<TxOut>(spent));
        const ScriptVerifyFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_NULLDUMMY |
                                        SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
                                        SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
        for (unsigned i = 0; i < signed_tx.vin.size(); ++i) {
            ScriptError error;
            const TransactionSignatureChecker checker(&signed_tx, i, spent[i].value, signed_data,
                                                      MissingDataBehavior::ASSERT_FAIL);
            EXPECT_TRUE(VerifyScript(Script(signed_tx.vin[i].script_sig), Script(spent[i].script_pubkey),
                                     signed_tx.vin[i].witness.stack, flags, checker, &error))
                << "input " << i << ": " << ScriptErrorString(error);
            ++inputs_verified;
        }
    }
    std::printf("bip341 key path: %zu sighashes, %zu signed inputs verified\n", sighashes, inputs_verified);
}

/** The P2PKH scriptPubKey for the public key that a <sig> <pubkey> scriptSig pushes last. */
Script P2PKHFromScriptSig(const Script& script_sig)
{
    size_t pc = 0;
    Opcode op;
    Script::Bytes data;
    Script::Bytes last;
    while (script_sig.GetOp(pc, op, &data)) last = data;
    const auto hash = crypto::Hash160Of(last);
    return Script() << OP_DUP << OP_HASH160 << util::ByteSpan{hash} << OP_EQUALVERIFY << OP_CHECKSIG;
}

TEST(Sighash, MegaTransactionVerifies)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto raw = testutil::ReadTestBytes("txs/megatx.raw");
    MutableTransaction mtx;
    primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(mtx), "transaction");
    const Transaction tx(std::move(mtx));
    ASSERT_EQ(tx.GetHash().GetHex(), "bb41a757f405890fb0f5856228e23b715702d714d59bf2b1feb70d8b2b4e3e08");
    ASSERT_EQ(tx.vin.size(), 5569U);

    const auto start = std::chrono::steady_clock::now();
    const PrecomputedTransactionData txdata(tx);
    ASSERT_TRUE(txdata.m_legacy_ready);
    size_t verified = 0;
    for (unsigned i = 0; i < tx.vin.size(); ++i) {
        const Script script_sig(tx.vin[i].script_sig);
        const Script script_pubkey = P2PKHFromScriptSig(script_sig);
        ScriptError error;
        const TransactionSignatureChecker checker(&tx, i, 0, txdata, MissingDataBehavior::ASSERT_FAIL);
        const bool ok = VerifyScript(script_sig, script_pubkey, {}, SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG, checker,
                                     &error);
        EXPECT_TRUE(ok) << "input " << i << ": " << ScriptErrorString(error);
        if (ok) ++verified;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("megatx: %zu of %zu inputs verified in %.3f s (sighash + ECDSA)\n", verified, tx.vin.size(), seconds);
    EXPECT_EQ(verified, tx.vin.size());

    // The fast path and the from-scratch serializer agree on a spread of inputs.
    for (unsigned i = 0; i < tx.vin.size(); i += 397) {
        const Script script_code = P2PKHFromScriptSig(Script(tx.vin[i].script_sig));
        EXPECT_EQ(SignatureHash(script_code, tx, i, SIGHASH_ALL, 0, SigVersion::BASE, &txdata),
                  SignatureHash(script_code, tx, i, SIGHASH_ALL, 0, SigVersion::BASE));
    }
}

} // namespace
} // namespace script
