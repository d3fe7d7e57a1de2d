// The interface through which the connection manager hands peers to the message
// processor (Core's NetEventsInterface), implemented by node::PeerManager.
//
// Thread safety: ConnectionManager calls every method from its single message-handler
// thread, in this order per peer: InitializeNode once, then ProcessMessages and
// SendMessages any number of times, then FinalizeNode once after the connection closed.
// HasAllDesirableServiceFlags may be called from the I/O threads as well.
#ifndef BITNODE_NET_NET_EVENTS_H
#define BITNODE_NET_NET_EVENTS_H

#include <net/connection.h>
#include <net/protocol.h>

#include <atomic>
#include <cstdint>

namespace net {

class NetEventsInterface
{
public:
    /** A new peer: set up its state; for outbound peers, queue our version message. */
    virtual void InitializeNode(Connection& node, uint64_t our_services) = 0;
    /** The peer is gone: drop its state. */
    virtual void FinalizeNode(const Connection& node) = 0;
    /**
     * Process some of the messages waiting in node.PollMessage(). Return true if more work
     * is waiting (the handler then does not sleep). Return early when interrupt is set.
     * Not called while node.IsSendPaused().
     */
    virtual bool ProcessMessages(Connection& node, std::atomic<bool>& interrupt) = 0;
    /** Send what is due to the peer (pings, announcements, requests). */
    virtual bool SendMessages(Connection& node) = 0;
    /** Whether a peer with these services is worth an automatic outbound slot. */
    virtual bool HasAllDesirableServiceFlags(uint64_t services) const
    {
        return (services & (NODE_NETWORK | NODE_WITNESS)) == (NODE_NETWORK | NODE_WITNESS) ||
               (services & (NODE_NETWORK_LIMITED | NODE_WITNESS)) == (NODE_NETWORK_LIMITED | NODE_WITNESS);
    }

protected:
    ~NetEventsInterface() = default;
};

} // namespace net

#endif // BITNODE_NET_NET_EVENTS_H
