// Registration of Core's RPC methods by group (Core's Register*RPCCommands), called from
// RegisterAllRpcCommands (rpc/register.h). Each group lives in the .cpp of the same
// name: rawtransaction (decode/create/get/send raw transactions), output_script
// (addresses, descriptors, multisig), blockchain, mempool, mining, net,
// fees (estimatesmartfee).
//
// Thread safety: call before the table serves requests.
#ifndef BITNODE_RPC_METHODS_H
#define BITNODE_RPC_METHODS_H

namespace rpc {

class RpcTable;

void RegisterRawTransactionRpcCommands(RpcTable& table);
void RegisterOutputScriptRpcCommands(RpcTable& table);
void RegisterFeeRpcCommands(RpcTable& table);
void RegisterBlockchainRpcCommands(RpcTable& table);
void RegisterMempoolRpcCommands(RpcTable& table);
void RegisterMiningRpcCommands(RpcTable& table);
void RegisterGetRawTransactionRpcCommand(RpcTable& table);
void RegisterNetRpcCommands(RpcTable& table);
void RegisterScanTxOutSetRpcCommand(RpcTable& table);
void RegisterBlockTemplateRpcCommand(RpcTable& table);

} // namespace rpc

#endif // BITNODE_RPC_METHODS_H
