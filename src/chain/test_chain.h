// Test helpers for the chain library (defined in test_chain_test.cpp, linked into
// chain_tests only): a builder of valid regtest blocks with real transactions on any
// parent, a node in a temporary directory, a listener that records notifications, and an
// independent model of the UTXO set and its hash_serialized_3 digest.
//
// Blocks: coinbase with the BIP34 height and a per-branch tag, paying subsidy plus fees
// to OP_TRUE; the witness commitment (segwit is active from genesis on regtest); proof of
// work solved over the nonce (regtest's target needs a couple of tries). Transactions
// spend OP_TRUE outputs (mature coinbases, then earlier outputs, some from the same
// block) into new OP_TRUE outputs, so two branches spend the same coins differently and a
// reorg really changes the UTXO set.
//
// Thread safety: test code, one thread.
#ifndef BITNODE_CHAIN_TEST_CHAIN_H
#define BITNODE_CHAIN_TEST_CHAIN_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <consensus/chainparams.h>
#include <primitives/block.h>
#include <storage/test_tempdir.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace chain::test {

using BlockRef = std::shared_ptr<const primitives::Block>;

/** A branch of regtest blocks from genesis, with the outputs it can still spend. */
class ChainBuilder
{
public:
    /** tag distinguishes branches: it goes into coinbases and fees. */
    explicit ChainBuilder(const consensus::ChainParams& params, uint32_t tag = 0);

    /** A new branch sharing this one's blocks up to `height`. */
    ChainBuilder Fork(int height, uint32_t tag) const;

    /**
     * Append a block with up to `txs` transactions. invalid: also include a transaction
     * spending an output that does not exist (valid by itself, fails when connected).
     */
    BlockRef Extend(int txs = 2, bool invalid = false);
    /** Append n blocks. */
    std::vector<BlockRef> ExtendMany(int n, int txs = 2);

    int Height() const { return static_cast<int>(m_blocks.size()) - 1; }
    /** Block at height (0 = genesis). */
    const BlockRef& At(int height) const { return m_blocks.at(static_cast<size_t>(height)); }
    const BlockRef& Tip() const { return m_blocks.back(); }

private:
    struct State {
        /** Spendable non-coinbase OP_TRUE outputs and their values. */
        std::map<primitives::OutPoint, primitives::Amount> outputs;
    };

    const consensus::ChainParams* m_params;
    uint32_t m_tag;
    std::vector<BlockRef> m_blocks;
    /** m_states[h]: the outputs after block h. */
    std::vector<State> m_states;
};

/** A block on `parent` (with its height and time) holding the coinbase and txs. */
primitives::Block MakeBlock(const consensus::ChainParams& params, const primitives::Block& parent, int parent_height,
                            std::vector<primitives::TransactionRef> txs, primitives::Amount fees, uint32_t tag);

/** Find a nonce meeting the block's target (and set it). */
void SolveBlock(primitives::Block& block, const consensus::Params& params);

/** Records every notification, in order, as text ("connected <height>", "tip <height>"...). */
class RecordingListener final : public ValidationInterface
{
public:
    void UpdatedBlockTip(const BlockIndex* new_tip, const BlockIndex* fork, bool initial_download) override;
    void BlockConnected(const BlockRef& block, const BlockIndex* index) override;
    void BlockDisconnected(const BlockRef& block, const BlockIndex* index) override;

    /** Events so far; clears the record. Call after SyncWithValidationInterfaceQueue. */
    std::vector<std::string> Take();

private:
    util::Mutex m_mutex;
    std::vector<std::string> m_events GUARDED_BY(m_mutex);
};

/** A regtest ChainstateManager in its own temporary directory. */
class TestNode
{
public:
    explicit TestNode(ChainstateManager::Options options = {});
    ~TestNode();

    /** Close and open again on the same directory (options may change, e.g. reindex). */
    util::Result<void> Restart(std::optional<ChainstateManager::Options> options = std::nullopt);
    void Close() { m_chainman.reset(); }

    ChainstateManager& Chainman() { return *m_chainman; }
    ChainstateManager* operator->() { return m_chainman.get(); }
    ValidationSignals& Signals() { return *m_signals; }
    RecordingListener& Listener() { return *m_listener; }
    const std::filesystem::path& Datadir() const { return m_datadir; }
    const consensus::ChainParams& Params() const { return *m_params; }

    /** ProcessNewBlock with force_processing; fails the test if it is not stored. */
    void Submit(const BlockRef& block);
    void SubmitAll(const std::vector<BlockRef>& blocks);
    /** hash_serialized_3 of the current UTXO set. */
    primitives::uint256 UtxoHash();
    /** Deliver pending notifications and return them. */
    std::vector<std::string> Events();

private:
    std::unique_ptr<const consensus::ChainParams> m_params;
    storage::test::TempDir m_dir;
    std::filesystem::path m_datadir;
    std::unique_ptr<ValidationSignals> m_signals;
    std::shared_ptr<RecordingListener> m_listener;
    ChainstateManager::Options m_options;
    std::unique_ptr<ChainstateManager> m_chainman;
};

/**
 * An independent model of the UTXO set: apply blocks in order (no validation) and compute
 * Core's hash_serialized_3 from the coins, written out here byte by byte rather than with
 * the storage library's serializer.
 */
class UtxoModel
{
public:
    void ConnectBlock(const primitives::Block& block, int height);
    primitives::uint256 Hash() const;
    size_t Size() const { return m_coins.size(); }
    primitives::Amount TotalAmount() const;

private:
    struct ModelCoin {
        primitives::TxOut out;
        int height;
        bool coinbase;
    };
    std::map<std::pair<primitives::uint256, uint32_t>, ModelCoin> m_coins;
};

/** Blocks of a file with one hex block a line (testdata chains, gen_chain.py output). */
std::vector<BlockRef> ReadHexBlocks(const std::filesystem::path& path);

/**
 * A regtest chain from ../shared/tools/gen_chain.py (real P2WPKH, P2PKH and P2TR spends),
 * cached under the system temp directory (the output is deterministic). nullopt, with the
 * reason in *why, if the generator or its Python cannot run.
 */
std::optional<std::filesystem::path> GenChain(int blocks, int txs_per_block, std::string* why);

} // namespace chain::test

#endif // BITNODE_CHAIN_TEST_CHAIN_H
