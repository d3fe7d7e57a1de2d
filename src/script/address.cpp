#include <script/address.h>

#include <script/base58.h>
#include <script/bech32.h>
#include <script/standard.h>
#include <util/strings.h>

#include <algorithm>

namespace script {
namespace {

/** BIP141's bound on witness program length. */
constexpr size_t MAX_WITNESS_PROGRAM_SIZE = 40;

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string Base58WithPrefix(const std::vector<uint8_t>& prefix, util::ByteSpan hash)
{
    std::vector<uint8_t> data = prefix;
    data.insert(data.end(), hash.begin(), hash.end());
    return EncodeBase58Check(data);
}

std::string SegwitAddress(const AddressParams& params, int version, util::ByteSpan program)
{
    if (version < 0 || version > 16) return {};
    if (version == 0 && program.size() != WITNESS_V0_KEYHASH_SIZE && program.size() != WITNESS_V0_SCRIPTHASH_SIZE) {
        return {};
    }
    if (program.size() < 2 || program.size() > MAX_WITNESS_PROGRAM_SIZE) return {};
    std::vector<uint8_t> values{static_cast<uint8_t>(version)};
    bech32::ConvertBits(8, 5, true, std::vector<uint8_t>(program.begin(), program.end()), values);
    return bech32::Encode(version == 0 ? bech32::Encoding::BECH32 : bech32::Encoding::BECH32M, params.bech32_hrp, values);
}

bool StartsWith(const std::vector<uint8_t>& data, const std::vector<uint8_t>& prefix)
{
    return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

TxDestination DecodeBase58Address(std::string_view str, const AddressParams& params, std::string& error)
{
    if (auto data = DecodeBase58Check(str, 21)) {
        for (const bool is_script : {false, true}) {
            const auto& prefix = is_script ? params.script_prefix : params.pubkey_prefix;
            if (data->size() == prefix.size() + 20 && StartsWith(*data, prefix)) {
                std::array<uint8_t, 20> hash;
                std::copy(data->begin() + static_cast<std::ptrdiff_t>(prefix.size()), data->end(), hash.begin());
                if (is_script) return ScriptHash{hash};
                return PKHash{hash};
            }
        }
        if (StartsWith(*data, params.script_prefix) || StartsWith(*data, params.pubkey_prefix)) {
            error = "Invalid length for Base58 address (P2PKH or P2SH)";
        } else {
            error = "Invalid or unsupported Base58-encoded address.";
        }
        return NoDestination{};
    }
    // Not Base58Check: tell a bad checksum apart from text that is not Base58 at all.
    if (DecodeBase58(str, 100)) {
        error = "Invalid checksum or length of Base58 address (P2PKH or P2SH)";
    } else {
        error = "Invalid or unsupported Segwit (Bech32) or Base58 encoding.";
    }
    return NoDestination{};
}

TxDestination DecodeSegwitAddress(std::string_view str, const AddressParams& params, std::string& error,
                                  std::vector<int>* error_locations)
{
    const auto dec = bech32::Decode(str);
    if (dec.encoding == bech32::Encoding::INVALID) {
        auto [message, locations] = bech32::LocateErrors(str);
        error = std::move(message);
        if (error_locations) *error_locations = std::move(locations);
        return NoDestination{};
    }
    if (dec.data.empty()) {
        error = "Empty Bech32 data section";
        return NoDestination{};
    }
    if (dec.hrp != params.bech32_hrp) {
        error = "Invalid or unsupported prefix for Segwit (Bech32) address (expected " + params.bech32_hrp +
                ", got " + dec.hrp + ").";
        return NoDestination{};
    }
    const int version = dec.data[0];
    if (version == 0 && dec.encoding != bech32::Encoding::BECH32) {
        error = "Version 0 witness address must use Bech32 checksum";
        return NoDestination{};
    }
    if (version != 0 && dec.encoding != bech32::Encoding::BECH32M) {
        error = "Version 1+ witness address must use Bech32m checksum";
        return NoDestination{};
    }
    std::vector<uint8_t> program;
    if (!bech32::ConvertBits(5, 8, false, std::vector<uint8_t>(dec.data.begin() + 1, dec.data.end()), program)) {
        error = "Invalid padding in Bech32 data section";
        return NoDestination{};
    }
    const std::string size_text = std::to_string(program.size()) + (program.size() == 1 ? " byte" : " bytes");
    if (version == 0) {
        if (program.size() == WITNESS_V0_KEYHASH_SIZE) {
            WitnessV0KeyHash out;
            std::copy(program.begin(), program.end(), out.hash.begin());
            return out;
        }
        if (program.size() == WITNESS_V0_SCRIPTHASH_SIZE) {
            WitnessV0ScriptHash out;
            std::copy(program.begin(), program.end(), out.hash.begin());
            return out;
        }
        error = "Invalid Bech32 v0 address program size (" + size_text + "), per BIP141";
        return NoDestination{};
    }
    if (version == 1 && program.size() == WITNESS_V1_TAPROOT_SIZE) {
        WitnessV1Taproot out;
        std::copy(program.begin(), program.end(), out.output_key.begin());
        return out;
    }
    if (IsPayToAnchor(version, program)) return PayToAnchor{};
    if (version > 16) {
        error = "Invalid Bech32 address witness version";
        return NoDestination{};
    }
    if (program.size() < 2 || program.size() > MAX_WITNESS_PROGRAM_SIZE) {
        error = "Invalid Bech32 address program size (" + size_text + ")";
        return NoDestination{};
    }
    return WitnessUnknown{version, std::move(program)};
}

} // namespace

std::string EncodeDestination(const TxDestination& dest, const AddressParams& params)
{
    return std::visit(
        Overloaded{
            [](const NoDestination&) { return std::string{}; },
            [](const PubKeyDestination&) { return std::string{}; },
            [&](const PKHash& d) { return Base58WithPrefix(params.pubkey_prefix, d.hash); },
            [&](const ScriptHash& d) { return Base58WithPrefix(params.script_prefix, d.hash); },
            [&](const WitnessV0KeyHash& d) { return SegwitAddress(params, 0, d.hash); },
            [&](const WitnessV0ScriptHash& d) { return SegwitAddress(params, 0, d.hash); },
            [&](const WitnessV1Taproot& d) { return SegwitAddress(params, 1, d.output_key); },
            [&](const PayToAnchor&) { return SegwitAddress(params, PayToAnchor::VERSION, PayToAnchor::PROGRAM); },
            [&](const WitnessUnknown& d) {
                // Version 0 programs have their own types; an "unknown" v0 has no address.
                if (d.version < 1) return std::string{};
                return SegwitAddress(params, d.version, d.program);
            },
        },
        dest);
}

TxDestination DecodeDestination(std::string_view str, const AddressParams& params, std::string* error,
                                std::vector<int>* error_locations)
{
    std::string local_error;
    std::string& err = error ? *error : local_error;
    err.clear();
    if (error_locations) error_locations->clear();

    // A string starting with this network's hrp is treated as bech32 only; a valid bech32
    // address of another network therefore fails as Base58 (as in Core).
    const std::string_view head = str.substr(0, params.bech32_hrp.size());
    const bool is_bech32 = util::ToLower(head) == params.bech32_hrp;
    if (!is_bech32) return DecodeBase58Address(str, params, err);
    return DecodeSegwitAddress(str, params, err, error_locations);
}

bool IsValidDestinationString(std::string_view str, const AddressParams& params)
{
    return IsValidDestination(DecodeDestination(str, params));
}

} // namespace script
