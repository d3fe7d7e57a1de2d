// bitnode-test-dumpblock FILE...: for every block in each file (.raw, .dat records or
// .hex.txt lines, see block_files.h) print
//
//     block <name> <hash> <tx count> <total size> <weight>
//     tx <txid> <wtxid>            (one line per transaction, in block order)
//
// test/functional/test_primitives_interop.py compares this with python-bitcoinlib.
// A file that cannot be read or a block that does not parse is reported on stderr and
// makes the exit status 1.
#include <primitives/block.h>
#include <primitives/streams.h>
#include <test/tools/block_files.h>

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE...  (block files: .raw, .dat, .hex.txt)\n", argv[0]);
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        std::vector<testtools::NamedBlock> blocks;
        try {
            blocks = testtools::ReadBlockFile(argv[i]);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            status = 1;
            continue;
        }
        for (const auto& [name, bytes] : blocks) {
            primitives::Block block;
            try {
                primitives::DeserializeFromBytes(bytes, primitives::TX_WITH_WITNESS(block), "block");
            } catch (const primitives::DeserializeError& e) {
                std::fprintf(stderr, "error: %s: %s\n", name.c_str(), e.what());
                status = 1;
                continue;
            }
            std::printf("block %s %s %zu %zu %lld\n", name.c_str(), block.GetHash().GetHex().c_str(), block.vtx.size(),
                        primitives::GetBlockTotalSize(block), static_cast<long long>(primitives::GetBlockWeight(block)));
            for (const primitives::TransactionRef& tx : block.vtx) {
                std::printf("tx %s %s\n", tx->GetHash().GetHex().c_str(), tx->GetWitnessHash().GetHex().c_str());
            }
        }
    }
    return status;
}
