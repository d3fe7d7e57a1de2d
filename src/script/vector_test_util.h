// Test-only helpers for the script vector suites (header-only, so it is not built
// into the library): Core's crediting/spending transaction pair, hex and JSON
// conversions, and a deterministic random source for flag fuzzing.
#ifndef BITNODE_SCRIPT_VECTOR_TEST_UTIL_H
#define BITNODE_SCRIPT_VECTOR_TEST_UTIL_H

#include <primitives/transaction.h>
#include <script/script.h>
#include <script/scriptnum.h>
#include <util/hex.h>

#include <boost/json.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace script::test_util {

/** Core's BuildCreditingTransaction: coinbase-like tx paying value to script_pubkey. */
inline primitives::MutableTransaction BuildCreditingTransaction(const Script& script_pubkey, primitives::Amount value)
{
    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.lock_time = 0;
    tx.vin.resize(1);
    tx.vout.resize(1);
    tx.vin[0].prevout.SetNull();
    Script sig;
    sig << ScriptNum(0).GetBytes() << ScriptNum(0).GetBytes();
    tx.vin[0].script_sig = sig.bytes();
    tx.vin[0].sequence = primitives::TxIn::SEQUENCE_FINAL;
    tx.vout[0].script_pubkey = script_pubkey.bytes();
    tx.vout[0].value = value;
    return tx;
}

/** Core's BuildSpendingTransaction: spends output 0 of credit with the given scriptSig and witness. */
inline primitives::MutableTransaction BuildSpendingTransaction(const Script& script_sig,
                                                               const std::vector<std::vector<uint8_t>>& witness,
                                                               const primitives::Transaction& credit)
{
    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.lock_time = 0;
    tx.vin.resize(1);
    tx.vout.resize(1);
    tx.vin[0].witness.stack = witness;
    tx.vin[0].prevout = primitives::OutPoint(credit.GetHash(), 0);
    tx.vin[0].script_sig = script_sig.bytes();
    tx.vin[0].sequence = primitives::TxIn::SEQUENCE_FINAL;
    tx.vout[0].script_pubkey = {};
    tx.vout[0].value = credit.vout[0].value;
    return tx;
}

inline std::vector<uint8_t> Hex(std::string_view hex)
{
    auto bytes = util::TryParseHex(hex);
    if (!bytes) throw std::runtime_error("bad hex in test vector: " + std::string(hex));
    return std::move(*bytes);
}

/** A JSON amount in BTC (0.00000001) as satoshis. */
inline primitives::Amount AmountFromJson(const boost::json::value& v)
{
    const double btc = v.is_double() ? v.as_double() : static_cast<double>(v.to_number<int64_t>());
    return static_cast<primitives::Amount>(std::llround(btc * 1e8));
}

/** SplitMix64: a tiny deterministic generator for reproducible flag variations. */
class TestRng
{
public:
    explicit TestRng(uint64_t seed) : m_state(seed) {}
    uint64_t Next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    uint64_t Bits(int n) { return Next() & ((uint64_t{1} << n) - 1); }

private:
    uint64_t m_state;
};

} // namespace script::test_util

#endif // BITNODE_SCRIPT_VECTOR_TEST_UTIL_H
