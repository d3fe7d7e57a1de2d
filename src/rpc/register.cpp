#include <rpc/register.h>

#include <rpc/control.h>
#include <rpc/methods.h>
#include <rpc/table.h>

namespace rpc {

void RegisterAllRpcCommands(RpcTable& table)
{
    RegisterControlRpcCommands(table);
    RegisterBlockchainRpcCommands(table);
    RegisterMempoolRpcCommands(table);
    RegisterMiningRpcCommands(table);
    RegisterRawTransactionRpcCommands(table);
    RegisterGetRawTransactionRpcCommand(table);
    RegisterOutputScriptRpcCommands(table);
    RegisterFeeRpcCommands(table);
    RegisterNetRpcCommands(table);
    RegisterScanTxOutSetRpcCommand(table);
    RegisterBlockTemplateRpcCommand(table);
}

} // namespace rpc
