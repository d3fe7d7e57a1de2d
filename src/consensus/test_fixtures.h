// Helpers shared by the consensus unit tests (defined in test_fixtures_test.cpp, which
// may read ../shared/testdata): real blocks, their spent outputs, chain parameters, and
// a one-call block verification with the numbers the tests compare.
//
// Thread safety: test code, single-threaded.
#ifndef BITNODE_CONSENSUS_TEST_FIXTURES_H
#define BITNODE_CONSENSUS_TEST_FIXTURES_H

#include <consensus/block_verify.h>
#include <consensus/chainparams.h>
#include <consensus/spent_outputs.h>
#include <primitives/block.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace consensus::testfix {

/** blocks/<name>.raw, deserialized with witnesses. */
primitives::Block ReadBlock(const std::string& name);
/** blocks/<name>.spent.json. */
std::vector<SpentOutput> ReadSpentOutputs(const std::string& name);
/** The blocks of a chains/ file in the .dat record layout. */
std::vector<primitives::Block> ReadDatBlocks(const std::string& relative);

/** A block with its coins, ready for VerifyBlock. */
struct BlockCase {
    std::string name;
    int height;
    std::unique_ptr<const ChainParams> params;
    primitives::Block block;
    SpentCoins coins;
};

/** One of the four real blocks with spent outputs: "main-300025", "test3-928828", ... */
BlockCase LoadBlockCase(const std::string& name);

/** Rebuild the merkle root (after a test edits the transactions) so only the edit is judged. */
void RecomputeMerkleRoot(primitives::Block& block);

struct VerifyOutcome {
    bool valid;
    BlockValidationState state;
    BlockVerifyStats stats;
};

/**
 * VerifyBlock without a parent chain, with `workers` script threads. Proof of work is
 * checked only if the header is the original one (edits that recompute the merkle root
 * change the hash), unless check_pow says otherwise.
 */
VerifyOutcome Verify(const BlockCase& c, const primitives::Block& block, unsigned workers = 0,
                     std::optional<bool> check_pow = std::nullopt);
VerifyOutcome Verify(const BlockCase& c, unsigned workers = 0);

} // namespace consensus::testfix

#endif // BITNODE_CONSENSUS_TEST_FIXTURES_H
