#include <rest/events.h>

#include <gtest/gtest.h>

#include <primitives/transaction.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace rest {
namespace {

/** An HttpStream that records what it is sent and can pretend to be slow or gone. */
class FakeStream : public net::HttpStream
{
public:
    bool Send(std::string data) override
    {
        if (!open) return false;
        if (stalled) pending += data.size();
        sent += data;
        return true;
    }
    size_t PendingBytes() const override { return pending; }
    bool IsOpen() const override { return open; }
    void Close() override { open = false; }

    std::string sent;
    size_t pending{0};
    bool stalled{false};
    bool open{true};
};

TEST(RestEvents, FormatsServerSentEvents)
{
    EXPECT_EQ(FormatServerSentEvent(7, "block", "{\"height\":1}"), "id: 7\nevent: block\ndata: {\"height\":1}\n\n");
}

TEST(RestEvents, FansOutAndDropsSlowOrClosedClients)
{
    EventHub hub{/*max_clients=*/3, /*queue_bytes=*/200};
    auto fast = std::make_shared<FakeStream>();
    auto slow = std::make_shared<FakeStream>();
    auto gone = std::make_shared<FakeStream>();
    slow->stalled = true;
    ASSERT_TRUE(hub.Subscribe(fast));
    ASSERT_TRUE(hub.Subscribe(slow));
    ASSERT_TRUE(hub.Subscribe(gone));
    EXPECT_FALSE(hub.HasRoom());
    EXPECT_FALSE(hub.Subscribe(std::make_shared<FakeStream>())) << "over max_clients";
    EXPECT_EQ(fast->sent, ": connected\n\n");

    gone->open = false;
    hub.Publish("block", "{\"n\":1}");
    EXPECT_EQ(hub.ClientCount(), 2U);
    EXPECT_NE(fast->sent.find("id: 1\nevent: block\ndata: {\"n\":1}\n\n"), std::string::npos);
    // The slow client's queue fills past 200 bytes: it is closed and forgotten, the fast one is not.
    for (int i = 0; i < 10; ++i) hub.Publish("mempool_add", std::string(40, 'x'));
    EXPECT_FALSE(slow->open);
    EXPECT_TRUE(fast->open);
    EXPECT_EQ(hub.ClientCount(), 1U);
    EXPECT_EQ(hub.ClientsDropped(), 1U);
    EXPECT_EQ(hub.EventsPublished(), 11U);
    EXPECT_NE(fast->sent.find("id: 11\n"), std::string::npos);

    hub.Heartbeat();
    EXPECT_TRUE(fast->sent.ends_with(": keepalive\n\n"));

    hub.CloseAll();
    EXPECT_FALSE(fast->open);
    EXPECT_FALSE(hub.Subscribe(std::make_shared<FakeStream>())) << "closed for good";
}

/** A stream the heartbeat thread and the test may touch at once. */
class CountingStream : public net::HttpStream
{
public:
    bool Send(std::string data) override
    {
        if (data == ": keepalive\n\n") ++keepalives;
        return open.load();
    }
    size_t PendingBytes() const override { return 0; }
    bool IsOpen() const override { return open.load(); }
    void Close() override { open = false; }

    std::atomic<int> keepalives{0};
    std::atomic<bool> open{true};
};

TEST(RestEvents, HeartbeatThreadKeepsStreamsAliveAndStops)
{
    EventHub hub{4, 1 << 20};
    auto stream = std::make_shared<CountingStream>();
    ASSERT_TRUE(hub.Subscribe(stream));
    hub.StartHeartbeat(std::chrono::milliseconds{5});
    for (int i = 0; i < 400 && stream->keepalives.load() < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    hub.CloseAll(); // joins the thread
    EXPECT_GE(stream->keepalives.load(), 2);
    EXPECT_FALSE(stream->IsOpen());
    const int after = stream->keepalives.load();
    std::this_thread::sleep_for(std::chrono::milliseconds{30});
    EXPECT_EQ(stream->keepalives.load(), after) << "no heartbeat after CloseAll";
}

TEST(RestEvents, MempoolAddThenConfirmed)
{
    EventHub hub{4, 1 << 20};
    auto stream = std::make_shared<FakeStream>();
    ASSERT_TRUE(hub.Subscribe(stream));
    primitives::MutableTransaction mtx;
    mtx.vin.resize(1);
    mtx.vout.emplace_back(1000, primitives::ScriptBytes{0x51});
    auto tx = std::make_shared<const primitives::Transaction>(mtx);
    hub.TransactionAddedToMempool(tx, 42);
    const std::string txid = tx->GetHash().GetHex();
    EXPECT_NE(stream->sent.find("event: mempool_add\ndata: {\"txid\":\"" + txid + "\""), std::string::npos);
    EXPECT_NE(stream->sent.find("\"sequence\":42"), std::string::npos);
    auto block = std::make_shared<primitives::Block>();
    block->vtx.push_back(tx);
    hub.BlockConnected(block, nullptr);
    EXPECT_NE(stream->sent.find("event: mempool_remove\ndata: {\"txid\":\"" + txid + "\",\"reason\":\"block\"}"),
              std::string::npos);
    // A transaction never announced is not reported as removed.
    const size_t before = stream->sent.size();
    hub.BlockConnected(block, nullptr);
    EXPECT_EQ(stream->sent.size(), before);
}

} // namespace
} // namespace rest
