"""Core-compatible JSON-RPC against a real bitnoded, driven by clients nobody on this
project wrote: python-bitcoinlib's RawProxy (Debian's python3-bitcoinlib) builds, signs and
decodes; npm bitcoin-core@5 and litecoin-cli (both installed by scripts/setup.sh) are used when present.

Covers: mining 101 blocks, a P2WPKH spend signed by python-bitcoinlib through
testmempoolaccept/sendrawtransaction, getrawmempool, getblock verbosity 2 of the block
that confirms it (fee from undo data), testmempoolaccept of a double spend with Core's
reject reason; wrong password (401), malformed JSON (-32700), unknown method (-32601),
wrong parameter types (-3), an oversized body, a slow client and path traversal, after
which the node still answers.

Run: BITNODE_BUILD_DIR=build /usr/bin/python3 -m pytest -q test/functional/test_rpc_interop.py
(ctest runs it as functional_rpc_interop).
"""
import http.client
import os
import pathlib
import json
import shutil
import socket
import subprocess
import time
from decimal import Decimal

import pytest

from framework import BITNODED, REGTEST_ADDRESS, NodeFactory, RpcError

pytestmark = pytest.mark.skipif(not BITNODED.exists(), reason=f"{BITNODED} is not built")

bitcoin = pytest.importorskip("bitcoin")
import bitcoin.rpc  # noqa: E402
from bitcoin.core import COIN, CMutableTransaction, CMutableTxIn, CMutableTxOut, COutPoint, CTxInWitness  # noqa: E402
from bitcoin.core import CTxWitness, b2lx, b2x, lx, x  # noqa: E402
from bitcoin.core.script import SIGHASH_ALL, SIGVERSION_WITNESS_V0, CScript, CScriptWitness, SignatureHash  # noqa: E402
from bitcoin.core.script import OP_0, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160  # noqa: E402
from bitcoin.wallet import CBech32BitcoinAddress, CBitcoinSecret, P2PKHBitcoinAddress  # noqa: E402

bitcoin.SelectParams("regtest")


def proxy(node):
    user, password = node.credentials().split(":", 1)
    return bitcoin.rpc.RawProxy(service_url=f"http://{user}:{password}@127.0.0.1:{node.rpc_port}", timeout=120)


def key(seed):
    return CBitcoinSecret.from_secret_bytes(bytes([seed]) * 32)


def spend_p2wpkh(secret, outpoint, value, fee, to_script):
    """A signed one-input one-output spend of a P2WPKH coin, by python-bitcoinlib."""
    pubkey = secret.pub
    tx = CMutableTransaction([CMutableTxIn(outpoint, nSequence=0xfffffffd)], [CMutableTxOut(value - fee, to_script)])
    script_code = CScript([OP_DUP, OP_HASH160, bitcoin.core.Hash160(pubkey), OP_EQUALVERIFY, OP_CHECKSIG])
    sighash = SignatureHash(script_code, tx, 0, SIGHASH_ALL, amount=value, sigversion=SIGVERSION_WITNESS_V0)
    signature = secret.sign(sighash) + bytes([SIGHASH_ALL])
    tx.wit = CTxWitness([CTxInWitness(CScriptWitness([signature, pubkey]))])
    return tx


def spend_p2pkh(secret, outpoint, value, fee, to_script):
    pubkey = secret.pub
    spk = CScript([OP_DUP, OP_HASH160, bitcoin.core.Hash160(pubkey), OP_EQUALVERIFY, OP_CHECKSIG])
    tx = CMutableTransaction([CMutableTxIn(outpoint, nSequence=0xfffffffd)], [CMutableTxOut(value - fee, to_script)])
    sighash = SignatureHash(spk, tx, 0, SIGHASH_ALL)
    tx.vin[0].scriptSig = CScript([secret.sign(sighash) + bytes([SIGHASH_ALL]), pubkey])
    return tx


def test_mine_spend_and_decode_with_python_bitcoinlib(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        rpc = proxy(node)
        secret = key(7)
        address = str(CBech32BitcoinAddress.from_scriptPubKey(CScript([OP_0, bitcoin.core.Hash160(secret.pub)])))
        hashes = rpc.generatetoaddress(101, address)
        assert len(hashes) == 101 and rpc.getblockcount() == 101
        assert rpc.getbestblockhash() == hashes[-1] == rpc.getblockhash(101)

        # The first coinbase, as bitcoinlib parses the raw block.
        block = bitcoin.core.CBlock.deserialize(x(rpc.getblock(hashes[0], 0)))
        assert b2lx(block.GetHash()) == hashes[0]
        coinbase = block.vtx[0]
        assert rpc.getblock(hashes[0], 1)["tx"][0] == b2lx(coinbase.GetTxid())

        # P2WPKH spend to a P2PKH output of a second key, built and signed by bitcoinlib.
        other = key(8)
        p2pkh = CScript([OP_DUP, OP_HASH160, bitcoin.core.Hash160(other.pub), OP_EQUALVERIFY, OP_CHECKSIG])
        tx = spend_p2wpkh(secret, COutPoint(coinbase.GetTxid(), 0), 50 * COIN, 10_000, p2pkh)
        tx_hex = b2x(tx.serialize())
        [result] = rpc.testmempoolaccept([tx_hex])
        assert result["allowed"] is True, result
        assert result["txid"] == b2lx(tx.GetTxid())
        assert result["fees"]["base"] == Decimal("0.0001")  # RawProxy parses numbers as Decimal
        assert rpc.sendrawtransaction(tx_hex) == b2lx(tx.GetTxid())
        assert rpc.getrawmempool() == [b2lx(tx.GetTxid())]
        entry = rpc.getmempoolentry(b2lx(tx.GetTxid()))
        assert entry["wtxid"] == b2lx(tx.GetHash())  # bitcoinlib's GetHash is the wtxid
        decoded = rpc.decoderawtransaction(tx_hex)
        assert decoded["vout"][0]["scriptPubKey"]["address"] == str(P2PKHBitcoinAddress.from_pubkey(other.pub))
        assert decoded["vin"][0]["txinwitness"][1] == b2x(secret.pub)

        # Confirm it; getblock verbosity 2 shows it with the fee from the undo data.
        [mined] = rpc.generatetoaddress(1, address)
        assert rpc.getrawmempool() == []
        block2 = rpc.getblock(mined, 2)
        [confirmed] = [t for t in block2["tx"] if t["txid"] == b2lx(tx.GetTxid())]
        assert confirmed["fee"] == Decimal("0.0001") and confirmed["hex"] == tx_hex
        assert bitcoin.core.CTransaction.deserialize(x(confirmed["hex"])).GetTxid() == tx.GetTxid()
        verbose = rpc.getrawtransaction(b2lx(tx.GetTxid()), 2, mined)
        assert verbose["confirmations"] == 1 and verbose["in_active_chain"] is True
        assert verbose["vin"][0]["prevout"]["value"] == Decimal(50)

        # Spend the P2PKH output in turn (legacy signature), then try a double spend.
        tx2 = spend_p2pkh(other, COutPoint(tx.GetTxid(), 0), 50 * COIN - 10_000, 10_000, p2pkh)
        assert rpc.sendrawtransaction(b2x(tx2.serialize())) == b2lx(tx2.GetTxid())
        double = spend_p2wpkh(secret, COutPoint(coinbase.GetTxid(), 0), 50 * COIN, 20_000, p2pkh)
        [rejected] = rpc.testmempoolaccept([b2x(double.serialize())])
        assert rejected["allowed"] is False and rejected["reject-reason"] == "missing-inputs"
        # A second spend of the mempool coin is an RBF attempt paying too little.
        low = spend_p2pkh(other, COutPoint(tx.GetTxid(), 0), 50 * COIN - 10_000, 10_000, CScript([OP_0, b"\x11" * 20]))
        [rbf] = rpc.testmempoolaccept([b2x(low.serialize())])
        assert rbf["allowed"] is False and rbf["reject-reason"].startswith("insufficient fee"), rbf
        with pytest.raises(bitcoin.rpc.JSONRPCError) as error:
            rpc.sendrawtransaction("00")
        assert error.value.error["code"] == -22


def raw_post(node, body, auth=True, path="/", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=30)
    all_headers = {"Content-Type": "application/json"}
    if auth:
        import base64
        all_headers["Authorization"] = "Basic " + base64.b64encode(node.credentials().encode()).decode()
    all_headers.update(headers or {})
    connection.request("POST", path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def test_errors_and_abuse_leave_the_node_up(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        # Wrong password: 401 after Core's delay, no body.
        started = time.monotonic()
        status, _ = raw_post(node, b'{"method":"getblockcount"}', headers={"Authorization": "Basic eDp5"})
        assert status == 401 and time.monotonic() - started >= 0.2
        # Malformed JSON.
        status, data = raw_post(node, b'{"method":')
        assert status == 500 and json.loads(data)["error"]["code"] == -32700
        # Unknown method: 404 in the 1.0 dialect, 200 with the error object in 2.0 (Core).
        status, data = raw_post(node, b'{"id":1,"method":"nosuchmethod"}')
        assert status == 404 and json.loads(data)["error"] == {"code": -32601, "message": "Method not found"}
        status, data = raw_post(node, b'{"jsonrpc":"2.0","id":1,"method":"nosuchmethod"}')
        assert status == 200 and json.loads(data)["error"] == {"code": -32601, "message": "Method not found"}
        # Wrong parameter type: Core's message.
        with pytest.raises(RpcError) as error:
            node.call("getblockhash", "one")
        assert error.value.code == -3
        assert "JSON value of type string is not of expected type number" in error.value.message
        # Oversized body: announced as 40 MB, refused with a 4xx before it is read.
        import base64
        big = socket.create_connection(("127.0.0.1", node.rpc_port), timeout=30)
        big.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " +
                    base64.b64encode(node.credentials().encode()) + b"\r\nContent-Length: " +
                    str(40 << 20).encode() + b"\r\n\r\n")
        status_line = big.recv(4096).split(b"\r\n", 1)[0]
        big.close()
        assert status_line.startswith(b"HTTP/1.1 4"), status_line
        # Path traversal: a clear 4xx.
        status, _ = raw_post(node, b'{"method":"getblockcount"}', path="/../../etc/passwd")
        assert 400 <= status < 500
        # A slow client that sends half a request and stops does not block others.
        slow = socket.create_connection(("127.0.0.1", node.rpc_port))
        slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        assert node.rpc.getblockcount() == 0
        slow.close()
        # Batches and named parameters as Core takes them.
        status, data = raw_post(node, b'[{"id":0,"method":"getblockcount"},{"id":1,"method":"getblockhash",'
                                      b'"params":{"height":0}}]')
        replies = json.loads(data)
        assert status == 200 and replies[0]["result"] == 0 and len(replies[1]["result"]) == 64
        assert node.rpc.getblockcount() == 0  # still up


def test_bitnode_cli_against_the_node(tmp_path):
    cli = BITNODED.parent / "bitnode-cli"
    if not cli.exists():
        pytest.skip("bitnode-cli is not built")
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        base = [str(cli), "-regtest", f"-datadir={node.datadir}", f"-rpcport={node.rpc_port}"]
        run = lambda *args: subprocess.run(base + list(args), capture_output=True, text=True, timeout=60)  # noqa
        assert run("getblockcount").stdout.strip() == "0"
        out = run("-named", "getblock", "blockhash=" + node.rpc.getbestblockhash(), "verbosity=1")
        assert json.loads(out.stdout)["height"] == 0
        bad = run("getblockhash", "5")
        assert bad.returncode == 8 and "Block height out of range" in bad.stderr
        unknown = run("nosuchmethod")
        assert unknown.returncode == 32601 % 256  # abs(code), as the OS keeps 8 bits
        wrong = subprocess.run([str(cli), "-regtest", f"-rpcport={node.rpc_port}", "-rpcuser=x", "-rpcpassword=y",
                                "getblockcount"], capture_output=True, text=True, timeout=60)
        assert wrong.returncode == 1 and "Authorization failed" in wrong.stderr


@pytest.mark.skipif(shutil.which("litecoin-cli") is None, reason="litecoin-cli is not installed")
def test_litecoin_cli(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        user, password = node.credentials().split(":", 1)

        def cli(*args, password=password):
            return subprocess.run(["litecoin-cli", f"-datadir={tmp_path}", "-rpcconnect=127.0.0.1",
                                   f"-rpcport={node.rpc_port}", f"-rpcuser={user}", f"-rpcpassword={password}",
                                   *args], capture_output=True, text=True, timeout=60)

        assert cli("getblockcount").stdout.strip() == "0"
        # Its own conversion table (bitcoin-cli 0.21) turns nblocks into a number.
        hashes = json.loads(cli("generatetoaddress", "2", REGTEST_ADDRESS).stdout)
        assert len(hashes) == 2 and cli("getblockcount").stdout.strip() == "2"
        block = json.loads(cli("getblock", hashes[1], "2").stdout)
        assert block["height"] == 2 and block["tx"][0]["vin"][0]["coinbase"]
        assert cli("getbestblockhash").stdout.strip() == hashes[1]
        # bitcoin-cli's exit codes: abs(RPC error code) (mod 256), 1 when the server refuses.
        unknown = cli("nosuchmethod")
        assert unknown.returncode == 32601 % 256 and "Method not found" in unknown.stderr
        bad_password = cli("getblockcount", password="wrong")
        assert bad_password.returncode == 1 and "Authorization failed" in bad_password.stderr


RPCCLIENT_DIR = pathlib.Path(os.environ.get("BITNODE_RPCCLIENT_DIR",
                                            pathlib.Path.home() / ".cache" / "bitnode" / "bitcoin-core-5"))


@pytest.mark.skipif(shutil.which("node") is None or
                    not (RPCCLIENT_DIR / "node_modules" / "bitcoin-core" / "package.json").exists(),
                    reason="npm bitcoin-core@5 is not installed (scripts/setup.sh)")
def test_npm_bitcoin_core_client(tmp_path):
    script = pathlib.Path(__file__).parent / "rpc_client" / "bitcoin_core_client.js"
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        user, password = node.credentials().split(":", 1)
        out = subprocess.run(["node", str(script), str(RPCCLIENT_DIR), str(node.rpc_port), user, password],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        seen = json.loads(out.stdout)
        assert seen["count"] == 0 and len(seen["hashes"]) == 3
        assert seen["info"]["blocks"] == 3 and seen["info"]["chain"] == "regtest"
        assert seen["block"]["hash"] == seen["hashes"][2] and seen["block"]["tx"][0]["vin"][0]["coinbase"]
        assert seen["batch"] == [seen["hashes"][0], 3]
        assert seen["error"]["code"] == -8 and seen["error"]["message"] == "Block height out of range"


def test_network_methods_between_two_nodes(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        a, b = nodes.start(2)
        nodes.connect(a, b)
        nodes.wait_until(lambda: b.rpc.getconnectioncount() == 1, message="inbound peer on b")
        [peer] = a.rpc.getpeerinfo()
        assert peer["inbound"] is False and peer["connection_type"] == "manual"
        assert peer["addr"] == b.p2p_address and peer["version"] == 70016
        assert "WITNESS" in peer["servicesnames"]
        [inbound] = b.rpc.getpeerinfo()
        assert inbound["inbound"] is True and inbound["connection_type"] == "inbound"
        info = a.rpc.getnetworkinfo()
        assert info["connections"] == 1 and info["connections_out"] == 1 and info["networkactive"] is True
        totals = a.rpc.getnettotals()
        assert totals["totalbytessent"] > 0 and totals["totalbytesrecv"] > 0
        assert a.rpc.ping() is None
        # addnode add/remove and Core's errors.
        assert a.rpc.addnode("127.0.0.1:1", "add") is None
        with pytest.raises(RpcError) as error:
            a.rpc.addnode("127.0.0.1:1", "add")
        assert error.value.code == -23 and error.value.message == "Error: Node already added"
        assert [n["addednode"] for n in a.rpc.getaddednodeinfo()] == ["127.0.0.1:1"]
        assert a.rpc.addnode("127.0.0.1:1", "remove") is None
        with pytest.raises(RpcError) as error:
            a.rpc.addnode("127.0.0.1:1", "remove")
        assert error.value.code == -24
        # Ban b's address on a: the connection drops and the ban is listed, then cleared.
        assert a.rpc.setban("127.0.0.1", "add", 3600) is None
        nodes.wait_until(lambda: a.rpc.getconnectioncount() == 0, message="banned peer disconnected")
        [ban] = a.rpc.listbanned()
        assert ban["address"] == "127.0.0.1/32" and ban["ban_duration"] == 3600
        with pytest.raises(RpcError) as error:
            a.rpc.setban("127.0.0.1", "add")
        assert error.value.code == -23
        with pytest.raises(RpcError) as error:
            a.rpc.setban("not an ip", "add")
        assert error.value.code == -30 and error.value.message == "Error: Invalid IP/Subnet"
        assert a.rpc.clearbanned() is None and a.rpc.listbanned() == []
        with pytest.raises(RpcError) as error:
            a.rpc.disconnectnode("127.0.0.1:9")
        assert error.value.code == -29 and error.value.message == "Node not found in connected nodes"
        assert a.rpc.setnetworkactive(False) is False
        assert a.rpc.getnetworkinfo()["networkactive"] is False
        assert a.rpc.setnetworkactive(True) is True
