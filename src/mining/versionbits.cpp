// BIP9 deployment states (see versionbits.h).
#include <mining/versionbits.h>

#include <chain/block_index.h>

namespace mining {

namespace {

bool Signals(const chain::BlockIndex& index, int bit)
{
    return (index.version & VERSIONBITS_TOP_MASK) == VERSIONBITS_TOP_BITS && ((index.version >> bit) & 1) != 0;
}

/** Blocks of the period ending at `last` that signal `bit`. */
uint32_t CountSignals(const chain::BlockIndex* last, uint32_t period, int bit)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < period && last; ++i, last = last->prev) {
        if (Signals(*last, bit)) ++count;
    }
    return count;
}

} // namespace

std::string DeploymentStateName(DeploymentState state)
{
    switch (state) {
    case DeploymentState::DEFINED:
        return "defined";
    case DeploymentState::STARTED:
        return "started";
    case DeploymentState::LOCKED_IN:
        return "locked_in";
    case DeploymentState::ACTIVE:
        return "active";
    case DeploymentState::FAILED:
        return "failed";
    }
    return "unknown";
}

DeploymentState GetDeploymentState(const chain::BlockIndex* prev, const consensus::BIP9Deployment& deployment)
{
    if (deployment.start_time == consensus::BIP9Deployment::ALWAYS_ACTIVE) return DeploymentState::ACTIVE;
    if (deployment.start_time == consensus::BIP9Deployment::NEVER_ACTIVE) return DeploymentState::FAILED;
    if (!prev || deployment.period == 0) return DeploymentState::DEFINED;
    const int period = static_cast<int>(deployment.period);
    // States change only at period boundaries: the last block of the period before the new block's.
    const int last_boundary = prev->height - (prev->height + 1) % period;
    DeploymentState state = DeploymentState::DEFINED;
    for (int h = period - 1; h <= last_boundary; h += period) {
        const chain::BlockIndex* boundary = prev->GetAncestor(h);
        switch (state) {
        case DeploymentState::DEFINED:
            if (boundary->GetMedianTimePast() >= deployment.start_time) state = DeploymentState::STARTED;
            break;
        case DeploymentState::STARTED:
            if (CountSignals(boundary, deployment.period, deployment.bit) >= deployment.threshold) {
                state = DeploymentState::LOCKED_IN;
            } else if (boundary->GetMedianTimePast() >= deployment.timeout) {
                state = DeploymentState::FAILED;
            }
            break;
        case DeploymentState::LOCKED_IN:
            if (h + 1 >= deployment.min_activation_height) state = DeploymentState::ACTIVE;
            break;
        case DeploymentState::ACTIVE:
        case DeploymentState::FAILED:
            return state;
        }
    }
    return state;
}

int32_t ComputeBlockVersion(const chain::BlockIndex* prev, const consensus::Params& params)
{
    int32_t version = VERSIONBITS_TOP_BITS;
    for (const consensus::BIP9Deployment& deployment : params.deployments) {
        const DeploymentState state = GetDeploymentState(prev, deployment);
        if (state == DeploymentState::STARTED || state == DeploymentState::LOCKED_IN) {
            version |= int32_t{1} << deployment.bit;
        }
    }
    return version;
}

} // namespace mining
