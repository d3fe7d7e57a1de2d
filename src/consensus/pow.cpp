#include <consensus/pow.h>

#include <algorithm>
#include <cassert>
#include <limits>

namespace consensus {

using primitives::arith_uint256;
using primitives::uint256;
using primitives::UintToArith256;

namespace {

/** base * timespan / target_timespan, capped at pow_limit, as arith_uint256 (no compact rounding). */
arith_uint256 ScaledTarget(uint32_t base_bits, int64_t timespan, const Params& params)
{
    arith_uint256 target;
    target.SetCompact(base_bits);
    target *= arith_uint256(static_cast<uint64_t>(timespan));
    target /= arith_uint256(static_cast<uint64_t>(params.pow_target_timespan));
    const arith_uint256 limit = UintToArith256(params.pow_limit);
    if (target > limit) target = limit;
    return target;
}

} // namespace

std::optional<arith_uint256> DeriveTarget(uint32_t bits, const uint256& pow_limit)
{
    bool negative = false;
    bool overflow = false;
    arith_uint256 target;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target == 0 || target > UintToArith256(pow_limit)) return std::nullopt;
    return target;
}

bool CheckProofOfWork(const uint256& hash, uint32_t bits, const Params& params)
{
    const auto target = DeriveTarget(bits, params.pow_limit);
    return target && UintToArith256(hash) <= *target;
}

arith_uint256 GetBlockProof(uint32_t bits)
{
    bool negative = false;
    bool overflow = false;
    arith_uint256 target;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target == 0) return 0;
    return (~target / (target + 1)) + 1;
}

int64_t GetBlockProofEquivalentTime(const arith_uint256& to_chain_work, const arith_uint256& from_chain_work,
                                    uint32_t tip_bits, const Params& params)
{
    const bool forward = to_chain_work > from_chain_work;
    arith_uint256 r = forward ? to_chain_work - from_chain_work : from_chain_work - to_chain_work;
    r = r * arith_uint256(static_cast<uint64_t>(params.pow_target_spacing)) / GetBlockProof(tip_bits);
    const int64_t magnitude =
        r.bits() > 63 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(r.GetLow64());
    return forward ? magnitude : -magnitude;
}

uint32_t CalculateNextWorkRequired(const RetargetPeriod& period, const Params& params)
{
    if (params.pow_no_retargeting) return period.last_block_bits;

    int64_t timespan = period.last_block_time - period.first_block_time;
    timespan = std::max(timespan, params.pow_target_timespan / 4);
    timespan = std::min(timespan, params.pow_target_timespan * 4);

    // BIP94 bases the new target on the period's first block, which can never be a
    // min-difficulty block, so a min-difficulty last block cannot drag the target down.
    const uint32_t base = params.enforce_bip94 ? period.first_block_bits : period.last_block_bits;
    return ScaledTarget(base, timespan, params).GetCompact();
}

uint32_t GetNextWorkRequired(const HeaderAncestry& chain, int64_t new_block_time, const Params& params)
{
    const HeaderInfo tip = chain.Tip();
    const int64_t interval = params.DifficultyAdjustmentInterval();
    const uint32_t pow_limit_bits = UintToArith256(params.pow_limit).GetCompact();

    if ((tip.height + 1) % interval != 0) {
        if (!params.pow_allow_min_difficulty_blocks) return tip.bits;
        // Testnet: a block arriving more than 20 minutes after its parent may (and must)
        // use the minimum difficulty...
        if (new_block_time > tip.time + params.pow_target_spacing * 2) return pow_limit_bits;
        // ...otherwise it inherits the target of the last block mined at real difficulty.
        HeaderInfo block = tip;
        while (block.height > 0 && block.height % interval != 0 && block.bits == pow_limit_bits) {
            block = chain.AtHeight(block.height - 1);
        }
        return block.bits;
    }

    const int first_height = tip.height - static_cast<int>(interval - 1);
    assert(first_height >= 0);
    const HeaderInfo first = chain.AtHeight(first_height);
    return CalculateNextWorkRequired({first.time, first.bits, tip.time, tip.bits}, params);
}

bool PermittedDifficultyTransition(const Params& params, int64_t height, uint32_t old_bits, uint32_t new_bits)
{
    if (params.pow_allow_min_difficulty_blocks) return true;
    if (height % params.DifficultyAdjustmentInterval() != 0) return old_bits == new_bits;

    arith_uint256 observed;
    observed.SetCompact(new_bits);
    // Compare after a compact round trip, as the real target was produced by GetCompact.
    arith_uint256 largest;
    largest.SetCompact(ScaledTarget(old_bits, params.pow_target_timespan * 4, params).GetCompact());
    if (observed > largest) return false;
    arith_uint256 smallest;
    smallest.SetCompact(ScaledTarget(old_bits, params.pow_target_timespan / 4, params).GetCompact());
    return observed >= smallest;
}

} // namespace consensus
