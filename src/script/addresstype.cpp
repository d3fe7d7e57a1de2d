#include <script/addresstype.h>

#include <crypto/hash.h>
#include <crypto/sha256.h>
#include <script/standard.h>

#include <algorithm>
#include <cassert>

namespace script {
namespace {

template <size_t N>
std::array<uint8_t, N> ToArray(const std::vector<uint8_t>& bytes)
{
    assert(bytes.size() == N);
    std::array<uint8_t, N> out;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

Script WitnessScript(int version, util::ByteSpan program)
{
    Script script;
    script << EncodeOpN(version) << program;
    return script;
}

} // namespace

PKHash PKHash::FromPubKey(util::ByteSpan pubkey) { return PKHash{crypto::Hash160Of(pubkey)}; }

ScriptHash ScriptHash::FromScript(const Script& redeem_script)
{
    return ScriptHash{crypto::Hash160Of(redeem_script.span())};
}

WitnessV0KeyHash WitnessV0KeyHash::FromPubKey(util::ByteSpan pubkey)
{
    return WitnessV0KeyHash{crypto::Hash160Of(pubkey)};
}

WitnessV0ScriptHash WitnessV0ScriptHash::FromScript(const Script& witness_script)
{
    WitnessV0ScriptHash out;
    crypto::Sha256().Write(witness_script.span()).Finalize(out.hash.data());
    return out;
}

bool IsValidDestination(const TxDestination& dest)
{
    return !std::holds_alternative<NoDestination>(dest) && !std::holds_alternative<PubKeyDestination>(dest);
}

bool ExtractDestination(const Script& script_pub_key, TxDestination& dest)
{
    std::vector<std::vector<uint8_t>> solutions;
    switch (Solver(script_pub_key, solutions)) {
    case TxoutType::PUBKEY:
        // Solver already checked the key's size against its header byte.
        dest = PubKeyDestination{solutions[0]};
        return false;
    case TxoutType::PUBKEYHASH: dest = PKHash{ToArray<20>(solutions[0])}; return true;
    case TxoutType::SCRIPTHASH: dest = ScriptHash{ToArray<20>(solutions[0])}; return true;
    case TxoutType::WITNESS_V0_KEYHASH: dest = WitnessV0KeyHash{ToArray<20>(solutions[0])}; return true;
    case TxoutType::WITNESS_V0_SCRIPTHASH: dest = WitnessV0ScriptHash{ToArray<32>(solutions[0])}; return true;
    case TxoutType::WITNESS_V1_TAPROOT: dest = WitnessV1Taproot{ToArray<32>(solutions[0])}; return true;
    case TxoutType::ANCHOR: dest = PayToAnchor{}; return true;
    case TxoutType::WITNESS_UNKNOWN: dest = WitnessUnknown{solutions[0][0], solutions[1]}; return true;
    case TxoutType::MULTISIG:
    case TxoutType::NULL_DATA:
    case TxoutType::NONSTANDARD:
        dest = NoDestination{script_pub_key};
        return false;
    }
    assert(false);
    return false;
}

Script GetScriptForDestination(const TxDestination& dest)
{
    return std::visit(
        Overloaded{
            [](const NoDestination& d) { return d.script; },
            [](const PubKeyDestination& d) { return GetScriptForRawPubKey(d.pubkey); },
            [](const PKHash& d) {
                Script s;
                s << OP_DUP << OP_HASH160 << util::ByteSpan{d.hash} << OP_EQUALVERIFY << OP_CHECKSIG;
                return s;
            },
            [](const ScriptHash& d) {
                Script s;
                s << OP_HASH160 << util::ByteSpan{d.hash} << OP_EQUAL;
                return s;
            },
            [](const WitnessV0KeyHash& d) { return WitnessScript(0, d.hash); },
            [](const WitnessV0ScriptHash& d) { return WitnessScript(0, d.hash); },
            [](const WitnessV1Taproot& d) { return WitnessScript(1, d.output_key); },
            [](const PayToAnchor&) { return WitnessScript(PayToAnchor::VERSION, PayToAnchor::PROGRAM); },
            [](const WitnessUnknown& d) { return WitnessScript(d.version, d.program); },
        },
        dest);
}

} // namespace script
