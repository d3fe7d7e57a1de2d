// Fuzz targets for the text encodings in src/script: Base58(Check), Bech32/Bech32m,
// addresses and WIF. Each decoder is compared with the slow reference implementation in
// reference_encodings.cpp, and whatever decodes must encode back to the same thing.
#include "data_reader.h"
#include "fuzz.h"
#include "reference_encodings.h"

#include <script/address.h>
#include <script/addresstype.h>
#include <script/base58.h>
#include <script/bech32.h>
#include <script/wif.h>

#include <string>
#include <string_view>

namespace {

namespace ref = fuzz::reference;

// Inputs longer than this make the quadratic reference decoder the bottleneck, and
// nothing real is that long (addresses are under 100 characters).
constexpr size_t MAX_TEXT = 300;

struct TestNetwork {
    ref::Network reference;
    script::AddressParams params;
};

std::vector<TestNetwork> Networks()
{
    const auto make = [](uint8_t pkh, uint8_t sh, uint8_t secret, const std::string& hrp) {
        script::AddressParams params;
        params.pubkey_prefix = {pkh};
        params.script_prefix = {sh};
        params.secret_key_prefix = {secret};
        params.bech32_hrp = hrp;
        return TestNetwork{ref::Network{pkh, sh, secret, hrp}, params};
    };
    return {make(0, 5, 128, "bc"), make(111, 196, 239, "tb"), make(111, 196, 239, "bcrt")};
}

std::string Lower(std::string s)
{
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return s;
}

bool HasSpace(std::string_view s) { return s.find_first_of(" \t\n\v\f\r") != std::string_view::npos; }

} // namespace

FUZZ_TARGET(base58)
{
    if (buffer.size() > MAX_TEXT) return;
    const std::string text(buffer.begin(), buffer.end());
    for (size_t max_len : {size_t{1000}, text.size() % 40}) {
        const auto decoded = script::DecodeBase58(text, max_len);
        FUZZ_CHECK(decoded == ref::DecodeBase58(text, max_len));
        if (decoded && !HasSpace(text)) FUZZ_CHECK(script::EncodeBase58(*decoded) == text);

        const auto payload = script::DecodeBase58Check(text, max_len);
        FUZZ_CHECK(payload == ref::DecodeBase58Check(text, max_len));
        if (payload && !HasSpace(text)) FUZZ_CHECK(script::EncodeBase58Check(*payload) == text);
    }
    // Any bytes encode to text that decodes back to them.
    const std::vector<uint8_t> bytes(buffer.begin(), buffer.end());
    FUZZ_CHECK(script::DecodeBase58(script::EncodeBase58(bytes), bytes.size()) == bytes);
    FUZZ_CHECK(script::DecodeBase58Check(script::EncodeBase58Check(bytes), bytes.size()) == bytes);
}

FUZZ_TARGET(bech32)
{
    if (buffer.size() > MAX_TEXT) return;
    const std::string text(buffer.begin(), buffer.end());
    for (size_t limit : {script::bech32::MAX_ADDRESS_LENGTH, size_t{MAX_TEXT}}) {
        const script::bech32::DecodeResult ours = script::bech32::Decode(text, limit);
        const ref::Bech32Decoded theirs = ref::DecodeBech32(text, limit);
        const bool valid = ours.encoding != script::bech32::Encoding::INVALID;
        FUZZ_CHECK(valid == (theirs.kind != ref::Bech32Kind::INVALID));
        const auto [error, locations] = script::bech32::LocateErrors(text, limit);
        FUZZ_CHECK(error.empty() == valid);
        for (int pos : locations) FUZZ_CHECK(pos >= 0 && static_cast<size_t>(pos) < text.size());
        if (!valid) continue;
        FUZZ_CHECK((ours.encoding == script::bech32::Encoding::BECH32) == (theirs.kind == ref::Bech32Kind::BECH32));
        FUZZ_CHECK(ours.hrp == theirs.hrp);
        FUZZ_CHECK(ours.data == theirs.data);
        FUZZ_CHECK(script::bech32::Encode(ours.encoding, ours.hrp, ours.data) == Lower(text));
    }

    // Regrouping bits agrees with the bit-by-bit reference, both ways.
    const std::vector<uint8_t> bytes(buffer.begin(), buffer.end());
    std::vector<uint8_t> fives;
    FUZZ_CHECK(script::bech32::ConvertBits(8, 5, true, bytes, fives));
    FUZZ_CHECK(ref::ConvertBits(bytes, 8, 5, true) == fives);
    std::vector<uint8_t> back;
    FUZZ_CHECK(script::bech32::ConvertBits(5, 8, false, fives, back) && back == bytes);
    std::vector<uint8_t> masked = bytes, regrouped;
    for (uint8_t& b : masked) b &= 31;
    const bool ok = script::bech32::ConvertBits(5, 8, false, masked, regrouped);
    const auto expected = ref::ConvertBits(masked, 5, 8, false);
    FUZZ_CHECK(ok == expected.has_value());
    if (ok) FUZZ_CHECK(regrouped == *expected);
}

FUZZ_TARGET(address)
{
    if (buffer.size() > MAX_TEXT) return;
    const std::string text(buffer.begin(), buffer.end());
    for (const TestNetwork& net : Networks()) {
        std::string error;
        std::vector<int> locations;
        const script::TxDestination dest = script::DecodeDestination(text, net.params, &error, &locations);
        const bool valid = script::IsValidDestination(dest);
        FUZZ_CHECK(valid == script::IsValidDestinationString(text, net.params));
        FUZZ_CHECK(valid == error.empty());
        for (int pos : locations) FUZZ_CHECK(pos >= 0 && static_cast<size_t>(pos) < text.size());

        const std::optional<std::vector<uint8_t>> expected = ref::AddressToScript(text, net.reference);
        FUZZ_CHECK(valid == expected.has_value());
        if (!valid) continue;
        FUZZ_CHECK(script::GetScriptForDestination(dest).bytes() == *expected);

        // The address of what we decoded names the same destination.
        const std::string encoded = script::EncodeDestination(dest, net.params);
        FUZZ_CHECK(script::DecodeDestination(encoded, net.params) == dest);
        if (!HasSpace(text)) FUZZ_CHECK(encoded == text || encoded == Lower(text));
        script::TxDestination extracted;
        FUZZ_CHECK(script::ExtractDestination(script::GetScriptForDestination(dest), extracted) && extracted == dest);
    }
}

FUZZ_TARGET(wif)
{
    if (buffer.size() > MAX_TEXT) return;
    const std::string text(buffer.begin(), buffer.end());
    for (const TestNetwork& net : Networks()) {
        const std::optional<script::WifKey> key = script::DecodeSecret(text, net.params);
        const std::optional<ref::Secret> expected = ref::DecodeWif(text, net.reference);
        FUZZ_CHECK(key.has_value() == expected.has_value());
        if (!key) continue;
        FUZZ_CHECK(std::equal(key->secret.begin(), key->secret.end(), expected->key.begin(), expected->key.end()));
        FUZZ_CHECK(key->compressed == expected->compressed);
        FUZZ_CHECK(script::IsValidSecretKey(key->secret));
        const std::string encoded = script::EncodeSecret(*key, net.params);
        if (!HasSpace(text)) FUZZ_CHECK(encoded == text);
        const auto again = script::DecodeSecret(encoded, net.params);
        FUZZ_CHECK(again && again->secret == key->secret && again->compressed == key->compressed);
    }
}
