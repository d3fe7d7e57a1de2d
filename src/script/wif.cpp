#include <script/wif.h>

#include <script/base58.h>

#include <algorithm>
#include <cassert>

namespace script {
namespace {

/** The secp256k1 group order n, big-endian. */
constexpr std::array<uint8_t, 32> CURVE_ORDER{
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

/** Overwrite a buffer that held a secret in a way the optimiser may not drop. */
void Cleanse(std::vector<uint8_t>& bytes)
{
    volatile uint8_t* p = bytes.data();
    for (size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
}

} // namespace

bool IsValidSecretKey(const std::array<uint8_t, 32>& secret)
{
    const bool zero = std::all_of(secret.begin(), secret.end(), [](uint8_t b) { return b == 0; });
    return !zero && std::lexicographical_compare(secret.begin(), secret.end(), CURVE_ORDER.begin(), CURVE_ORDER.end());
}

std::string EncodeSecret(const WifKey& key, const AddressParams& params)
{
    assert(IsValidSecretKey(key.secret));
    std::vector<uint8_t> data = params.secret_key_prefix;
    data.insert(data.end(), key.secret.begin(), key.secret.end());
    if (key.compressed) data.push_back(1);
    std::string out = EncodeBase58Check(data);
    Cleanse(data);
    return out;
}

std::optional<WifKey> DecodeSecret(std::string_view str, const AddressParams& params)
{
    auto data = DecodeBase58Check(str, 34);
    if (!data) return std::nullopt;
    const std::vector<uint8_t>& prefix = params.secret_key_prefix;
    const size_t p = prefix.size();
    std::optional<WifKey> key;
    const bool uncompressed = data->size() == p + 32;
    const bool compressed = data->size() == p + 33 && data->back() == 1;
    if ((uncompressed || compressed) && std::equal(prefix.begin(), prefix.end(), data->begin())) {
        WifKey k;
        std::copy_n(data->begin() + static_cast<std::ptrdiff_t>(p), 32, k.secret.begin());
        k.compressed = compressed;
        if (IsValidSecretKey(k.secret)) key = k;
        std::fill(k.secret.begin(), k.secret.end(), 0);
    }
    Cleanse(*data);
    return key;
}

} // namespace script
