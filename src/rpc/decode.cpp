#include <rpc/decode.h>

#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <script/script.h>
#include <util/hex.h>
#include <util/strings.h>

#include <optional>
#include <string>

namespace rpc {

namespace {

using util::Error;
using util::Result;

/** Every operation parses, is a defined opcode and pushes at most 520 bytes (Core's HasValidOps). */
bool HasValidOps(const primitives::ScriptBytes& bytes)
{
    const script::Script script{bytes};
    size_t pos = 0;
    script::Opcode op;
    script::Script::Bytes data;
    while (pos < script.size()) {
        if (!script.GetOp(pos, op, &data) || op > script::MAX_OPCODE || data.size() > script::MAX_SCRIPT_ELEMENT_SIZE) {
            return false;
        }
    }
    return true;
}

bool ScriptsLookSane(const primitives::MutableTransaction& tx)
{
    const bool coinbase = tx.vin.size() == 1 && tx.vin[0].prevout.IsNull();
    if (!coinbase) {
        for (const auto& in : tx.vin) {
            if (!HasValidOps(in.script_sig) || in.script_sig.size() > script::MAX_SCRIPT_SIZE) return false;
        }
    }
    for (const auto& out : tx.vout) {
        if (!HasValidOps(out.script_pubkey) || out.script_pubkey.size() > script::MAX_SCRIPT_SIZE) return false;
    }
    return true;
}

struct Attempt {
    std::optional<primitives::MutableTransaction> tx;
    std::string error;
    size_t error_offset{0};
};

Attempt TryDecode(util::ByteSpan data, bool witness)
{
    Attempt attempt;
    primitives::MutableTransaction tx;
    try {
        if (witness) {
            primitives::DeserializeFromBytes(data, primitives::TX_WITH_WITNESS(tx), "transaction");
        } else {
            primitives::DeserializeFromBytes(data, primitives::TX_NO_WITNESS(tx), "transaction");
        }
        attempt.tx = std::move(tx);
    } catch (const primitives::DeserializeError& e) {
        attempt.error = e.what();
        attempt.error_offset = e.Offset().value_or(0);
    } catch (const std::exception& e) {
        // Allocation failures or range errors: report them as decode failures, not crashes.
        attempt.error = e.what();
    }
    return attempt;
}

} // namespace

Result<std::vector<uint8_t>> BytesFromHex(std::string_view hex)
{
    const size_t lead = hex.find_first_not_of(" \f\n\r\t\v");
    hex = util::TrimString(hex);
    for (size_t i = 0; i < hex.size(); ++i) {
        if (util::HexDigit(hex[i]) < 0) {
            const auto c = static_cast<unsigned char>(hex[i]);
            const std::string shown =
                c >= 0x20 && c < 0x7f ? "'" + std::string(1, hex[i]) + "'" : "byte " + std::to_string(c);
            return Error{"not hex: " + shown + " at character " +
                         std::to_string(i + (lead == std::string_view::npos ? 0 : lead))};
        }
    }
    if (hex.empty()) return Error{"empty input: expected hex"};
    if (hex.size() % 2 != 0) return Error{"odd number of hex digits (" + std::to_string(hex.size()) + ")"};
    return *util::TryParseHex(hex);
}

Result<std::vector<uint8_t>> BytesFromHexOrBinary(util::ByteSpan input)
{
    const std::string_view text{reinterpret_cast<const char*>(input.data()), input.size()};
    const std::string_view trimmed = util::TrimString(text);
    if (trimmed.empty()) return Error{input.empty() ? "empty input" : "input holds only whitespace"};
    bool hex_or_space = true;
    for (const char c : trimmed) {
        if (util::HexDigit(c) >= 0) continue;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        hex_or_space = false;
        break;
    }
    if (!hex_or_space) return std::vector<uint8_t>(input.begin(), input.end());
    // Only hex digits and whitespace: surely hex that was wrapped or spaced out, which
    // would be nonsense as raw bytes. Say so instead of decoding it as binary.
    const size_t space = trimmed.find_first_of(" \n\r\t");
    if (space != std::string_view::npos) {
        return Error{"hex input must be one unbroken string: whitespace at character " +
                     std::to_string(space + static_cast<size_t>(trimmed.data() - text.data()))};
    }
    return BytesFromHex(text);
}

Result<primitives::MutableTransaction> DecodeTx(util::ByteSpan data, bool try_no_witness, bool try_witness)
{
    if (data.empty()) return Error{"transaction decode failed: no bytes"};
    std::optional<Attempt> extended;
    if (try_witness) {
        extended = TryDecode(data, /*witness=*/true);
        if (extended->tx && ScriptsLookSane(*extended->tx)) return std::move(*extended->tx);
    }
    std::optional<Attempt> legacy;
    if (try_no_witness) {
        legacy = TryDecode(data, /*witness=*/false);
        if (legacy->tx && ScriptsLookSane(*legacy->tx)) return std::move(*legacy->tx);
    }
    if (extended && extended->tx) return std::move(*extended->tx);
    if (legacy && legacy->tx) return std::move(*legacy->tx);
    // Both failed: report the attempt that got further, as it is the likelier reading.
    const Attempt& shown = !legacy                                         ? *extended
                           : !extended                                     ? *legacy
                           : legacy->error_offset > extended->error_offset ? *legacy
                                                                           : *extended;
    return Error{"transaction decode failed: " + shown.error};
}

Result<primitives::Block> DecodeBlock(util::ByteSpan data)
{
    if (data.empty()) return Error{"block decode failed: no bytes"};
    primitives::Block block;
    try {
        primitives::DeserializeFromBytes(data, primitives::TX_WITH_WITNESS(block), "block");
    } catch (const std::exception& e) {
        return Error{std::string{"block decode failed: "} + e.what()};
    }
    return block;
}

} // namespace rpc
