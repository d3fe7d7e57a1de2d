// estimatesmartfee. bitnode has no fee estimator yet, so it gives Core's answer for an
// estimator without data: no "feerate", errors ["Insufficient data or no feerate found"]
// and "blocks": 0, after checking the arguments exactly as Core does (doc/rpc.md).
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <algorithm>
#include <cctype>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Core's estimator tracks targets up to 1008 blocks (its long horizon). */
constexpr int64_t MAX_CONF_TARGET = 1008;

const std::vector<std::string>& FeeModes()
{
    static const std::vector<std::string> modes{"unset", "economical", "conservative"};
    return modes;
}

/** Core's FeeModesDetail(default_info). */
std::string FeeModesDetail(const std::string& default_info)
{
    return "unset, economical, conservative \n"
           "unset means no mode set (" +
           default_info +
           "). \n"
           "economical estimates use a shorter time horizon, making them more\n"
           "responsive to short-term drops in the prevailing fee market. This mode\n"
           "potentially returns a lower fee rate estimate.\n"
           "conservative estimates use a longer time horizon, making them\n"
           "less responsive to short-term drops in the prevailing fee market. This mode\n"
           "potentially returns a higher fee rate estimate.\n";
}

RpcMethod EstimateSmartFeeMethod()
{
    return RpcMethod{
        "estimatesmartfee",
        "Estimates the approximate fee per kilobyte needed for a transaction to begin\n"
        "confirmation within conf_target blocks if possible and return the number of blocks\n"
        "for which the estimate is valid. Uses virtual transaction size as defined\n"
        "in BIP 141 (witness data is discounted).\n",
        {
            {"conf_target", T::NUM, RpcArg::Optional::NO, "Confirmation target in blocks (1 - 1008)"},
            {"estimate_mode", T::STR, RpcArg::Default{"economical"},
             "The fee estimate mode.\n" + FeeModesDetail("default mode will be used")},
        },
        RpcResult{R::OBJ,
                  "",
                  "",
                  {
                      {R::NUM, "feerate", /*optional=*/true,
                       "estimate fee rate in BTC/kvB (only present if no errors were encountered)"},
                      {R::ARR,
                       "errors",
                       /*optional=*/true,
                       "Errors encountered during processing (if there are any)",
                       {
                           {R::STR, "", "error"},
                       }},
                      {R::NUM, "blocks",
                       "block number where estimate was found\n"
                       "The request target will be clamped between 2 and the highest target\n"
                       "fee estimation is able to return based on how long it has been running.\n"
                       "An error is returned if not enough transactions and blocks\n"
                       "have been observed to make an estimate for any number of blocks."},
                  }},
        RpcExamples{HelpExampleCli("estimatesmartfee", "6") + HelpExampleRpc("estimatesmartfee", "6")},
        [](const RpcCall& call) -> JsonValue {
            const int64_t target = call.ArgInt("conf_target");
            if (target < std::numeric_limits<int32_t>::min() || target > std::numeric_limits<int32_t>::max()) {
                throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
            }
            if (target < 1 || target > MAX_CONF_TARGET) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Invalid conf_target, must be between 1 and " + std::to_string(MAX_CONF_TARGET));
            }
            std::string mode = call.ArgString("estimate_mode");
            std::transform(mode.begin(), mode.end(), mode.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (std::find(FeeModes().begin(), FeeModes().end(), mode) == FeeModes().end()) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", "
                               "\"conservative\"");
            }
            JsonValue errors = JsonValue::Array();
            errors.PushBack("Insufficient data or no feerate found");
            JsonValue result = JsonValue::Object();
            result.PushKV("errors", std::move(errors));
            result.PushKV("blocks", 0);
            return result;
        },
    };
}

} // namespace

void RegisterFeeRpcCommands(RpcTable& table) { table.Register("util", EstimateSmartFeeMethod()); }

} // namespace rpc
