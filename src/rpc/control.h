// RPC methods about the server itself, which need no node: help, stop, uptime,
// getrpcinfo, and Core's hidden test methods echo and echojson.
//
// Thread safety: the methods are thread-safe; `stop` calls RpcServerHooks::request_shutdown.
#ifndef BITNODE_RPC_CONTROL_H
#define BITNODE_RPC_CONTROL_H

#include <rpc/method.h>

namespace rpc {

class RpcTable;

RpcMethod HelpMethod();
RpcMethod StopMethod();
RpcMethod UptimeMethod();
RpcMethod GetRpcInfoMethod();
RpcMethod LoggingMethod();
/** `echo` (arguments passed as strings by bitnode-cli) or `echojson` (parsed as JSON). */
RpcMethod EchoMethod(const std::string& name);

/** Registers the methods above ("control" category; echo/echojson as "hidden"). */
void RegisterControlRpcCommands(RpcTable& table);

} // namespace rpc

#endif // BITNODE_RPC_CONTROL_H
