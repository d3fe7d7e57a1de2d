// Registration of every RPC method bitnode has, in one place, so the server and
// bitnode-cli (which derives its argument conversions from the same descriptions) always
// agree. A new group of methods adds its Register*RpcCommands call to
// RegisterAllRpcCommands.
//
// Thread safety: call before the table serves requests.
#ifndef BITNODE_RPC_REGISTER_H
#define BITNODE_RPC_REGISTER_H

namespace rpc {

class RpcTable;

void RegisterAllRpcCommands(RpcTable& table);

} // namespace rpc

#endif // BITNODE_RPC_REGISTER_H
