#include <net/messages.h>
#include <net/transport.h>

#include <consensus/chainparams.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

using namespace net;
using primitives::uint256;

namespace {

std::vector<uint8_t> Hex(std::string_view hex) { return util::TryParseHex(hex).value(); }

template <typename M>
M RoundTrip(const M& msg)
{
    const SerializedMessage ser = MakeMessage(msg);
    EXPECT_EQ(ser.type, M::TYPE);
    return DecodeMessage<M>(ser.data);
}

template <typename M>
std::string PayloadHex(const M& msg)
{
    return util::HexStr(MakeMessage(msg).data);
}

uint256 HashOf(uint8_t n)
{
    uint256 h;
    for (size_t i = 0; i < 32; ++i) h.data()[i] = static_cast<uint8_t>(n + i);
    return h;
}

Service Svc(std::string_view text) { return Service::Parse(text, 0).value(); }

/** Every known error message of a decoder, as DeserializeError::what(). */
template <typename M>
std::string DecodeError(std::string_view hex)
{
    const std::vector<uint8_t> bytes = Hex(hex);
    try {
        DecodeMessage<M>(bytes);
    } catch (const primitives::DeserializeError& e) {
        return e.Reason();
    }
    return "accepted";
}

} // namespace

TEST(Messages, VersionExactBytes)
{
    VersionMessage v;
    v.version = 70016;
    v.services = NODE_NETWORK | NODE_WITNESS;
    v.time = 1700000000;
    v.addr_recv_services = NODE_NETWORK;
    v.addr_recv = Svc("127.0.0.1:18444");
    v.addr_from_services = NODE_NETWORK | NODE_WITNESS;
    v.nonce = 0x0102030405060708;
    v.user_agent = "/bitnode:0.1.0/";
    v.start_height = 101;
    v.relay = true;
    // Laid out field by field from the protocol description (doc/p2p-messages.md).
    const std::string expected = "80110100"         // version 70016
                                 "0900000000000000" // services
                                 "00f1536500000000" // time
                                 "0100000000000000" // addr_recv services
                                 "00000000000000000000ffff7f000001"
                                 "480c"             // 127.0.0.1:18444
                                 "0900000000000000" // addr_from services
                                 "00000000000000000000000000000000"
                                 "0000"             // [::]:0
                                 "0807060504030201" // nonce
                                 "0f"
                                 "2f6269746e6f64653a302e312e302f" // user agent
                                 "65000000"                       // start height 101
                                 "01";                            // relay
    EXPECT_EQ(PayloadHex(v), expected);
    EXPECT_EQ(RoundTrip(v), v);
}

TEST(Messages, VersionOptionalTrailingFields)
{
    // A version 209-era message: stops after addr_recv. Defaults fill the rest, like Core.
    const std::string head = "d1000000"
                             "0100000000000000"
                             "0000000000000000"
                             "0100000000000000"
                             "00000000000000000000ffff01020304208d";
    VersionMessage v = DecodeMessage<VersionMessage>(Hex(head));
    EXPECT_EQ(v.version, 209);
    EXPECT_EQ(v.nonce, 0u);
    EXPECT_EQ(v.start_height, -1);
    EXPECT_TRUE(v.relay);
    // With addr_from and nonce but no user agent.
    v = DecodeMessage<VersionMessage>(Hex(head +
                                          "0000000000000000"
                                          "00000000000000000000000000000000"
                                          "0000" +
                                          "2a00000000000000"));
    EXPECT_EQ(v.nonce, 42u);
    EXPECT_TRUE(v.user_agent.empty());
    // relay=0 is read.
    v.relay = false;
    EXPECT_FALSE(RoundTrip(v).relay);
    // addr_from present but the nonce truncated: an error.
    EXPECT_NE(DecodeError<VersionMessage>(head + "00"), "accepted");
    // A 257-byte user agent is refused (Core's LIMITED_STRING).
    std::string long_ua = head +
                          "0000000000000000"
                          "00000000000000000000000000000000"
                          "0000"
                          "0000000000000000" +
                          "fd0101";
    long_ua += std::string(257 * 2, '4');
    EXPECT_EQ(DecodeError<VersionMessage>(long_ua), "String length limit exceeded");
}

TEST(Messages, EmptyAndScalarMessages)
{
    EXPECT_EQ(PayloadHex(VerackMessage{}), "");
    EXPECT_EQ(MakeMessage(VerackMessage{}).type, "verack");
    EXPECT_EQ(MakeMessage(WtxidRelayMessage{}).type, "wtxidrelay");
    EXPECT_EQ(MakeMessage(SendAddrV2Message{}).type, "sendaddrv2");
    EXPECT_EQ(MakeMessage(SendHeadersMessage{}).type, "sendheaders");
    EXPECT_EQ(MakeMessage(GetAddrMessage{}).type, "getaddr");
    EXPECT_EQ(MakeMessage(MempoolMessage{}).type, "mempool");
    EXPECT_EQ(PayloadHex(PingMessage{0x1122334455667788}), "8877665544332211");
    EXPECT_EQ(RoundTrip(PongMessage{7}).nonce, 7u);
    EXPECT_EQ(MakeMessage(PongMessage{7}).type, "pong");
    EXPECT_NE(DecodeError<PingMessage>("01020304"), "accepted") << "short ping";
    EXPECT_EQ(PayloadHex(FeeFilterMessage{1000}), "e803000000000000");
    EXPECT_EQ(RoundTrip(FeeFilterMessage{-5}).fee_rate, -5);
    EXPECT_EQ(PayloadHex(SendCmpctMessage{false, 2}), "00"
                                                      "0200000000000000");
    EXPECT_EQ(RoundTrip(SendCmpctMessage{true, 1}), (SendCmpctMessage{true, 1}));
}

TEST(Messages, AddrAndAddrV2)
{
    AddrMessage addr;
    addr.addrs.emplace_back(Svc("1.2.3.4:8333"), NODE_NETWORK, 1700000000);
    addr.addrs.emplace_back(Svc("[2001:db9::1]:18444"), NODE_NETWORK | NODE_WITNESS, 1700000001);
    EXPECT_EQ(PayloadHex(addr).substr(0, 2 + 60), "02"
                                                  "00f15365"
                                                  "0100000000000000"
                                                  "00000000000000000000ffff01020304"
                                                  "208d");
    EXPECT_EQ(RoundTrip(addr), addr);

    AddrV2Message v2;
    v2.addrs = addr.addrs;
    EXPECT_EQ(PayloadHex(v2).substr(0, 2 + 26), "02"
                                                "00f15365"
                                                "01"
                                                "01"
                                                "04"
                                                "01020304"
                                                "208d");
    EXPECT_EQ(RoundTrip(v2), v2);

    // An unknown network id in addrv2 is skipped, the rest still read (BIP155).
    AddrV2Message mixed = DecodeMessage<AddrV2Message>(Hex("02"
                                                           "00f15365"
                                                           "01"
                                                           "aa"
                                                           "03"
                                                           "010203"
                                                           "208d"
                                                           "00f15365"
                                                           "01"
                                                           "01"
                                                           "04"
                                                           "05060708"
                                                           "208d"));
    ASSERT_EQ(mixed.addrs.size(), 2u);
    EXPECT_FALSE(mixed.addrs[0].IsValid());
    EXPECT_EQ(mixed.addrs[1].ToStringAddrPort(), "5.6.7.8:8333");
    // A known network with the wrong length is an error.
    EXPECT_EQ(DecodeError<AddrV2Message>("01"
                                         "00f15365"
                                         "01"
                                         "01"
                                         "05"
                                         "0102030405"
                                         "208d"),
              "BIP155 IPv4 address with length 5 (should be 4)");
    // Service bits are a CompactSize in addrv2 and may exceed MAX_SIZE.
    AddrV2Message big_services = DecodeMessage<AddrV2Message>(Hex("01"
                                                                  "00f15365"
                                                                  "ff0000000000000080"
                                                                  "01"
                                                                  "04"
                                                                  "01020304"
                                                                  "208d"));
    EXPECT_EQ(big_services.addrs[0].services, 0x8000000000000000ULL);

    // Limits: 1001 entries is refused before any is read.
    EXPECT_EQ(DecodeError<AddrMessage>("fde903"), "addr message size = 1001");
    EXPECT_EQ(DecodeError<AddrV2Message>("fde903"), "addrv2 message size = 1001");
    AddrMessage full;
    full.addrs.assign(MAX_ADDR_TO_SEND, addr.addrs[0]);
    EXPECT_EQ(RoundTrip(full).addrs.size(), MAX_ADDR_TO_SEND);
}

TEST(Messages, InventoryMessages)
{
    InvMessage inv;
    inv.inventory = {Inv{MSG_TX, HashOf(1)}, Inv{MSG_WITNESS_BLOCK, HashOf(2)}, Inv{MSG_WTX, HashOf(3)}};
    EXPECT_EQ(PayloadHex(inv).substr(0, 10), "0301000000");
    EXPECT_EQ(RoundTrip(inv), inv);
    GetDataMessage getdata;
    getdata.inventory = inv.inventory;
    EXPECT_EQ(MakeMessage(getdata).type, "getdata");
    EXPECT_EQ(RoundTrip(getdata), getdata);
    NotFoundMessage notfound;
    notfound.inventory = {Inv{MSG_CMPCT_BLOCK, HashOf(9)}};
    EXPECT_EQ(RoundTrip(notfound), notfound);
    EXPECT_EQ(DecodeError<InvMessage>("fd51c3"), "inv message size = 50001");
    EXPECT_EQ(DecodeError<GetDataMessage>("fd51c3"), "getdata message size = 50001");
    EXPECT_EQ(DecodeError<NotFoundMessage>("fd51c3"), "notfound message size = 50001");
    EXPECT_EQ((Inv{MSG_WITNESS_TX, uint256{}}.ToString()), "witness-tx " + std::string(64, '0'));
    EXPECT_EQ((Inv{MSG_FILTERED_BLOCK, uint256{}}.ToString()), "merkleblock " + std::string(64, '0'));
    EXPECT_EQ((Inv{7, uint256{}}.ToString()), "0x00000007 " + std::string(64, '0'));
}

TEST(Messages, LocatorMessages)
{
    GetHeadersMessage gh;
    gh.locator = {HashOf(1), HashOf(2)};
    gh.hash_stop = HashOf(3);
    const std::string hex = PayloadHex(gh);
    EXPECT_EQ(hex.substr(0, 10), "8011010002");
    EXPECT_EQ(hex.size(), 2 * (4 + 1 + 64 + 32));
    EXPECT_EQ(RoundTrip(gh), gh);
    GetBlocksMessage gb;
    gb.locator.assign(MAX_LOCATOR_SZ, HashOf(5));
    EXPECT_EQ(RoundTrip(gb), gb);
    EXPECT_EQ(DecodeError<GetHeadersMessage>("80110100"
                                             "66"),
              "getheaders locator size 102 > 101");
    EXPECT_EQ(DecodeError<GetBlocksMessage>("80110100"
                                            "66"),
              "getblocks locator size 102 > 101");
}

TEST(Messages, HeadersCarryZeroTxCount)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = consensus::ChainParams::Main();
    HeadersMessage headers;
    headers.headers.push_back(params->GenesisBlock().GetBlockHeader());
    primitives::Block block1;
    primitives::DeserializeFromBytes(testutil::ReadTestBytes("blocks/main-1.raw"), primitives::TX_WITH_WITNESS(block1));
    headers.headers.push_back(block1.GetBlockHeader());
    const std::vector<uint8_t> payload = MakeMessage(headers).data;
    ASSERT_EQ(payload.size(), 1u + 2 * 81);
    EXPECT_EQ(payload[81], 0) << "tx count after the first header";
    EXPECT_EQ(payload[162], 0);
    const HeadersMessage back = RoundTrip(headers);
    EXPECT_EQ(back, headers);
    EXPECT_EQ(back.headers[1].hash_prev_block, params->GenesisBlock().GetHash());
    // A non-zero tx count is read and ignored, as Core does.
    std::vector<uint8_t> odd = payload;
    odd[81] = 5;
    EXPECT_EQ(DecodeMessage<HeadersMessage>(odd), headers);
    EXPECT_EQ(DecodeError<HeadersMessage>("fdd107"), "headers message size = 2001");
}

TEST(Messages, BlockAndTxWithRealData)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> raw = testutil::ReadTestBytes("blocks/main-482683.raw");
    BlockMessage msg = DecodeMessage<BlockMessage>(raw);
    ASSERT_TRUE(msg.block);
    EXPECT_EQ(msg.block->vtx.size(), 12u);
    EXPECT_EQ(MakeMessage(msg).data, raw) << "segwit block re-encodes byte for byte";
    // A segwit transaction from it, with and without its witness.
    primitives::TransactionRef tx;
    for (size_t i = 1; i < msg.block->vtx.size() && !tx; ++i) {
        if (msg.block->vtx[i]->HasWitness()) tx = msg.block->vtx[i];
    }
    ASSERT_TRUE(tx) << "the block has a segwit spend";
    const TxMessage with{tx, true};
    const TxMessage without{tx, false};
    EXPECT_EQ(MakeMessage(with).data.size(), tx->GetTotalSize());
    EXPECT_EQ(MakeMessage(without).data.size(), tx->GetStrippedSize());
    EXPECT_EQ(RoundTrip(with).tx->GetWitnessHash(), tx->GetWitnessHash());
    EXPECT_EQ(RoundTrip(without).tx->GetHash(), tx->GetHash());
    EXPECT_FALSE(RoundTrip(without).tx->HasWitness());
    // Truncated block: an error, not a crash.
    EXPECT_THROW(DecodeMessage<BlockMessage>(util::ByteSpan{raw}.first(raw.size() - 1)), primitives::DeserializeError);
}

TEST(Messages, SanitizeUserAgent)
{
    EXPECT_EQ(SanitizeUserAgent("/Satoshi:30.0.0/"), "/Satoshi:30.0.0/");
    EXPECT_EQ(SanitizeUserAgent("a\nb\x01<c>"), "abc");
}
