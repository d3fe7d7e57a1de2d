#include <consensus/header_chain.h>

#include <consensus/header_check.h>
#include <consensus/pow.h>

#include <vector>

namespace consensus {

using primitives::BlockHeader;
using primitives::uint256;

HeaderChainResult VerifyHeaderChain(std::span<const BlockHeader> headers, const Params& params, int64_t now)
{
    HeaderChainResult result;
    std::vector<HeaderInfo> infos;
    infos.reserve(headers.size());
    for (size_t i = 0; i < headers.size(); ++i) {
        const BlockHeader& header = headers[i];
        const int height = static_cast<int>(i);
        const uint256 hash = header.GetHash();
        result.height = height;
        // Core accepts the genesis header without checks; any other first header has an unknown parent.
        if (i != 0 || hash != params.hash_genesis_block) {
            if (!CheckBlockHeader(header, result.state, params)) return result;
            if (i == 0 || header.hash_prev_block != result.tip) {
                result.state.Invalid(BlockValidationResult::BLOCK_MISSING_PREV, "prev-blk-not-found",
                                     "header " + hash.GetHex() + " does not extend " +
                                         (i == 0 ? std::string{"a known block"} : result.tip.GetHex()));
                return result;
            }
            const HeaderVectorView parent_chain{std::span<const HeaderInfo>{infos}};
            if (!ContextualCheckBlockHeader(header, result.state, parent_chain, params, now)) return result;
        }
        infos.push_back(HeaderInfo{height, header.GetBlockTime(), header.bits});
        result.chain_work += GetBlockProof(header.bits);
        result.tip = hash;
    }
    return result;
}

} // namespace consensus
