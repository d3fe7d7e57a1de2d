#include <app/util_tool.h>

namespace app {

int RunUtilTool(int, const char* const[], std::ostream&, std::ostream& err)
{
    err << "not yet\n";
    return 1;
}

} // namespace app
