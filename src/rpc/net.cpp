// Core's network RPC methods over NodeContext's connection manager, peer manager and ban
// list: getconnectioncount, ping, getpeerinfo, addnode, disconnectnode,
// getaddednodeinfo, getnettotals, getnetworkinfo, setban, listbanned, clearbanned,
// setnetworkactive. Without P2P they answer Core's RPC_CLIENT_P2P_DISABLED.
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <net/banlist.h>
#include <net/connection.h>
#include <net/connman.h>
#include <net/netaddress.h>
#include <net/protocol.h>
#include <node/context.h>
#include <node/peerman.h>

#include <chrono>
#include <cstdio>
#include <map>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

net::ConnectionManager& EnsureConnman(node::NodeContext& node)
{
    if (!node.Connman()) {
        throw RpcError(RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled");
    }
    return *node.Connman();
}

node::PeerManager& EnsurePeerman(node::NodeContext& node)
{
    if (!node.Peerman()) {
        throw RpcError(RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled");
    }
    return *node.Peerman();
}

net::BanList& EnsureBanlist(node::NodeContext& node)
{
    if (!node.Banlist()) throw RpcError(RPC_DATABASE_ERROR, "Error: Ban database not loaded");
    return *node.Banlist();
}

JsonValue ServiceNames(uint64_t services)
{
    JsonValue names = JsonValue::Array();
    for (const std::string& name : net::ServiceFlagsToStr(services)) names.PushBack(name);
    return names;
}

std::string ServicesHex(uint64_t services)
{
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(services));
    return text;
}

/** Core answers an unknown sub-command with the method's help as RPC_MISC_ERROR. */
[[noreturn]] void ThrowHelp(const RpcCall& call, std::string_view method)
{
    const RpcMethod* found = call.Request().table ? call.Request().table->Find(method) : nullptr;
    throw RpcError(RPC_MISC_ERROR, found ? found->ToString() : std::string{method});
}

double Seconds(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1e6; }

RpcMethod GetConnectionCountMethod()
{
    return RpcMethod{
        "getconnectioncount",
        "Returns the number of connections to other nodes.\n",
        {},
        RpcResult{R::NUM, "", "The connection count"},
        RpcExamples{HelpExampleCli("getconnectioncount", "") + HelpExampleRpc("getconnectioncount", "")},
        [](const RpcCall& call) -> JsonValue {
            return EnsureConnman(EnsureNode(call)).GetNodeCount(net::ConnectionDirection::BOTH);
        },
    };
}

RpcMethod PingMethod()
{
    return RpcMethod{
        "ping",
        "Requests that a ping be sent to all other nodes, to measure ping time.\n"
        "Results are provided in getpeerinfo.\n"
        "Ping command is handled in queue with all other commands, so it measures processing backlog, not just "
        "network ping.\n",
        {},
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("ping", "") + HelpExampleRpc("ping", "")},
        [](const RpcCall& call) -> JsonValue {
            EnsurePeerman(EnsureNode(call)).SendPings();
            return JsonValue{};
        },
    };
}

RpcMethod GetPeerInfoMethod()
{
    return RpcMethod{
        "getpeerinfo",
        "Returns data about each connected network peer as a json array of objects.",
        {},
        RpcResult{R::ARR,
                  "",
                  "",
                  {{R::OBJ,
                    "",
                    "",
                    {
                        {R::NUM, "id", "Peer index"},
                        {R::STR, "addr", "(host:port) The IP address and port of the peer"},
                        {R::STR, "addrbind", /*optional=*/true, "(ip:port) Bind address of the connection to the peer"},
                        {R::STR, "network", "Network (ipv4, ipv6, onion, i2p, cjdns, not_publicly_routable)"},
                        {R::STR_HEX, "services", "The services offered"},
                        {R::ARR,
                         "servicesnames",
                         "the services offered, in human-readable form",
                         {{R::STR, "SERVICE_NAME", "the service name if it is recognised"}}},
                        {R::BOOL, "relaytxes", "Whether we relay transactions to this peer"},
                        {R::NUM_TIME, "lastsend", "The UNIX epoch time of the last send"},
                        {R::NUM_TIME, "lastrecv", "The UNIX epoch time of the last receive"},
                        {R::NUM, "bytessent", "The total bytes sent"},
                        {R::NUM, "bytesrecv", "The total bytes received"},
                        {R::NUM_TIME, "conntime", "The UNIX epoch time of the connection"},
                        {R::NUM, "timeoffset", "The time offset in seconds"},
                        {R::NUM, "pingtime", /*optional=*/true, "The last ping time in seconds, if any"},
                        {R::NUM, "minping", /*optional=*/true, "The minimum observed ping time in seconds, if any"},
                        {R::NUM, "pingwait", /*optional=*/true,
                         "The duration in seconds of an outstanding ping (if non-zero)"},
                        {R::NUM, "version", "The peer version, such as 70001"},
                        {R::STR, "subver", "The string version"},
                        {R::BOOL, "inbound", "Inbound (true) or Outbound (false)"},
                        {R::NUM, "startingheight", "The starting height (block) of the peer"},
                        {R::NUM, "synced_headers", "The last header we have in common with this peer"},
                        {R::NUM, "synced_blocks", "The last block we have in common with this peer"},
                        {R::ARR,
                         "inflight",
                         "",
                         {{R::NUM, "n", "The heights of blocks we're currently asking from this peer"}}},
                        {R::BOOL, "addr_relay_enabled", "Whether we participate in address relay with this peer"},
                        {R::NUM, "addr_processed",
                         "The total number of addresses processed, excluding those dropped due to rate limiting"},
                        {R::NUM, "addr_rate_limited", "The total number of addresses dropped due to rate limiting"},
                        {R::NUM, "minfeefilter", "The minimum fee rate for transactions this peer accepts"},
                        {R::STR, "connection_type", "Type of connection"},
                        {R::STR, "transport_protocol_type", "Type of transport protocol"},
                    }}}},
        RpcExamples{HelpExampleCli("getpeerinfo", "") + HelpExampleRpc("getpeerinfo", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            net::ConnectionManager& connman = EnsureConnman(node);
            node::PeerManager& peerman = EnsurePeerman(node);
            std::map<net::NodeId, node::PeerStats> peer_stats;
            for (node::PeerStats& stats : peerman.GetPeerStats()) peer_stats.emplace(stats.id, std::move(stats));
            JsonValue out = JsonValue::Array();
            for (const net::ConnectionStats& stats : connman.GetNodeStats()) {
                auto peer = peer_stats.find(stats.id);
                JsonValue obj = JsonValue::Object();
                obj.PushKV("id", stats.id);
                obj.PushKV("addr", stats.addr_name);
                if (stats.addr_bind.IsValid()) obj.PushKV("addrbind", stats.addr_bind.ToStringAddrPort());
                obj.PushKV("network", net::GetNetworkName(stats.network));
                obj.PushKV("services", ServicesHex(stats.services));
                obj.PushKV("servicesnames", ServiceNames(stats.services));
                obj.PushKV("relaytxes", peer != peer_stats.end() ? peer->second.relay_txs : stats.relay_txs);
                obj.PushKV("lastsend", stats.last_send);
                obj.PushKV("lastrecv", stats.last_recv);
                obj.PushKV("last_transaction", 0);
                obj.PushKV("last_block", 0);
                obj.PushKV("bytessent", stats.bytes_sent);
                obj.PushKV("bytesrecv", stats.bytes_recv);
                obj.PushKV("conntime", stats.connected_time);
                obj.PushKV("timeoffset", 0);
                if (stats.last_ping_time.count() > 0) obj.PushKV("pingtime", Seconds(stats.last_ping_time));
                if (stats.min_ping_time != std::chrono::microseconds::max()) {
                    obj.PushKV("minping", Seconds(stats.min_ping_time));
                }
                if (peer != peer_stats.end() && peer->second.ping_wait && *peer->second.ping_wait > 0) {
                    obj.PushKV("pingwait", *peer->second.ping_wait);
                }
                obj.PushKV("version", stats.version);
                obj.PushKV("subver", stats.user_agent);
                obj.PushKV("inbound", stats.type == net::ConnectionType::INBOUND);
                obj.PushKV("bip152_hb_to", false);
                obj.PushKV("bip152_hb_from", false);
                obj.PushKV("startingheight", stats.starting_height);
                if (peer != peer_stats.end()) {
                    const node::PeerStats& p = peer->second;
                    obj.PushKV("presynced_headers", p.presynced_headers);
                    obj.PushKV("synced_headers", p.synced_headers);
                    obj.PushKV("synced_blocks", p.synced_blocks);
                    JsonValue inflight = JsonValue::Array();
                    for (int height : p.inflight) inflight.PushBack(height);
                    obj.PushKV("inflight", std::move(inflight));
                    obj.PushKV("addr_relay_enabled", p.addr_relay_enabled);
                    obj.PushKV("addr_processed", p.addr_processed);
                    obj.PushKV("addr_rate_limited", p.addr_rate_limited);
                }
                obj.PushKV("permissions", JsonValue::Array());
                obj.PushKV("minfeefilter",
                           util::ValueFromAmount(peer != peer_stats.end() ? peer->second.min_fee_filter : 0));
                JsonValue sent = JsonValue::Object();
                for (const auto& [type, bytes] : stats.bytes_sent_per_type) sent.PushKV(type, bytes);
                obj.PushKV("bytessent_per_msg", std::move(sent));
                JsonValue recv = JsonValue::Object();
                for (const auto& [type, bytes] : stats.bytes_recv_per_type) recv.PushKV(type, bytes);
                obj.PushKV("bytesrecv_per_msg", std::move(recv));
                obj.PushKV("connection_type", net::ConnectionTypeAsString(stats.type));
                obj.PushKV("transport_protocol_type", "v1");
                obj.PushKV("session_id", "");
                out.PushBack(std::move(obj));
            }
            return out;
        },
    };
}

RpcMethod AddNodeMethod()
{
    return RpcMethod{
        "addnode",
        "Attempts to add or remove a node from the addnode list.\n"
        "Or try a connection to a node once.\n"
        "Nodes added using addnode (or -connect) are protected from DoS disconnection and are not required to be\n"
        "full nodes/support SegWit as other outbound peers are (though such peers will not be synced from).\n"
        "Addnode connections are limited to 8 at a time and are counted separately from the -maxconnections limit.\n",
        {
            {"node", T::STR, RpcArg::Optional::NO,
             "The IP address/hostname optionally followed by :port of the peer to connect to"},
            {"command", T::STR, RpcArg::Optional::NO,
             "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection "
             "to the node once"},
            {"v2transport", T::BOOL, RpcArg::DefaultHint{"set by -v2transport"},
             "Attempt to connect using BIP324 v2 transport protocol (ignored for 'remove' command)"},
        },
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("addnode", "\"192.168.0.6:8333\" \"onetry\" true") +
                    HelpExampleRpc("addnode", "\"192.168.0.6:8333\", \"onetry\" true")},
        [](const RpcCall& call) -> JsonValue {
            const std::string command = call.ArgString("command");
            if (command != "onetry" && command != "add" && command != "remove") {
                ThrowHelp(call, "addnode");
            }
            net::ConnectionManager& connman = EnsureConnman(EnsureNode(call));
            const std::string node_arg = call.ArgString("node");
            if (call.MaybeArgBool("v2transport").value_or(false)) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Error: v2transport requested but not enabled (see -v2transport)");
            }
            if (command == "onetry") {
                connman.OpenConnection(node_arg, net::ConnectionType::MANUAL);
            } else if (command == "add") {
                if (!connman.AddNode(node_arg))
                    throw RpcError(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: Node already added");
            } else if (!connman.RemoveAddedNode(node_arg)) {
                throw RpcError(RPC_CLIENT_NODE_NOT_ADDED,
                               "Error: Node could not be removed. It has not been added previously.");
            }
            return JsonValue{};
        },
    };
}

RpcMethod DisconnectNodeMethod()
{
    return RpcMethod{
        "disconnectnode",
        "Immediately disconnects from the specified peer node.\n"
        "\nStrictly one out of 'address' and 'nodeid' can be provided to identify the node.\n"
        "\nTo disconnect by nodeid, either set 'address' to the empty string, or call using the named 'nodeid' "
        "argument only.\n",
        {
            {"address", T::STR, RpcArg::DefaultHint{"fallback to nodeid"}, "The IP address/port of the node"},
            {"nodeid", T::NUM, RpcArg::DefaultHint{"fallback to address"},
             "The node ID (see getpeerinfo for node IDs)"},
        },
        RpcResult{R::NONE, "", ""},
        RpcExamples{
            HelpExampleCli("disconnectnode", "\"192.168.0.6:8333\"") + HelpExampleCli("disconnectnode", "\"\" 1") +
            HelpExampleRpc("disconnectnode", "\"192.168.0.6:8333\"") + HelpExampleRpc("disconnectnode", "\"\", 1")},
        [](const RpcCall& call) -> JsonValue {
            net::ConnectionManager& connman = EnsureConnman(EnsureNode(call));
            const std::optional<std::string> address = call.MaybeArgString("address");
            const std::optional<int64_t> node_id = call.MaybeArgInt("nodeid");
            bool success = false;
            if (address && !node_id) {
                success = connman.DisconnectNode(*address);
            } else if (node_id && (!address || address->empty())) {
                success = connman.DisconnectNode(static_cast<net::NodeId>(*node_id));
            } else {
                throw RpcError(RPC_INVALID_PARAMS, "Only one of address and nodeid should be provided.");
            }
            if (!success) throw RpcError(RPC_CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes");
            return JsonValue{};
        },
    };
}

RpcMethod GetAddedNodeInfoMethod()
{
    return RpcMethod{
        "getaddednodeinfo",
        "Returns information about the given added node, or all added nodes\n"
        "(note that onetry addnodes are not listed here)\n",
        {
            {"node", T::STR, RpcArg::DefaultHint{"all nodes"},
             "If provided, return information about this specific node, otherwise all nodes are returned."},
        },
        RpcResult{R::ARR,
                  "",
                  "",
                  {{R::OBJ,
                    "",
                    "",
                    {
                        {R::STR, "addednode", "The node IP address or name (as provided to addnode)"},
                        {R::BOOL, "connected", "If connected"},
                        {R::ARR,
                         "addresses",
                         "Only when connected = true",
                         {{R::OBJ,
                           "",
                           "",
                           {
                               {R::STR, "address", "The bitcoin server IP and port we're connected to"},
                               {R::STR, "connected", "connection, inbound or outbound"},
                           }}}},
                    }}}},
        RpcExamples{HelpExampleCli("getaddednodeinfo", "\"192.168.0.201\"") +
                    HelpExampleRpc("getaddednodeinfo", "\"192.168.0.201\"")},
        [](const RpcCall& call) -> JsonValue {
            net::ConnectionManager& connman = EnsureConnman(EnsureNode(call));
            const std::optional<std::string> only = call.MaybeArgString("node");
            JsonValue out = JsonValue::Array();
            bool found = false;
            for (const auto& info : connman.GetAddedNodeInfo()) {
                if (only && info.added_node != *only) continue;
                found = true;
                JsonValue obj = JsonValue::Object();
                obj.PushKV("addednode", info.added_node);
                obj.PushKV("connected", info.connected);
                JsonValue addresses = JsonValue::Array();
                if (info.connected && info.resolved) {
                    JsonValue address = JsonValue::Object();
                    address.PushKV("address", info.resolved->ToStringAddrPort());
                    address.PushKV("connected", "outbound");
                    addresses.PushBack(std::move(address));
                }
                obj.PushKV("addresses", std::move(addresses));
                out.PushBack(std::move(obj));
            }
            if (only && !found) throw RpcError(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added.");
            return out;
        },
    };
}

RpcMethod GetNetTotalsMethod()
{
    return RpcMethod{
        "getnettotals",
        "Returns information about network traffic, including bytes in, bytes out,\n"
        "and current system time.",
        {},
        RpcResult{R::OBJ,
                  "",
                  "",
                  {
                      {R::NUM, "totalbytesrecv", "Total bytes received"},
                      {R::NUM, "totalbytessent", "Total bytes sent"},
                      {R::NUM_TIME, "timemillis", "Current system UNIX epoch time in milliseconds"},
                      {R::OBJ,
                       "uploadtarget",
                       "",
                       {
                           {R::NUM, "timeframe", "Length of the measuring timeframe in seconds"},
                           {R::NUM, "target", "Target in bytes"},
                           {R::BOOL, "target_reached", "True if target is reached"},
                           {R::BOOL, "serve_historical_blocks", "True if serving historical blocks"},
                           {R::NUM, "bytes_left_in_cycle", "Bytes left in current time cycle"},
                           {R::NUM, "time_left_in_cycle", "Seconds left in current time cycle"},
                       }},
                  }},
        RpcExamples{HelpExampleCli("getnettotals", "") + HelpExampleRpc("getnettotals", "")},
        [](const RpcCall& call) -> JsonValue {
            net::ConnectionManager& connman = EnsureConnman(EnsureNode(call));
            JsonValue out = JsonValue::Object();
            out.PushKV("totalbytesrecv", connman.GetTotalBytesRecv());
            out.PushKV("totalbytessent", connman.GetTotalBytesSent());
            out.PushKV("timemillis", static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                              std::chrono::system_clock::now().time_since_epoch())
                                                              .count()));
            // No -maxuploadtarget in bitnode: Core's answers for an unset target.
            JsonValue target = JsonValue::Object();
            target.PushKV("timeframe", 86400);
            target.PushKV("target", 0);
            target.PushKV("target_reached", false);
            target.PushKV("serve_historical_blocks", true);
            target.PushKV("bytes_left_in_cycle", 0);
            target.PushKV("time_left_in_cycle", 0);
            out.PushKV("uploadtarget", std::move(target));
            return out;
        },
    };
}

RpcMethod GetNetworkInfoMethod()
{
    return RpcMethod{
        "getnetworkinfo",
        "Returns an object containing various state info regarding P2P networking.\n",
        {},
        RpcResult{
            R::OBJ,
            "",
            "",
            {
                {R::NUM, "version", "the server version"},
                {R::STR, "subversion", "the server subversion string"},
                {R::NUM, "protocolversion", "the protocol version"},
                {R::STR_HEX, "localservices", "the services we offer to the network"},
                {R::ARR,
                 "localservicesnames",
                 "the services we offer to the network, in human-readable form",
                 {{R::STR, "SERVICE_NAME", "the service name"}}},
                {R::BOOL, "localrelay", "true if transaction relay is requested from peers"},
                {R::NUM, "timeoffset", "the time offset"},
                {R::NUM, "connections", "the total number of connections"},
                {R::NUM, "connections_in", "the number of inbound connections"},
                {R::NUM, "connections_out", "the number of outbound connections"},
                {R::BOOL, "networkactive", "whether p2p networking is enabled"},
                {R::ARR, "networks", "information per network", {{R::OBJ, "", "", {{R::ELISION, "", ""}}}}},
                {R::NUM, "relayfee", "minimum relay fee rate for transactions in BTC/kvB"},
                {R::NUM, "incrementalfee", "minimum fee rate increment for mempool limiting or replacement in BTC/kvB"},
                {R::ARR, "localaddresses", "list of local addresses", {{R::OBJ, "", "", {{R::ELISION, "", ""}}}}},
                {R::ARR, "warnings", "any network and blockchain warnings", {{R::STR, "", "warning"}}},
            }},
        RpcExamples{HelpExampleCli("getnetworkinfo", "") + HelpExampleRpc("getnetworkinfo", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            net::ConnectionManager* connman = node.Connman();
            const uint64_t services = connman ? connman->GetLocalServices() : 0;
            JsonValue out = JsonValue::Object();
            out.PushKV("version", 100);
            out.PushKV("subversion", std::string{node::DEFAULT_USER_AGENT});
            out.PushKV("protocolversion", net::PROTOCOL_VERSION);
            out.PushKV("localservices", ServicesHex(services));
            out.PushKV("localservicesnames", ServiceNames(services));
            out.PushKV("localrelay", true);
            out.PushKV("timeoffset", 0);
            if (connman) {
                out.PushKV("networkactive", connman->GetNetworkActive());
                out.PushKV("connections", connman->GetNodeCount(net::ConnectionDirection::BOTH));
                out.PushKV("connections_in", connman->GetNodeCount(net::ConnectionDirection::IN));
                out.PushKV("connections_out", connman->GetNodeCount(net::ConnectionDirection::OUT));
            }
            JsonValue networks = JsonValue::Array();
            for (const char* name : {"ipv4", "ipv6", "onion", "i2p", "cjdns"}) {
                const bool reachable = std::string_view{name} == "ipv4" || std::string_view{name} == "ipv6";
                JsonValue net_obj = JsonValue::Object();
                net_obj.PushKV("name", name);
                net_obj.PushKV("limited", !reachable);
                net_obj.PushKV("reachable", reachable);
                net_obj.PushKV("proxy", "");
                net_obj.PushKV("proxy_randomize_credentials", false);
                networks.PushBack(std::move(net_obj));
            }
            out.PushKV("networks", std::move(networks));
            const node::MempoolInfo mempool = node.GetMempoolInfo();
            out.PushKV("relayfee", util::ValueFromAmount(mempool.minrelaytxfee));
            out.PushKV("incrementalfee", util::ValueFromAmount(mempool.incrementalrelayfee));
            out.PushKV("localaddresses", JsonValue::Array());
            out.PushKV("warnings", JsonValue::Array());
            return out;
        },
    };
}

RpcMethod SetBanMethod()
{
    return RpcMethod{
        "setban",
        "Attempts to add or remove an IP/Subnet from the banned list.\n",
        {
            {"subnet", T::STR, RpcArg::Optional::NO,
             "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"},
            {"command", T::STR, RpcArg::Optional::NO,
             "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"},
            {"bantime", T::NUM, RpcArg::Default{0},
             "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using "
             "the default time of 24h which can also be overwritten by the -bantime startup argument)"},
            {"absolute", T::BOOL, RpcArg::Default{false},
             "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time"},
        },
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("setban", "\"192.168.0.6\" \"add\" 86400") +
                    HelpExampleCli("setban", "\"192.168.0.0/24\" \"add\"") +
                    HelpExampleRpc("setban", "\"192.168.0.6\", \"add\", 86400")},
        [](const RpcCall& call) -> JsonValue {
            const std::string command = call.ArgString("command");
            if (command != "add" && command != "remove") {
                ThrowHelp(call, "setban");
            }
            node::NodeContext& node = EnsureNode(call);
            net::BanList& banlist = EnsureBanlist(node);
            const std::string text = call.ArgString("subnet");
            // A bare address is the single-address subnet (/32 or /128).
            const std::optional<net::SubNet> subnet = net::SubNet::Parse(text);
            if (!subnet) throw RpcError(RPC_CLIENT_INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet");
            if (command == "add") {
                if (banlist.IsBanned(*subnet)) {
                    throw RpcError(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned");
                }
                const int64_t ban_time = call.ArgInt("bantime");
                const bool absolute = call.ArgBool("absolute");
                if (absolute && ban_time < node.Clock().Now()) {
                    throw RpcError(RPC_INVALID_PARAMETER, "Error: Absolute timestamp is in the past");
                }
                banlist.Ban(*subnet, ban_time, absolute);
                if (node.Connman()) node.Connman()->DisconnectNode(*subnet);
            } else if (!banlist.Unban(*subnet)) {
                throw RpcError(RPC_CLIENT_INVALID_IP_OR_SUBNET,
                               "Error: Unban failed. Requested address/subnet was not previously manually banned.");
            }
            return JsonValue{};
        },
    };
}

RpcMethod ListBannedMethod()
{
    return RpcMethod{
        "listbanned",
        "List all manually banned IPs/Subnets.\n",
        {},
        RpcResult{R::ARR,
                  "",
                  "",
                  {{R::OBJ,
                    "",
                    "",
                    {
                        {R::STR, "address", "The IP/Subnet of the banned node"},
                        {R::NUM_TIME, "ban_created", "The UNIX epoch time the ban was created"},
                        {R::NUM_TIME, "banned_until", "The UNIX epoch time the ban expires"},
                        {R::NUM_TIME, "ban_duration", "The ban duration, in seconds"},
                        {R::NUM_TIME, "time_remaining", "The time remaining until the ban expires, in seconds"},
                    }}}},
        RpcExamples{HelpExampleCli("listbanned", "") + HelpExampleRpc("listbanned", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const int64_t now = node.Clock().Now();
            JsonValue out = JsonValue::Array();
            for (const auto& [subnet, entry] : EnsureBanlist(node).GetBanned()) {
                JsonValue obj = JsonValue::Object();
                obj.PushKV("address", subnet.ToString());
                obj.PushKV("ban_created", entry.create_time);
                obj.PushKV("banned_until", entry.ban_until);
                obj.PushKV("ban_duration", entry.ban_until - entry.create_time);
                obj.PushKV("time_remaining", entry.ban_until - now);
                out.PushBack(std::move(obj));
            }
            return out;
        },
    };
}

RpcMethod ClearBannedMethod()
{
    return RpcMethod{
        "clearbanned",
        "Clear all banned IPs.\n",
        {},
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("clearbanned", "") + HelpExampleRpc("clearbanned", "")},
        [](const RpcCall& call) -> JsonValue {
            EnsureBanlist(EnsureNode(call)).ClearBanned();
            return JsonValue{};
        },
    };
}

RpcMethod SetNetworkActiveMethod()
{
    return RpcMethod{
        "setnetworkactive",
        "Disable/enable all p2p network activity.\n",
        {
            {"state", T::BOOL, RpcArg::Optional::NO, "true to enable networking, false to disable"},
        },
        RpcResult{R::BOOL, "", "The value that was passed in"},
        RpcExamples{""},
        [](const RpcCall& call) -> JsonValue {
            net::ConnectionManager& connman = EnsureConnman(EnsureNode(call));
            connman.SetNetworkActive(call.ArgBool("state"));
            return connman.GetNetworkActive();
        },
    };
}

} // namespace

void RegisterNetRpcCommands(RpcTable& table)
{
    table.Register("network", AddNodeMethod());
    table.Register("network", ClearBannedMethod());
    table.Register("network", DisconnectNodeMethod());
    table.Register("network", GetAddedNodeInfoMethod());
    table.Register("network", GetConnectionCountMethod());
    table.Register("network", GetNetTotalsMethod());
    table.Register("network", GetNetworkInfoMethod());
    table.Register("network", GetPeerInfoMethod());
    table.Register("network", ListBannedMethod());
    table.Register("network", PingMethod());
    table.Register("network", SetBanMethod());
    table.Register("network", SetNetworkActiveMethod());
}

} // namespace rpc
