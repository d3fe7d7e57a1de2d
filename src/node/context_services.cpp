// NodeContext's later subsystems: the transaction index, the miner and P2P (address
// manager, ban list, peer manager, connection manager), started after the chainstate and
// the mempool and stopped before them; and the mining methods, which delegate to the miner.
#include <node/context.h>

#include <node/txindex.h>

namespace node {

util::Result<void> NodeContext::StartTxIndex()
{
    if (!m_options.txindex) return {};
    auto index = TxIndex::Open(m_options.datadir / "indexes" / "txindex", *m_chainman,
                               [this](const std::string& line) { Log("", line); });
    if (!index) return util::Error{index.error()};
    if (auto caught_up = (*index)->CatchUp(m_interrupt_flag); !caught_up) return caught_up;
    m_txindex = std::move(*index);
    m_signals->RegisterListener(m_txindex);
    return {};
}

void NodeContext::StopTxIndex()
{
    if (m_txindex && m_signals) m_signals->UnregisterListener(m_txindex.get());
    m_txindex.reset();
}

util::Result<void> NodeContext::StartMiner()
{
    mining::MinerOptions opts = m_options.mining;
    opts.assembler.clock = m_clock;
    opts.log = [this](const std::string& line) { Log("mining", line); };
    const mining::MiningMode mode = opts.policy.mode;
    if ((mode == mining::MiningMode::MEMPOOL_THRESHOLD || mode == mining::MiningMode::INTERVAL) &&
        opts.policy.coinbase_script.empty() && opts.default_coinbase_script.empty()) {
        return util::Error{"Mining policy " + mining::MiningModeName(mode) +
                           " needs an address to pay: set -mineaddress=<address>."};
    }
    m_miner = std::make_unique<mining::Miner>(*m_chainman, *m_mempool, *m_signals, std::move(opts));
    m_miner->Start();
    return {};
}

void NodeContext::StopMiner()
{
    if (m_miner) m_miner->Stop();
}

util::Result<void> NodeContext::StartNetwork()
{
    if (!m_options.network) return {};
    NodeNetworkOptions& net_opts = *m_options.network;
    const consensus::MessageStartChars& magic = Params().MessageStart();
    std::string warning;
    m_addrman = net::AddrMan::LoadOrCreate(m_options.datadir / "peers.dat", magic, *m_clock, warning);
    if (!warning.empty()) Log("", warning);
    m_banlist = std::make_unique<net::BanList>(m_options.datadir / "banlist.json", *m_clock);
    if (!m_banlist->LoadWarning().empty()) Log("", m_banlist->LoadWarning());

    PeerManagerOptions peer_opts = net_opts.peerman;
    if (!peer_opts.log_debug) peer_opts.log_debug = [this](const std::string& line) { Log("net", line); };
    if (!peer_opts.log_info) peer_opts.log_info = [this](const std::string& line) { Log("", line); };
    std::unique_ptr<PeerManager> peerman =
        PeerManager::Make(*m_addrman, m_banlist.get(), *m_chainman, *m_mempool, *m_signals, *m_clock, peer_opts);

    net::ConnectionManager::Options conn_opts = net_opts.connman;
    conn_opts.peers_file = m_options.datadir / "peers.dat";
    if (!conn_opts.log) conn_opts.log = [this](const std::string& line) { Log("net", line); };
    m_connman = std::make_unique<net::ConnectionManager>(Params(), std::move(conn_opts), *m_addrman, m_banlist.get(),
                                                         *peerman, *m_clock);
    peerman->SetConnman(*m_connman);
    m_peerman = std::move(peerman);
    m_signals->RegisterListener(m_peerman);
    m_connman->SetNetworkActive(net_opts.network_active);
    if (auto started = m_connman->Start(); !started) return started;
    for (const net::Service& addr : m_connman->ListeningAddresses()) {
        Log("", "Bound to " + addr.ToStringAddrPort());
    }
    return {};
}

void NodeContext::StopNetwork()
{
    if (m_peerman) m_peerman->Stop();
    if (m_connman) m_connman->Stop();
    if (m_peerman && m_signals) m_signals->UnregisterListener(m_peerman.get());
    if (m_banlist) {
        if (auto flushed = m_banlist->Flush(); !flushed) Log("", "Failed to write banlist.json: " + flushed.error());
    }
    m_connman.reset();
    m_peerman.reset();
    m_banlist.reset();
    m_addrman.reset();
}

util::Result<std::vector<uint256>> NodeContext::GenerateToScript(const primitives::ScriptBytes& script, int nblocks,
                                                                 uint64_t max_tries)
{
    return m_miner->GenerateToScript(script, nblocks, max_tries);
}

util::Result<uint256> NodeContext::GenerateEmptyBlock(const primitives::ScriptBytes& script)
{
    return m_miner->GenerateEmptyBlock(script);
}

util::Result<mining::GeneratedBlock> NodeContext::GenerateBlock(const primitives::ScriptBytes& script,
                                                                const std::vector<primitives::TransactionRef>& txs,
                                                                bool submit)
{
    return m_miner->GenerateBlock(script, txs, submit);
}

mining::MiningInfo NodeContext::GetMiningInfo() const { return m_miner->GetMiningInfo(); }

void NodeContext::SetMiningPolicy(const mining::MiningPolicy& policy) { m_miner->SetPolicy(policy); }

mining::MiningPolicy NodeContext::GetMiningPolicy() const { return m_miner->GetPolicy(); }

std::string NodeContext::MiningModeName() const
{
    return m_miner ? mining::MiningModeName(m_miner->GetPolicy().mode) : "off";
}

} // namespace node
