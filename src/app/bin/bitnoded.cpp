// bitnoded: the full node daemon. The program lives in bitnode_app (app/bitnoded.h).
#include <app/bitnoded.h>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char* argv[])
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    return app::RunBitnoded(args, std::cout, std::cerr);
}
