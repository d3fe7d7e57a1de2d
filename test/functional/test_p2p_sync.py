"""Several bitnoded processes over loopback P2P: competing branches converge on the most
work, a new node syncs 2,000 blocks headers-first, a node killed mid-sync resumes after a
restart, and transactions relay to every node (over two hops).

Each node has its own datadir under tmp_path and free ports, so this runs in parallel
with other tests. The binary is $BITNODE_BUILD_DIR/bin/bitnoded.
"""
import pytest

from p2p import tx as optrue
from p2p.node import BitnodeProcess, bitnoded_path, wait_until

ADDR = optrue.ADDRESS


@pytest.fixture
def nodes(tmp_path):
    if not bitnoded_path().exists():
        pytest.fail(f"build bitnoded first (looked for {bitnoded_path()}; set BITNODE_BUILD_DIR)")
    started = []

    def make(name, *args):
        node = BitnodeProcess(tmp_path / name, args, name=name)
        started.append(node)
        return node

    yield make
    for node in started:
        node.stop()


def tips(nodes):
    return [n.rpc("getbestblockhash") for n in nodes]


def test_competing_branches_converge_on_most_work(nodes):
    n0, n1, n2 = nodes("n0"), nodes("n1"), nodes("n2")
    for node, count in ((n0, 5), (n1, 8), (n2, 3)):
        node.start()
        node.rpc("generatetoaddress", count, ADDR)
    best = n1.rpc("getbestblockhash")
    for node in (n0, n1, n2):
        node.stop()
    # A line: n0 <- n1 <- n2. n1's branch has the most work; both others must reorg to it.
    n0.start()
    n1.start([f"-connect={n0.p2p_addr}"])
    n2.start([f"-connect={n1.p2p_addr}"])
    wait_until(lambda: tips((n0, n1, n2)) == [best] * 3, timeout=60, what="convergence on n1's branch")
    assert n0.rpc("getblockcount") == 8
    # New blocks on either end travel the whole line.
    new_tip = n0.rpc("generatetoaddress", 2, ADDR)[-1]
    wait_until(lambda: tips((n0, n1, n2)) == [new_tip] * 3, timeout=60, what="n0's new blocks everywhere")
    new_tip = n2.rpc("generatetoaddress", 1, ADDR)[-1]
    wait_until(lambda: tips((n0, n1, n2)) == [new_tip] * 3, timeout=60, what="n2's new block everywhere")


def test_new_node_syncs_2000_blocks_and_resumes_after_a_kill(nodes):
    source = nodes("source")
    source.start()
    for _ in range(4):
        source.rpc("generatetoaddress", 500, ADDR)
    target_hash = source.rpc("getbestblockhash")
    assert source.rpc("getblockcount") == 2000

    fresh = nodes("fresh")
    fresh.start([f"-connect={source.p2p_addr}"])
    wait_until(lambda: fresh.rpc("getblockcount") > 0, timeout=60, what="sync started")
    # Kill it mid-sync (loopback sync is fast, so usually it is mid-way): what was not
    # flushed is downloaded again after the restart.
    height_at_kill = fresh.rpc("getblockcount")
    fresh.kill()
    fresh.start([f"-connect={source.p2p_addr}"])
    assert fresh.rpc("getblockcount") <= 2000
    wait_until(lambda: fresh.rpc("getbestblockhash") == target_hash, timeout=120, what="sync of 2,000 blocks")
    log = fresh.debug_log()
    assert "Synchronizing blockheaders" in log, log[-2000:]
    print(f"killed at height {height_at_kill}")

    # A graceful stop mid-sync: the restart resumes from where it stopped, not from genesis.
    source.rpc("generatetoaddress", 500, ADDR)
    target_hash = source.rpc("getbestblockhash")
    wait_until(lambda: fresh.rpc("getblockcount") > 2000, timeout=60, what="sync of the next blocks started")
    fresh.stop()
    stopped_at = 0
    for line in fresh.debug_log().splitlines():
        if "UpdateTip:" in line:
            stopped_at = int(line.split(" height=")[1].split()[0])
    assert stopped_at > 2000
    fresh.start([f"-connect={source.p2p_addr}"])
    assert fresh.rpc("getblockcount") >= stopped_at, "resumed from the stored tip"
    wait_until(lambda: fresh.rpc("getbestblockhash") == target_hash, timeout=120, what="sync of 500 more")

    # A third node syncs from the fresh one (which serves what it synced).
    third = nodes("third")
    third.start([f"-connect={fresh.p2p_addr}"])
    wait_until(lambda: third.rpc("getbestblockhash") == target_hash, timeout=120, what="second-hand sync")


def test_transactions_relay_to_all_nodes(nodes):
    n0, n1, n2 = nodes("n0"), nodes("n1"), nodes("n2")
    n0.start()
    hashes = n0.rpc("generatetoaddress", 101, ADDR)
    n1.start([f"-connect={n0.p2p_addr}"])
    n2.start([f"-connect={n1.p2p_addr}"])
    wait_until(lambda: tips((n0, n1, n2)) == [hashes[-1]] * 3, timeout=60, what="sync")

    def coinbase(height_index):
        block = n0.rpc("getblock", hashes[height_index], 2)
        cb = block["tx"][0]
        return cb["txid"], int(round(cb["vout"][0]["value"] * 1e8))

    txid, value = coinbase(0)
    raw, parent_txid, _ = optrue.spend(txid, 0, value, fee=2000, outputs=2)
    assert n0.rpc("sendrawtransaction", raw.hex()) == parent_txid
    wait_until(lambda: all(parent_txid in n.rpc("getrawmempool") for n in (n0, n1, n2)), timeout=60,
               what="relay n0 -> n1 -> n2")
    # The other direction, with a child of the first.
    child_raw, child_txid, _ = optrue.spend(parent_txid, 1, (value - 2000) // 2, fee=2000)
    assert n2.rpc("sendrawtransaction", child_raw.hex()) == child_txid
    wait_until(lambda: all(child_txid in n.rpc("getrawmempool") for n in (n0, n1, n2)), timeout=60,
               what="relay n2 -> n1 -> n0")
    # Mined on n1: every mempool empties.
    n1.rpc("generatetoaddress", 1, ADDR)
    wait_until(lambda: all(not n.rpc("getrawmempool") for n in (n0, n1, n2)), timeout=60, what="mined everywhere")
