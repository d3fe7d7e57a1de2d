#include <rpc/register.h>

#include <rpc/control.h>
#include <rpc/methods.h>
#include <rpc/table.h>

namespace rpc {

void RegisterAllRpcCommands(RpcTable& table)
{
    RegisterControlRpcCommands(table);
    RegisterRawTransactionRpcCommands(table);
    RegisterOutputScriptRpcCommands(table);
    RegisterFeeRpcCommands(table);
}

} // namespace rpc
