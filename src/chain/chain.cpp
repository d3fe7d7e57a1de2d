#include <chain/chain.h>

#include <algorithm>

namespace chain {

std::vector<int> LocatorHeights(int height)
{
    std::vector<int> heights;
    int step = 1;
    while (height > 0) {
        heights.push_back(height);
        height -= step;
        // Ten entries one apart, then the distance doubles each time.
        if (heights.size() > 10) step *= 2;
    }
    heights.push_back(0);
    return heights;
}

BlockLocator GetLocator(const BlockIndex* index)
{
    BlockLocator locator;
    if (!index) return locator;
    const std::vector<int> heights = LocatorHeights(index->height);
    locator.hashes.reserve(heights.size());
    for (const int h : heights) {
        // Walk down from the previous entry: each step is short.
        index = index->GetAncestor(h);
        locator.hashes.push_back(index->hash);
    }
    return locator;
}

void Chain::SetTip(BlockIndex* tip)
{
    if (!tip) {
        m_chain.clear();
        return;
    }
    m_chain.resize(static_cast<size_t>(tip->height) + 1);
    // Fill in from the tip down until we meet the part the old chain already has.
    while (tip && m_chain[static_cast<size_t>(tip->height)] != tip) {
        m_chain[static_cast<size_t>(tip->height)] = tip;
        tip = tip->prev;
    }
}

const BlockIndex* Chain::FindFork(const BlockIndex* index) const
{
    if (!index) return nullptr;
    if (index->height > Height()) index = index->GetAncestor(Height());
    while (index && !Contains(index)) index = index->prev;
    return index;
}

BlockIndex* Chain::FindEarliestAtLeast(int64_t time, int height) const
{
    const auto it = std::lower_bound(m_chain.begin(), m_chain.end(), std::pair{time, height},
                                     [](const BlockIndex* block, const std::pair<int64_t, int>& want) {
                                         return static_cast<int64_t>(block->time_max) < want.first ||
                                                block->height < want.second;
                                     });
    return it == m_chain.end() ? nullptr : *it;
}

} // namespace chain
