// Framed messages built by bitnode for an independent check by python-bitcoinlib
// (test/functional/test_p2p_codec.py). The parameters here are repeated there; the
// Python test builds the same messages with its own encoder and compares the bytes.
// Without BITNODE_P2P_VECTORS_OUT the test still builds every vector and checks that each
// one reads back through the deserializer.
#include <net/messages.h>
#include <net/transport.h>

#include <consensus/chainparams.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace net;

namespace {

Service Svc(std::string_view text) { return Service::Parse(text, 0).value(); }

primitives::uint256 Hash(uint8_t fill)
{
    primitives::uint256 h;
    for (size_t i = 0; i < 32; ++i) h.data()[i] = static_cast<uint8_t>(fill + i);
    return h;
}

} // namespace

TEST(CodecVectors, Dump)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto params = consensus::ChainParams::RegTest();
    std::vector<std::pair<std::string, SerializedMessage>> vectors;

    VersionMessage version;
    version.version = 70016;
    version.services = NODE_NETWORK | NODE_WITNESS;
    version.time = 1700000000;
    version.addr_recv_services = NODE_NETWORK;
    version.addr_recv = Svc("127.0.0.1:18444");
    version.addr_from_services = NODE_NETWORK | NODE_WITNESS;
    version.nonce = 0x0102030405060708;
    version.user_agent = "/bitnode:0.1.0/";
    version.start_height = 101;
    version.relay = true;
    vectors.emplace_back("version", MakeMessage(version));
    vectors.emplace_back("verack", MakeMessage(VerackMessage{}));
    vectors.emplace_back("getaddr", MakeMessage(GetAddrMessage{}));
    vectors.emplace_back("mempool", MakeMessage(MempoolMessage{}));
    vectors.emplace_back("ping", MakeMessage(PingMessage{0x1122334455667788}));
    vectors.emplace_back("pong", MakeMessage(PongMessage{0x8877665544332211}));

    AddrMessage addr;
    addr.addrs.emplace_back(Svc("1.2.3.4:8333"), NODE_NETWORK, 1700000000);
    addr.addrs.emplace_back(Svc("[2001:db9::1]:18444"), NODE_NETWORK | NODE_WITNESS, 1700000001);
    vectors.emplace_back("addr", MakeMessage(addr));

    const std::vector<Inv> inventory{Inv{MSG_TX, Hash(1)}, Inv{MSG_BLOCK, Hash(2)}, Inv{MSG_WITNESS_TX, Hash(3)}};
    vectors.emplace_back("inv", MakeMessage(InvMessage{inventory}));
    vectors.emplace_back("getdata", MakeMessage(GetDataMessage{inventory}));
    vectors.emplace_back("notfound", MakeMessage(NotFoundMessage{inventory}));

    GetHeadersMessage getheaders;
    getheaders.locator = {Hash(10), Hash(20)};
    getheaders.hash_stop = Hash(30);
    vectors.emplace_back("getheaders", MakeMessage(getheaders));
    GetBlocksMessage getblocks;
    getblocks.locator = {Hash(40)};
    vectors.emplace_back("getblocks", MakeMessage(getblocks));

    primitives::Block block1;
    primitives::DeserializeFromBytes(testutil::ReadTestBytes("blocks/main-1.raw"), primitives::TX_WITH_WITNESS(block1));
    HeadersMessage headers;
    headers.headers = {consensus::ChainParams::Main()->GenesisBlock().GetBlockHeader(), block1.GetBlockHeader()};
    vectors.emplace_back("headers", MakeMessage(headers));

    const std::vector<uint8_t> segwit_raw = testutil::ReadTestBytes("blocks/main-482683.raw");
    BlockMessage block = DecodeMessage<BlockMessage>(segwit_raw);
    vectors.emplace_back("block", MakeMessage(block));
    vectors.emplace_back("tx", MakeMessage(TxMessage{block.block->vtx.back(), true}));

    boost::json::object out;
    for (const auto& [name, msg] : vectors) {
        const std::vector<uint8_t> framed = FrameMessage(params->MessageStart(), msg);
        V1Deserializer deser{params->MessageStart()};
        std::vector<ReceivedMessage> got;
        EXPECT_FALSE(deser.Feed(framed, got).has_value()) << name;
        ASSERT_EQ(got.size(), 1u) << name;
        EXPECT_EQ(got[0].type, name);
        EXPECT_EQ(got[0].payload, msg.data) << name;
        out[name] = util::HexStr(framed);
    }
    std::cout << vectors.size() << " framed messages built" << std::endl;

    if (const char* path = std::getenv("BITNODE_P2P_VECTORS_OUT"); path && *path) {
        std::ofstream file(path);
        file << boost::json::serialize(out);
        ASSERT_TRUE(file.good()) << "cannot write " << path;
    }
}
