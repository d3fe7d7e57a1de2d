// Block hashing and size/weight helpers.
#include <primitives/block.h>

#include <primitives/streams.h>

namespace primitives {

uint256 BlockHeader::GetHash() const
{
    HashWriter hasher;
    hasher << *this;
    return hasher.GetHash();
}

size_t GetBlockStrippedSize(const Block& block)
{
    size_t size = BLOCK_HEADER_SIZE + GetSizeOfCompactSize(block.vtx.size());
    for (const TransactionRef& tx : block.vtx) size += tx->GetStrippedSize();
    return size;
}

size_t GetBlockTotalSize(const Block& block)
{
    size_t size = BLOCK_HEADER_SIZE + GetSizeOfCompactSize(block.vtx.size());
    for (const TransactionRef& tx : block.vtx) size += tx->GetTotalSize();
    return size;
}

int64_t GetBlockWeight(const Block& block)
{
    return static_cast<int64_t>(GetBlockStrippedSize(block)) * (WITNESS_SCALE_FACTOR - 1) +
           static_cast<int64_t>(GetBlockTotalSize(block));
}

} // namespace primitives
