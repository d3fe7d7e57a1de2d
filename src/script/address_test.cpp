#include <script/address.h>
#include <script/base58.h>
#include <script/wif.h>

#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

// The address parameters of each network as Bitcoin Core defines them. The consensus
// library's chain parameters carry the same values; its tests compare the two.
script::AddressParams MainParams()
{
    return {{0}, {5}, {128}, {0x04, 0x88, 0xB2, 0x1E}, {0x04, 0x88, 0xAD, 0xE4}, "bc"};
}
script::AddressParams TestParams(std::string hrp)
{
    return {{111}, {196}, {239}, {0x04, 0x35, 0x87, 0xCF}, {0x04, 0x35, 0x83, 0x94}, std::move(hrp)};
}

const std::map<std::string, script::AddressParams>& AllChains()
{
    static const std::map<std::string, script::AddressParams> chains{
        {"main", MainParams()},
        {"test", TestParams("tb")},
        {"testnet4", TestParams("tb")},
        {"signet", TestParams("tb")},
        {"regtest", TestParams("bcrt")},
    };
    return chains;
}

std::string FlipCase(std::string s)
{
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

boost::json::array ReadVectors(const std::string& name)
{
    return boost::json::parse(testutil::ReadTestText(name)).as_array();
}

// Core's key_io_valid_parse: every valid string decodes to the expected script or key,
// and is not mistaken for the other kind.
TEST(KeyIoTest, ValidParse)
{
    BITNODE_REQUIRE_TESTDATA();
    int addresses = 0;
    int keys = 0;
    for (const auto& entry : ReadVectors("core/key_io_valid.json")) {
        const auto& test = entry.as_array();
        ASSERT_GE(test.size(), 3u);
        const std::string text(test[0].as_string());
        const auto payload = util::TryParseHex(std::string(test[1].as_string()));
        ASSERT_TRUE(payload);
        const auto& meta = test[2].as_object();
        const auto& params = AllChains().at(std::string(meta.at("chain").as_string()));
        if (meta.at("isPrivkey").as_bool()) {
            const auto key = script::DecodeSecret(text, params);
            ASSERT_TRUE(key) << text;
            EXPECT_EQ(key->compressed, meta.at("isCompressed").as_bool()) << text;
            EXPECT_EQ(std::vector<uint8_t>(key->secret.begin(), key->secret.end()), *payload) << text;
            EXPECT_FALSE(script::IsValidDestination(script::DecodeDestination(text, params))) << text;
            ++keys;
        } else {
            const auto dest = script::DecodeDestination(text, params);
            EXPECT_TRUE(script::IsValidDestination(dest)) << text;
            EXPECT_EQ(util::HexStr(script::GetScriptForDestination(dest).span()), util::HexStr(*payload)) << text;

            const bool try_case_flip = meta.contains("tryCaseFlip") && meta.at("tryCaseFlip").as_bool();
            const std::string flipped = FlipCase(text);
            const auto flipped_dest = script::DecodeDestination(flipped, params);
            EXPECT_EQ(script::IsValidDestination(flipped_dest), try_case_flip) << flipped;
            if (script::IsValidDestination(flipped_dest)) {
                EXPECT_EQ(util::HexStr(script::GetScriptForDestination(flipped_dest).span()), util::HexStr(*payload));
            }
            EXPECT_FALSE(script::DecodeSecret(flipped, params)) << flipped;
            ++addresses;
        }
    }
    EXPECT_EQ(addresses + keys, 70);
    std::cout << "key_io valid parse: " << addresses << " addresses, " << keys << " keys\n";
}

// Core's key_io_valid_gen: scripts and keys encode back to the exact strings.
TEST(KeyIoTest, ValidGenerate)
{
    BITNODE_REQUIRE_TESTDATA();
    int count = 0;
    for (const auto& entry : ReadVectors("core/key_io_valid.json")) {
        const auto& test = entry.as_array();
        const std::string text(test[0].as_string());
        const auto payload = util::TryParseHex(std::string(test[1].as_string()));
        ASSERT_TRUE(payload);
        const auto& meta = test[2].as_object();
        const auto& params = AllChains().at(std::string(meta.at("chain").as_string()));
        if (meta.at("isPrivkey").as_bool()) {
            script::WifKey key;
            ASSERT_EQ(payload->size(), 32u);
            std::copy(payload->begin(), payload->end(), key.secret.begin());
            key.compressed = meta.at("isCompressed").as_bool();
            EXPECT_EQ(script::EncodeSecret(key, params), text);
        } else {
            script::TxDestination dest;
            EXPECT_TRUE(script::ExtractDestination(script::Script(*payload), dest)) << text;
            EXPECT_EQ(script::EncodeDestination(dest, params), text);
        }
        ++count;
    }
    std::cout << "key_io valid generate: " << count << "\n";
}

// Core's key_io_invalid: rejected as address and as key on every network.
TEST(KeyIoTest, Invalid)
{
    BITNODE_REQUIRE_TESTDATA();
    int count = 0;
    for (const auto& entry : ReadVectors("core/key_io_invalid.json")) {
        const auto& test = entry.as_array();
        ASSERT_GE(test.size(), 1u);
        const std::string text(test[0].as_string());
        for (const auto& [chain, params] : AllChains()) {
            std::string error;
            EXPECT_FALSE(script::IsValidDestination(script::DecodeDestination(text, params, &error))) << chain << " " << text;
            EXPECT_FALSE(error.empty()) << chain << " " << text;
            EXPECT_FALSE(script::DecodeSecret(text, params)) << chain << " " << text;
        }
        ++count;
    }
    EXPECT_EQ(count, 70);
    std::cout << "key_io invalid strings: " << count << " x " << AllChains().size() << " chains\n";
}

// BIP173/BIP350 segwit address vectors (scriptPubKeys given by the BIPs).
TEST(AddressTest, SegwitVectors)
{
    const std::pair<const char*, const char*> valid[] = {
        {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
        {"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
         "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
        {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
         "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"},
        {"BC1SW50QGDZ25J", "6002751e"},
        {"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"},
        {"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
         "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
        {"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
         "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
         "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
    };
    for (const auto& [address, script_hex] : valid) {
        const std::string text = address;
        const auto& params = AllChains().at(text.substr(0, 2) == "bc" || text.substr(0, 2) == "BC" ? "main" : "test");
        std::string error;
        const auto dest = script::DecodeDestination(text, params, &error);
        ASSERT_TRUE(script::IsValidDestination(dest)) << text << ": " << error;
        EXPECT_EQ(util::HexStr(script::GetScriptForDestination(dest).span()), script_hex);
        std::string lower = text;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(script::EncodeDestination(dest, params), lower);
    }

    const std::pair<const char*, const char*> invalid[] = {
        {"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
         "Invalid or unsupported Segwit (Bech32) or Base58 encoding."},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
         "Version 1+ witness address must use Bech32m checksum"},
        {"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
         "Version 1+ witness address must use Bech32m checksum"},
        {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "Version 0 witness address must use Bech32 checksum"},
        {"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "Invalid Base 32 character"},
        {"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "Invalid Bech32 address witness version"},
        {"bc1pw5dgrnzv", "Invalid Bech32 address program size (1 byte)"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
         "Invalid Bech32 address program size (41 bytes)"},
        {"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "Invalid Bech32 v0 address program size (16 bytes), per BIP141"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "Invalid padding in Bech32 data section"},
        {"bc1gmk9yu", "Empty Bech32 data section"},
        {"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",
         "Invalid or unsupported prefix for Segwit (Bech32) address (expected bc, got bcrt)."},
    };
    for (const auto& [address, expected_error] : invalid) {
        std::string error;
        EXPECT_FALSE(script::IsValidDestination(script::DecodeDestination(address, MainParams(), &error))) << address;
        EXPECT_EQ(error, expected_error) << address;
    }
    // Testnet-only invalid vectors.
    for (const char* address : {"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
                                "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
                                "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
                                "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j"}) {
        EXPECT_FALSE(script::IsValidDestinationString(address, TestParams("tb"))) << address;
    }
}

TEST(AddressTest, Base58Errors)
{
    std::string error;
    // A valid mainnet P2PKH address on testnet, and a truncated one.
    script::DecodeDestination("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", TestParams("tb"), &error);
    EXPECT_EQ(error, "Invalid or unsupported Base58-encoded address.");
    script::DecodeDestination("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp", MainParams(), &error);
    EXPECT_EQ(error, "Invalid checksum or length of Base58 address (P2PKH or P2SH)");
    script::DecodeDestination("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2m0", MainParams(), &error);
    EXPECT_EQ(error, "Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
    // Version byte 0 with a 19-byte hash.
    const std::string short_hash = script::EncodeBase58Check(std::vector<uint8_t>(20, 0));
    script::DecodeDestination(short_hash, MainParams(), &error);
    EXPECT_EQ(error, "Invalid length for Base58 address (P2PKH or P2SH)");
}

TEST(AddressTest, AnchorAndUnencodable)
{
    const auto main = MainParams();
    const script::TxDestination anchor = script::PayToAnchor{};
    EXPECT_EQ(util::HexStr(script::GetScriptForDestination(anchor).span()), "51024e73");
    EXPECT_EQ(script::EncodeDestination(anchor, main), "bc1pfeessrawgf");
    EXPECT_TRUE(std::holds_alternative<script::PayToAnchor>(script::DecodeDestination("bc1pfeessrawgf", main)));
    script::TxDestination extracted;
    EXPECT_TRUE(script::ExtractDestination(script::GetScriptForDestination(anchor), extracted));
    EXPECT_TRUE(std::holds_alternative<script::PayToAnchor>(extracted));

    EXPECT_EQ(script::EncodeDestination(script::NoDestination{}, main), "");
    EXPECT_EQ(script::EncodeDestination(script::PubKeyDestination{std::vector<uint8_t>(33, 2)}, main), "");
    EXPECT_EQ(script::EncodeDestination(script::WitnessUnknown{0, {1, 2}}, main), "");
    EXPECT_EQ(script::EncodeDestination(script::WitnessUnknown{2, {1}}, main), "");
    EXPECT_EQ(script::EncodeDestination(script::WitnessUnknown{17, {1, 2}}, main), "");
}

TEST(WifTest, RoundTripsAndRange)
{
    const auto main = MainParams();
    const auto test = TestParams("tb");
    script::WifKey key;
    key.secret.fill(0);
    key.secret[31] = 1;
    for (const bool compressed : {true, false}) {
        key.compressed = compressed;
        const std::string text = script::EncodeSecret(key, main);
        EXPECT_EQ(text[0], compressed ? 'K' : '5');
        const auto back = script::DecodeSecret(text, main);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->secret, key.secret);
        EXPECT_EQ(back->compressed, compressed);
        EXPECT_FALSE(script::DecodeSecret(text, test)); // wrong network
    }
    // Well-known key 1: "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn".
    key.compressed = true;
    EXPECT_EQ(script::EncodeSecret(key, main), "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn");

    // Zero and n are not keys; n-1 is.
    std::array<uint8_t, 32> secret{};
    EXPECT_FALSE(script::IsValidSecretKey(secret));
    const auto order = util::TryParseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    std::copy(order->begin(), order->end(), secret.begin());
    EXPECT_FALSE(script::IsValidSecretKey(secret));
    std::vector<uint8_t> wif_payload{128};
    wif_payload.insert(wif_payload.end(), secret.begin(), secret.end());
    EXPECT_FALSE(script::DecodeSecret(script::EncodeBase58Check(wif_payload), main));
    secret[31] -= 1;
    EXPECT_TRUE(script::IsValidSecretKey(secret));

    // The compression flag must be exactly 0x01.
    wif_payload.assign(1, 128);
    wif_payload.insert(wif_payload.end(), key.secret.begin(), key.secret.end());
    wif_payload.push_back(2);
    EXPECT_FALSE(script::DecodeSecret(script::EncodeBase58Check(wif_payload), main));
}

} // namespace
