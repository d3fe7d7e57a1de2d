// Fuzz targets for the serialization entry points of src/primitives: transactions,
// blocks, block headers, CompactSize/VarInt and the smaller wire types. The contract
// under test (serialize.h): malformed bytes throw DeserializeError and nothing else, and a
// successful parse serializes back to exactly the bytes it consumed, because every
// encoding the parser accepts is canonical (non-canonical CompactSizes and superfluous
// witness flags are rejected). Cached ids, sizes and weights must match a recomputation.
#include "data_reader.h"
#include "fuzz.h"

#include <consensus/merkle.h>
#include <primitives/arith_uint256.h>
#include <primitives/block.h>
#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <primitives/transaction.h>

#include <optional>
#include <stdexcept>
#include <vector>

namespace {

using primitives::DeserializeError;
using primitives::SpanReader;

bool SameBytes(const std::vector<uint8_t>& a, fuzz::Buffer b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// Reads one T from the front of the input; on success checks it writes back as the
// bytes it was read from. Returns the number of bytes consumed, or nullopt.
template <typename T>
std::optional<size_t> CheckPrefixRoundTrip(fuzz::Buffer buffer)
{
    SpanReader reader{buffer};
    T value{};
    try {
        reader >> value;
    } catch (const DeserializeError&) {
        return std::nullopt;
    }
    FUZZ_CHECK(SameBytes(primitives::SerializeToBytes(value), buffer.first(reader.Position())));
    FUZZ_CHECK(primitives::GetSerializeSize(value) == reader.Position());
    return reader.Position();
}

void CheckTransaction(const primitives::Transaction& tx, fuzz::Buffer bytes, bool with_witness)
{
    const std::vector<uint8_t> full = primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(tx));
    const std::vector<uint8_t> stripped = primitives::SerializeToBytes(primitives::TX_NO_WITNESS(tx));
    FUZZ_CHECK(SameBytes(with_witness ? full : stripped, bytes));
    FUZZ_CHECK(tx.GetTotalSize() == full.size());
    FUZZ_CHECK(tx.GetStrippedSize() == stripped.size());
    FUZZ_CHECK(tx.GetWeight() == static_cast<int64_t>(stripped.size() * 3 + full.size()));
    FUZZ_CHECK(tx.HasWitness() == (full != stripped));

    primitives::HashWriter txid, wtxid;
    txid << primitives::TX_NO_WITNESS(tx);
    wtxid << primitives::TX_WITH_WITNESS(tx);
    FUZZ_CHECK(tx.GetHash().ToUint256() == txid.GetHash());
    FUZZ_CHECK(tx.GetWitnessHash().ToUint256() == wtxid.GetHash());
    try {
        (void)tx.GetValueOut();
    } catch (const std::runtime_error&) {
        // Out-of-range values are a documented outcome (consensus checks reject them).
    }
}

} // namespace

FUZZ_TARGET(tx)
{
    for (const bool with_witness : {true, false}) {
        primitives::MutableTransaction mtx;
        try {
            if (with_witness) {
                primitives::DeserializeFromBytes(buffer, primitives::TX_WITH_WITNESS(mtx), "transaction");
            } else {
                primitives::DeserializeFromBytes(buffer, primitives::TX_NO_WITNESS(mtx), "transaction");
            }
        } catch (const DeserializeError&) {
            continue;
        }
        const primitives::Transaction tx{mtx};
        CheckTransaction(tx, buffer, with_witness);
        FUZZ_CHECK(mtx.GetHash() == tx.GetHash());
    }
}

FUZZ_TARGET(block)
{
    primitives::Block block;
    try {
        primitives::DeserializeFromBytes(buffer, primitives::TX_WITH_WITNESS(block), "block");
    } catch (const DeserializeError&) {
        return;
    }
    FUZZ_CHECK(SameBytes(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(block)), buffer));
    FUZZ_CHECK(primitives::GetBlockTotalSize(block) == buffer.size());
    FUZZ_CHECK(primitives::GetBlockStrippedSize(block) ==
               primitives::SerializeToBytes(primitives::TX_NO_WITNESS(block)).size());
    FUZZ_CHECK(primitives::GetBlockWeight(block) ==
               static_cast<int64_t>(primitives::GetBlockStrippedSize(block) * 3 + primitives::GetBlockTotalSize(block)));

    primitives::HashWriter header;
    header.Write(buffer.first(primitives::BLOCK_HEADER_SIZE));
    FUZZ_CHECK(block.GetHash() == header.GetHash());

    // Merkle roots and the witness commitment are computed over attacker-shaped trees.
    bool mutated = false;
    (void)consensus::BlockMerkleRoot(block, &mutated);
    (void)consensus::BlockWitnessMerkleRoot(block, &mutated);
    (void)consensus::GetWitnessCommitmentIndex(block);
    (void)consensus::CheckWitnessCommitment(block);
    for (const auto& tx : block.vtx) {
        FUZZ_CHECK(tx != nullptr);
        CheckTransaction(*tx, primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*tx)), true);
    }
}

FUZZ_TARGET(block_header)
{
    primitives::BlockHeader header;
    try {
        primitives::DeserializeFromBytes(buffer, header, "block header");
    } catch (const DeserializeError&) {
        FUZZ_CHECK(buffer.size() != primitives::BLOCK_HEADER_SIZE);
        return;
    }
    FUZZ_CHECK(buffer.size() == primitives::BLOCK_HEADER_SIZE);
    FUZZ_CHECK(SameBytes(primitives::SerializeToBytes(header), buffer));
    primitives::HashWriter hash;
    hash.Write(buffer);
    FUZZ_CHECK(header.GetHash() == hash.GetHash());

    // The compact target: decoding then encoding is stable, whatever the bits say.
    bool negative = false, overflow = false;
    primitives::arith_uint256 target;
    target.SetCompact(header.bits, &negative, &overflow);
    if (!negative && !overflow) {
        primitives::arith_uint256 again;
        again.SetCompact(target.GetCompact());
        FUZZ_CHECK(again == target);
    }
}

FUZZ_TARGET(compact_size)
{
    // Reading: whatever parses is the one canonical encoding of its value.
    for (const bool range_check : {true, false}) {
        SpanReader reader{buffer};
        try {
            const uint64_t n = primitives::ReadCompactSize(reader, range_check);
            if (range_check) FUZZ_CHECK(n <= primitives::MAX_SIZE);
            std::vector<uint8_t> out;
            primitives::VectorWriter writer{out};
            primitives::WriteCompactSize(writer, n);
            FUZZ_CHECK(SameBytes(out, buffer.first(reader.Position())));
            FUZZ_CHECK(out.size() == primitives::GetSizeOfCompactSize(n));
        } catch (const DeserializeError&) {
        }
    }
    {
        SpanReader reader{buffer};
        try {
            const uint64_t n = primitives::ReadVarInt<uint64_t>(reader);
            std::vector<uint8_t> out;
            primitives::VectorWriter writer{out};
            primitives::WriteVarInt(writer, n);
            FUZZ_CHECK(SameBytes(out, buffer.first(reader.Position())));
        } catch (const DeserializeError&) {
        }
    }
    // Writing: every value reads back.
    fuzz::DataReader data{buffer};
    const uint64_t value = data.Integral<uint64_t>();
    std::vector<uint8_t> out;
    primitives::VectorWriter writer{out};
    primitives::WriteCompactSize(writer, value);
    primitives::WriteVarInt(writer, value);
    SpanReader reader{out};
    FUZZ_CHECK(primitives::ReadCompactSize(reader, false) == value);
    FUZZ_CHECK(primitives::ReadVarInt<uint64_t>(reader) == value);
    FUZZ_CHECK(reader.empty());
}

FUZZ_TARGET(serialize_types)
{
    // The first byte picks the type; the rest is parsed as one or more of it.
    if (buffer.empty()) return;
    const uint8_t kind = buffer[0] % 7;
    fuzz::Buffer rest = buffer.subspan(1);
    for (int i = 0; i < 4 && !rest.empty(); ++i) {
        std::optional<size_t> used;
        switch (kind) {
        case 0: used = CheckPrefixRoundTrip<primitives::OutPoint>(rest); break;
        case 1: used = CheckPrefixRoundTrip<primitives::TxIn>(rest); break;
        case 2: used = CheckPrefixRoundTrip<primitives::TxOut>(rest); break;
        case 3: used = CheckPrefixRoundTrip<primitives::uint256>(rest); break;
        case 4: used = CheckPrefixRoundTrip<std::vector<uint8_t>>(rest); break;
        case 5: used = CheckPrefixRoundTrip<std::vector<std::vector<uint8_t>>>(rest); break;
        default: used = CheckPrefixRoundTrip<primitives::BlockHeader>(rest); break;
        }
        if (!used) return;
        rest = rest.subspan(*used);
    }
}
