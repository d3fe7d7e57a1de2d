#include <mempool/persist.h>

#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <util/fs.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace mempool {

util::Result<void> DumpMempool(const TxMemPool& pool, const std::filesystem::path& path)
{
    const std::vector<EntryInfo> entries = pool.InfoAll();
    const std::map<Txid, Amount> deltas = pool.GetDeltas();
    const std::set<Txid> unbroadcast = pool.GetUnbroadcast();

    std::vector<uint8_t> bytes;
    primitives::VectorWriter w{bytes};
    w << MEMPOOL_DUMP_VERSION << static_cast<uint64_t>(entries.size());
    for (const EntryInfo& e : entries) {
        // The delta in the entry record is the one applied to it; mapDeltas repeats them all.
        const auto d = deltas.find(e.tx->GetHash());
        w << primitives::TX_WITH_WITNESS(*e.tx) << e.time << (d == deltas.end() ? Amount{0} : d->second);
    }
    primitives::WriteCompactSize(w, deltas.size());
    for (const auto& [txid, delta] : deltas) w << txid << delta;
    primitives::WriteCompactSize(w, unbroadcast.size());
    for (const Txid& txid : unbroadcast) w << txid;

    std::filesystem::path tmp = path;
    tmp += ".new";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return util::Error{"cannot write " + tmp.string() + ": " + std::strerror(errno)};
    const bool written =
        std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    const bool closed = std::fclose(f) == 0;
    if (!written || !closed) {
        std::filesystem::remove(tmp);
        return util::Error{"cannot write " + tmp.string() + ": " + std::strerror(errno)};
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return util::Error{"cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message()};
    return {};
}

util::Result<LoadStats> LoadMempool(TxMemPool& pool, const MempoolChainView& chain, const std::filesystem::path& path)
{
    auto file = util::ReadFileBytes(path);
    if (!file) return util::Error{file.error()};
    LoadStats stats;
    try {
        std::vector<uint8_t>& data = *file;
        uint64_t version = 0;
        {
            primitives::SpanReader head{data};
            head >> version;
            if (version == MEMPOOL_DUMP_VERSION_XOR) {
                // Core's default since v28: an 8-byte key after the version; every later
                // byte at file offset p is XORed with key[p % 8].
                std::vector<uint8_t> key;
                head >> key;
                if (key.size() != 8) throw std::runtime_error("bad obfuscation key size");
                for (size_t p = head.Position(); p < data.size(); ++p) data[p] ^= key[p % 8];
            } else if (version != MEMPOOL_DUMP_VERSION) {
                return util::Error{path.string() + ": unknown mempool.dat version " + std::to_string(version) +
                                   " (this node reads versions 1 and 2)"};
            }
        }
        primitives::SpanReader r{data};
        r >> version;
        if (version == MEMPOOL_DUMP_VERSION_XOR) r.Ignore(9);
        uint64_t count = 0;
        r >> count;
        const int64_t now = pool.Now();
        const int64_t expiry = pool.Options().expiry_seconds;
        for (uint64_t i = 0; i < count; ++i) {
            TransactionRef tx;
            int64_t time = 0;
            Amount delta = 0;
            r >> primitives::TX_WITH_WITNESS(tx) >> time >> delta;
            if (delta != 0) pool.PrioritiseTransaction(tx->GetHash(), delta);
            if (time < now - expiry) {
                ++stats.expired;
                continue;
            }
            AcceptOptions options;
            options.accept_time = time;
            const auto result = AcceptToMemoryPool(pool, chain, tx, options);
            if (result.Valid()) {
                ++stats.accepted;
            } else if (result.Reason() == "txn-already-in-mempool") {
                ++stats.already_there;
            } else {
                ++stats.failed;
            }
        }
        // Deltas of transactions not (yet) in the pool; those above were applied already.
        const uint64_t delta_count = primitives::ReadCompactSize(r);
        const std::map<Txid, Amount> applied = pool.GetDeltas();
        for (uint64_t i = 0; i < delta_count; ++i) {
            Txid txid;
            Amount delta = 0;
            r >> txid >> delta;
            const auto it = applied.find(txid);
            if (it == applied.end()) pool.PrioritiseTransaction(txid, delta);
        }
        const uint64_t unbroadcast_count = primitives::ReadCompactSize(r);
        for (uint64_t i = 0; i < unbroadcast_count; ++i) {
            Txid txid;
            r >> txid;
            pool.AddUnbroadcast(txid);
        }
    } catch (const std::exception& e) {
        return util::Error{path.string() + " is damaged (" + e.what() + "); delete it to start with an empty mempool"};
    }
    return stats;
}

} // namespace mempool
