// The libFuzzer entry points of bitnode-fuzz, and a replay main for builds without
// libFuzzer (g++): `FUZZ=hex bitnode-fuzz FILE|DIR...` runs every input once.
#include "fuzz.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace fuzz {
namespace {

struct Target {
    TargetFn run;
    InitFn init;
};

// The registry is filled during static initialisation and read-only afterwards.
std::map<std::string, Target>& Registry()
{
    static std::map<std::string, Target> registry;
    return registry;
}

TargetFn g_selected = nullptr; // set once in Initialize, before any input runs

void PrintTargets(FILE* out)
{
    for (const auto& [name, target] : Registry()) std::fprintf(out, "%s\n", name.c_str());
}

void Initialize()
{
    const char* name = std::getenv("FUZZ");
    if (name != nullptr && std::string{name} == "list") {
        PrintTargets(stdout);
        std::exit(0);
    }
    if (name == nullptr || Registry().count(name) == 0) {
        std::fprintf(stderr, "bitnode-fuzz: set FUZZ to one of these targets (FUZZ=list prints them):\n");
        PrintTargets(stderr);
        std::exit(1);
    }
    const Target& target = Registry().at(name);
    if (target.init != nullptr) target.init();
    g_selected = target.run;
}

} // namespace

bool RegisterTarget(const char* name, TargetFn run, InitFn init)
{
    if (!Registry().emplace(name, Target{run, init}).second) {
        std::fprintf(stderr, "bitnode-fuzz: two targets are named %s\n", name);
        std::abort();
    }
    return true;
}

void CheckFailed(const char* condition, const char* file, int line)
{
    std::fprintf(stderr, "bitnode-fuzz: check failed: %s (%s:%d)\n", condition, file, line);
    std::fflush(stderr);
    std::abort();
}

} // namespace fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/)
{
    fuzz::Initialize();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::g_selected(fuzz::Buffer{data, size});
    return 0;
}

#ifdef BITNODE_FUZZ_REPLAY_MAIN
namespace {
std::vector<uint8_t> ReadFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

int main(int argc, char** argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg{argv[i]};
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
                if (entry.is_regular_file()) inputs.push_back(entry.path());
            }
        } else {
            inputs.push_back(arg);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& path : inputs) {
        const std::vector<uint8_t> bytes = ReadFile(path);
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::fprintf(stderr, "bitnode-fuzz: replayed %zu inputs without a failure\n", inputs.size());
    return 0;
}
#endif
