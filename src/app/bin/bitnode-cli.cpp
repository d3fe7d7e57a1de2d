// bitnode-cli: the command-line JSON-RPC client. The program lives in bitnode_app
// (app/cli.h) so unit tests can run it without a process.
#include <app/cli.h>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char* argv[])
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    return app::RunCli(args, std::cin, std::cout, std::cerr);
}
