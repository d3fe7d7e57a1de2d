// The proof-of-work search (see solver.h for the design).
#include <mining/solver.h>

#include <mining/assembler.h>

#include <crypto/sha256.h>
#include <primitives/uint256.h>
#include <util/sync.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <thread>
#include <vector>

namespace mining {

namespace {

using primitives::arith_uint256;
using primitives::Block;

/** Nonces per kernel call: 8 KiB of hashes, which stays in the L1 cache. */
constexpr uint64_t BATCH = 256;
constexpr uint64_t NONCE_SPACE = uint64_t{1} << 32;

void WriteLE32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t ReadLE64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

/** What the kernel needs of a header: the state after its first 64 bytes and its last 16. */
struct HeaderWork {
    crypto::Sha256Midstate midstate;
    std::array<uint8_t, 16> tail;
};

HeaderWork Prepare(const primitives::BlockHeader& header)
{
    std::array<uint8_t, 80> bytes;
    WriteLE32(bytes.data(), static_cast<uint32_t>(header.version));
    std::memcpy(bytes.data() + 4, header.hash_prev_block.data(), 32);
    std::memcpy(bytes.data() + 36, header.hash_merkle_root.data(), 32);
    WriteLE32(bytes.data() + 68, header.time);
    WriteLE32(bytes.data() + 72, header.bits);
    WriteLE32(bytes.data() + 76, header.nonce);
    HeaderWork work;
    work.midstate = crypto::Sha256HeaderMidstate(bytes.data());
    std::memcpy(work.tail.data(), bytes.data() + 64, 16);
    return work;
}

/** State shared by the search threads of one Solve call. */
class SearchState
{
public:
    SearchState(const arith_uint256& target, const SolveOptions& options)
        : m_target{target}, m_target_top{(target >> 192).GetLow64()}, m_options{options}
    {}

    /** Search slice [begin, end) of each extra nonce from `extra_nonce` on; block is this thread's copy. */
    void Search(Block block, uint64_t first_nonce, uint64_t slice_begin, uint64_t slice_end)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    SolveResult Result(Block& block) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    /** Add a thread's pending count to the totals. */
    void Count(uint64_t& pending);
    /** Count, then check the stop conditions; true if the search should end. */
    bool Publish(uint64_t& pending) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Finish(SolveStatus status) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        LOCK(m_mutex);
        if (!m_done.exchange(true)) m_status = status;
    }

    const arith_uint256 m_target;
    const uint64_t m_target_top;
    const SolveOptions& m_options;
    std::atomic<bool> m_done{false};
    std::atomic<uint64_t> m_hashes{0};

    util::Mutex m_mutex;
    SolveStatus m_status GUARDED_BY(m_mutex){SolveStatus::EXHAUSTED};
    bool m_found GUARDED_BY(m_mutex){false};
    uint32_t m_nonce GUARDED_BY(m_mutex){0};
    uint64_t m_extra_nonce GUARDED_BY(m_mutex){0};
};

void SearchState::Count(uint64_t& pending)
{
    m_hashes.fetch_add(pending, std::memory_order_relaxed);
    if (m_options.hash_counter) m_options.hash_counter->fetch_add(pending, std::memory_order_relaxed);
    pending = 0;
}

bool SearchState::Publish(uint64_t& pending)
{
    Count(pending);
    if (m_done.load(std::memory_order_relaxed)) return true;
    if (m_options.should_stop && m_options.should_stop()) {
        Finish(SolveStatus::STOPPED);
        return true;
    }
    if (m_hashes.load(std::memory_order_relaxed) >= m_options.max_tries) {
        Finish(SolveStatus::EXHAUSTED);
        return true;
    }
    return false;
}

void SearchState::Search(Block block, uint64_t first_nonce, uint64_t slice_begin, uint64_t slice_end)
{
    const bool single = m_options.threads <= 1;
    uint64_t extra_nonce = m_options.extra_nonce;
    uint64_t pending = 0;
    uint64_t begin = first_nonce;
    std::array<uint8_t[32], BATCH> hashes;
    while (true) {
        const HeaderWork work = Prepare(block);
        for (uint64_t n = begin; n < slice_end;) {
            uint64_t count = std::min(BATCH, slice_end - n);
            if (single) {
                // One thread counts exactly, as Core's generate does.
                const uint64_t done = m_hashes.load(std::memory_order_relaxed) + pending;
                if (done >= m_options.max_tries) {
                    Publish(pending);
                    Finish(SolveStatus::EXHAUSTED);
                    return;
                }
                count = std::min(count, m_options.max_tries - done);
            }
            crypto::Sha256D80Midstate(hashes.data(), work.midstate, work.tail.data(), static_cast<uint32_t>(n), count);
            for (uint64_t i = 0; i < count; ++i) {
                if (ReadLE64(hashes[i] + 24) > m_target_top) continue;
                if (!HashMeetsTarget(hashes[i], m_target)) continue;
                pending += i + 1;
                Count(pending); // a solution wins over a stop request arriving now
                LOCK(m_mutex);
                if (!m_done.exchange(true)) {
                    m_status = SolveStatus::FOUND;
                    m_found = true;
                    m_nonce = static_cast<uint32_t>(n + i);
                    m_extra_nonce = extra_nonce;
                }
                return;
            }
            n += count;
            pending += count;
            if (pending >= CHECK_INTERVAL && Publish(pending)) return;
        }
        if (!m_options.roll_extra_nonce) {
            // This slice is used up; the search ends when every thread's is.
            Publish(pending);
            return;
        }
        SetExtraNonce(block, m_options.height, ++extra_nonce);
        begin = slice_begin;
    }
}

SolveResult SearchState::Result(Block& block)
{
    LOCK(m_mutex);
    SolveResult result;
    result.hashes = m_hashes.load();
    result.status = m_found ? SolveStatus::FOUND : (m_done.load() ? m_status : SolveStatus::EXHAUSTED);
    result.extra_nonce = m_options.extra_nonce;
    if (m_found) {
        if (m_extra_nonce != m_options.extra_nonce) SetExtraNonce(block, m_options.height, m_extra_nonce);
        block.nonce = m_nonce;
        result.extra_nonce = m_extra_nonce;
    }
    return result;
}

} // namespace

bool HashMeetsTarget(const uint8_t hash[32], const arith_uint256& target)
{
    primitives::uint256 value;
    std::memcpy(value.data(), hash, 32);
    return primitives::UintToArith256(value) <= target;
}

SolveResult Solve(Block& block, const arith_uint256& target, const SolveOptions& options)
{
    const unsigned threads = std::max(1u, options.threads);
    SearchState state{target, options};
    if (threads == 1) {
        state.Search(block, block.nonce, 0, NONCE_SPACE);
    } else {
        std::vector<std::thread> workers;
        workers.reserve(threads);
        for (unsigned t = 0; t < threads; ++t) {
            const uint64_t begin = NONCE_SPACE * t / threads;
            const uint64_t end = NONCE_SPACE * (t + 1) / threads;
            workers.emplace_back([&state, &block, begin, end] { state.Search(block, begin, begin, end); });
        }
        for (std::thread& w : workers) w.join();
    }
    return state.Result(block);
}

} // namespace mining
