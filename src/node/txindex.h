// TxIndex (-txindex): txid -> the hash of the block that holds the transaction, for
// getrawtransaction without a block hash. A LevelDB database in <datadir>/indexes/txindex
// (doc/node-context.md has the records):
//
//     't' txid(32)  -> block hash (32)        one per transaction of an indexed block
//     'B'           -> block hash (32)        the last block indexed (the index's tip)
//
// The index follows the active chain: at start CatchUp() rewinds blocks that left the
// active chain while the node was down (read from the block files, their entries erased)
// and indexes the blocks from the index's tip to the chain's tip, logging progress; then,
// registered as a validation listener, it indexes each BlockConnected and unindexes each
// BlockDisconnected, writing the new tip in the same batch, so a crash leaves a
// consistent index that the next CatchUp completes.
//
// Thread safety: CatchUp runs before the listener is registered (nothing else writes);
// the callbacks run on the notification thread; FindTx and IsSynced may be called from
// any thread (LevelDB synchronises reads and writes).
#ifndef BITNODE_NODE_TXINDEX_H
#define BITNODE_NODE_TXINDEX_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <storage/dbwrapper.h>
#include <util/result.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace node {

class TxIndex final : public chain::ValidationInterface
{
public:
    struct Location {
        primitives::uint256 block_hash;
    };

    /** Open (or create) the index in `path`; chainman must outlive it. memory_only for tests. */
    static util::Result<std::shared_ptr<TxIndex>> Open(const std::filesystem::path& path,
                                                       chain::ChainstateManager& chainman,
                                                       std::function<void(const std::string&)> log = {},
                                                       bool memory_only = false);

    /**
     * Bring the index to the active chain's tip (see the file comment). interrupt, if
     * set, stops it early (the index stays consistent). Call before registering.
     */
    util::Result<void> CatchUp(const std::atomic<bool>* interrupt = nullptr);

    std::optional<Location> FindTx(const primitives::Txid& txid) const;
    /** Whether CatchUp finished (blocks after that arrive through the callbacks). */
    bool IsSynced() const { return m_synced.load(); }
    /** The last block indexed (null hash if none). */
    primitives::uint256 BestBlock() const;

    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index) override;
    void BlockDisconnected(const std::shared_ptr<const primitives::Block>& block,
                           const chain::BlockIndex* index) override;

private:
    TxIndex(std::unique_ptr<storage::DbWrapper> db, chain::ChainstateManager& chainman,
            std::function<void(const std::string&)> log);

    void WriteBlock(const primitives::Block& block, const primitives::uint256& hash);
    void EraseBlock(const primitives::Block& block, const primitives::uint256& prev_hash);
    void Log(const std::string& line) const
    {
        if (m_log) m_log(line);
    }

    std::unique_ptr<storage::DbWrapper> m_db;
    chain::ChainstateManager& m_chainman;
    const std::function<void(const std::string&)> m_log;
    std::atomic<bool> m_synced{false};
};

} // namespace node

#endif // BITNODE_NODE_TXINDEX_H
