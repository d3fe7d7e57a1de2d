#include <rpc/descriptor.h>

#include <crypto/key.h>
#include <crypto/pubkey.h>
#include <crypto/xonly.h>
#include <rpc/descriptor_infer.h>
#include <script/addresstype.h>
#include <script/standard.h>
#include <script/wif.h>
#include <util/hex.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace rpc {

namespace {

using util::Error;

enum class Context { TOP, P2SH, P2WSH, P2TR };

/** One parsed key: its bytes as the script uses them and its canonical text. */
struct KeyInfo {
    std::vector<uint8_t> bytes; //!< 33/65-byte public key, or 32-byte x-only inside tr()
    std::string text;
};

/** Everything but the checksum, recursively. */
class Parser
{
public:
    Parser(const script::AddressParams& params) : m_params(params) {}

    bool has_private_keys{false};
    bool solvable{true};
    std::string error;

    /** Parse `expr` in `ctx`: fills the script and canonical text; false with `error` set. */
    bool ParseScript(std::string_view expr, Context ctx, script::Script& out, std::string& text)
    {
        std::string_view arg;
        if (Func("sh", expr, arg)) {
            if (ctx != Context::TOP) return Fail("Can only have sh() at top level");
            script::Script inner;
            std::string inner_text;
            if (!ParseScript(arg, Context::P2SH, inner, inner_text)) return false;
            if (inner.size() > script::MAX_SCRIPT_ELEMENT_SIZE) {
                return Fail("P2SH script is too large, " + std::to_string(inner.size()) + " bytes is larger than " +
                            std::to_string(script::MAX_SCRIPT_ELEMENT_SIZE) + " bytes");
            }
            out = script::GetScriptForDestination(script::ScriptHash::FromScript(inner));
            text = "sh(" + inner_text + ")";
            return true;
        }
        if (Func("wsh", expr, arg)) {
            if (ctx != Context::TOP && ctx != Context::P2SH) {
                return Fail("Can only have wsh() at top level or inside sh()");
            }
            script::Script inner;
            std::string inner_text;
            if (!ParseScript(arg, Context::P2WSH, inner, inner_text)) return false;
            out = script::GetScriptForDestination(script::WitnessV0ScriptHash::FromScript(inner));
            text = "wsh(" + inner_text + ")";
            return true;
        }
        if (Func("pk", expr, arg)) {
            KeyInfo key;
            if (!ParseKey(arg, ctx, key, "pk(): ")) return false;
            out = script::GetScriptForRawPubKey(key.bytes);
            text = "pk(" + key.text + ")";
            return true;
        }
        if (Func("pkh", expr, arg)) {
            KeyInfo key;
            if (!ParseKey(arg, ctx, key, "pkh(): ")) return false;
            out = script::GetScriptForDestination(script::PKHash::FromPubKey(key.bytes));
            text = "pkh(" + key.text + ")";
            return true;
        }
        if (Func("wpkh", expr, arg)) {
            if (ctx != Context::TOP && ctx != Context::P2SH)
                return Fail("Can only have wpkh() at top level or inside sh()");
            KeyInfo key;
            // Segwit keys must be compressed: parse as if inside P2WSH for that rule.
            if (!ParseKey(arg, Context::P2WSH, key, "wpkh(): ")) return false;
            out = script::GetScriptForDestination(script::WitnessV0KeyHash::FromPubKey(key.bytes));
            text = "wpkh(" + key.text + ")";
            return true;
        }
        const bool sorted = Func("sortedmulti", expr, arg);
        if (sorted || Func("multi", expr, arg)) return ParseMulti(arg, ctx, sorted, out, text);
        if (Func("tr", expr, arg)) {
            if (ctx != Context::TOP) return Fail("Can only have tr at top level");
            if (arg.find(',') != std::string_view::npos) {
                return Fail("tr(): script trees are not supported by bitnode yet");
            }
            KeyInfo key;
            if (!ParseKey(arg, Context::P2TR, key, "tr(): ")) return false;
            const auto internal = crypto::XOnlyPubKey::FromBytes(key.bytes);
            const auto tweaked = internal ? internal->CreateTapTweak(std::nullopt) : std::nullopt;
            if (!tweaked) return Fail("tr(): cannot tweak the internal key");
            script::WitnessV1Taproot dest;
            std::copy(tweaked->first.begin(), tweaked->first.end(), dest.output_key.begin());
            out = script::GetScriptForDestination(dest);
            text = "tr(" + key.text + ")";
            return true;
        }
        if (Func("rawtr", expr, arg)) {
            if (ctx != Context::TOP) return Fail("Can only have rawtr at top level");
            if (arg.find(',') != std::string_view::npos) return Fail("rawtr(): only one key expected.");
            KeyInfo key;
            if (!ParseKey(arg, Context::P2TR, key, "rawtr(): ")) return false;
            script::WitnessV1Taproot dest;
            std::copy(key.bytes.begin(), key.bytes.end(), dest.output_key.begin());
            out = script::GetScriptForDestination(dest);
            text = "rawtr(" + key.text + ")";
            return true;
        }
        if (Func("addr", expr, arg)) {
            if (ctx != Context::TOP) return Fail("Can only have addr() at top level");
            const script::TxDestination dest = script::DecodeDestination(arg, m_params);
            if (!script::IsValidDestination(dest)) return Fail("Address is not valid");
            out = script::GetScriptForDestination(dest);
            text = "addr(" + script::EncodeDestination(dest, m_params) + ")";
            solvable = false;
            return true;
        }
        if (Func("raw", expr, arg)) {
            if (ctx != Context::TOP) return Fail("Can only have raw() at top level");
            auto bytes = util::IsHex(arg) ? util::TryParseHex(arg) : std::nullopt;
            if (!bytes) return Fail("Raw script is not hex");
            out = script::Script{std::move(*bytes)};
            text = "raw(" + util::HexStr(out.span()) + ")";
            solvable = false;
            return true;
        }
        if (ctx == Context::P2SH) return Fail("A function is needed within P2SH");
        if (ctx == Context::P2WSH) return Fail("A function is needed within P2WSH");
        return Fail("'" + std::string{expr} + "' is not a valid descriptor function");
    }

private:
    const script::AddressParams& m_params;

    bool Fail(std::string message)
    {
        error = std::move(message);
        return false;
    }

    /** expr is exactly name(...): `arg` is what is inside the outer parentheses. */
    static bool Func(std::string_view name, std::string_view expr, std::string_view& arg)
    {
        if (expr.size() < name.size() + 2 || expr.substr(0, name.size()) != name) return false;
        if (expr[name.size()] != '(' || expr.back() != ')') return false;
        arg = expr.substr(name.size() + 1, expr.size() - name.size() - 2);
        return true;
    }

    bool ParseKey(std::string_view str, Context ctx, KeyInfo& key, std::string_view prefix)
    {
        const bool permit_uncompressed = ctx == Context::TOP || ctx == Context::P2SH;
        auto fail = [&](const std::string& message) { return Fail(std::string{prefix} + message); };
        if (str.empty()) return fail("No key provided");
        if (std::isspace(static_cast<unsigned char>(str.front())) ||
            std::isspace(static_cast<unsigned char>(str.back()))) {
            return fail("Key '" + std::string{str} + "' is invalid due to whitespace");
        }
        if (str.find('/') != std::string_view::npos || str.find('[') != std::string_view::npos) {
            return fail("key '" + std::string{str} + "' is not valid");
        }
        if (util::IsHex(str)) {
            std::vector<uint8_t> data = *util::TryParseHex(str);
            const crypto::PubKey pubkey{data};
            if (pubkey.IsValid() && !pubkey.IsValidNonHybrid()) return fail("Hybrid public keys are not allowed");
            if (pubkey.IsFullyValid()) {
                if (!permit_uncompressed && !pubkey.IsCompressed()) return fail("Uncompressed keys are not allowed");
                // Inside tr() the script uses the x-only form; the text keeps what was given.
                key.bytes = ctx == Context::P2TR ? std::vector<uint8_t>(data.begin() + 1, data.begin() + 33) : data;
                key.text = util::HexStr(data);
                return true;
            }
            if (data.size() == 32 && ctx == Context::P2TR) {
                const auto xonly = crypto::XOnlyPubKey::FromBytes(data);
                if (xonly && xonly->IsFullyValid()) {
                    key.bytes = data;
                    key.text = util::HexStr(data);
                    return true;
                }
            }
            return fail("Pubkey '" + std::string{str} + "' is invalid");
        }
        if (const auto wif = script::DecodeSecret(str, m_params)) {
            if (!permit_uncompressed && !wif->compressed) return fail("Uncompressed keys are not allowed");
            const auto secret = crypto::PrivateKey::FromBytes(wif->secret, wif->compressed);
            if (!secret) return fail("key '" + std::string{str} + "' is not valid");
            has_private_keys = true;
            const crypto::PubKey pubkey = secret->GetPubKey();
            const std::vector<uint8_t> full(pubkey.begin(), pubkey.end());
            if (ctx == Context::P2TR) {
                key.bytes.assign(full.begin() + 1, full.begin() + 33);
                key.text = util::HexStr(key.bytes);
            } else {
                key.bytes = full;
                key.text = util::HexStr(full);
            }
            return true;
        }
        return fail("key '" + std::string{str} + "' is not valid");
    }

    bool ParseMulti(std::string_view arg, Context ctx, bool sorted, script::Script& out, std::string& text)
    {
        if (ctx != Context::TOP && ctx != Context::P2SH && ctx != Context::P2WSH) {
            return Fail("Can only have multi/sortedmulti at top level, in sh(), or in wsh()");
        }
        std::vector<std::string_view> parts;
        size_t start = 0;
        while (true) {
            const size_t comma = arg.find(',', start);
            parts.push_back(
                arg.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        const std::string_view threshold_text = parts.front();
        int64_t threshold = 0;
        bool threshold_ok = !threshold_text.empty() && threshold_text.size() <= 9;
        for (char c : threshold_text) {
            threshold_ok &= c >= '0' && c <= '9';
            if (threshold_ok) threshold = threshold * 10 + (c - '0');
        }
        if (!threshold_ok) return Fail("Multi threshold '" + std::string{threshold_text} + "' is not valid");
        std::vector<KeyInfo> keys;
        for (size_t i = 1; i < parts.size(); ++i) {
            KeyInfo key;
            if (!ParseKey(parts[i], ctx, key, "Multi: ")) return false;
            keys.push_back(std::move(key));
        }
        if (keys.empty() || keys.size() > static_cast<size_t>(script::MAX_PUBKEYS_PER_MULTISIG)) {
            return Fail("Cannot have " + std::to_string(keys.size()) +
                        " keys in multisig; must have between 1 and 20 keys, inclusive");
        }
        if (threshold < 1)
            return Fail("Multisig threshold cannot be " + std::to_string(threshold) + ", must be at least 1");
        if (static_cast<size_t>(threshold) > keys.size()) {
            return Fail("Multisig threshold cannot be larger than the number of keys; threshold is " +
                        std::to_string(threshold) + " but only " + std::to_string(keys.size()) + " keys specified");
        }
        if (ctx == Context::TOP && keys.size() > 3) {
            return Fail("Cannot have " + std::to_string(keys.size()) +
                        " pubkeys in bare multisig; only at most 3 pubkeys");
        }
        std::vector<std::vector<uint8_t>> key_bytes;
        text = std::string{sorted ? "sortedmulti(" : "multi("} + std::to_string(threshold);
        for (const KeyInfo& key : keys) {
            key_bytes.push_back(key.bytes);
            text += "," + key.text;
        }
        text += ")";
        if (sorted) std::sort(key_bytes.begin(), key_bytes.end());
        out = script::GetScriptForMultisig(static_cast<int>(threshold), key_bytes);
        return true;
    }
};

} // namespace

util::Result<ParsedDescriptor> ParseDescriptor(std::string_view text, const script::AddressParams& params,
                                               bool require_checksum)
{
    const size_t hash = text.find('#');
    std::string_view payload = text.substr(0, hash);
    if (hash != std::string_view::npos) {
        const std::string_view checksum = text.substr(hash + 1);
        if (checksum.find('#') != std::string_view::npos) return Error{"Multiple '#' symbols"};
        if (checksum.size() != 8) {
            return Error{"Expected 8 character checksum, not " + std::to_string(checksum.size()) + " characters"};
        }
        const std::string computed = DescriptorChecksum(payload);
        if (computed.empty()) return Error{"Invalid characters in payload"};
        if (checksum != computed) {
            return Error{"Provided checksum '" + std::string{checksum} + "' does not match computed checksum '" +
                         computed + "'"};
        }
    } else {
        if (require_checksum) return Error{"Missing checksum"};
        if (DescriptorChecksum(payload).empty()) return Error{"Invalid characters in payload"};
    }

    Parser parser{params};
    ParsedDescriptor result;
    std::string canonical;
    if (!parser.ParseScript(payload, Context::TOP, result.script_pub_key, canonical)) return Error{parser.error};
    result.canonical = AddChecksum(canonical);
    result.solvable = parser.solvable;
    result.has_private_keys = parser.has_private_keys;
    return result;
}

} // namespace rpc
