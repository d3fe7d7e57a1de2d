"""bitnoded's P2P protocol against the test-side codec (test/functional/p2p/): the
handshake and its ordering, ping/pong, headers and getblocks answers, a block in both
serializations, and how the node treats bad peers: a bad checksum (dropped), an
oversized message and an oversized headers list (disconnected), a malformed payload
(ignored), an unrequested transaction, and a slow peer that does not read (the node
keeps serving others). The node never crashes: every test ends by checking it still
answers RPC and P2P.
"""
import struct
import time

import pytest

from p2p import messages as m
from p2p import tx as optrue
from p2p.node import BitnodeProcess, bitnoded_path
from p2p.peer import P2PConnection, PeerDisconnected


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    if not bitnoded_path().exists():
        pytest.fail(f"build bitnoded first (looked for {bitnoded_path()}; set BITNODE_BUILD_DIR)")
    n = BitnodeProcess(tmp_path_factory.mktemp("p2p_protocol") / "node", name="node")
    n.start()
    n.hashes = n.rpc("generatetoaddress", 600, optrue.ADDRESS)
    yield n
    n.stop()


def still_alive(node):
    assert node.rpc("getblockcount") >= 600
    peer = P2PConnection(node.p2p_port)
    peer.handshake(nonce=99)
    peer.send("ping", struct.pack("<Q", 5))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 5
    peer.close()


def test_handshake_order_and_ping(node):
    peer = P2PConnection(node.p2p_port)
    peer.send("version", m.version_payload(nonce=11, start_height=0))
    peer.wait_for("verack")
    assert [t for t, _ in peer.pending][:3] == ["version", "wtxidrelay", "sendaddrv2"]
    version = m.parse_version(peer.wait_for("version"))
    assert version["version"] == 70016
    assert version["services"] & (m.NODE_NETWORK | m.NODE_WITNESS) == m.NODE_NETWORK | m.NODE_WITNESS
    assert version["start_height"] == 600
    assert version["user_agent"].startswith("/bitnode:")
    peer.send("wtxidrelay")
    peer.send("verack")
    peer.wait_for("sendheaders")
    ping = peer.wait_for("ping", answer_pings=False)
    peer.send("pong", ping)
    assert m.parse_inv(b"\x00") == []
    peer.send("ping", struct.pack("<Q", 0xABCDEF))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 0xABCDEF
    peer.drain(0.3)
    assert "sendcmpct" not in [t for t, _ in peer.pending]
    peer.close()


def test_getheaders_and_getblocks(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    genesis = m.hash_from_hex(node.rpc("getblockhash", 0))
    peer.send("getheaders", m.locator_payload([genesis]))
    headers = m.parse_headers(peer.wait_for("headers"))
    assert len(headers) == 600
    assert m.hash_to_hex(m.header_hash(headers[0])) == node.hashes[0]
    assert all(m.header_prev(headers[i]) == m.header_hash(headers[i - 1]) for i in range(1, len(headers)))
    peer.send("getblocks", m.locator_payload([genesis]))
    inv = m.parse_inv(peer.wait_for("inv"))
    assert len(inv) == 500 and all(t == m.MSG_BLOCK for t, _ in inv)
    # Block 500 asked for: the block, then an inv of the tip (getblocks continuation).
    peer.send("getdata", m.inv_payload([(m.MSG_WITNESS_BLOCK, inv[-1][1])]))
    witness_block = peer.wait_for("block")
    tip_inv = m.parse_inv(peer.wait_for("inv"))
    assert tip_inv == [(m.MSG_BLOCK, m.hash_from_hex(node.hashes[-1]))]
    peer.send("getdata", m.inv_payload([(m.MSG_BLOCK, inv[-1][1])]))
    stripped = peer.wait_for("block")
    assert witness_block[:80] == stripped[:80]
    assert len(witness_block) > len(stripped), "the coinbase witness is stripped for MSG_BLOCK"
    assert m.hash_to_hex(m.sha256d(stripped[:80])) == node.hashes[499]
    peer.close()


def test_bad_checksum_is_dropped(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    peer.send("ping", struct.pack("<Q", 1), bad_checksum=True)
    peer.send("ping", struct.pack("<Q", 2))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 2
    peer.close()


def test_oversized_message_disconnects(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    peer.send_raw(m.frame("ping", b"", length=4_000_001))
    assert peer.wait_closed()
    still_alive(node)


def test_oversized_headers_list_disconnects(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    peer.send("headers", m.ser_compact(2001) + b"\0" * 81 * 2001)
    assert peer.wait_closed()
    still_alive(node)


def test_malformed_payload_is_ignored(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    peer.send("getheaders", b"\x01\x02")  # truncated
    peer.send("inv", b"\x05\x01")  # claims 5 entries, has none
    peer.send("ping", struct.pack("<Q", 3))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 3
    peer.close()
    still_alive(node)


def test_unrequested_transaction(node):
    peer = P2PConnection(node.p2p_port)
    peer.handshake()
    block = node.rpc("getblock", node.hashes[0], 2)
    cb = block["tx"][0]
    raw, txid, _ = optrue.spend(cb["txid"], 0, int(round(cb["vout"][0]["value"] * 1e8)), fee=3000)
    # Sent without an inv first: Core accepts it like any other (bcoin would ban us).
    peer.send("tx", raw)
    deadline = time.time() + 10
    while txid not in node.rpc("getrawmempool") and time.time() < deadline:
        peer.drain(0.1)
    assert txid in node.rpc("getrawmempool")
    assert not peer.closed
    # An invalid one (spends nothing that exists): rejected, the peer stays.
    bogus, bogus_txid, _ = optrue.spend("11" * 32, 0, 50_000, fee=1000)
    peer.send("tx", bogus)
    peer.send("ping", struct.pack("<Q", 4))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 4
    assert bogus_txid not in node.rpc("getrawmempool")
    peer.close()


def test_slow_peer_does_not_stall_the_node(node):
    slow = P2PConnection(node.p2p_port)
    slow.handshake()
    # Ask for every block many times and never read: the node's send buffer fills and it
    # stops serving this peer, but keeps serving everyone else.
    entries = [(m.MSG_WITNESS_BLOCK, m.hash_from_hex(h)) for h in node.hashes[:500]]
    for _ in range(4):
        slow.send("getdata", m.inv_payload(entries))
    time.sleep(1)
    started = time.time()
    still_alive(node)
    assert time.time() - started < 10
    slow.close()


def test_version_before_anything_and_self_connection(node):
    peer = P2PConnection(node.p2p_port)
    peer.send("ping", struct.pack("<Q", 1))
    peer.drain(0.3)
    assert not peer.pending and not peer.closed, "messages before version are ignored, not answered"
    peer.handshake()
    peer.send("ping", struct.pack("<Q", 6))
    assert struct.unpack("<Q", peer.wait_for("pong"))[0] == 6
    with pytest.raises(PeerDisconnected):
        peer.send("wtxidrelay")  # after verack: Core disconnects
        peer.wait_for("never", timeout=10)
