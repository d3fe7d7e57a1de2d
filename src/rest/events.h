// The server-sent event stream of /api/v1/events: a validation listener that turns new
// tips, mempool additions and mempool removals (transactions confirmed by a connected
// block) into SSE messages and fans them out to the subscribed HTTP streams.
//
// Message format (text/event-stream; doc/api-v1.md):
//     id: <n>\nevent: block\ndata: {"hash":..,"height":..,"time":..,"initial_download":..}\n\n
//     id: <n>\nevent: mempool_add\ndata: {"txid":..,"wtxid":..,"vsize":..,"sequence":..}\n\n
//     id: <n>\nevent: mempool_remove\ndata: {"txid":..,"reason":"block"}\n\n
// A new subscriber first receives ": connected\n\n" (a comment) so it knows it is live;
// StartHeartbeat sends ": keepalive\n\n" to every subscriber at a fixed interval, so
// proxies do not time idle streams out and dead subscribers are noticed.
//
// Never blocking the notification thread: Publish only hands bytes to each stream
// (HttpStream::Send queues them for the I/O thread). A subscriber whose stream has more
// than `queue_bytes` unsent bytes is too slow and is dropped (its connection closed);
// closed streams are forgotten on the next event. At most `max_clients` subscribe at once.
//
// Thread safety: all methods may be called from any thread; listener callbacks arrive on
// the notification thread.
#ifndef BITNODE_REST_EVENTS_H
#define BITNODE_REST_EVENTS_H

#include <chain/notifications.h>
#include <net/http_types.h>
#include <util/sync.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

namespace rest {

/** One SSE message: "id: <id>\nevent: <event>\ndata: <data>\n\n" (data must not contain newlines). */
std::string FormatServerSentEvent(uint64_t id, std::string_view event, std::string_view data);

class EventHub : public chain::ValidationInterface
{
public:
    EventHub(size_t max_clients, size_t queue_bytes) : m_max_clients(max_clients), m_queue_bytes(queue_bytes) {}
    EventHub(const EventHub&) = delete;
    EventHub& operator=(const EventHub&) = delete;

    /** Add a subscriber; false (not added) when max_clients are already subscribed. */
    bool Subscribe(std::shared_ptr<net::HttpStream> stream) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Whether another subscriber would be accepted right now (checked before a 200 goes out). */
    bool HasRoom() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Send one event to every subscriber, dropping slow and closed ones. */
    void Publish(std::string_view event, std::string_view data) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Close every stream and refuse further subscribers; stops the heartbeat (shutdown). */
    void CloseAll() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex, !m_heartbeat_mutex);
    /** Send a keep-alive comment to every subscriber (dropping slow and closed ones). */
    void Heartbeat() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** A thread calling Heartbeat every `interval` until CloseAll or destruction. */
    void StartHeartbeat(std::chrono::milliseconds interval) EXCLUSIVE_LOCKS_REQUIRED(!m_heartbeat_mutex);

    ~EventHub() override;

    size_t ClientCount() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Events published and subscribers dropped for being slow, since start. */
    uint64_t EventsPublished() const { return m_next_id.load() - 1; }
    uint64_t ClientsDropped() const { return m_dropped.load(); }

    // chain::ValidationInterface
    void UpdatedBlockTip(const chain::BlockIndex* new_tip, const chain::BlockIndex* fork,
                         bool initial_download) override EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void TransactionAddedToMempool(const primitives::TransactionRef& tx, uint64_t mempool_sequence) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    /** Send bytes to every subscriber, dropping slow and closed ones. */
    void SendToAll(const std::string& message) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void StopHeartbeat() EXCLUSIVE_LOCKS_REQUIRED(!m_heartbeat_mutex);

    const size_t m_max_clients;
    const size_t m_queue_bytes;
    std::atomic<uint64_t> m_next_id{1};
    std::atomic<uint64_t> m_dropped{0};
    mutable util::Mutex m_mutex;
    std::vector<std::shared_ptr<net::HttpStream>> m_streams GUARDED_BY(m_mutex);
    bool m_closed GUARDED_BY(m_mutex){false};
    /** Txids announced as added and not yet seen confirmed (bounded), to report removals. */
    std::unordered_set<std::string> m_announced GUARDED_BY(m_mutex);

    util::Mutex m_heartbeat_mutex;
    util::ConditionVariable m_heartbeat_cv;
    bool m_heartbeat_stop GUARDED_BY(m_heartbeat_mutex){false};
    std::thread m_heartbeat_thread;
};

} // namespace rest

#endif // BITNODE_REST_EVENTS_H
