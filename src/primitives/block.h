// Blocks: the 80-byte BlockHeader and the Block (header plus transactions).
//
// The block hash is the double-SHA-256 of the serialized header. A Block serializes as
// its header followed by a vector of transactions; read and write it with parameters,
// e.g. `reader >> TX_WITH_WITNESS(block)`. Merkle roots and witness commitments live in
// consensus/merkle.h.
//
// Thread safety: plain values; a const Block may be read from any number of threads.
#ifndef BITNODE_PRIMITIVES_BLOCK_H
#define BITNODE_PRIMITIVES_BLOCK_H

#include <primitives/serialize.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace primitives {

/** Serialized size of a block header. */
inline constexpr size_t BLOCK_HEADER_SIZE = 80;

class BlockHeader
{
public:
    int32_t version{0};
    uint256 hash_prev_block;
    uint256 hash_merkle_root;
    uint32_t time{0};
    /** Compact target (see arith_uint256::SetCompact). */
    uint32_t bits{0};
    uint32_t nonce{0};

    SERIALIZE_METHODS(BlockHeader, obj)
    {
        READWRITE(obj.version, obj.hash_prev_block, obj.hash_merkle_root, obj.time, obj.bits, obj.nonce);
    }

    void SetNull() { *this = BlockHeader{}; }
    /** A header with bits == 0 is Core's "null" header. */
    bool IsNull() const { return bits == 0; }

    /** Double-SHA-256 of the 80 serialized bytes. */
    uint256 GetHash() const;
    int64_t GetBlockTime() const { return time; }

    friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

class Block : public BlockHeader
{
public:
    std::vector<TransactionRef> vtx;

    Block() = default;
    explicit Block(const BlockHeader& header) : BlockHeader{header} {}

    SERIALIZE_METHODS(Block, obj) { READWRITE(AsBase<BlockHeader>(obj), obj.vtx); }

    void SetNull()
    {
        BlockHeader::SetNull();
        vtx.clear();
    }
    BlockHeader GetBlockHeader() const { return *this; }
};

/** Serialized size of the block without witness data (from the transactions' cached sizes). */
size_t GetBlockStrippedSize(const Block& block);
/** Serialized size of the block with witness data. */
size_t GetBlockTotalSize(const Block& block);
/** BIP141 block weight: stripped size * 3 + total size. */
int64_t GetBlockWeight(const Block& block);

} // namespace primitives

#endif // BITNODE_PRIMITIVES_BLOCK_H
