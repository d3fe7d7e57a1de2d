// JSON-RPC error codes (Bitcoin Core's RPCErrorCode, same numbers) and the exception an
// RPC method throws to answer with one.
//
// The numbers travel to clients and scripts test for them: DO NOT CHANGE any value.
// RPC_INVALID_REQUEST and RPC_METHOD_NOT_FOUND also choose the HTTP status of a
// JSON-RPC 1.0 error reply (400 and 404), so methods must not use them for their own
// errors (doc/http-rpc.md).
//
// Thread safety: constants and an immutable exception type.
#ifndef BITNODE_RPC_PROTOCOL_H
#define BITNODE_RPC_PROTOCOL_H

#include <util/json.h>

#include <exception>
#include <string>

namespace rpc {

/** DO NOT CHANGE: these values are part of the RPC interface. */
enum RpcErrorCode : int {
    // Standard JSON-RPC 2.0 errors.
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603, //!< only for genuine bugs or corruption in the node
    RPC_PARSE_ERROR = -32700,

    // General application errors.
    RPC_MISC_ERROR = -1, //!< an exception thrown while handling the command
    RPC_TYPE_ERROR = -3, //!< a parameter has the wrong JSON type
    RPC_INVALID_ADDRESS_OR_KEY = -5,
    RPC_OUT_OF_MEMORY = -7,
    RPC_INVALID_PARAMETER = -8, //!< invalid, missing or duplicate parameter
    RPC_DATABASE_ERROR = -20,
    RPC_DESERIALIZATION_ERROR = -22, //!< raw data that does not parse or validate
    RPC_VERIFY_ERROR = -25,          //!< general error submitting a transaction or block
    RPC_VERIFY_REJECTED = -26,       //!< rejected by network rules
    RPC_VERIFY_ALREADY_IN_UTXO_SET = -27,
    RPC_IN_WARMUP = -28, //!< the node is still starting
    RPC_METHOD_DEPRECATED = -32,

    RPC_TRANSACTION_ERROR = RPC_VERIFY_ERROR,
    RPC_TRANSACTION_REJECTED = RPC_VERIFY_REJECTED,
    RPC_VERIFY_ALREADY_IN_CHAIN = RPC_VERIFY_ALREADY_IN_UTXO_SET, //!< Core's older name

    // P2P client errors.
    RPC_CLIENT_NOT_CONNECTED = -9,
    RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
    RPC_CLIENT_NODE_ALREADY_ADDED = -23,
    RPC_CLIENT_NODE_NOT_ADDED = -24,
    RPC_CLIENT_NODE_NOT_CONNECTED = -29,
    RPC_CLIENT_INVALID_IP_OR_SUBNET = -30,
    RPC_CLIENT_P2P_DISABLED = -31,
    RPC_CLIENT_NODE_CAPACITY_REACHED = -34,

    // Chain errors.
    RPC_CLIENT_MEMPOOL_DISABLED = -33,

    // Wallet errors.
    RPC_WALLET_ERROR = -4,
    RPC_WALLET_INSUFFICIENT_FUNDS = -6,
    RPC_WALLET_INVALID_LABEL_NAME = -11,
    RPC_WALLET_KEYPOOL_RAN_OUT = -12,
    RPC_WALLET_UNLOCK_NEEDED = -13,
    RPC_WALLET_PASSPHRASE_INCORRECT = -14,
    RPC_WALLET_WRONG_ENC_STATE = -15,
    RPC_WALLET_ENCRYPTION_FAILED = -16,
    RPC_WALLET_ALREADY_UNLOCKED = -17,
    RPC_WALLET_NOT_FOUND = -18,
    RPC_WALLET_NOT_SPECIFIED = -19,
    RPC_WALLET_ALREADY_LOADED = -35,
    RPC_WALLET_ALREADY_EXISTS = -36,

    RPC_WALLET_INVALID_ACCOUNT_NAME = RPC_WALLET_INVALID_LABEL_NAME,

    // Reserved, unused; kept so the number is never reused.
    RPC_FORBIDDEN_BY_SAFE_MODE = -2,
};

/** Thrown by RPC methods (and the framework) to answer with a JSON-RPC error object. */
class RpcError : public std::exception
{
public:
    RpcError(int code, std::string message) : m_code(code), m_message(std::move(message)) {}
    int Code() const { return m_code; }
    const std::string& Message() const { return m_message; }
    const char* what() const noexcept override { return m_message.c_str(); }
    /** {"code": ..., "message": ...} as Core's JSONRPCError builds it. */
    util::JsonValue ToJson() const;

private:
    int m_code;
    std::string m_message;
};

} // namespace rpc

#endif // BITNODE_RPC_PROTOCOL_H
