#include <rest/events.h>

#include <chain/block_index.h>
#include <util/json.h>

#include <algorithm>

namespace rest {

namespace {

/** Txids remembered for removal events at most; beyond it the set starts over (events are best effort). */
constexpr size_t MAX_ANNOUNCED = 100'000;

} // namespace

std::string FormatServerSentEvent(uint64_t id, std::string_view event, std::string_view data)
{
    std::string out = "id: " + std::to_string(id) + "\nevent: ";
    out += event;
    out += "\ndata: ";
    out += data;
    out += "\n\n";
    return out;
}

bool EventHub::HasRoom() const
{
    LOCK(m_mutex);
    return !m_closed && m_streams.size() < m_max_clients;
}

bool EventHub::Subscribe(std::shared_ptr<net::HttpStream> stream)
{
    LOCK(m_mutex);
    std::erase_if(m_streams, [](const auto& s) { return !s->IsOpen(); });
    if (m_closed || m_streams.size() >= m_max_clients) return false;
    stream->Send(": connected\n\n");
    m_streams.push_back(std::move(stream));
    return true;
}

void EventHub::Publish(std::string_view event, std::string_view data)
{
    LOCK(m_mutex);
    SendToAll(FormatServerSentEvent(m_next_id++, event, data));
}

void EventHub::Heartbeat()
{
    LOCK(m_mutex);
    SendToAll(": keepalive\n\n");
}

void EventHub::SendToAll(const std::string& message)
{
    std::erase_if(m_streams, [&](const std::shared_ptr<net::HttpStream>& stream) {
        if (!stream->IsOpen()) return true;
        if (stream->PendingBytes() + message.size() > m_queue_bytes) {
            // Too far behind: waiting for it would stall everyone, so it goes.
            stream->Close();
            ++m_dropped;
            return true;
        }
        return !stream->Send(message);
    });
}

void EventHub::CloseAll()
{
    StopHeartbeat();
    LOCK(m_mutex);
    m_closed = true;
    for (const auto& stream : m_streams) stream->Close();
    m_streams.clear();
}

void EventHub::StartHeartbeat(std::chrono::milliseconds interval)
{
    LOCK(m_heartbeat_mutex);
    if (m_heartbeat_thread.joinable() || m_heartbeat_stop) return;
    m_heartbeat_thread = std::thread([this, interval]() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex, !m_heartbeat_mutex) {
        while (true) {
            {
                WAIT_LOCK(m_heartbeat_mutex, lock);
                const auto deadline = std::chrono::steady_clock::now() + interval;
                if (m_heartbeat_cv.WaitUntil(lock, deadline, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_heartbeat_mutex) {
                        return m_heartbeat_stop;
                    })) {
                    return;
                }
            }
            Heartbeat();
        }
    });
}

void EventHub::StopHeartbeat()
{
    std::thread thread;
    {
        LOCK(m_heartbeat_mutex);
        m_heartbeat_stop = true;
        thread = std::move(m_heartbeat_thread);
    }
    m_heartbeat_cv.NotifyAll();
    if (thread.joinable()) thread.join();
}

EventHub::~EventHub() { StopHeartbeat(); }

size_t EventHub::ClientCount() const
{
    LOCK(m_mutex);
    return static_cast<size_t>(std::count_if(m_streams.begin(), m_streams.end(),
                                             [](const auto& stream) { return stream->IsOpen(); }));
}

void EventHub::UpdatedBlockTip(const chain::BlockIndex* new_tip, const chain::BlockIndex* /*fork*/,
                               bool initial_download)
{
    if (!new_tip) return;
    util::JsonValue data = util::JsonValue::Object();
    data.PushKV("hash", new_tip->hash.GetHex());
    data.PushKV("height", new_tip->height);
    data.PushKV("time", new_tip->GetBlockTime());
    data.PushKV("initial_download", initial_download);
    Publish("block", data.Write());
}

void EventHub::BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* /*index*/)
{
    if (!block) return;
    std::vector<std::string> confirmed;
    {
        LOCK(m_mutex);
        for (const auto& tx : block->vtx) {
            std::string txid = tx->GetHash().GetHex();
            if (m_announced.erase(txid) > 0) confirmed.push_back(std::move(txid));
        }
    }
    for (const std::string& txid : confirmed) {
        util::JsonValue data = util::JsonValue::Object();
        data.PushKV("txid", txid);
        data.PushKV("reason", "block");
        Publish("mempool_remove", data.Write());
    }
}

void EventHub::TransactionAddedToMempool(const primitives::TransactionRef& tx, uint64_t mempool_sequence)
{
    if (!tx) return;
    std::string txid = tx->GetHash().GetHex();
    {
        LOCK(m_mutex);
        if (m_announced.size() >= MAX_ANNOUNCED) m_announced.clear();
        m_announced.insert(txid);
    }
    util::JsonValue data = util::JsonValue::Object();
    data.PushKV("txid", txid);
    data.PushKV("wtxid", tx->GetWitnessHash().GetHex());
    data.PushKV("vsize", tx->GetVirtualSize());
    data.PushKV("sequence", mempool_sequence);
    Publish("mempool_add", data.Write());
}

} // namespace rest
