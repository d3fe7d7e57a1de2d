// Proof of work: compact targets, block work, and the difficulty retarget rules.
//
// These are consensus rules (Bitcoin Core's pow.cpp and GetBlockProof). The retarget rule
// needs a few facts about ancestors of the block being checked; it reads them through
// HeaderAncestry, a small interface that the chain library implements over its block
// index and that tools can implement over a plain vector of headers (HeaderVectorView).
//
// Pure functions; HeaderAncestry implementations decide their own thread-safety, these
// functions only call their const methods.
#ifndef BITNODE_CONSENSUS_POW_H
#define BITNODE_CONSENSUS_POW_H

#include <consensus/params.h>
#include <primitives/arith_uint256.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <optional>
#include <span>

namespace consensus {

/**
 * BIP94 (testnet4): the first block of a retarget period may not be more than this many
 * seconds earlier than its parent (the timewarp fix validation enforces).
 */
inline constexpr int64_t MAX_TIMEWARP = 600;

/** The facts about a header that difficulty rules use. */
struct HeaderInfo {
    int height{0};
    int64_t time{0};
    uint32_t bits{0};
};

/**
 * Read access to one chain of headers ending at the parent of the block being checked.
 * AtHeight is only called with 0 <= height <= Tip().height.
 */
class HeaderAncestry
{
public:
    virtual ~HeaderAncestry() = default;
    /** The last header of the chain: the parent of the block whose target is wanted. */
    virtual HeaderInfo Tip() const = 0;
    /** The chain's header at `height`. */
    virtual HeaderInfo AtHeight(int height) const = 0;
};

/** HeaderAncestry over headers stored by height: headers[i].height must be i. */
class HeaderVectorView final : public HeaderAncestry
{
public:
    /** Non-empty; the view must not outlive the storage. */
    explicit HeaderVectorView(std::span<const HeaderInfo> headers) : m_headers(headers) {}
    HeaderInfo Tip() const override { return m_headers.back(); }
    HeaderInfo AtHeight(int height) const override { return m_headers[static_cast<size_t>(height)]; }

private:
    std::span<const HeaderInfo> m_headers;
};

/**
 * The target `bits` encodes, or nullopt if it is negative, zero, overflows 256 bits, or is
 * easier than pow_limit. Blocks claiming such bits are invalid.
 */
std::optional<primitives::arith_uint256> DeriveTarget(uint32_t bits, const primitives::uint256& pow_limit);

/** True if `hash` (as a little-endian number) meets the valid target `bits` encodes. */
bool CheckProofOfWork(const primitives::uint256& hash, uint32_t bits, const Params& params);

/**
 * Expected number of hashes to find a block at this target: 2^256 / (target + 1), computed
 * as ~target / (target + 1) + 1 because 2^256 does not fit. Zero for invalid bits.
 */
primitives::arith_uint256 GetBlockProof(uint32_t bits);

/**
 * Seconds of mining at the difficulty of `tip_bits` equivalent to the work between two
 * chain-work totals (positive if to > from), saturating at +-INT64_MAX.
 */
int64_t GetBlockProofEquivalentTime(const primitives::arith_uint256& to_chain_work,
                                    const primitives::arith_uint256& from_chain_work, uint32_t tip_bits,
                                    const Params& params);

/** The two ends of a finished retarget period. */
struct RetargetPeriod {
    int64_t first_block_time{0}; //!< time of the period's first block (height - interval + 1)
    uint32_t first_block_bits{0}; //!< its bits: the base of the new target under BIP94
    int64_t last_block_time{0};  //!< time of the period's last block (the new block's parent)
    uint32_t last_block_bits{0}; //!< its bits: the base of the new target without BIP94
};

/**
 * New target after a period: base target * actual timespan / target timespan, with the
 * timespan clamped to [timespan/4, timespan*4] and the result capped at pow_limit.
 * Returns last_block_bits unchanged when pow_no_retargeting.
 */
uint32_t CalculateNextWorkRequired(const RetargetPeriod& period, const Params& params);

/**
 * The bits a block with time `new_block_time` on top of `chain` must carry: unchanged
 * inside a period, recalculated at period boundaries, and on networks that allow
 * min-difficulty blocks either pow_limit (if the block comes more than two spacings after
 * its parent) or the bits of the last block not mined under that exception.
 */
uint32_t GetNextWorkRequired(const HeaderAncestry& chain, int64_t new_block_time, const Params& params);

/**
 * Whether a header at `height` may move from old_bits to new_bits when the previous
 * headers' times are unknown: within a period they must be equal; at a boundary the new
 * target must lie within the 4x bounds (after compact rounding). Always true on networks
 * that allow min-difficulty blocks. Used to sanity-check headers during sync.
 */
bool PermittedDifficultyTransition(const Params& params, int64_t height, uint32_t old_bits, uint32_t new_bits);

} // namespace consensus

#endif // BITNODE_CONSENSUS_POW_H
