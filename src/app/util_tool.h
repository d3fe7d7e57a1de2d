// bitnode-util's command table and dispatcher.
#ifndef BITNODE_APP_UTIL_TOOL_H
#define BITNODE_APP_UTIL_TOOL_H

#include <ostream>

namespace app {

/** Run bitnode-util with its argv; returns the exit status. Never throws. */
int RunUtilTool(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

} // namespace app

#endif // BITNODE_APP_UTIL_TOOL_H
