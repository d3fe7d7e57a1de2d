// bitnode-util: offline tools that need no node, as a command table.
//
// `bitnode-util [options] <command> [command options] <args>`. Each command is a row
// of COMMANDS in util_tool.cpp (name, argument synopsis, summary, handler); adding one
// (verifyblock, verifyheaders, minebench, ...) means adding a row and a handler.
// Results go to `out` as Core-formatted JSON; every failure is one line on `err`
// ("error: ...") and exit status 1. No exception escapes RunUtilTool.
//
// Thread safety: RunUtilTool keeps no state between calls.
#ifndef BITNODE_APP_UTIL_TOOL_H
#define BITNODE_APP_UTIL_TOOL_H

#include <iosfwd>
#include <istream>
#include <string>
#include <vector>

namespace app {

/** Run bitnode-util with its arguments (without the program name); returns the exit status. */
int RunUtilTool(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/** The same from main()'s argc/argv, with the process's standard input. */
int RunUtilTool(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

} // namespace app

#endif // BITNODE_APP_UTIL_TOOL_H
