#include <chain/block_index.h>

#include <consensus/limits.h>

#include <algorithm>
#include <array>

namespace chain {

using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_HAVE_DATA;
using storage::BLOCK_HAVE_UNDO;
using storage::BLOCK_VALID_MASK;

BlockIndex::BlockIndex(const primitives::BlockHeader& header)
    : version{header.version}, merkle_root{header.hash_merkle_root}, time{header.time}, bits{header.bits},
      nonce{header.nonce}
{
}

primitives::BlockHeader BlockIndex::GetBlockHeader() const
{
    primitives::BlockHeader header;
    header.version = version;
    if (prev) header.hash_prev_block = prev->hash;
    header.hash_merkle_root = merkle_root;
    header.time = time;
    header.bits = bits;
    header.nonce = nonce;
    return header;
}

int64_t BlockIndex::GetMedianTimePast() const
{
    std::array<int64_t, consensus::MEDIAN_TIME_SPAN> times{};
    size_t count = 0;
    for (const BlockIndex* walk = this; walk && count < times.size(); walk = walk->prev) {
        times[count++] = walk->GetBlockTime();
    }
    std::sort(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(count));
    return times[count / 2];
}

namespace {

/** n with its lowest set bit cleared. */
int ClearLowestBit(int n) { return n & (n - 1); }

/**
 * Height the skip pointer of a block at `height` points to. Any deterministic choice below
 * the height works; this one (Core's) makes every walk take O(log n) steps: even heights
 * drop their lowest set bit, odd heights drop the two lowest bits of height - 1.
 */
int SkipHeight(int height)
{
    if (height < 2) return 0;
    return (height & 1) ? ClearLowestBit(ClearLowestBit(height - 1)) + 1 : ClearLowestBit(height);
}

} // namespace

const BlockIndex* BlockIndex::GetAncestor(int target) const
{
    if (target > height || target < 0) return nullptr;
    const BlockIndex* walk = this;
    int walk_height = height;
    while (walk_height > target) {
        const int skip_height = SkipHeight(walk_height);
        const int skip_height_prev = SkipHeight(walk_height - 1);
        // Take the skip pointer when it lands on the target, or when it stays above the
        // target and the parent's skip would not have been the better jump.
        const bool take_skip =
            walk->skip != nullptr &&
            (skip_height == target ||
             (skip_height > target && !(skip_height_prev < skip_height - 2 && skip_height_prev >= target)));
        if (take_skip) {
            walk = walk->skip;
            walk_height = skip_height;
        } else {
            walk = walk->prev;
            --walk_height;
        }
    }
    return walk;
}

BlockIndex* BlockIndex::GetAncestor(int target)
{
    return const_cast<BlockIndex*>(static_cast<const BlockIndex*>(this)->GetAncestor(target));
}

void BlockIndex::BuildSkip()
{
    if (prev) skip = prev->GetAncestor(SkipHeight(height));
}

bool BlockIndex::IsValid(uint32_t level) const
{
    if (status & BLOCK_FAILED_MASK) return false;
    return (status & BLOCK_VALID_MASK) >= level;
}

bool BlockIndex::RaiseValidity(uint32_t level)
{
    if (status & BLOCK_FAILED_MASK) return false;
    if ((status & BLOCK_VALID_MASK) >= level) return false;
    status = (status & ~static_cast<uint32_t>(BLOCK_VALID_MASK)) | level;
    return true;
}

storage::FlatFilePos BlockIndex::GetBlockPos() const
{
    if (!(status & BLOCK_HAVE_DATA)) return {};
    return {file, data_pos};
}

storage::FlatFilePos BlockIndex::GetUndoPos() const
{
    if (!(status & BLOCK_HAVE_UNDO)) return {};
    return {file, undo_pos};
}

storage::DiskBlockIndex BlockIndex::ToDisk() const
{
    storage::DiskBlockIndex disk;
    disk.hash = hash;
    disk.height = height;
    disk.status = status;
    disk.tx_count = tx_count;
    disk.file = file;
    disk.data_pos = data_pos;
    disk.undo_pos = undo_pos;
    disk.version = version;
    if (prev) disk.hash_prev = prev->hash;
    disk.hash_merkle_root = merkle_root;
    disk.time = time;
    disk.bits = bits;
    disk.nonce = nonce;
    return disk;
}

void BlockIndex::LoadFromDisk(const storage::DiskBlockIndex& disk)
{
    height = disk.height;
    status = disk.status;
    tx_count = disk.tx_count;
    file = disk.file;
    data_pos = disk.data_pos;
    undo_pos = disk.undo_pos;
    version = disk.version;
    merkle_root = disk.hash_merkle_root;
    time = disk.time;
    bits = disk.bits;
    nonce = disk.nonce;
}

std::string BlockIndex::ToString() const
{
    return "BlockIndex(hash=" + hash.GetHex() + ", height=" + std::to_string(height) +
           ", status=" + std::to_string(status) + ", tx=" + std::to_string(tx_count) + ")";
}

bool BlockIndexWorkComparator::operator()(const BlockIndex* a, const BlockIndex* b) const
{
    if (a->chain_work != b->chain_work) return a->chain_work < b->chain_work;
    // Equal work: the block that arrived later sorts lower, so the first one seen is the best.
    if (a->sequence_id != b->sequence_id) return a->sequence_id > b->sequence_id;
    // Only blocks loaded from disk share an id; any fixed order will do between them.
    return std::less<const BlockIndex*>{}(b, a);
}

const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b)
{
    if (!a || !b) return nullptr;
    if (a->height > b->height) {
        a = a->GetAncestor(b->height);
    } else if (b->height > a->height) {
        b = b->GetAncestor(a->height);
    }
    while (a != b && a && b) {
        a = a->prev;
        b = b->prev;
    }
    return a == b ? a : nullptr;
}

} // namespace chain
