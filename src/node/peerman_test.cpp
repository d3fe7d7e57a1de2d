// PeerManager between whole in-process nodes on loopback: headers-first sync (also past
// a full 2,000-header message and from several peers), announcements of new blocks,
// convergence of competing branches on the one with the most work, transaction relay
// with orphans, and the per-peer statistics.
#include <node/peerman_test_util.h>

#include <crypto/key.h>
#include <script/sighash.h>

#include <gtest/gtest.h>

using namespace node;
using namespace node::test;

namespace {

/** A transaction spending `prevout` (an OP_TRUE output of `value`) into `outputs` OP_TRUE outputs, paying `fee`. */
primitives::TransactionRef SpendOpTrue(const primitives::OutPoint& prevout, primitives::Amount value, int outputs,
                                       primitives::Amount fee)
{
    primitives::MutableTransaction mtx;
    mtx.version = 2;
    mtx.vin.emplace_back(prevout, primitives::ScriptBytes{});
    const primitives::Amount each = (value - fee) / outputs;
    // A push of padding keeps the transaction above the 65-byte minimum size.
    primitives::ScriptBytes spk{0x51};
    for (int i = 0; i < outputs; ++i) mtx.vout.emplace_back(each, spk);
    mtx.vout.emplace_back(0, primitives::ScriptBytes{0x6a, 0x08, 1, 2, 3, 4, 5, 6, 7, 8});
    return primitives::MakeTransactionRef(std::move(mtx));
}

primitives::OutPoint CoinbaseOutput(const P2PNode& node, int height)
{
    return {node.blocks.at(static_cast<size_t>(height))->vtx[0]->GetHash(), 0};
}

} // namespace

TEST(PeerManager, NewNodeSyncsPastAFullHeadersMessage)
{
    P2PNode source;
    source.Mine(2100); // more than one headers message (2,000) and two download windows
    P2PNode fresh;
    ASSERT_TRUE(fresh.Connect(source));
    ASSERT_TRUE(WaitFor([&] { return fresh.Height() == 2100; }, 60s)) << "height " << fresh.Height();
    EXPECT_EQ(fresh.TipHash(), source.TipHash());
    EXPECT_TRUE(fresh.LogContains("Synchronizing blockheaders, height: 2000"));
    EXPECT_TRUE(fresh.LogContains("more getheaders (2000) to end"));
    ASSERT_TRUE(WaitFor([&] {
        const auto stats = fresh.peerman->GetPeerStats();
        return stats.size() == 1 && stats[0].synced_blocks == 2100 && stats[0].synced_headers == 2100;
    }));
    const auto stats = fresh.peerman->GetPeerStats();
    EXPECT_TRUE(stats[0].inflight.empty());
    EXPECT_EQ(stats[0].starting_height, 2100);
    EXPECT_TRUE(stats[0].relay_txs);
    EXPECT_TRUE(stats[0].wtxid_relay);
    EXPECT_TRUE(stats[0].prefers_headers);
    // The source's view of the fresh node: it announced height 0 and learned our headers.
    const auto source_stats = source.peerman->GetPeerStats();
    ASSERT_EQ(source_stats.size(), 1u);
    EXPECT_EQ(source_stats[0].starting_height, 0);
}

TEST(PeerManager, SyncsFromSeveralPeersAndFollowsNewBlocks)
{
    P2PNode a;
    a.Mine(300);
    P2PNode b;
    // b gets a's blocks first so that both can serve the same chain.
    for (int h = 1; h <= 300; ++h) ASSERT_TRUE(b.chainman->ProcessNewBlock(a.blocks[static_cast<size_t>(h)], true));
    P2PNode fresh;
    ASSERT_TRUE(fresh.Connect(a));
    ASSERT_TRUE(fresh.Connect(b));
    ASSERT_TRUE(WaitFor([&] { return fresh.Height() == 300; }, 30s));
    // A new block on a reaches fresh by announcement (headers, since fresh sent sendheaders).
    a.Mine(1);
    ASSERT_TRUE(WaitFor([&] { return fresh.Height() == 301; }));
    EXPECT_EQ(fresh.TipHash(), a.TipHash());
    // ... and fresh, now synced, announces it on to b.
    ASSERT_TRUE(WaitFor([&] { return b.Height() == 301; }));
}

TEST(PeerManager, CompetingBranchesConvergeOnMostWork)
{
    P2PNode a;
    P2PNode b;
    P2PNode c;
    a.Mine(10, OpTrueScript(), 1);
    b.Mine(12, OpTrueScript(), 2); // b's branch has the most work
    c.Mine(5, OpTrueScript(), 3);
    ASSERT_TRUE(a.Connect(b));
    ASSERT_TRUE(c.Connect(a));
    ASSERT_TRUE(WaitFor([&] { return a.Height() == 12 && c.Height() == 12; }, 30s)) << a.Height() << " " << c.Height();
    EXPECT_EQ(a.TipHash(), b.TipHash());
    EXPECT_EQ(c.TipHash(), b.TipHash());
    // a mines on the common tip: everyone follows.
    a.blocks.assign(b.blocks.begin(), b.blocks.end());
    a.Mine(2, OpTrueScript(), 1);
    ASSERT_TRUE(WaitFor([&] { return b.Height() == 14 && c.Height() == 14; }));
    EXPECT_EQ(b.TipHash(), a.TipHash());
    EXPECT_EQ(c.TipHash(), a.TipHash());
}

TEST(PeerManager, TransactionsRelayToAllNodesWithOrphans)
{
    P2PNode a;
    a.Mine(110);
    P2PNode b;
    P2PNode c;
    for (int h = 1; h <= 110; ++h) {
        ASSERT_TRUE(b.chainman->ProcessNewBlock(a.blocks[static_cast<size_t>(h)], true));
        ASSERT_TRUE(c.chainman->ProcessNewBlock(a.blocks[static_cast<size_t>(h)], true));
    }
    ASSERT_TRUE(b.Connect(a));
    ASSERT_TRUE(c.Connect(b)); // c hears of a's transactions only through b
    ASSERT_TRUE(
        WaitFor([&] { return a.HandshakedPeers() == 1 && c.HandshakedPeers() == 1 && b.HandshakedPeers() == 2; }));

    const primitives::Amount value = consensus::GetBlockSubsidy(1, a.params->GetConsensus());
    const auto parent = SpendOpTrue(CoinbaseOutput(a, 1), value, 2, 10'000);
    const auto child = SpendOpTrue({parent->GetHash(), 0}, parent->vout[0].value, 1, 10'000);
    ASSERT_TRUE(a.Accept(parent).Valid()) << a.Accept(parent).Reason();
    const auto accepted_child = a.Accept(child);
    ASSERT_TRUE(accepted_child.Valid()) << accepted_child.Reason();
    // Announce the child only: b must treat it as an orphan and fetch its parent from a.
    a.peerman->RelayTransaction(child->GetHash(), child->GetWitnessHash());
    ASSERT_TRUE(WaitFor([&] { return b.pool->Exists(child->GetHash()) && b.pool->Exists(parent->GetHash()); }))
        << "b has child " << b.pool->Exists(child->GetHash()) << " parent " << b.pool->Exists(parent->GetHash());
    ASSERT_TRUE(WaitFor([&] { return c.pool->Exists(child->GetHash()) && c.pool->Exists(parent->GetHash()); }));
    EXPECT_TRUE(b.LogContains("stored orphan tx " + child->GetHash().ToString()));

    // A transaction accepted on c travels back to a.
    const auto other = SpendOpTrue(CoinbaseOutput(a, 2), value, 1, 5'000);
    ASSERT_TRUE(c.Accept(other).Valid());
    c.peerman->RelayTransaction(other->GetHash(), other->GetWitnessHash());
    ASSERT_TRUE(WaitFor([&] { return a.pool->Exists(other->GetHash()); }));
}

TEST(PeerManager, FeeFilterStopsAnnouncementsBelowIt)
{
    P2PNode a;
    a.Mine(110);
    RawPeer peer{a};
    peer.Handshake(110);
    const auto feefilter = peer.WaitFor(net::msgtype::FEEFILTER);
    ASSERT_TRUE(feefilter);
    EXPECT_EQ(net::DecodeMessage<net::FeeFilterMessage>(feefilter->payload).fee_rate, 100)
        << "the default -minrelaytxfee (100 sat/kvB)";
    peer.SendMsg(net::FeeFilterMessage{100'000}); // 100 sat/vB
    peer.Drain(200ms);
    const primitives::Amount value = consensus::GetBlockSubsidy(1, a.params->GetConsensus());
    const auto cheap = SpendOpTrue(CoinbaseOutput(a, 1), value, 1, 1'000);
    const auto rich = SpendOpTrue(CoinbaseOutput(a, 2), value, 1, 1'000'000);
    ASSERT_TRUE(a.Accept(cheap).Valid());
    ASSERT_TRUE(a.Accept(rich).Valid());
    a.peerman->RelayTransaction(cheap->GetHash(), cheap->GetWitnessHash());
    a.peerman->RelayTransaction(rich->GetHash(), rich->GetWitnessHash());
    const auto inv = peer.WaitFor(net::msgtype::INV);
    ASSERT_TRUE(inv);
    const auto entries = net::DecodeMessage<net::InvMessage>(inv->payload).inventory;
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].type, net::MSG_WTX);
    EXPECT_EQ(entries[0].hash, rich->GetWitnessHash().ToUint256());
    // The announced transaction can be fetched, and so can the filtered one, which was in the
    // mempool before the announcement (Core's rule: parents must be fetchable); a transaction
    // that arrived after our last announcement cannot.
    const auto late = SpendOpTrue(CoinbaseOutput(a, 3), value, 1, 1'000);
    ASSERT_TRUE(a.Accept(late).Valid());
    peer.SendMsg(net::GetDataMessage{{{net::MSG_WTX, rich->GetWitnessHash().ToUint256()},
                                      {net::MSG_WTX, cheap->GetWitnessHash().ToUint256()},
                                      {net::MSG_WTX, late->GetWitnessHash().ToUint256()}}});
    const auto tx1 = peer.WaitFor(net::msgtype::TX);
    const auto tx2 = peer.WaitFor(net::msgtype::TX);
    ASSERT_TRUE(tx1 && tx2);
    EXPECT_EQ(net::DecodeMessage<net::TxMessage>(tx1->payload).tx->GetWitnessHash(), rich->GetWitnessHash());
    EXPECT_EQ(net::DecodeMessage<net::TxMessage>(tx2->payload).tx->GetWitnessHash(), cheap->GetWitnessHash());
    const auto notfound = peer.WaitFor(net::msgtype::NOTFOUND);
    ASSERT_TRUE(notfound);
    const auto missing = net::DecodeMessage<net::NotFoundMessage>(notfound->payload).inventory;
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].hash, late->GetWitnessHash().ToUint256());
}
