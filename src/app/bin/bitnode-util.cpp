// bitnode-util: offline tools (decode blocks and transactions). The commands live in
// bitnode_app (app/util_tool.h) so unit tests can run them without a process.
#include <app/util_tool.h>

#include <iostream>

int main(int argc, char* argv[])
{
    return app::RunUtilTool(argc, argv, std::cout, std::cerr);
}
