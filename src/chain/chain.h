// Chain: one chain of the block index held as a vector from genesis to tip, so that "the
// block at height h" and "is this block on the chain" are O(1). The active chain is one.
//
// A BlockLocator is a short list of hashes (dense near the tip, then exponentially sparser,
// ending with genesis) that lets a peer find the last block two chains share (P2P
// getheaders/getblocks), as Core's CBlockLocator.
//
// Thread safety: none inside; the active chain is guarded by its ChainstateManager's mutex.
#ifndef BITNODE_CHAIN_CHAIN_H
#define BITNODE_CHAIN_CHAIN_H

#include <chain/block_index.h>

#include <vector>

namespace chain {

struct BlockLocator {
    std::vector<uint256> hashes;

    bool IsNull() const { return hashes.empty(); }
};

/** Heights a locator from `height` names: tip, 9 more one by one, then doubling steps, then 0. */
std::vector<int> LocatorHeights(int height);

/** Locator of the chain ending at `index` (empty for null). */
BlockLocator GetLocator(const BlockIndex* index);

class Chain
{
public:
    /** The genesis block, or null for an empty chain. */
    BlockIndex* Genesis() const { return m_chain.empty() ? nullptr : m_chain.front(); }
    /** The tip, or null for an empty chain. */
    BlockIndex* Tip() const { return m_chain.empty() ? nullptr : m_chain.back(); }
    /** The block at `height`, or null outside the chain. */
    BlockIndex* operator[](int height) const
    {
        if (height < 0 || height >= static_cast<int>(m_chain.size())) return nullptr;
        return m_chain[static_cast<size_t>(height)];
    }
    /** Tip height; -1 for an empty chain. */
    int Height() const { return static_cast<int>(m_chain.size()) - 1; }

    bool Contains(const BlockIndex* index) const { return index && (*this)[index->height] == index; }
    /** The successor of index on this chain, or null if index is the tip or not on the chain. */
    BlockIndex* Next(const BlockIndex* index) const
    {
        return Contains(index) ? (*this)[index->height + 1] : nullptr;
    }

    /** Make the chain end at `tip` (null empties it). Reuses the part shared with the old chain. */
    void SetTip(BlockIndex* tip);
    /** The last block of this chain that is also an ancestor of (or is) index; null if none. */
    const BlockIndex* FindFork(const BlockIndex* index) const;
    /** The first block whose time_max is at least `time` and whose height is at least `height`. */
    BlockIndex* FindEarliestAtLeast(int64_t time, int height) const;

    BlockLocator GetLocator() const { return chain::GetLocator(Tip()); }

private:
    std::vector<BlockIndex*> m_chain;
};

} // namespace chain

#endif // BITNODE_CHAIN_CHAIN_H
