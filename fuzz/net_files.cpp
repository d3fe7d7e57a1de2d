// Fuzz targets for the files the network layer reads back at start: peers.dat (the
// address manager) and banlist.json. Both may be damaged, truncated or written by
// someone else; loading must fail with a message or succeed with a consistent table,
// and what loads must save and load again to the same thing.
#include "data_reader.h"
#include "fuzz.h"

#include <net/addrman.h>
#include <net/banlist.h>
#include <util/json.h>
#include <util/time.h>

#include <string>
#include <vector>

namespace {

constexpr consensus::MessageStartChars MAGIC{0xfa, 0xbf, 0xb5, 0xda}; // regtest

} // namespace

FUZZ_TARGET(net_peers_dat)
{
    util::Clock clock;
    clock.SetMockTime(1'700'000'000);
    auto loaded = net::AddrMan::Deserialize(util::ByteSpan{buffer.data(), buffer.size()}, MAGIC, clock,
                                            /*deterministic=*/true);
    if (!loaded) {
        FUZZ_CHECK(!loaded.error().empty());
        return;
    }
    FUZZ_CHECK((*loaded)->CheckConsistency() == 0);
    const std::vector<uint8_t> saved = (*loaded)->Serialize(MAGIC);
    auto again = net::AddrMan::Deserialize(saved, MAGIC, clock, /*deterministic=*/true);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK((*again)->Size() == (*loaded)->Size());
    FUZZ_CHECK((*again)->Serialize(MAGIC) == saved);
}

FUZZ_TARGET(net_banlist_json)
{
    const std::string text(buffer.begin(), buffer.end());
    const auto json = util::ParseJson(text);
    if (!json) return;
    std::vector<std::string> dropped;
    const auto bans = net::BanMapFromJson(*json, &dropped);
    if (!bans) {
        FUZZ_CHECK(!bans.error().empty());
        return;
    }
    const util::JsonValue written = net::BanMapToJson(*bans);
    std::vector<std::string> dropped_again;
    const auto reread = net::BanMapFromJson(written, &dropped_again);
    FUZZ_CHECK(reread.has_value());
    FUZZ_CHECK(dropped_again.empty());
    FUZZ_CHECK(*reread == *bans);
}
