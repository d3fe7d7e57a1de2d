// PeerManager against a raw v1 peer driven by the test: the handshake and its ordering,
// pings, getheaders/getblocks answers (with getblocks' continuation), witness and
// stripped block serialization, and what gets a peer disconnected (unconnecting or
// invalid headers, oversized getdata/addr, the mempool message without bloom filters,
// stalling the block download, unanswered pings) and what does not (messages before
// version, a bad checksum, a duplicate version).
#include <node/peerman_test_util.h>

#include <crypto/random.h>
#include <primitives/streams.h>

#include <gtest/gtest.h>

#include <iostream>

using namespace node;
using namespace node::test;

namespace {

std::vector<primitives::BlockHeader> DecodeHeaders(const net::ReceivedMessage& msg)
{
    return net::DecodeMessage<net::HeadersMessage>(msg.payload).headers;
}

} // namespace

TEST(PeerManagerProtocol, HandshakeOrderAndFeatures)
{
    P2PNode node;
    node.Mine(3);
    RawPeer peer{node};
    net::VersionMessage version;
    version.services = net::NODE_NETWORK | net::NODE_WITNESS;
    version.nonce = 42;
    version.user_agent = "/raw\x01peer/";
    version.start_height = 7;
    peer.SendMsg(version);
    // Our version, then wtxidrelay and sendaddrv2 before verack, as Core.
    const auto reply = peer.WaitFor(net::msgtype::VERACK);
    ASSERT_TRUE(reply);
    std::vector<std::string> types = peer.PendingTypes();
    ASSERT_EQ(types.size(), 3u);
    EXPECT_EQ(types[0], "version");
    EXPECT_EQ(types[1], "wtxidrelay");
    EXPECT_EQ(types[2], "sendaddrv2");
    const auto theirs = net::DecodeMessage<net::VersionMessage>(peer.WaitFor(net::msgtype::VERSION)->payload);
    EXPECT_EQ(theirs.version, 70016);
    EXPECT_EQ(theirs.services, net::NODE_NETWORK | net::NODE_WITNESS);
    EXPECT_EQ(theirs.start_height, 3);
    EXPECT_TRUE(theirs.relay);
    EXPECT_EQ(theirs.user_agent, DEFAULT_USER_AGENT);
    EXPECT_NE(theirs.nonce, 0u);

    peer.SendMsg(net::VerackMessage{});
    ASSERT_TRUE(peer.WaitFor(net::msgtype::SENDHEADERS));
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PING)) << "a ping right after the handshake";
    ASSERT_TRUE(peer.WaitFor(net::msgtype::FEEFILTER));
    peer.Drain(100ms);
    for (const std::string& type : peer.PendingTypes()) EXPECT_NE(type, "sendcmpct") << "compact blocks are off";

    ASSERT_TRUE(WaitFor([&] { return node.HandshakedPeers() == 1; }));
    const auto stats = node.connman->GetNodeStats();
    EXPECT_EQ(stats[0].user_agent, "/rawpeer/") << "sanitized";
    EXPECT_EQ(stats[0].starting_height, 7);
    // Our ping is answered: pong with its nonce; we answer theirs.
    peer.SendMsg(net::PingMessage{0xfeedULL});
    const auto pong = peer.WaitFor(net::msgtype::PONG);
    ASSERT_TRUE(pong);
    EXPECT_EQ(net::DecodeMessage<net::PongMessage>(pong->payload).nonce, 0xfeedULL);
}

TEST(PeerManagerProtocol, MessagesBeforeVersionAndDuplicateVersionAreIgnored)
{
    P2PNode node;
    RawPeer peer{node};
    peer.SendMsg(net::PingMessage{1});
    peer.SendMsg(net::GetAddrMessage{});
    peer.Drain(200ms);
    EXPECT_FALSE(peer.Closed());
    EXPECT_TRUE(peer.PendingTypes().empty()) << "no answers before version";
    EXPECT_TRUE(node.LogContains("non-version message before version handshake. Message \"ping\""));
    peer.Handshake();
    net::VersionMessage again;
    again.nonce = 5;
    peer.SendMsg(again);
    peer.SendMsg(net::PingMessage{2});
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PONG));
    EXPECT_TRUE(node.LogContains("redundant version message"));
    EXPECT_FALSE(peer.Closed());
}

TEST(PeerManagerProtocol, BadChecksumIsDroppedNotPunished)
{
    P2PNode node;
    RawPeer peer{node};
    peer.Handshake();
    std::vector<uint8_t> framed = net::FrameMessage(node.params->MessageStart(), net::MakeMessage(net::PingMessage{9}));
    framed[20] ^= 0xff; // checksum
    peer.SendRaw(framed);
    peer.SendMsg(net::PingMessage{10});
    const auto pong = peer.WaitFor(net::msgtype::PONG);
    ASSERT_TRUE(pong);
    EXPECT_EQ(net::DecodeMessage<net::PongMessage>(pong->payload).nonce, 10u) << "the corrupted ping was dropped";
    EXPECT_FALSE(peer.Closed());
}

TEST(PeerManagerProtocol, GetHeadersFromLocator)
{
    P2PNode node;
    node.Mine(2100);
    RawPeer peer{node};
    peer.Handshake();
    const auto hash = [&](int h) { return node.blocks[static_cast<size_t>(h)]->GetHash(); };

    peer.SendMsg(net::GetHeadersMessage{70016, {hash(0)}, {}});
    auto headers = DecodeHeaders(*peer.WaitFor(net::msgtype::HEADERS));
    ASSERT_EQ(headers.size(), 2000u) << "at most 2,000";
    EXPECT_EQ(headers.front().GetHash(), hash(1));
    EXPECT_EQ(headers.back().GetHash(), hash(2000));

    // The first locator entry we know on our chain wins; unknown ones are skipped.
    primitives::uint256 unknown;
    unknown.data()[0] = 1;
    peer.SendMsg(net::GetHeadersMessage{70016, {unknown, hash(2050), hash(10)}, {}});
    headers = DecodeHeaders(*peer.WaitFor(net::msgtype::HEADERS));
    ASSERT_EQ(headers.size(), 50u);
    EXPECT_EQ(headers.front().GetHash(), hash(2051));

    peer.SendMsg(net::GetHeadersMessage{70016, {hash(100)}, hash(110)});
    headers = DecodeHeaders(*peer.WaitFor(net::msgtype::HEADERS));
    ASSERT_EQ(headers.size(), 10u) << "up to and including hash_stop";
    EXPECT_EQ(headers.back().GetHash(), hash(110));

    peer.SendMsg(net::GetHeadersMessage{70016, {}, hash(77)});
    headers = DecodeHeaders(*peer.WaitFor(net::msgtype::HEADERS));
    ASSERT_EQ(headers.size(), 1u) << "empty locator: just hash_stop";
    EXPECT_EQ(headers[0].GetHash(), hash(77));

    peer.SendMsg(net::GetHeadersMessage{70016, {hash(2100)}, {}});
    EXPECT_TRUE(DecodeHeaders(*peer.WaitFor(net::msgtype::HEADERS)).empty()) << "nothing after our tip";
}

TEST(PeerManagerProtocol, GetBlocksWithContinuationAndBothSerializations)
{
    P2PNode node;
    node.Mine(600);
    RawPeer peer{node};
    peer.Handshake();
    const auto hash = [&](int h) { return node.blocks[static_cast<size_t>(h)]->GetHash(); };
    peer.SendMsg(net::GetBlocksMessage{70016, {hash(0)}, {}});
    const auto inv = net::DecodeMessage<net::InvMessage>(peer.WaitFor(net::msgtype::INV)->payload).inventory;
    ASSERT_EQ(inv.size(), 500u);
    EXPECT_EQ(inv.front(), (net::Inv{net::MSG_BLOCK, hash(1)}));
    EXPECT_EQ(inv.back(), (net::Inv{net::MSG_BLOCK, hash(500)}));

    // Asking for the last one announces our tip (hashContinue), so getblocks-only peers go on.
    peer.SendMsg(net::GetDataMessage{{{net::MSG_WITNESS_BLOCK, hash(500)}}});
    const auto block = peer.WaitFor(net::msgtype::BLOCK);
    ASSERT_TRUE(block);
    const auto tip_inv = net::DecodeMessage<net::InvMessage>(peer.WaitFor(net::msgtype::INV)->payload).inventory;
    ASSERT_EQ(tip_inv.size(), 1u);
    EXPECT_EQ(tip_inv[0], (net::Inv{net::MSG_BLOCK, hash(600)}));

    // Witness serialization carries the coinbase's witness; MSG_BLOCK gets it stripped.
    peer.SendMsg(net::GetDataMessage{{{net::MSG_BLOCK, hash(500)}}});
    const auto stripped = peer.WaitFor(net::msgtype::BLOCK);
    ASSERT_TRUE(stripped);
    EXPECT_EQ(block->payload.size(), stripped->payload.size() + 2 + 1 + 1 + 32) << "marker, flag, count, item";
    const auto decoded = net::DecodeMessage<net::BlockMessage>(stripped->payload).block;
    EXPECT_EQ(decoded->GetHash(), hash(500));
    EXPECT_TRUE(decoded->vtx[0]->vin[0].witness.stack.empty());

    peer.SendMsg(net::GetBlocksMessage{70016, {hash(10)}, hash(20)});
    const auto bounded = net::DecodeMessage<net::InvMessage>(peer.WaitFor(net::msgtype::INV)->payload).inventory;
    EXPECT_EQ(bounded.size(), 9u) << "11..19: hash_stop itself is not sent";
}

TEST(PeerManagerProtocol, UnconnectingHeadersTenTimesDisconnects)
{
    P2PNode node;
    node.Mine(1);
    RawPeer peer{node};
    peer.Handshake();
    primitives::BlockHeader header = node.blocks[1]->GetBlockHeader();
    for (int i = 0; i < 9; ++i) {
        header.hash_prev_block = primitives::uint256{};
        header.hash_prev_block.data()[0] = static_cast<uint8_t>(i + 1);
        peer.SendMsg(net::HeadersMessage{{header}});
        ASSERT_TRUE(peer.WaitFor(net::msgtype::GETHEADERS) || i > 0) << "the first asks for the gap";
    }
    peer.Drain(200ms);
    EXPECT_FALSE(peer.Closed()) << "nine are tolerated";
    header.hash_prev_block.data()[0] = 99;
    peer.SendMsg(net::HeadersMessage{{header}});
    EXPECT_TRUE(peer.WaitClosed());
    EXPECT_TRUE(node.LogContains("Misbehaving: peer=0: 10 non-connecting headers"));
    EXPECT_TRUE(node.LogContains("disconnecting but not discouraging local peer"));
}

TEST(PeerManagerProtocol, InvalidHeaderAndNonContinuousHeadersDisconnect)
{
    P2PNode node;
    {
        RawPeer peer{node};
        peer.Handshake();
        primitives::BlockHeader header;
        header.version = 0x20000000;
        header.hash_prev_block = node.params->GenesisBlock().GetHash();
        header.time = node.params->GenesisBlock().time + 1;
        header.bits = node.params->GenesisBlock().bits;
        // A nonce whose hash misses regtest's (easy) target.
        while (consensus::CheckProofOfWork(header.GetHash(), header.bits, node.params->GetConsensus())) ++header.nonce;
        peer.SendMsg(net::HeadersMessage{{header}});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_TRUE(node.LogContains("invalid header received"));
        EXPECT_EQ(node.chainman->LookupBlockIndex(header.GetHash()), nullptr) << "nothing stored";
    }
    {
        node.Mine(3);
        RawPeer peer{node};
        peer.Handshake();
        peer.SendMsg(net::HeadersMessage{{node.blocks[1]->GetBlockHeader(), node.blocks[3]->GetBlockHeader()}});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_TRUE(node.LogContains("non-continuous headers sequence"));
    }
}

TEST(PeerManagerProtocol, OversizedListsDisconnect)
{
    P2PNode node;
    {
        RawPeer peer{node};
        peer.Handshake();
        net::GetDataMessage getdata;
        getdata.inventory.assign(1001, net::Inv{net::MSG_TX, primitives::uint256{}});
        peer.SendMsg(getdata);
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_TRUE(node.LogContains("getdata message size = 1001"));
    }
    {
        RawPeer peer{node};
        peer.Handshake();
        // 1,001 addresses: the decoder refuses the count before reading them.
        std::vector<uint8_t> payload;
        primitives::VectorWriter writer{payload};
        primitives::WriteCompactSize(writer, 1001);
        payload.resize(payload.size() + 1001 * 30);
        peer.Send(net::SerializedMessage{"addr", payload});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_TRUE(node.LogContains("addr message size = 1001"));
    }
    {
        RawPeer peer{node};
        peer.Handshake();
        net::GetHeadersMessage getheaders;
        std::vector<uint8_t> payload;
        primitives::VectorWriter writer{payload};
        primitives::WriteLE(writer, uint32_t{70016});
        primitives::WriteCompactSize(writer, 102);
        payload.resize(payload.size() + 103 * 32);
        peer.Send(net::SerializedMessage{"getheaders", payload});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_TRUE(node.LogContains("getheaders locator size 102 > 101, disconnect peer"));
    }
}

TEST(PeerManagerProtocol, MempoolMessageWithoutBloomFiltersDisconnects)
{
    P2PNode node;
    RawPeer peer{node};
    peer.Handshake();
    peer.SendMsg(net::MempoolMessage{});
    EXPECT_TRUE(peer.WaitClosed());
    EXPECT_TRUE(node.LogContains("mempool request with bloom filters disabled"));
}

TEST(PeerManagerProtocol, UnansweredPingDisconnects)
{
    PeerManagerOptions opts = P2PNode::FastOptions();
    opts.ping_timeout = std::chrono::seconds{1};
    P2PNode node{opts};
    RawPeer peer{node};
    peer.Handshake();
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PING));
    EXPECT_TRUE(peer.WaitClosed(5s));
    EXPECT_TRUE(node.LogContains("ping timeout"));
}

TEST(PeerManagerProtocol, StallingPeerIsDisconnectedAndOthersFinishTheDownload)
{
    P2PNode source;
    source.Mine(1100); // more than a download window
    P2PNode fresh;
    RawPeer staller{fresh};
    staller.Handshake(1100);
    // The staller offers the whole chain's headers, then never sends a block.
    const auto getheaders = staller.WaitFor(net::msgtype::GETHEADERS);
    ASSERT_TRUE(getheaders);
    net::HeadersMessage headers;
    for (int h = 1; h <= 1100; ++h) headers.headers.push_back(source.blocks[static_cast<size_t>(h)]->GetBlockHeader());
    staller.SendMsg(headers);
    const auto getdata = staller.WaitFor(net::msgtype::GETDATA);
    ASSERT_TRUE(getdata);
    const auto requested = net::DecodeMessage<net::GetDataMessage>(getdata->payload).inventory;
    ASSERT_EQ(requested.size(), 16u) << "MAX_BLOCKS_IN_TRANSIT_PER_PEER";
    EXPECT_EQ(requested[0], (net::Inv{net::MSG_WITNESS_BLOCK, source.blocks[1]->GetHash()}));

    ASSERT_TRUE(fresh.Connect(source));
    EXPECT_TRUE(staller.WaitClosed(15s));
    EXPECT_TRUE(fresh.LogContains("is stalling block download, disconnecting"));
    ASSERT_TRUE(WaitFor([&] { return fresh.Height() == 1100; }, 30s)) << fresh.Height();
}

TEST(PeerManagerProtocol, UnrequestedBlockWithoutMoreWorkIsNotStored)
{
    P2PNode a;
    a.Mine(5, OpTrueScript(), 1);
    P2PNode b;
    b.Mine(6, OpTrueScript(), 2);
    RawPeer peer{b};
    peer.Handshake();
    // a's block 1 is valid but on a branch with less work than b's: not requested, not stored.
    peer.SendMsg(net::BlockMessage{a.blocks[1]});
    peer.SendMsg(net::PingMessage{3});
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PONG));
    const auto info = b.chainman->GetBlockInfo(a.blocks[1]->GetHash());
    EXPECT_TRUE(!info || !(info->status & storage::BLOCK_HAVE_DATA));
    EXPECT_FALSE(peer.Closed());
}

namespace {
net::PeerAddress RoutableAddress(int i, int64_t time)
{
    const auto service =
        net::Service::Parse("8." + std::to_string(i / 250 + 1) + "." + std::to_string(i % 250 + 1) + ".4:8333", 8333);
    return {*service, net::NODE_NETWORK | net::NODE_WITNESS, time};
}
} // namespace

TEST(PeerManagerProtocol, AddrIsRateLimitedAndStored)
{
    P2PNode node;
    RawPeer peer{node};
    peer.Handshake();
    const int64_t now = node.clock.Now();
    // The token bucket starts with one token: of 1,000 addresses one is processed now.
    net::AddrV2Message addrs;
    for (int i = 0; i < 1000; ++i) addrs.addrs.push_back(RoutableAddress(i, now - 60));
    peer.SendMsg(addrs);
    peer.SendMsg(net::PingMessage{1});
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PONG));
    const auto stats = node.peerman->GetPeerStats();
    ASSERT_EQ(stats.size(), 1u);
    EXPECT_EQ(stats[0].addr_processed, 1u);
    EXPECT_EQ(stats[0].addr_rate_limited, 999u);
    EXPECT_TRUE(stats[0].addr_relay_enabled);
    EXPECT_EQ(node.addrman.Size(), 1u);
    EXPECT_FALSE(peer.Closed());
}

TEST(PeerManagerProtocol, GetAddrAnsweredOncePerInboundConnection)
{
    P2PNode node;
    const int64_t now = node.clock.Now();
    std::vector<net::PeerAddress> known;
    for (int i = 0; i < 50; ++i) known.push_back(RoutableAddress(i, now - 3600));
    ASSERT_TRUE(node.addrman.Add(known, *net::NetAddress::Parse("9.9.9.9")));
    RawPeer peer{node};
    peer.Handshake();
    peer.SendMsg(net::GetAddrMessage{});
    const auto answer = peer.WaitFor(net::msgtype::ADDRV2);
    ASSERT_TRUE(answer) << "addrv2: we sent sendaddrv2";
    const auto addrs = net::DecodeMessage<net::AddrV2Message>(answer->payload).addrs;
    EXPECT_GE(addrs.size(), 1u);
    EXPECT_LE(addrs.size(), node.addrman.Size() * MAX_PCT_ADDR_TO_SEND / 100 + 1);
    peer.SendMsg(net::GetAddrMessage{});
    peer.SendMsg(net::PingMessage{2});
    ASSERT_TRUE(peer.WaitFor(net::msgtype::PONG));
    EXPECT_FALSE(peer.WaitFor(net::msgtype::ADDRV2, 300ms)) << "answered once per connection";
    EXPECT_TRUE(node.LogContains("Ignoring repeated \"getaddr\""));
}

TEST(PeerManagerProtocol, InvalidBlockAndConsensusInvalidTxDisconnect)
{
    P2PNode node;
    node.Mine(101);
    {
        // A block on our tip whose merkle root does not match its transactions (mutated).
        RawPeer peer{node};
        peer.Handshake(101);
        auto bad =
            std::make_shared<primitives::Block>(*MineBlock(*node.params, *node.blocks.back(), 101, OpTrueScript()));
        bad->hash_merkle_root.data()[0] ^= 1;
        while (!consensus::CheckProofOfWork(bad->GetHash(), bad->bits, node.params->GetConsensus())) ++bad->nonce;
        peer.SendMsg(net::BlockMessage{bad});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_EQ(node.Height(), 101);
        const auto info = node.chainman->GetBlockInfo(bad->GetHash());
        EXPECT_TRUE(!info || !(info->status & storage::BLOCK_HAVE_DATA)) << "nothing stored";
    }
    {
        // A transaction creating money (outputs above its input): invalid by consensus.
        RawPeer peer{node};
        peer.Handshake(101);
        primitives::MutableTransaction mtx;
        mtx.version = 2;
        mtx.vin.emplace_back(primitives::OutPoint{node.blocks[1]->vtx[0]->GetHash(), 0}, primitives::ScriptBytes{});
        mtx.vout.emplace_back(primitives::MAX_MONEY + 1, OpTrueScript());
        peer.SendMsg(net::TxMessage{primitives::MakeTransactionRef(std::move(mtx))});
        EXPECT_TRUE(peer.WaitClosed());
        EXPECT_EQ(node.pool->Size(), 0u);
    }
    EXPECT_TRUE(node.LogContains("Misbehaving"));
}

TEST(PeerManagerProtocol, RandomMessagesNeverBreakTheNode)
{
    // A deterministic storm of every message type with random payloads (a cheap stand-in
    // for fuzzing the message processor, which needs a whole node): the node may disconnect
    // the sender, but must keep running, keep its chain and serve the next peer.
    P2PNode node;
    node.Mine(20);
    std::array<uint8_t, 32> seed{};
    seed[0] = 7;
    crypto::FastRandomContext rng{seed};
    const std::vector<std::string>& types = net::AllMessageTypes();
    int sent = 0;
    int disconnects = 0;
    while (sent < 3000) {
        RawPeer peer{node};
        peer.Handshake(20);
        for (int i = 0; i < 100 && !peer.Closed(); ++i, ++sent) {
            net::SerializedMessage msg{types[rng.RandRange(types.size())], {}};
            if (msg.type == net::msgtype::VERSION || msg.type == net::msgtype::VERACK) continue;
            msg.data = rng.RandBytes(rng.RandRange(300));
            if (rng.RandBool() && !msg.data.empty())
                msg.data[0] = static_cast<uint8_t>(rng.RandRange(4)); // small counts
            peer.Send(msg);
        }
        peer.SendMsg(net::PingMessage{42});
        if (!peer.WaitFor(net::msgtype::PONG, 5s)) ++disconnects;
    }
    EXPECT_EQ(node.Height(), 20);
    RawPeer last{node};
    last.Handshake(20);
    last.SendMsg(net::PingMessage{43});
    ASSERT_TRUE(last.WaitFor(net::msgtype::PONG));
    std::cout << "random messages: " << sent << " sent over " << sent / 100 << " connections, " << disconnects
              << " connections dropped by the node\n";
}
