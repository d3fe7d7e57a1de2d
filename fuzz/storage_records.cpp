// Fuzz targets for the records the node reads back from its own disk: chainstate coins,
// undo data (rev*.dat), block index entries and block file statistics. A damaged or
// hostile datadir must produce a DeserializeError, never a crash; a record that decodes
// must re-encode to bytes that decode to the same value (decoding may normalise once,
// e.g. a script stored in a special compressed form, but never twice).
#include "data_reader.h"
#include "fuzz.h"

#include <primitives/amount.h>
#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <storage/block_index_db.h>
#include <storage/coin.h>
#include <storage/compressor.h>
#include <storage/undo.h>

#include <optional>
#include <vector>

namespace {

using primitives::DeserializeError;
using primitives::SpanReader;

/** Decode a T from the front of buffer; nullopt if the bytes are malformed. */
template <typename T>
std::optional<T> Decode(fuzz::Buffer buffer)
{
    SpanReader reader{buffer};
    T value{};
    try {
        reader >> value;
    } catch (const DeserializeError&) {
        return std::nullopt;
    }
    return value;
}

// Amounts are stored compressed, and the compression round-trips only for 0..MAX_MONEY
// (as Core's: larger values overflow inside CompressAmount). The node never writes a
// larger value, so a record holding one is damage: it must decode without UB, but it
// need not re-encode stably.
bool AmountsInRange(const storage::Coin& coin) { return primitives::MoneyRange(coin.out.value); }
bool AmountsInRange(const storage::BlockUndo& undo)
{
    for (const auto& tx : undo.vtxundo) {
        for (const auto& coin : tx.prevout) {
            if (!AmountsInRange(coin)) return false;
        }
    }
    return true;
}
template <typename T>
bool AmountsInRange(const T&)
{
    return true;
}

/** Whatever decodes re-encodes to a fixed point: encode(decode(encode(x))) == encode(x). */
template <typename T>
void CheckStable(fuzz::Buffer buffer)
{
    const std::optional<T> first = Decode<T>(buffer);
    if (!first || !AmountsInRange(*first)) return;
    const std::vector<uint8_t> bytes = primitives::SerializeToBytes(*first);
    FUZZ_CHECK(primitives::GetSerializeSize(*first) == bytes.size());
    const std::optional<T> second = Decode<T>(bytes);
    FUZZ_CHECK(second.has_value());
    FUZZ_CHECK(primitives::SerializeToBytes(*second) == bytes);
}

} // namespace

FUZZ_TARGET(storage_coin)
{
    const std::optional<storage::Coin> coin = Decode<storage::Coin>(buffer);
    if (!coin || !AmountsInRange(*coin)) return;
    const std::vector<uint8_t> bytes = primitives::SerializeToBytes(*coin);
    const std::optional<storage::Coin> again = Decode<storage::Coin>(bytes);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->height == coin->height && again->coinbase == coin->coinbase);
    FUZZ_CHECK(again->out == coin->out);
}

FUZZ_TARGET(storage_block_undo) { CheckStable<storage::BlockUndo>(buffer); }

FUZZ_TARGET(storage_block_index)
{
    CheckStable<storage::DiskBlockIndex>(buffer);
    CheckStable<storage::BlockFileInfo>(buffer);
}

// Amount compression round-trips every amount, and script compression every script it
// accepts in a special form.
FUZZ_TARGET(storage_compressor)
{
    fuzz::DataReader reader{buffer};
    const uint64_t amount = reader.Integral<uint64_t>() % (static_cast<uint64_t>(primitives::MAX_MONEY) + 1);
    FUZZ_CHECK(storage::DecompressAmount(storage::CompressAmount(amount)) == amount);
    (void)storage::DecompressAmount(reader.Integral<uint64_t>()); // any stored value, no UB

    const std::vector<uint8_t> rest = reader.RemainingBytes();
    const primitives::ScriptBytes script(rest.begin(), rest.end());
    if (const auto special = storage::CompressScript(script)) {
        primitives::ScriptBytes back;
        FUZZ_CHECK(special->size > 0);
        const unsigned tag = special->bytes[0];
        FUZZ_CHECK(special->size == 1 + storage::GetSpecialScriptSize(tag));
        FUZZ_CHECK(storage::DecompressScript(back, tag, special->bytes.data() + 1));
        FUZZ_CHECK(back == script);
    }
}
