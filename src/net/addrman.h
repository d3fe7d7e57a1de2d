// The address manager: every peer address we have heard of, kept so that an attacker who
// floods us with addresses cannot take over our outbound connections (Core's AddrMan).
//
// Addresses live in two tables of fixed-size buckets. "new" (1024 buckets of 64) holds
// addresses we were told about; where one lands depends on a secret key, the address's
// network group and the group of the peer that told us, so one source can fill only a few
// buckets. "tried" (256 buckets of 64) holds addresses we have connected to; the bucket
// depends on the key and the address's group. A collision in tried is settled by
// test-before-evict: the old entry is kept if it still answers. Select() picks a random
// entry from one of the tables, preferring addresses not tried recently or repeatedly
// failing; GetAddr() answers getaddr requests.
//
// Bucket positions use SipHash-2-4 keyed with the table's 128-bit secret key. The table
// persists to peers.dat in bitnode's own format (doc/peers-format.md): Save writes it
// atomically, Load refuses a corrupt or foreign file with a message saying why.
//
// Thread safety: every method may be called from any thread; one internal mutex guards
// the tables.
#ifndef BITNODE_NET_ADDRMAN_H
#define BITNODE_NET_ADDRMAN_H

#include <consensus/chainparams.h>
#include <net/netaddress.h>
#include <net/peer_address.h>
#include <util/fs.h>
#include <util/result.h>
#include <util/time.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace net {

inline constexpr int ADDRMAN_NEW_BUCKET_COUNT = 1024;
inline constexpr int ADDRMAN_TRIED_BUCKET_COUNT = 256;
inline constexpr int ADDRMAN_BUCKET_SIZE = 64;

/** Where an address sits in the tables (tests and diagnostics). */
struct AddressPosition {
    bool tried{false};
    /** Number of new-table buckets holding it (always 1 in tried). */
    int multiplicity{0};
    int bucket{0};
    int position{0};
    friend bool operator==(const AddressPosition&, const AddressPosition&) = default;
};

class AddrManImpl;

class AddrMan
{
public:
    /**
     * An empty table reading time from `clock` (which must outlive it). deterministic fixes
     * the secret key and the random choices (for tests).
     */
    explicit AddrMan(const util::Clock& clock, bool deterministic = false);
    ~AddrMan();
    AddrMan(const AddrMan&) = delete;
    AddrMan& operator=(const AddrMan&) = delete;

    /** Number of addresses, optionally of one network and/or one table (in_new: true = new). */
    size_t Size(std::optional<Network> net = std::nullopt, std::optional<bool> in_new = std::nullopt) const;

    /**
     * Add addresses heard from `source` to the new table; their times are moved back by
     * time_penalty (not for the source itself). Only routable addresses are kept. True if
     * at least one was added.
     */
    bool Add(const std::vector<PeerAddress>& addrs, const NetAddress& source,
             std::chrono::seconds time_penalty = std::chrono::seconds{0});

    /** We completed a handshake with addr: move it to tried (or record a collision). */
    bool Good(const Service& addr, std::optional<int64_t> time = std::nullopt);

    /** We tried to connect to addr; count_failure counts it against the address. */
    void Attempt(const Service& addr, bool count_failure, std::optional<int64_t> time = std::nullopt);

    /** Settle tried-table collisions whose test connection succeeded, failed or timed out. */
    void ResolveCollisions();

    /** An address in tried that a pending collision would evict (to test it with a feeler). */
    std::pair<PeerAddress, int64_t> SelectTriedCollision();

    /**
     * A random address to connect to and the time we last tried it. new_only restricts to
     * the new table; a non-empty `networks` restricts to those networks. An invalid address
     * (IsValid() false) when there is nothing to choose.
     */
    std::pair<PeerAddress, int64_t> Select(bool new_only = false, const std::set<Network>& networks = {}) const;

    /**
     * Up to max_addresses (0: no limit) and max_pct percent (0: no limit) of the addresses,
     * in random order, optionally of one network; filtered drops addresses that look dead.
     */
    std::vector<PeerAddress> GetAddr(size_t max_addresses, size_t max_pct,
                                     std::optional<Network> network = std::nullopt, bool filtered = true) const;

    /** The peer at addr is still connected: refresh its time (at most every 20 minutes). */
    void Connected(const Service& addr, std::optional<int64_t> time = std::nullopt);

    /** Replace the services recorded for addr (from its version message). */
    void SetServices(const Service& addr, uint64_t services);

    std::optional<AddressPosition> FindAddressEntry(const Service& addr) const;

    /** The whole table in peers.dat form for the network with this message start. */
    std::vector<uint8_t> Serialize(const consensus::MessageStartChars& magic) const;
    /** A table from peers.dat bytes; the error says what is wrong (never throws, never asserts). */
    static util::Result<std::unique_ptr<AddrMan>> Deserialize(util::ByteSpan data,
                                                              const consensus::MessageStartChars& magic,
                                                              const util::Clock& clock, bool deterministic = false);

    /** Write peers.dat atomically (temporary file, then rename). */
    util::Result<void> Save(const util::fs::path& path, const consensus::MessageStartChars& magic) const;
    /** Read peers.dat; an error if it is missing, unreadable, foreign or corrupt. */
    static util::Result<std::unique_ptr<AddrMan>> Load(const util::fs::path& path,
                                                       const consensus::MessageStartChars& magic,
                                                       const util::Clock& clock, bool deterministic = false);

    /**
     * Load peers.dat, or start empty: when the file is missing (warning left empty), or
     * unusable (warning says why; the bad file is renamed to peers.dat.bak so it is kept
     * for inspection and not read again).
     */
    static std::unique_ptr<AddrMan> LoadOrCreate(const util::fs::path& path, const consensus::MessageStartChars& magic,
                                                 const util::Clock& clock, std::string& warning);

    /** Run the internal consistency check; 0 if consistent, else a code naming the failed invariant. */
    int CheckConsistency() const;

private:
    explicit AddrMan(std::unique_ptr<AddrManImpl> impl);
    std::unique_ptr<AddrManImpl> m_impl;
};

} // namespace net

#endif // BITNODE_NET_ADDRMAN_H
