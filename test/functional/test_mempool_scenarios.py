"""The NodeContext mempool and mining scenarios against a real bitnoded, with every
transaction built and signed by python-bitcoinlib (Debian's python3-bitcoinlib), so our
signing code is not the only judge of our validation code.

Covers: funding by mining, spending coinbases (P2WPKH and P2PKH), a replace-by-fee
replacement, child-pays-for-parent ordering in getblocktemplate and in the mined block,
a reorganisation that puts confirmed transactions back into the mempool, and a restart
that restores the mempool from mempool.dat.
"""
import pytest

from framework import BITNODED, NodeFactory

pytestmark = pytest.mark.skipif(not BITNODED.exists(), reason=f"{BITNODED} is not built")

bitcoin = pytest.importorskip("bitcoin")
import bitcoin.core  # noqa: E402
from bitcoin.core import COIN, CMutableTransaction, CMutableTxIn, CMutableTxOut, COutPoint, CTxInWitness  # noqa: E402
from bitcoin.core import CTxWitness, b2lx, b2x, x  # noqa: E402
from bitcoin.core.script import SIGHASH_ALL, SIGVERSION_WITNESS_V0, CScript, CScriptWitness, SignatureHash  # noqa: E402
from bitcoin.core.script import OP_0, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160  # noqa: E402
from bitcoin.wallet import CBech32BitcoinAddress, CBitcoinSecret  # noqa: E402

bitcoin.SelectParams("regtest")

SECRET = CBitcoinSecret.from_secret_bytes(bytes([21]) * 32)
P2WPKH = CScript([OP_0, bitcoin.core.Hash160(SECRET.pub)])
P2PKH = CScript([OP_DUP, OP_HASH160, bitcoin.core.Hash160(SECRET.pub), OP_EQUALVERIFY, OP_CHECKSIG])
ADDRESS = str(CBech32BitcoinAddress.from_scriptPubKey(P2WPKH))


def spend(outpoint, value, fee, to_script, witness=True):
    """A signed one-input one-output spend (signals RBF) of our P2WPKH or P2PKH coin."""
    tx = CMutableTransaction([CMutableTxIn(outpoint, nSequence=0xfffffffd)], [CMutableTxOut(value - fee, to_script)])
    if witness:
        sighash = SignatureHash(P2PKH, tx, 0, SIGHASH_ALL, amount=value, sigversion=SIGVERSION_WITNESS_V0)
        tx.wit = CTxWitness([CTxInWitness(CScriptWitness([SECRET.sign(sighash) + bytes([SIGHASH_ALL]), SECRET.pub]))])
    else:
        sighash = SignatureHash(P2PKH, tx, 0, SIGHASH_ALL)
        tx.vin[0].scriptSig = CScript([SECRET.sign(sighash) + bytes([SIGHASH_ALL]), SECRET.pub])
    return tx


def coinbase_outpoint(node, height):
    block = bitcoin.core.CBlock.deserialize(x(node.rpc.getblock(node.rpc.getblockhash(height), 0)))
    return COutPoint(block.vtx[0].GetTxid(), 0), block.vtx[0].vout[0].nValue


def send(node, tx):
    txid = node.rpc.sendrawtransaction(b2x(tx.serialize()))
    assert txid == b2lx(tx.GetTxid())
    return txid


def test_rbf_cpfp_reorg_and_restart(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        node.rpc.generatetoaddress(110, ADDRESS)  # coinbases 1..10 are mature

        # Replace-by-fee: a second spend of the same coin paying more replaces the first.
        outpoint, value = coinbase_outpoint(node, 1)
        first = send(node, spend(outpoint, value, 1_000, P2WPKH))
        # 5 sat more does not pay for relaying the replacement (-incrementalrelayfee 100 sat/kvB x 110 vB).
        low = spend(outpoint, value, 1_005, P2WPKH)
        [refused] = node.rpc.testmempoolaccept([b2x(low.serialize())])
        assert refused["allowed"] is False and refused["reject-reason"].startswith("insufficient fee"), refused
        replacement = send(node, spend(outpoint, value, 5_000, P2WPKH))
        assert node.rpc.getrawmempool() == [replacement]
        assert first not in node.rpc.getrawmempool()

        # Child pays for parent: a nearly free parent with a rich child goes before a
        # medium-fee transaction that pays more than the parent alone.
        outpoint, value = coinbase_outpoint(node, 2)
        parent_tx = spend(outpoint, value, 200, P2PKH)
        parent = send(node, parent_tx)
        child = send(node, spend(COutPoint(parent_tx.GetTxid(), 0), value - 200, 40_000, P2WPKH, witness=False))
        outpoint, value = coinbase_outpoint(node, 3)
        medium = send(node, spend(outpoint, value, 3_000, P2WPKH))
        entry = node.rpc.getmempoolentry(child)
        assert entry["depends"] == [parent] and entry["ancestorcount"] == 2

        template = node.rpc.getblocktemplate({"rules": ["segwit"]})
        order = [t["txid"] for t in template["transactions"]]
        assert order.index(parent) < order.index(child) < order.index(medium), order
        child_entry = template["transactions"][order.index(child)]
        assert child_entry["depends"] == [order.index(parent) + 1]  # 1-based, as BIP22
        assert template["coinbasevalue"] == 50 * COIN + 5_000 + 200 + 40_000 + 3_000

        # Mine it: the block holds them all in that order and the mempool empties.
        [mined] = node.rpc.generatetoaddress(1, ADDRESS)
        block_txids = node.rpc.getblock(mined)["tx"][1:]
        assert block_txids.index(parent) < block_txids.index(child) < block_txids.index(medium)
        assert set(block_txids) == {replacement, parent, child, medium}
        assert node.rpc.getrawmempool() == []

        # Disconnect that block: its transactions come back into the mempool.
        node.rpc.invalidateblock(mined)
        back = set(node.rpc.getrawmempool())
        assert back == {replacement, parent, child, medium}, back

        # Restart: mempool.dat brings them back again.
        assert node.stop() == 0
        node.start()
        assert set(node.rpc.getrawmempool()) == back
        assert node.rpc.getmempoolinfo()["loaded"] is True
        assert node.rpc.getblockcount() == 110
