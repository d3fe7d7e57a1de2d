"""Interop with bcoin 1.0.2, an independent full node in JavaScript (INTEROP.md): bcoin
syncs a chain mined by bitnode (with getblocks, the only way it syncs), bitnode syncs a
chain mined by bcoin (headers-first from it), and transactions relay both ways (bcoin
speaks protocol 70015: no wtxidrelay, so bitnode announces txids; bcoin bans peers that
send unrequested transactions, so this also shows bitnode never does).

Skipped with the reason when Node.js or bcoin is not installed (scripts/setup.sh installs
bcoin into ~/.cache/bitnode/bcoin-1.0.2 when npm is reachable).
"""
import pytest

from bcoin.harness import BcoinProcess, missing_reason
from p2p import tx as optrue
from p2p.node import BitnodeProcess, bitnoded_path, wait_until

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")

ADDR = optrue.ADDRESS


@pytest.fixture
def procs(tmp_path):
    if not bitnoded_path().exists():
        pytest.fail(f"build bitnoded first (looked for {bitnoded_path()}; set BITNODE_BUILD_DIR)")
    started = []

    def bitnode(name, *args):
        node = BitnodeProcess(tmp_path / name, args, name=name)
        started.append(node)
        return node

    def bcoin(name, peer=None):
        node = BcoinProcess(tmp_path / name, peer=peer)
        started.append(node)
        return node

    yield bitnode, bcoin
    for p in started:
        p.stop()


def coinbase_of(node, block_hash):
    block = node.rpc("getblock", block_hash, 2)
    cb = block["tx"][0]
    return cb["txid"], int(round(cb["vout"][0]["value"] * 1e8))


def test_bcoin_syncs_from_bitnode_and_txs_relay_both_ways(procs):
    bitnode, bcoin = procs
    ours = bitnode("bitnode").start()
    hashes = ours.rpc("generatetoaddress", 120, ADDR)
    theirs = bcoin("bcoin", peer=ours.p2p_addr).start()
    wait_until(lambda: theirs.rpc("getbestblockhash") == hashes[-1], timeout=60,
               what=f"bcoin synced 120 blocks from bitnode ({theirs.log_text()[-1500:]})")

    # bitnode -> bcoin
    txid, value = coinbase_of(ours, hashes[0])
    raw, tx1, _ = optrue.spend(txid, 0, value, fee=5000)
    assert ours.rpc("sendrawtransaction", raw.hex()) == tx1
    wait_until(lambda: tx1 in theirs.rpc("getrawmempool"), timeout=60, what="tx relayed to bcoin")

    # bcoin -> bitnode
    txid, value = coinbase_of(ours, hashes[1])
    raw, tx2, _ = optrue.spend(txid, 0, value, fee=5000)
    assert theirs.rpc("sendrawtransaction", raw.hex()) == tx2
    wait_until(lambda: tx2 in ours.rpc("getrawmempool"), timeout=60, what="tx relayed to bitnode")

    # A block mined by bitnode with both reaches bcoin and empties its mempool.
    tip = ours.rpc("generatetoaddress", 1, ADDR)[-1]
    wait_until(lambda: theirs.rpc("getbestblockhash") == tip, timeout=60, what="new block announced to bcoin")
    wait_until(lambda: not theirs.rpc("getrawmempool"), timeout=30, what="bcoin's mempool emptied by the block")
    assert "ban" not in theirs.log_text().lower(), theirs.log_text()[-2000:]


def test_bitnode_syncs_a_chain_mined_by_bcoin(procs):
    bitnode, bcoin = procs
    theirs = bcoin("bcoin").start()
    hashes = theirs.rpc("generatetoaddress", 150, ADDR)
    ours = bitnode("bitnode").start([f"-connect={theirs.p2p_addr}"])
    wait_until(lambda: ours.rpc("getbestblockhash") == hashes[-1], timeout=90,
               what=f"bitnode synced 150 blocks from bcoin ({ours.tail_log()})")
    # And a block bcoin mines next is announced to us.
    tip = theirs.rpc("generatetoaddress", 1, ADDR)[-1]
    wait_until(lambda: ours.rpc("getbestblockhash") == tip, timeout=60, what="bcoin's new block")
