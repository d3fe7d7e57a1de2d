#include <rpc/register.h>

#include <rpc/control.h>
#include <rpc/table.h>

namespace rpc {

void RegisterAllRpcCommands(RpcTable& table) { RegisterControlRpcCommands(table); }

} // namespace rpc
