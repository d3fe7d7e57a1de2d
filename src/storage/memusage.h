// Estimates of heap memory held by containers, for the coins cache's size limit (-dbcache).
//
// The figures model glibc's allocator on 64-bit Linux, as Bitcoin Core's memusage.h does:
// each allocation carries 8 bytes of bookkeeping, is rounded up to 16 bytes and takes at
// least 32. They are estimates that only need to be stable and roughly right.
//
// Thread safety: pure functions.
#ifndef BITNODE_STORAGE_MEMUSAGE_H
#define BITNODE_STORAGE_MEMUSAGE_H

#include <cstddef>
#include <vector>

namespace storage::memusage {

/** Bytes a malloc of `size` bytes really takes. */
constexpr size_t MallocUsage(size_t size)
{
    if (size == 0) return 0;
    const size_t chunk = ((size + 8 + 15) / 16) * 16;
    return chunk < 32 ? 32 : chunk;
}

/** Heap bytes owned by a vector (its capacity, not its size). */
template <typename T, typename A>
size_t DynamicUsage(const std::vector<T, A>& v)
{
    return MallocUsage(v.capacity() * sizeof(T));
}

/**
 * Heap bytes of a node-based std::unordered_map/set holding `count` elements of
 * `value_size` bytes in `bucket_count` buckets: one allocation per node (next pointer,
 * value, cached hash) plus the bucket array.
 */
constexpr size_t UnorderedUsage(size_t value_size, size_t count, size_t bucket_count)
{
    return MallocUsage(sizeof(void*) + value_size + sizeof(size_t)) * count + MallocUsage(sizeof(void*) * bucket_count);
}

} // namespace storage::memusage

#endif // BITNODE_STORAGE_MEMUSAGE_H
