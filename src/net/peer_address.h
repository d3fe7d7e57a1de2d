// PeerAddress: a Service with the time it was last seen and the services it offers, as
// gossiped in addr (v1) and addrv2 (BIP155) messages and stored in peers.dat (Core's CAddress).
//
// Thread safety: a plain value type.
#ifndef BITNODE_NET_PEER_ADDRESS_H
#define BITNODE_NET_PEER_ADDRESS_H

#include <net/netaddress.h>
#include <net/protocol.h>

#include <cstdint>

namespace net {

class PeerAddress : public Service
{
public:
    /** Core's default time of an address nobody has dated (1973): old enough to be replaced. */
    static constexpr int64_t TIME_INIT = 100000000;

    PeerAddress() = default;
    PeerAddress(const Service& service, uint64_t services_in, int64_t time_in = TIME_INIT)
        : Service{service}, time{time_in}, services{services_in}
    {}

    /** Seconds since the epoch; carried as uint32 on the wire. */
    int64_t time{TIME_INIT};
    /** ServiceFlags bits. */
    uint64_t services{NODE_NONE};

    const Service& GetService() const { return *this; }

    friend bool operator==(const PeerAddress& a, const PeerAddress& b)
    {
        return a.time == b.time && a.services == b.services &&
               static_cast<const Service&>(a) == static_cast<const Service&>(b);
    }

    /** addr: time (uint32), services (uint64), 16-byte address, port (big-endian). */
    template <typename Stream>
    void SerializeV1(Stream& s) const
    {
        primitives::WriteLE(s, static_cast<uint32_t>(time));
        primitives::WriteLE(s, services);
        Service::SerializeV1(s);
    }
    template <typename Stream>
    void UnserializeV1(Stream& s)
    {
        time = primitives::ReadLE<uint32_t>(s);
        services = primitives::ReadLE<uint64_t>(s);
        Service::UnserializeV1(s);
    }
    /** addrv2: time (uint32), services (CompactSize), BIP155 address, port (big-endian). */
    template <typename Stream>
    void SerializeV2(Stream& s) const
    {
        primitives::WriteLE(s, static_cast<uint32_t>(time));
        primitives::WriteCompactSize(s, services);
        Service::SerializeV2(s);
    }
    template <typename Stream>
    void UnserializeV2(Stream& s)
    {
        time = primitives::ReadLE<uint32_t>(s);
        // Service bits are a 64-bit field: no MAX_SIZE limit on this CompactSize.
        services = primitives::ReadCompactSize(s, /*range_check=*/false);
        Service::UnserializeV2(s);
    }
};

} // namespace net

#endif // BITNODE_NET_PEER_ADDRESS_H
