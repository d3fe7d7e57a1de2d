#include <consensus/header_check.h>

#include <consensus/deployments.h>
#include <consensus/limits.h>
#include <consensus/median_time.h>

#include <cstdio>
#include <string>

namespace consensus {

using primitives::BlockHeader;

bool CheckBlockHeader(const BlockHeader& header, BlockValidationState& state, const Params& params, bool check_pow)
{
    if (check_pow && !CheckProofOfWork(header.GetHash(), header.bits, params)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "high-hash", "proof of work failed");
    }
    return true;
}

bool ContextualCheckBlockHeader(const BlockHeader& header, BlockValidationState& state,
                                const HeaderAncestry& parent_chain, const Params& params, int64_t now)
{
    const HeaderInfo parent = parent_chain.Tip();
    const int height = parent.height + 1;

    if (header.bits != GetNextWorkRequired(parent_chain, header.GetBlockTime(), params)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "bad-diffbits", "incorrect proof of work");
    }

    if (header.GetBlockTime() <= GetMedianTimePast(parent_chain, parent.height)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "time-too-old",
                             "block's timestamp is too early");
    }

    // BIP94: the first block of a period may not go back in time much (timewarp attack).
    if (params.enforce_bip94 && height % params.DifficultyAdjustmentInterval() == 0 &&
        header.GetBlockTime() < parent.time - MAX_TIMEWARP) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "time-timewarp-attack",
                             "block's timestamp is too early on diff adjustment block");
    }

    if (header.GetBlockTime() > now + MAX_FUTURE_BLOCK_TIME) {
        return state.Invalid(BlockValidationResult::BLOCK_TIME_FUTURE, "time-too-new",
                             "block timestamp too far in the future");
    }

    if ((header.version < 2 && DeploymentActiveAtHeight(height, params, DEPLOYMENT_HEIGHTINCB)) ||
        (header.version < 3 && DeploymentActiveAtHeight(height, params, DEPLOYMENT_DERSIG)) ||
        (header.version < 4 && DeploymentActiveAtHeight(height, params, DEPLOYMENT_CLTV))) {
        char hex[16];
        std::snprintf(hex, sizeof(hex), "0x%08x", static_cast<uint32_t>(header.version));
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "bad-version(" + std::string{hex} + ")",
                             "rejected nVersion=" + std::string{hex} + " block");
    }
    return true;
}

} // namespace consensus
