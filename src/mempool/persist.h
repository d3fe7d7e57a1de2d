// mempool.dat: the pool's transactions kept across restarts (doc/mempool.md has the byte
// format; it is Bitcoin Core's version 1 layout, which Core still reads; Core's
// default version 2, XOR-obfuscated, is read too).
//
// DumpMempool writes the file atomically: everything goes to "<path>.new", which is
// flushed to disk and then renamed over <path>, so a crash leaves the old file or the new
// one, never half of one. LoadMempool runs each stored transaction through the normal
// acceptance (same rules as a relayed one, entry time kept, expired ones skipped), then
// restores the fee deltas and the unbroadcast set.
//
// Thread safety: both take the pool's lock through its public methods; LoadMempool needs
// the caller to hold what keeps `chain` consistent, as AcceptToMemoryPool does.
#ifndef BITNODE_MEMPOOL_PERSIST_H
#define BITNODE_MEMPOOL_PERSIST_H

#include <mempool/accept.h>
#include <mempool/chain_view.h>
#include <mempool/txmempool.h>
#include <util/result.h>

#include <filesystem>

namespace mempool {

/** The version DumpMempool writes (Core's MEMPOOL_DUMP_VERSION_NO_XOR_KEY). DO NOT CHANGE. */
inline constexpr uint64_t MEMPOOL_DUMP_VERSION = 1;
/** Core's obfuscated layout (MEMPOOL_DUMP_VERSION), which LoadMempool also reads. DO NOT CHANGE. */
inline constexpr uint64_t MEMPOOL_DUMP_VERSION_XOR = 2;

struct LoadStats {
    size_t accepted{0};
    size_t failed{0};
    size_t expired{0};
    size_t already_there{0};
};

util::Result<void> DumpMempool(const TxMemPool& pool, const std::filesystem::path& path);

util::Result<LoadStats> LoadMempool(TxMemPool& pool, const MempoolChainView& chain, const std::filesystem::path& path);

} // namespace mempool

#endif // BITNODE_MEMPOOL_PERSIST_H
