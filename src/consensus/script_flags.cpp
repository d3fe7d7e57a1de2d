#include <consensus/script_flags.h>

#include <consensus/deployments.h>
#include <consensus/limits.h>

namespace consensus {

using namespace script;

ScriptVerifyFlags GetBlockScriptFlags(int height, const primitives::uint256& block_hash, const Params& params)
{
    ScriptVerifyFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
    const auto exception = params.script_flag_exceptions.find(block_hash);
    if (exception != params.script_flag_exceptions.end()) flags = exception->second;

    if (DeploymentActiveAtHeight(height, params, DEPLOYMENT_DERSIG)) flags |= SCRIPT_VERIFY_DERSIG;
    if (DeploymentActiveAtHeight(height, params, DEPLOYMENT_CLTV)) flags |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
    if (DeploymentActiveAtHeight(height, params, DEPLOYMENT_CSV)) flags |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
    // BIP147 activated together with segwit.
    if (DeploymentActiveAtHeight(height, params, DEPLOYMENT_SEGWIT)) flags |= SCRIPT_VERIFY_NULLDUMMY;
    return flags;
}

unsigned GetBlockLockTimeFlags(int height, const Params& params)
{
    return DeploymentActiveAtHeight(height, params, DEPLOYMENT_CSV) ? LOCKTIME_VERIFY_SEQUENCE : 0;
}

bool EnforceLockTimeMedianTimePast(int height, const Params& params)
{
    return DeploymentActiveAtHeight(height, params, DEPLOYMENT_CSV);
}

} // namespace consensus
