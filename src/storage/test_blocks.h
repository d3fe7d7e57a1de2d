// Helpers for the storage tests: the records of a Core-format block file, and connecting
// a block to a UTXO cache the way validation does (recording its undo data). Used by the
// storage tests only.
#ifndef BITNODE_STORAGE_TEST_BLOCKS_H
#define BITNODE_STORAGE_TEST_BLOCKS_H

#include <primitives/block.h>
#include <primitives/streams.h>
#include <storage/coins_view.h>
#include <storage/undo.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace storage::test {

/** The block bytes of each record of a Core-format block file (magic, size, block). */
inline std::vector<std::vector<uint8_t>> ReadRecords(const std::vector<uint8_t>& file)
{
    std::vector<std::vector<uint8_t>> out;
    size_t pos = 0;
    while (pos + 8 <= file.size()) {
        const uint32_t size = file[pos + 4] | file[pos + 5] << 8 | file[pos + 6] << 16 | uint32_t{file[pos + 7]} << 24;
        out.emplace_back(file.begin() + static_cast<long>(pos + 8), file.begin() + static_cast<long>(pos + 8 + size));
        pos += 8 + size;
    }
    return out;
}

inline std::vector<primitives::Block> BlocksOfFile(const std::vector<uint8_t>& file)
{
    std::vector<primitives::Block> blocks;
    for (const auto& raw : ReadRecords(file)) {
        primitives::Block b;
        primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(b), "block");
        blocks.push_back(std::move(b));
    }
    return blocks;
}

/** Spend the block's inputs and add its outputs; returns the undo data. Throws if an input is missing. */
inline BlockUndo ConnectBlock(const primitives::Block& block, int height, CoinsViewCache& cache)
{
    BlockUndo undo;
    for (const auto& tx : block.vtx) {
        if (!tx->IsCoinBase()) {
            TxUndo txundo;
            for (const auto& in : tx->vin) {
                txundo.prevout.emplace_back();
                if (!cache.SpendCoin(in.prevout, &txundo.prevout.back())) {
                    throw std::runtime_error("missing input " + in.prevout.ToString());
                }
            }
            undo.vtxundo.push_back(std::move(txundo));
        }
        AddCoins(cache, *tx, height);
    }
    cache.SetBestBlock(block.GetHash());
    return undo;
}

} // namespace storage::test

#endif // BITNODE_STORAGE_TEST_BLOCKS_H
