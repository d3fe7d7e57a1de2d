// bitnode-cli: bitcoin-cli's interface to a running bitnoded over JSON-RPC.
//
//   bitnode-cli [options] <command> [params]        positional parameters
//   bitnode-cli [options] -named <command> [name=value]...
//   bitnode-cli [options] -getinfo
//
// Options as bitcoin-cli: -chain=/-regtest/-testnet/-testnet4/-signet (default regtest,
// like bitnoded), -datadir, -conf (bitnode.conf), -rpcconnect, -rpcport, -rpcuser,
// -rpcpassword (else the cookie file), -rpccookiefile, -named, -stdin, -stdinrpcpass,
// -rpcwait, -rpcwaittimeout, -rpcclienttimeout, -rpcwallet. Which parameters are parsed
// as JSON comes from the server's own method descriptions (rpc::RpcConversionTable).
//
// Output and exit status as bitcoin-cli: a string result is printed raw, anything else as
// JSON indented by 2; a null result prints nothing; exit 0. An RPC error prints
// "error code: <code>\nerror message:\n<message>" on stderr and exits with abs(code) (the
// shell sees it modulo 256). Usage, connection and other failures print "error: ..." (or
// "Error ...") on stderr and exit 1.
//
// Thread safety: RunCli keeps no state between calls.
#ifndef BITNODE_APP_CLI_H
#define BITNODE_APP_CLI_H

#include <iosfwd>
#include <string>
#include <vector>

namespace app {

/** Run bitnode-cli with its arguments (without the program name); returns the exit status. */
int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace app

#endif // BITNODE_APP_CLI_H
