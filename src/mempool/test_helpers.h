// Test helpers for the mempool library (included by *_test.cpp and the benchmark only):
// a MempoolChainView over a map of coins and a vector of headers, and a wallet of one key
// that funds coins and signs P2WPKH and P2PKH spends with the real sighash code.
//
// Thread safety: test code, one thread.
#ifndef BITNODE_MEMPOOL_TEST_HELPERS_H
#define BITNODE_MEMPOOL_TEST_HELPERS_H

#include <consensus/limits.h>
#include <crypto/hash.h>
#include <crypto/key.h>
#include <mempool/accept.h>
#include <mempool/chain_view.h>
#include <mempool/policy.h>
#include <primitives/transaction.h>
#include <script/script.h>
#include <script/sighash.h>

#include <array>
#include <map>
#include <vector>

namespace mempool::test {

/** A chain of `height` + 1 headers ten minutes apart, and a UTXO set the test fills. */
class FakeChain final : public MempoolChainView
{
public:
    explicit FakeChain(int height = 200) { SetHeight(height); }

    std::optional<consensus::Coin> GetCoin(const OutPoint& outpoint) const override
    {
        const auto it = m_coins.find(outpoint);
        if (it == m_coins.end()) return std::nullopt;
        return it->second;
    }
    int TipHeight() const override { return static_cast<int>(m_headers.size()) - 1; }
    int64_t TipMedianTimePast() const override
    {
        // Times rise by 600 s a block, so the median of the last 11 is the 6th from the tip.
        return m_headers[static_cast<size_t>(std::max(0, TipHeight() - 5))].time;
    }
    const consensus::HeaderAncestry& TipAncestry() const override { return m_ancestry; }
    script::ScriptVerifyFlags NextBlockScriptFlags() const override { return MANDATORY_SCRIPT_VERIFY_FLAGS; }

    void SetHeight(int height)
    {
        m_headers.clear();
        for (int h = 0; h <= height; ++h) m_headers.push_back({h, 1'600'000'000 + int64_t{h} * 600, 0x207fffff});
        m_ancestry = consensus::HeaderVectorView{m_headers};
    }
    void AddCoin(const OutPoint& outpoint, consensus::Coin coin) { m_coins[outpoint] = std::move(coin); }
    void SpendCoin(const OutPoint& outpoint) { m_coins.erase(outpoint); }
    /** Confirm a block of txs at the next height: spend their inputs, create their outputs. */
    void ConnectTxs(const std::vector<TransactionRef>& txs)
    {
        SetHeight(TipHeight() + 1);
        for (const auto& tx : txs) {
            for (const auto& in : tx->vin) SpendCoin(in.prevout);
            for (uint32_t n = 0; n < tx->vout.size(); ++n) {
                AddCoin(OutPoint{tx->GetHash(), n}, consensus::Coin{tx->vout[n], TipHeight(), tx->IsCoinBase()});
            }
        }
    }

private:
    std::vector<consensus::HeaderInfo> m_headers;
    consensus::HeaderVectorView m_ancestry{m_headers};
    std::map<OutPoint, consensus::Coin> m_coins;
};

/** One key; P2WPKH and P2PKH outputs to it and signed spends of them. */
class Wallet
{
public:
    explicit Wallet(uint8_t seed = 1)
    {
        std::array<uint8_t, 32> bytes{};
        bytes.fill(seed);
        bytes[0] = 0x42;
        m_key = *crypto::PrivateKey::FromBytes(bytes);
        const auto pub = m_key.GetPubKey();
        m_pubkey.assign(pub.begin(), pub.end());
        const auto id = pub.GetID();
        m_keyhash.assign(id.begin(), id.end());
    }

    const std::vector<uint8_t>& PubKey() const { return m_pubkey; }

    primitives::ScriptBytes P2WPKH() const
    {
        script::Script s;
        s << script::OP_0 << m_keyhash;
        return s.bytes();
    }
    primitives::ScriptBytes P2PKH() const
    {
        script::Script s;
        s << script::OP_DUP << script::OP_HASH160 << m_keyhash << script::OP_EQUALVERIFY << script::OP_CHECKSIG;
        return s.bytes();
    }

    /** A confirmed coin of `value` paying to spk, at a fresh outpoint. */
    OutPoint Fund(FakeChain& chain, Amount value, bool p2pkh = false, int height = 1, bool coinbase = false)
    {
        ++m_funded;
        primitives::uint256 h;
        h.data()[0] = static_cast<uint8_t>(m_funded);
        h.data()[1] = static_cast<uint8_t>(m_funded >> 8);
        h.data()[2] = static_cast<uint8_t>(m_funded >> 16);
        h.data()[31] = 0xee;
        const OutPoint op{primitives::Txid::FromUint256(h), 0};
        chain.AddCoin(op, consensus::Coin{primitives::TxOut{value, p2pkh ? P2PKH() : P2WPKH()}, height, coinbase});
        return op;
    }

    struct Input {
        OutPoint prevout;
        Amount value;
        bool p2pkh{false};
        uint32_t sequence{primitives::TxIn::MAX_SEQUENCE_NONFINAL};
    };

    /** Spend inputs into outputs of the given values (P2WPKH to ourselves), signed. */
    TransactionRef Spend(const std::vector<Input>& inputs, const std::vector<Amount>& outputs, uint32_t version = 2,
                         uint32_t lock_time = 0) const
    {
        primitives::MutableTransaction mtx;
        mtx.version = version;
        mtx.lock_time = lock_time;
        for (const Input& in : inputs) mtx.vin.emplace_back(in.prevout, primitives::ScriptBytes{}, in.sequence);
        for (Amount v : outputs) mtx.vout.emplace_back(v, P2WPKH());
        Sign(mtx, inputs);
        return primitives::MakeTransactionRef(std::move(mtx));
    }

    void Sign(primitives::MutableTransaction& mtx, const std::vector<Input>& inputs) const
    {
        for (unsigned i = 0; i < inputs.size(); ++i) {
            const script::Script code{P2PKH()};
            const auto version = inputs[i].p2pkh ? script::SigVersion::BASE : script::SigVersion::WITNESS_V0;
            const primitives::uint256 hash =
                script::SignatureHash(code, mtx, i, script::SIGHASH_ALL, inputs[i].value, version);
            std::vector<uint8_t> sig = m_key.SignEcdsa(std::span<const uint8_t, 32>{hash.data(), 32});
            sig.push_back(script::SIGHASH_ALL);
            if (inputs[i].p2pkh) {
                script::Script ss;
                ss << sig << m_pubkey;
                mtx.vin[i].script_sig = ss.bytes();
                mtx.vin[i].witness.stack.clear();
            } else {
                mtx.vin[i].script_sig.clear();
                mtx.vin[i].witness.stack = {sig, m_pubkey};
            }
        }
    }

private:
    crypto::PrivateKey m_key;
    std::vector<uint8_t> m_pubkey;
    std::vector<uint8_t> m_keyhash;
    uint32_t m_funded{0};
};

} // namespace mempool::test

#endif // BITNODE_MEMPOOL_TEST_HELPERS_H
