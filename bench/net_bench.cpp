// P2P message costs beside the limits of PERFORMANCE.md: framing and parsing a 1 MB block
// message (the parse beside Core's DeserializeBlockTest, 1.34 ms for block 413567), the
// checksum alone (one SHA-256 stream cannot beat ~35 ns per 64-byte block: 1.83 GB/s),
// small messages through the deserializer, and a ping/pong round trip between two
// ConnectionManagers over 127.0.0.1 beside the 14 us blocking-socket TCP round trip.
#include "bench_util.h"

#include <net/connman.h>
#include <net/messages.h>
#include <net/transport.h>

#include <condition_variable>
#include <mutex>

namespace {

constexpr double CORE_DESERIALIZE_413567_MS = 1.34;
constexpr double SHA256_ONE_STREAM_BYTES_PER_S = 64.0 / 35e-9;
constexpr double TCP_ROUND_TRIP_PER_S = 71e3;

const consensus::MessageStartChars MAGIC{0xf9, 0xbe, 0xb4, 0xd9};

std::vector<uint8_t> LoadBlock(benchmark::State& state)
{
    std::vector<uint8_t> raw = bench::ReadTestFile("blocks/main-413567.raw");
    if (raw.empty()) state.SkipWithError("missing test data blocks/main-413567.raw: set BITNODE_TESTDATA");
    return raw;
}

void NetSerializeBlockMessage(benchmark::State& state)
{
    const std::vector<uint8_t> raw = LoadBlock(state);
    if (raw.empty()) return;
    net::BlockMessage msg = net::DecodeMessage<net::BlockMessage>(raw);
    for (auto _ : state) {
        const std::vector<uint8_t> framed = net::FrameMessage(MAGIC, net::MakeMessage(msg));
        benchmark::DoNotOptimize(framed.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (raw.size() + 24)));
    state.SetLabel("serialize + checksum + header, 999,887-byte block");
}
BENCHMARK(NetSerializeBlockMessage)->Unit(benchmark::kMicrosecond);

void NetDeserializeBlockMessage(benchmark::State& state)
{
    const std::vector<uint8_t> raw = LoadBlock(state);
    if (raw.empty()) return;
    const std::vector<uint8_t> framed = net::FrameMessage(MAGIC, net::SerializedMessage{"block", raw});
    for (auto _ : state) {
        net::V1Deserializer deser{MAGIC};
        std::vector<net::ReceivedMessage> out;
        // In 64 KiB reads, as the socket delivers it.
        for (size_t pos = 0; pos < framed.size(); pos += 65536) {
            deser.Feed(util::ByteSpan{framed}.subspan(pos, std::min<size_t>(65536, framed.size() - pos)), out);
        }
        const net::BlockMessage block = net::DecodeMessage<net::BlockMessage>(out.at(0).payload);
        benchmark::DoNotOptimize(block.block.get());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * framed.size()));
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), 1e3 / CORE_DESERIALIZE_413567_MS, "msg",
                              "Core DeserializeBlockTest 1.34 ms, without framing");
}
BENCHMARK(NetDeserializeBlockMessage)->Unit(benchmark::kMillisecond);

void NetChecksum1MB(benchmark::State& state)
{
    const std::vector<uint8_t> payload(1'000'000, 0x5a);
    for (auto _ : state) benchmark::DoNotOptimize(net::MessageChecksum(payload));
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations() * payload.size()),
                              SHA256_ONE_STREAM_BYTES_PER_S, "B", "one SHA-256 stream, 35 ns per 64-byte block");
}
BENCHMARK(NetChecksum1MB)->Unit(benchmark::kMicrosecond);

void NetDeserializeSmallMessages(benchmark::State& state)
{
    std::vector<uint8_t> stream;
    constexpr int COUNT = 1000;
    for (int i = 0; i < COUNT; ++i) {
        const auto framed = net::FrameMessage(MAGIC, net::MakeMessage(net::PingMessage{static_cast<uint64_t>(i)}));
        stream.insert(stream.end(), framed.begin(), framed.end());
    }
    for (auto _ : state) {
        net::V1Deserializer deser{MAGIC};
        std::vector<net::ReceivedMessage> out;
        out.reserve(COUNT);
        deser.Feed(stream, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * COUNT);
    state.SetLabel("32-byte ping messages, header check + checksum each");
}
BENCHMARK(NetDeserializeSmallMessages)->Unit(benchmark::kMicrosecond);

/** Answers pings (side A) or reports pongs (side B). */
class PingEvents final : public net::NetEventsInterface
{
public:
    net::ConnectionManager* connman{nullptr};

    void InitializeNode(net::Connection&, uint64_t) override {}
    void FinalizeNode(const net::Connection&) override {}
    bool ProcessMessages(net::Connection& node, std::atomic<bool>&) override
    {
        bool more = false;
        std::optional<net::ReceivedMessage> msg = node.PollMessage(more);
        if (!msg) return false;
        if (msg->type == net::msgtype::PING) {
            connman->PushMessage(
                node, net::MakeMessage(net::PongMessage{net::DecodeMessage<net::PingMessage>(msg->payload).nonce}));
        } else if (msg->type == net::msgtype::PONG) {
            std::lock_guard lock{m_mutex};
            ++m_pongs;
            m_cv.notify_one();
        }
        return more;
    }
    bool SendMessages(net::Connection&) override { return false; }

    void WaitPongs(uint64_t count)
    {
        std::unique_lock lock{m_mutex};
        m_cv.wait(lock, [&] { return m_pongs >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    uint64_t m_pongs{0};
};

void NetLoopbackPingPong(benchmark::State& state)
{
    const auto params = consensus::ChainParams::RegTest();
    util::Clock clock;
    net::AddrMan addrman_a{clock, true};
    net::AddrMan addrman_b{clock, true};
    PingEvents events_a;
    PingEvents events_b;
    net::ConnectionManager::Options options_a;
    options_a.port = 0;
    net::ConnectionManager::Options options_b;
    options_b.listen = false;
    net::ConnectionManager a{*params, options_a, addrman_a, nullptr, events_a, clock};
    net::ConnectionManager b{*params, options_b, addrman_b, nullptr, events_b, clock};
    events_a.connman = &a;
    events_b.connman = &b;
    if (!a.Start() || !b.Start()) {
        state.SkipWithError("cannot start the connection managers");
        return;
    }
    b.OpenConnection(a.ListeningAddresses().at(0).ToStringAddrPort(), net::ConnectionType::MANUAL);
    while (b.GetNodeCount(net::ConnectionDirection::OUT) == 0 || a.GetNodeCount(net::ConnectionDirection::IN) == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    uint64_t sent = 0;
    for (auto _ : state) {
        b.ForEachNode([&](net::Connection& node) { b.PushMessage(node, net::MakeMessage(net::PingMessage{sent})); });
        events_b.WaitPongs(++sent);
    }
    a.Stop();
    b.Stop();
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations()), TCP_ROUND_TRIP_PER_S, "rt",
                               "blocking-socket TCP round trip 14 us; here through both message-handler threads");
}
BENCHMARK(NetLoopbackPingPong)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace
