// Test helpers for PeerManager (included by src/node/peerman*_test.cpp only): an
// in-process node (chainstate in a temporary directory, mempool, address manager, ban
// list, PeerManager and a ConnectionManager listening on an ephemeral loopback port), a
// miner of regtest blocks with current timestamps (so the node leaves initial block
// download), and a raw v1 peer driven synchronously by the test.
//
// Thread safety: test code; P2PNode's log is locked, everything else is used by the test thread.
#ifndef BITNODE_NODE_PEERMAN_TEST_UTIL_H
#define BITNODE_NODE_PEERMAN_TEST_UTIL_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <consensus/chainparams.h>
#include <consensus/merkle.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <mempool/accept.h>
#include <mempool/chainstate_view.h>
#include <mempool/txmempool.h>
#include <net/connman.h>
#include <net/transport.h>
#include <node/peerman.h>
#include <script/script.h>
#include <storage/test_tempdir.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace node::test {

using namespace std::chrono_literals;

/** Poll until pred() holds or the timeout passes. */
template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds timeout = 20s)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return pred();
}

/** A regtest block on parent (at parent_height) paying spk, stamped near the current time. */
inline std::shared_ptr<const primitives::Block> MineBlock(const consensus::ChainParams& params,
                                                          const primitives::Block& parent, int parent_height,
                                                          const primitives::ScriptBytes& spk,
                                                          std::vector<primitives::TransactionRef> txs = {},
                                                          primitives::Amount fees = 0, uint32_t tag = 0)
{
    const int height = parent_height + 1;
    primitives::MutableTransaction coinbase;
    script::Script script_sig;
    script_sig.PushInt(height);
    script_sig.PushInt(tag);
    coinbase.vin.emplace_back(primitives::OutPoint{}, script_sig.bytes());
    coinbase.vin[0].witness.stack.emplace_back(32, 0);
    coinbase.vout.emplace_back(consensus::GetBlockSubsidy(height, params.GetConsensus()) + fees, spk);
    primitives::Block block;
    block.version = 0x20000000;
    block.hash_prev_block = parent.GetHash();
    const auto now = static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    block.time = std::max(parent.time + 1, now - 3600);
    block.bits = parent.bits;
    block.vtx.push_back(primitives::MakeTransactionRef(primitives::MutableTransaction{coinbase}));
    for (auto& tx : txs) block.vtx.push_back(std::move(tx));
    const auto commitment =
        consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(block), primitives::uint256{});
    coinbase.vout.emplace_back(0, consensus::WitnessCommitmentScript(commitment));
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    block.hash_merkle_root = consensus::BlockMerkleRoot(block);
    while (!consensus::CheckProofOfWork(block.GetHash(), block.bits, params.GetConsensus())) ++block.nonce;
    return std::make_shared<const primitives::Block>(std::move(block));
}

inline primitives::ScriptBytes OpTrueScript() { return {0x51}; }

/** A whole node on loopback, without RPC. */
class P2PNode
{
public:
    explicit P2PNode(PeerManagerOptions opts = FastOptions(), net::ConnectionManager::Options copts = {})
    {
        chain::ChainstateManager::Options options;
        options.datadir = m_dir.Path() / "regtest";
        options.chain_params = params.get();
        options.signals = &signals;
        options.clock = &clock;
        auto opened = chain::ChainstateManager::Open(options);
        if (!opened) throw std::runtime_error(opened.error());
        chainman = std::move(*opened);
        mempool::MempoolOptions mopts;
        mopts.require_standard = false;
        mopts.signals = &signals;
        mopts.clock = &clock;
        pool = std::make_unique<mempool::TxMemPool>(mopts);
        opts.log_debug = [this](const std::string& line) { AddLog(line); };
        opts.log_info = [this](const std::string& line) { AddLog(line); };
        peerman = PeerManager::Make(addrman, &banlist, *chainman, *pool, signals, clock, opts);
        copts.port = 0;
        connman =
            std::make_unique<net::ConnectionManager>(*params, std::move(copts), addrman, &banlist, *peerman, clock);
        peerman->SetConnman(*connman);
        signals.RegisterListener(peerman);
        const util::Result<void> started = connman->Start();
        if (!started) throw std::runtime_error(started.error());
        blocks.push_back(std::make_shared<const primitives::Block>(params->GenesisBlock()));
    }
    ~P2PNode()
    {
        peerman->Stop();
        connman->Stop();
        signals.UnregisterListener(peerman.get());
    }
    P2PNode(const P2PNode&) = delete;
    P2PNode& operator=(const P2PNode&) = delete;

    static PeerManagerOptions FastOptions()
    {
        PeerManagerOptions opts;
        opts.inbound_inv_interval = 20ms;
        opts.outbound_inv_interval = 20ms;
        return opts;
    }

    uint16_t Port() const { return connman->ListeningAddresses().at(0).GetPort(); }
    std::string Address() const { return connman->ListeningAddresses().at(0).ToStringAddrPort(); }
    int Height() const { return chainman->ActiveHeight(); }
    primitives::uint256 TipHash() const { return chainman->ActiveTip()->hash; }

    /** Mine n blocks on our tip (coinbases to spk) and submit them. */
    void Mine(int n, const primitives::ScriptBytes& spk = OpTrueScript(), uint32_t tag = 0)
    {
        for (int i = 0; i < n; ++i) {
            blocks.push_back(MineBlock(*params, *blocks.back(), static_cast<int>(blocks.size()) - 1, spk, {}, 0, tag));
            consensus::BlockValidationState state;
            if (!chainman->ProcessNewBlock(blocks.back(), true, nullptr, &state)) {
                throw std::runtime_error("mined block refused: " + state.ToString());
            }
        }
    }
    mempool::MempoolAcceptResult Accept(const primitives::TransactionRef& tx)
    {
        LOCK(chainman->GetMutex());
        const mempool::ChainstateMempoolView view{*chainman};
        return mempool::AcceptToMemoryPool(*pool, view, tx);
    }
    bool Connect(const P2PNode& other)
    {
        return connman->OpenConnection(other.Address(), net::ConnectionType::OUTBOUND_FULL_RELAY);
    }
    size_t HandshakedPeers() const
    {
        size_t n = 0;
        for (const auto& stats : connman->GetNodeStats()) n += stats.successfully_connected ? 1 : 0;
        return n;
    }
    bool LogContains(const std::string& text) const
    {
        LOCK(m_log_mutex);
        for (const std::string& line : m_log) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }

    /** First, so that it is removed last (after the chainstate closed its files). */
    storage::test::TempDir m_dir;
    std::unique_ptr<const consensus::ChainParams> params = consensus::ChainParams::RegTest();
    util::Clock clock;
    chain::ValidationSignals signals;
    std::unique_ptr<chain::ChainstateManager> chainman;
    std::unique_ptr<mempool::TxMemPool> pool;
    net::AddrMan addrman{clock, true};
    net::BanList banlist{{}, clock};
    std::shared_ptr<PeerManager> peerman;
    std::unique_ptr<net::ConnectionManager> connman;
    /** Blocks mined here, from genesis (only for nodes that mine their own branch). */
    std::vector<std::shared_ptr<const primitives::Block>> blocks;

private:
    void AddLog(const std::string& line)
    {
        LOCK(m_log_mutex);
        m_log.push_back(line);
    }

    mutable util::Mutex m_log_mutex;
    std::vector<std::string> m_log GUARDED_BY(m_log_mutex);
};

/** A raw v1 peer: the test writes and reads messages itself. */
class RawPeer
{
public:
    explicit RawPeer(const P2PNode& node) : m_magic{node.params->MessageStart()}, m_deserializer{m_magic}
    {
        m_socket.connect({boost::asio::ip::address_v4::loopback(), node.Port()});
        m_socket.set_option(boost::asio::ip::tcp::no_delay(true));
        m_socket.non_blocking(true);
    }

    void SendRaw(util::ByteSpan bytes)
    {
        m_socket.non_blocking(false);
        boost::system::error_code ec;
        boost::asio::write(m_socket, boost::asio::buffer(bytes.data(), bytes.size()), ec);
        m_socket.non_blocking(true);
    }
    void Send(const net::SerializedMessage& msg) { SendRaw(net::FrameMessage(m_magic, msg)); }
    template <typename M>
    void SendMsg(const M& msg)
    {
        Send(net::MakeMessage(msg));
    }

    /** The next message of this type (others are kept in Received()); nullopt on timeout or close. */
    std::optional<net::ReceivedMessage> WaitFor(const std::string& type, std::chrono::milliseconds timeout = 10s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
                if (it->type == type) {
                    net::ReceivedMessage msg = std::move(*it);
                    m_pending.erase(it);
                    return msg;
                }
            }
            if (std::chrono::steady_clock::now() > deadline || m_closed) return std::nullopt;
            Poll();
        }
    }
    /** Types of all messages received and not taken, in order. */
    std::vector<std::string> PendingTypes()
    {
        std::vector<std::string> out;
        for (const auto& msg : m_pending) out.push_back(msg.type);
        return out;
    }
    /** Everything received within `duration`. */
    void Drain(std::chrono::milliseconds duration)
    {
        const auto deadline = std::chrono::steady_clock::now() + duration;
        while (std::chrono::steady_clock::now() < deadline && !m_closed) Poll();
    }
    bool WaitClosed(std::chrono::milliseconds timeout = 10s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!m_closed && std::chrono::steady_clock::now() < deadline) Poll();
        return m_closed;
    }
    bool Closed() const { return m_closed; }

    /** version (as Core 30 would send it), then verack once the node's version arrived. */
    void Handshake(int32_t start_height = 0, bool wtxidrelay = true, bool sendheaders = true)
    {
        net::VersionMessage version;
        version.services = net::NODE_NETWORK | net::NODE_WITNESS;
        version.nonce = 0x1234567890abcdefULL;
        version.user_agent = "/raw-test-peer/";
        version.start_height = start_height;
        version.time =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        SendMsg(version);
        if (wtxidrelay) SendMsg(net::WtxidRelayMessage{});
        SendMsg(net::SendAddrV2Message{});
        ASSERT_TRUE(WaitFor(net::msgtype::VERSION));
        SendMsg(net::VerackMessage{});
        ASSERT_TRUE(WaitFor(net::msgtype::VERACK));
        if (sendheaders) SendMsg(net::SendHeadersMessage{});
    }

private:
    void Poll()
    {
        std::array<uint8_t, 65536> buf{};
        boost::system::error_code ec;
        const size_t n = m_socket.read_some(boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::would_block) {
            std::this_thread::sleep_for(2ms);
            return;
        }
        if (ec) {
            m_closed = true;
            return;
        }
        std::vector<net::ReceivedMessage> out;
        if (m_deserializer.Feed(util::ByteSpan{buf.data(), n}, out)) m_closed = true;
        for (auto& msg : out) m_pending.push_back(std::move(msg));
    }

    boost::asio::io_context m_io;
    boost::asio::ip::tcp::socket m_socket{m_io};
    consensus::MessageStartChars m_magic;
    net::V1Deserializer m_deserializer;
    std::deque<net::ReceivedMessage> m_pending;
    bool m_closed{false};
};

} // namespace node::test

#endif // BITNODE_NODE_PEERMAN_TEST_UTIL_H
