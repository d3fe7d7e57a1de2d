"""The web layers of a real bitnoded: Core's /rest/, /api/v1 with roles, OpenAPI, /health,
/metrics, the event stream, rate limiting and hostile paths.

Each test module starts its own bitnoded processes on free loopback ports with datadirs
under pytest's tmp_path, so it can run beside other functional tests. Binary answers
(.bin / .hex) are parsed with python-bitcoinlib (an independent implementation) and
checked against the JSON answers and the RPC. The binary is looked for in
$BITNODE_BUILD_DIR/bin (default build/bin). ctest runs this file as functional_rest_api.
"""
import http.client
import json
import os
import pathlib
import re
import select
import socket
import subprocess
import time
from io import BytesIO

import pytest

import bitcoin
from bitcoin.core import CBlock, CBlockHeader, CTransaction, b2lx, b2x, lx

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DIR = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
if not BUILD_DIR.is_absolute():
    BUILD_DIR = ROOT / BUILD_DIR
BITNODED = BUILD_DIR / "bin" / "bitnoded"

READ_KEY = "functional-read-key-0123456789"
ADMIN_KEY = "functional-admin-key-0123456789"
RPC_USER, RPC_PASSWORD = "rest", "rest-test-password"
# Blocks pay a regtest P2WPKH address whose key the tests hold (python-bitcoinlib signs).
bitcoin.SelectParams("regtest")
from bitcoin.core import (COutPoint, CMutableTransaction, CMutableTxIn, CMutableTxOut, CTxInWitness,  # noqa: E402
                          CTxWitness, Hash160)
from bitcoin.core.script import (CScript, CScriptWitness, OP_0, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY,  # noqa: E402
                                 OP_HASH160, SIGHASH_ALL, SIGVERSION_WITNESS_V0, SignatureHash)
from bitcoin.wallet import CBitcoinSecret, P2WPKHBitcoinAddress  # noqa: E402

KEY = CBitcoinSecret.from_secret_bytes(bytes([7] * 32))
SCRIPT = CScript([OP_0, Hash160(KEY.pub)])
ADDRESS = str(P2WPKHBitcoinAddress.from_scriptPubKey(SCRIPT))


def spend(txid, vout, value, fee=10_000):
    """A signed transaction spending one P2WPKH output of KEY back to KEY."""
    tx = CMutableTransaction([CMutableTxIn(COutPoint(lx(txid), vout))], [CMutableTxOut(value - fee, SCRIPT)],
                             nVersion=2)
    script_code = CScript([OP_DUP, OP_HASH160, Hash160(KEY.pub), OP_EQUALVERIFY, OP_CHECKSIG])
    sighash = SignatureHash(script_code, tx, 0, SIGHASH_ALL, amount=value, sigversion=SIGVERSION_WITNESS_V0)
    tx.wit = CTxWitness([CTxInWitness(CScriptWitness([KEY.sign(sighash) + bytes([SIGHASH_ALL]), KEY.pub]))])
    return tx


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, tmp_path, name, extra):
        self.datadir = tmp_path / name
        self.datadir.mkdir()
        self.port = free_port()
        args = [str(BITNODED), f"-datadir={self.datadir}", "-regtest", f"-port={free_port()}", "-listen=0",
                f"-rpcport={self.port}", f"-rpcuser={RPC_USER}", f"-rpcpassword={RPC_PASSWORD}",
                "-printtoconsole=0"] + extra
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"bitnoded exited: {self.process.stdout.read().decode()}")
            try:
                if self.get("/health/live")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("bitnoded did not come up")

    def request(self, method, path, body=None, headers=None, key=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if key:
            headers["X-API-Key"] = key
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        result = (response.status, data, {k.lower(): v for k, v in response.getheaders()})
        conn.close()
        return result

    def get(self, path, key=None):
        return self.request("GET", path, key=key)

    def get_json(self, path, key=READ_KEY, status=200):
        code, body, _ = self.get(path, key)
        assert code == status, (path, code, body)
        return json.loads(body)

    def rpc(self, method, *params):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        import base64
        auth = base64.b64encode(f"{RPC_USER}:{RPC_PASSWORD}".encode()).decode()
        conn.request("POST", "/", json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}),
                     {"Authorization": f"Basic {auth}", "Content-Type": "application/json"})
        reply = json.loads(conn.getresponse().read())
        conn.close()
        assert reply.get("error") is None, reply
        return reply["result"]

    def mine(self, n):
        code, body, _ = self.request("POST", "/api/v1/mining/generatetoaddress", {"nblocks": n, "address": ADDRESS},
                                     key=ADMIN_KEY)
        assert code == 200, body
        return json.loads(body)["blocks"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    if not BITNODED.exists():
        pytest.skip(f"{BITNODED} not built (set BITNODE_BUILD_DIR)")
    n = Node(tmp_path_factory.mktemp("rest"), "main",
             ["-rest", "-txindex", f"-apikey-read={READ_KEY}", f"-apikey-admin={ADMIN_KEY}",
              "-corsorigin=https://explorer.example"])
    n.mine(101)
    yield n
    n.stop()


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    if not BITNODED.exists():
        pytest.skip(f"{BITNODED} not built (set BITNODE_BUILD_DIR)")
    n = Node(tmp_path_factory.mktemp("rest-limited"), "limited",
             ["-apiopenread", "-apiratelimit=1", "-apiratelimitburst=5", "-apievents=0"])
    yield n
    n.stop()


# --- Core's /rest/ ------------------------------------------------------------------------

def test_rest_block_in_every_format(node):
    tip = node.get_json("/rest/chaininfo.json", key=None)["bestblockhash"]
    code, raw, headers = node.get(f"/rest/block/{tip}.bin")
    assert code == 200 and headers["content-type"] == "application/octet-stream"
    block = CBlock.deserialize(raw)
    assert b2lx(block.GetHash()) == tip
    code, hex_body, headers = node.get(f"/rest/block/{tip}.hex")
    assert code == 200 and headers["content-type"] == "text/plain"
    assert hex_body.decode() == raw.hex() + "\n"
    full = node.get_json(f"/rest/block/{tip}.json", key=None)
    assert full["hash"] == tip
    assert [tx["txid"] for tx in full["tx"]] == [b2lx(tx.GetTxid()) for tx in block.vtx]
    assert full["merkleroot"] == b2lx(block.hashMerkleRoot)
    light = node.get_json(f"/rest/block/notxdetails/{tip}.json", key=None)
    assert light["tx"] == [b2lx(tx.GetTxid()) for tx in block.vtx]
    # The RPC prints the same JSON.
    assert full == node.rpc("getblock", tip, 3)


def test_rest_headers_and_blockhash(node):
    h1 = node.get_json("/rest/blockhashbyheight/1.json", key=None)["blockhash"]
    code, raw, _ = node.get("/rest/blockhashbyheight/1.bin")
    assert code == 200 and b2lx(raw) == h1
    assert node.get("/rest/blockhashbyheight/1.hex")[1].decode() == h1 + "\n"
    code, raw, _ = node.get(f"/rest/headers/{h1}.bin?count=5")
    assert code == 200 and len(raw) == 5 * 80
    stream = BytesIO(raw)
    headers = [CBlockHeader.stream_deserialize(stream) for _ in range(5)]
    assert b2lx(headers[0].GetHash()) == h1
    for parent, child in zip(headers, headers[1:]):
        assert child.hashPrevBlock == parent.GetHash()
    assert node.get(f"/rest/headers/{h1}.hex?count=5")[1].decode() == raw.hex() + "\n"
    legacy = node.get(f"/rest/headers/5/{h1}.bin")[1]
    assert legacy == raw
    as_json = node.get_json(f"/rest/headers/{h1}.json?count=5", key=None)
    assert [h["hash"] for h in as_json] == [b2lx(h.GetHash()) for h in headers]
    assert as_json[0] == node.rpc("getblockheader", h1, True)


def test_rest_tx_and_utxos(node):
    h1 = node.get_json("/rest/blockhashbyheight/1.json", key=None)["blockhash"]
    coinbase = node.get_json(f"/rest/block/notxdetails/{h1}.json", key=None)["tx"][0]
    code, raw, _ = node.get(f"/rest/tx/{coinbase}.bin")
    assert code == 200
    tx = CTransaction.deserialize(raw)
    assert b2lx(tx.GetTxid()) == coinbase
    assert node.get(f"/rest/tx/{coinbase}.hex")[1].decode() == raw.hex() + "\n"
    as_json = node.get_json(f"/rest/tx/{coinbase}.json", key=None)
    assert as_json["txid"] == coinbase and as_json["blockhash"] == h1 and as_json["hex"] == raw.hex()

    utxos = node.get_json(f"/rest/getutxos/{coinbase}-0/{coinbase}-7.json", key=None)
    assert utxos["bitmap"] == "10"
    assert utxos["utxos"][0]["height"] == 1
    assert utxos["utxos"][0]["value"] == tx.vout[0].nValue / 1e8
    body = b"\x01\x02" + lx(coinbase) + (0).to_bytes(4, "little") + lx(coinbase) + (7).to_bytes(4, "little")
    code, raw, _ = node.request("POST", "/rest/getutxos.bin", body=body)
    assert code == 200
    assert int.from_bytes(raw[0:4], "little") == utxos["chainHeight"]
    assert b2lx(raw[4:36]) == utxos["chaintipHash"]
    assert raw[36:38] == b"\x01\x01"  # bitmap: one byte, first outpoint unspent
    code, hex_reply, _ = node.request("POST", "/rest/getutxos.hex", body=body.hex())
    assert code == 200 and hex_reply.decode() == raw.hex() + "\n"
    assert node.get(f"/rest/getutxos/{coinbase}-x.json")[1] == b"Parse error\r\n"
    too_many = "/".join(f"{coinbase}-{i}" for i in range(16))
    assert node.get(f"/rest/getutxos/{too_many}.json")[1] == b"Error: max outpoints exceeded (max: 15, tried: 16)\r\n"

    spent = node.get_json(f"/rest/spenttxouts/{h1}.json", key=None)
    assert spent == [[]]  # a block with only its coinbase spends nothing


def test_rest_chain_mempool_and_errors(node):
    info = node.get_json("/rest/chaininfo.json", key=None)
    rpc_info = node.rpc("getblockchaininfo")
    assert info["chain"] == "regtest"
    assert {k: info[k] for k in ("blocks", "bestblockhash", "chainwork")} == \
        {k: rpc_info[k] for k in ("blocks", "bestblockhash", "chainwork")}
    assert node.get_json("/rest/mempool/info.json", key=None)["size"] == node.rpc("getmempoolinfo")["size"]
    assert isinstance(node.get_json("/rest/mempool/contents.json?verbose=false", key=None), list)
    tip = info["bestblockhash"]
    code, body, _ = node.get(f"/rest/deploymentinfo/{tip}.json")
    if code == 200:
        assert json.loads(body) == node.rpc("getdeploymentinfo", tip)
    else:
        assert (code, body) == (404, b"getdeploymentinfo is not available on this node\r\n")
    assert node.get(f"/rest/blockfilter/basic/{tip}.json") == \
        (400, b"Index is not enabled for filtertype basic\r\n", node.get(f"/rest/blockfilter/basic/{tip}.json")[2])
    assert node.get(f"/rest/blockfilter/nonsense/{tip}.json")[1] == b"Unknown filtertype nonsense\r\n"
    for path, status, text in [
        ("/rest/block/xyz.json", 400, "Invalid hash: xyz"),
        ("/rest/block/" + "ab" * 32 + ".json", 404, "ab" * 32 + " not found"),
        ("/rest/block/" + "ab" * 32 + ".xml", 400, "Invalid hash: " + "ab" * 32 + ".xml"),
        ("/rest/blockhashbyheight/0", 404, "output format not found (available: .bin, .hex, .json)"),
        ("/rest/chaininfo.bin", 404, "output format not found (available: json)"),
        ("/rest/blockhashbyheight/99999.json", 404, "Block height out of range"),
        ("/rest/headers/" + "00" * 32 + ".json?count=2001", 400,
         "Header count is invalid or out of acceptable range (1-2000): 2001"),
        ("/rest/mempool/other.json", 400, "Invalid URI format. Expected /rest/mempool/<info|contents>.json"),
        ("/rest/mempool/contents.json?verbose=true&mempool_sequence=true", 400,
         'Verbose results cannot contain mempool sequence values. (hint: set "verbose=false")'),
    ]:
        code, body, headers = node.get(path)
        assert (code, body.decode()) == (status, text + "\r\n"), path
        assert headers["content-type"] == "text/plain"


# --- /api/v1 -----------------------------------------------------------------------------

def fill(pattern, node, tip, coinbase):
    return (pattern.replace("{hash}", tip).replace("{height}", "1").replace("{txid}", coinbase)
            .replace("{address}", ADDRESS))


def test_api_routes_roles_and_openapi(node):
    tip = node.get_json("/api/v1/blockchain")["bestblockhash"]
    h1 = node.get_json("/api/v1/blockchain/blocks/height/1")["hash"]
    coinbase = node.get_json(f"/api/v1/blockchain/blocks/{h1}")["tx"][0]["txid"]
    doc = node.get_json("/api/v1/openapi.json", key=None)
    assert doc["openapi"].startswith("3.")
    documented = {(method.upper(), path) for path, item in doc["paths"].items() for method in item}
    expected = {
        ("GET", "/api/v1/blockchain"), ("GET", "/api/v1/blockchain/blocks"), ("GET", "/api/v1/blockchain/blocks/latest"),
        ("GET", "/api/v1/blockchain/blocks/{hash}"), ("GET", "/api/v1/blockchain/blocks/height/{height}"),
        ("GET", "/api/v1/transactions/{txid}"), ("GET", "/api/v1/transactions/mempool"),
        ("GET", "/api/v1/transactions/mempool/{txid}"), ("GET", "/api/v1/transactions/address/{address}"),
        ("POST", "/api/v1/transactions"), ("GET", "/api/v1/addresses/{address}/balance"),
        ("GET", "/api/v1/addresses/{address}/utxos"), ("GET", "/api/v1/mining/info"),
        ("POST", "/api/v1/mining/generatetoaddress"), ("GET", "/api/v1/mining/policy"), ("PUT", "/api/v1/mining/policy"),
        ("GET", "/api/v1/status"), ("GET", "/api/v1/peers"), ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/events"),
    }
    assert documented == expected
    counts = {"routes": 0}
    for method, pattern in sorted(documented):
        operation = doc["paths"][pattern][method.lower()]
        role = operation["x-required-role"]
        path = fill(pattern, node, tip, coinbase)
        if pattern == "/api/v1/events":
            continue  # a stream; checked in test_events_on_new_block
        body = {} if method in ("POST", "PUT") else None

        def served(key):
            # The route ran: any status but a refusal; a 404 only about the resource itself.
            code, reply, _ = node.request(method, path, body=body, key=key)
            if code == 404:
                assert not json.loads(reply)["error"]["message"].startswith("No such API route"), pattern
            return code not in (401, 403, 405)

        no_key = node.request(method, path, body=body)[0]
        read = node.request(method, path, body=body, key=READ_KEY)[0]
        if role == "none":
            assert no_key == read == 200, pattern
        elif role == "read":
            assert no_key == 401, pattern
            assert served(READ_KEY), (pattern, read)
        else:
            assert (no_key, read) == (401, 403), pattern
        assert served(ADMIN_KEY), pattern
        # Every documented path exists: a wrong method there is 405, not 404.
        other = "DELETE" if method != "GET" else "PUT"
        if other != "DELETE" and (other, pattern) not in documented:
            assert node.request(other, path, body={}, key=ADMIN_KEY)[0] == 405, pattern
        counts["routes"] += 1
    print(f"checked {counts['routes']} routes x 3 roles")
    assert node.get("/api/v1/not/a/route", key=ADMIN_KEY)[0] == 404


def test_api_answers(node):
    height = node.get_json("/api/v1/status")["height"]
    latest = node.get_json("/api/v1/blockchain/blocks/latest?limit=3")["blocks"]
    assert [b["height"] for b in latest] == [height, height - 1, height - 2]
    page = node.get_json("/api/v1/blockchain/blocks?page=2&limit=10")
    assert page["total"] == height + 1 and page["blocks"][0]["height"] == height - 10
    assert node.get("/api/v1/blockchain/blocks?limit=1000", key=READ_KEY)[0] == 400
    assert node.get("/api/v1/blockchain/blocks/height/100000", key=READ_KEY)[0] == 404
    error = node.get_json("/api/v1/blockchain/blocks/nothex", status=400)
    assert set(error) == {"error"} and error["error"]["code"] == 400 and error["error"]["message"]

    # An undecodable transaction is a 400 in the one error shape.
    code, body, _ = node.request("POST", "/api/v1/transactions", {"hex": "00"}, key=READ_KEY)
    assert code == 400 and json.loads(body)["error"]["code"] == 400

    policy = node.get_json("/api/v1/mining/policy")
    assert policy["mode"] in ("on_demand", "off", "mempool_threshold", "interval")
    code, body, _ = node.request("PUT", "/api/v1/mining/policy", {"mode": "nonsense"}, key=ADMIN_KEY)
    assert code == 400
    code, body, _ = node.request("PUT", "/api/v1/mining/policy", {"mode": policy["mode"]}, key=ADMIN_KEY)
    assert code == 200 and json.loads(body)["mode"] == policy["mode"]
    assert "hashespersec" in node.get_json("/api/v1/mining/info")


def test_address_routes(node):
    assert node.get("/api/v1/addresses/notanaddress/balance", key=READ_KEY)[0] == 400
    code, body, _ = node.get(f"/api/v1/addresses/{ADDRESS}/balance", key=READ_KEY)
    if code == 503 and b"no scantxoutset" in body:
        pytest.skip("the RPC table has no scantxoutset yet: address routes answer 503")
    balance = json.loads(body)
    height = node.rpc("getblockcount")
    utxos = node.get_json(f"/api/v1/addresses/{ADDRESS}/utxos?limit=100")
    assert balance["utxo_count"] == utxos["total"] == height  # one coinbase per mined block
    second = node.get_json(f"/api/v1/addresses/{ADDRESS}/utxos?page=2&limit=100")
    assert sum(u["value_sat"] for u in utxos["utxos"] + second["utxos"]) == balance["confirmed_sat"]
    scan = node.rpc("scantxoutset", "start", [f"addr({ADDRESS})"])
    assert round(scan["total_amount"] * 1e8) == balance["confirmed_sat"]
    txs = node.get_json(f"/api/v1/transactions/address/{ADDRESS}?limit=5")
    assert txs["total"] == height and len(txs["transactions"]) == 5


def read_events(sock, until, data=b"", seconds=20):
    deadline = time.time() + seconds
    while until not in data and time.time() < deadline:
        ready, _, _ = select.select([sock], [], [], 0.5)
        if ready:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def test_transaction_through_mempool(node):
    """A signed spend submitted through the API: mempool routes, /rest/ from the mempool,
    getutxos with checkmempool, and the mempool_add / mempool_remove events."""
    events = socket.create_connection(("127.0.0.1", node.port), timeout=10)
    events.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: x\r\nX-API-Key: {READ_KEY}\r\n\r\n".encode())
    stream = read_events(events, b": connected")
    h1 = node.get_json("/rest/blockhashbyheight/1.json", key=None)["blockhash"]
    coinbase = node.get_json(f"/rest/block/{h1}.json", key=None)["tx"][0]
    value = round(coinbase["vout"][0]["value"] * 1e8)
    tx = spend(coinbase["txid"], 0, value)
    code, body, _ = node.request("POST", "/api/v1/transactions", {"hex": b2x(tx.serialize())}, key=READ_KEY)
    assert code == 201, body
    txid = json.loads(body)["txid"]
    assert txid == b2lx(tx.GetTxid())
    code, body, _ = node.request("POST", "/api/v1/transactions", {"hex": b2x(tx.serialize())}, key=READ_KEY)
    assert code in (201, 409), body  # Core's sendrawtransaction accepts a resend of a pool transaction

    entry = node.get_json(f"/api/v1/transactions/mempool/{txid}")
    assert entry["txid"] == txid and entry["fee"] == 0.0001
    listing = node.get_json("/api/v1/transactions/mempool")
    assert txid in [t["txid"] for t in listing["transactions"]] and listing["size"] >= 1
    assert node.get_json(f"/api/v1/transactions/{txid}")["in_mempool"] is True
    assert CTransaction.deserialize(node.get(f"/rest/tx/{txid}.bin")[1]).GetTxid() == tx.GetTxid()
    assert txid in node.get_json("/rest/mempool/contents.json?verbose=false", key=None)
    assert txid in node.get_json("/rest/mempool/contents.json", key=None)
    plain = node.get_json(f"/rest/getutxos/{coinbase['txid']}-0/{txid}-0.json", key=None)
    with_pool = node.get_json(f"/rest/getutxos/checkmempool/{coinbase['txid']}-0/{txid}-0.json", key=None)
    assert plain["bitmap"] == "10" and with_pool["bitmap"] == "01"
    assert with_pool["utxos"][0]["height"] == 2147483647  # Core's MEMPOOL_HEIGHT

    stream = read_events(events, txid.encode(), stream)
    assert f'event: mempool_add\ndata: {{"txid":"{txid}"'.encode() in stream, stream
    node.mine(1)
    stream = read_events(events, b"mempool_remove", stream)
    events.close()
    assert f'event: mempool_remove\ndata: {{"txid":"{txid}","reason":"block"}}'.encode() in stream, stream
    assert node.get_json(f"/api/v1/transactions/mempool/{txid}", status=404)["error"]["code"] == 404
    confirmed = node.get_json(f"/api/v1/transactions/{txid}")  # -txindex
    assert confirmed["in_mempool"] is False and confirmed["confirmations"] == 1
    tip = node.rpc("getbestblockhash")
    spent = node.get_json(f"/rest/spenttxouts/{tip}.json", key=None)
    assert spent[1] == [{"value": value / 1e8, "scriptPubKey": spent[1][0]["scriptPubKey"]}]
    raw = node.get(f"/rest/spenttxouts/{tip}.bin")[1]
    assert raw[0] == 2 and raw[1] == 0 and raw[2] == 1  # two transactions; the coinbase spends none
    assert node.get(f"/rest/spenttxouts/{tip}.hex")[1].decode() == raw.hex() + "\n"
    assert node.get(f"/rest/block/notxdetails/{tip}.bin")[1] == node.get(f"/rest/block/{tip}.bin")[1]


def test_cors_preflight(node):
    code, _, headers = node.request("OPTIONS", "/api/v1/mining/policy", headers={"Origin": "https://explorer.example"})
    assert code == 204
    assert headers["access-control-allow-origin"] == "https://explorer.example"
    assert "PUT" in headers["access-control-allow-methods"]
    code, _, headers = node.request("GET", "/api/v1/status", headers={"Origin": "https://other.example"}, key=READ_KEY)
    assert code == 200 and "access-control-allow-origin" not in headers


def raw_request(port, text):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(text.encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, rest = data.partition(b"\r\n\r\n")
                match = re.search(rb"Content-Length: (\d+)", head, re.I)
                if match and len(rest) >= int(match.group(1)):
                    break
    return int(data.split(b" ")[1])


def test_path_traversal_is_refused(node):
    for path in ["/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/api/v1/%2E%2E%2Fetc%2Fpasswd",
                 "/api/v1/blockchain/blocks/..%2f..%2fetc", "/api/v1/./status"]:
        status = raw_request(node.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nX-API-Key: {READ_KEY}\r\nConnection: close\r\n\r\n")
        assert status == 400, path
    for path in ["/../etc/passwd", "/rest/../../etc/passwd", "/api/../etc/passwd"]:
        status = raw_request(node.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status in (400, 404), path
    assert node.get("/api/v1/status", key=READ_KEY)[0] == 200


# --- /health, /metrics, events, rate limit ------------------------------------------------

def parse_prometheus(text):
    """Families {name: type} and samples [(name, labels, value)]; asserts the format holds."""
    types, samples = {}, []
    sample_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
    label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "summary", "histogram", "untyped")
            assert name not in types, f"family {name} declared twice"
            types[name] = kind
            continue
        match = sample_re.match(line)
        assert match, f"not a sample line: {line!r}"
        name, _, label_text, value = match.groups()
        labels = {}
        if label_text:
            consumed = 0
            for m in label_re.finditer(label_text):
                labels[m.group(1)] = m.group(2)
                consumed = m.end()
            assert consumed == len(label_text), line
        assert name in types, f"sample {name} before its # TYPE"
        samples.append((name, labels, float(value)))
    return types, samples


def test_health_and_metrics(node):
    code, body, _ = node.get("/health")
    health = json.loads(body)
    assert code == 200 and health["ready"] and health["checks"]["chain_loaded"]
    code, body, headers = node.get("/metrics")
    assert code == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    types, samples = parse_prometheus(body.decode())
    values = {name: value for name, labels, value in samples if not labels}
    height = node.rpc("getblockcount")
    assert values["bitnode_blocks"] == height
    assert values["bitnode_blocks_connected_total"] >= 101
    assert values["bitnode_block_verify_seconds_total"] > 0
    assert types["bitnode_http_requests_total"] == "counter"
    assert any(labels.get("endpoint") == "GET /api/v1/status" and value >= 1
               for name, labels, value in samples if name == "bitnode_http_requests_total")
    rpc_calls = {labels["method"]: value for name, labels, value in samples if name == "bitnode_rpc_calls_total"}
    assert rpc_calls.get("getblockchaininfo", 0) >= 1  # called by earlier tests and by /rest/chaininfo.json
    print(f"parsed {len(types)} metric families, {len(samples)} samples")


def test_events_on_new_block(node):
    s = socket.create_connection(("127.0.0.1", node.port), timeout=10)
    s.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: x\r\nX-API-Key: {READ_KEY}\r\n\r\n".encode())
    data = b""
    deadline = time.time() + 10
    while b": connected" not in data and time.time() < deadline:
        data += s.recv(65536)
    assert data.startswith(b"HTTP/1.1 200") and b"text/event-stream" in data
    hashes = node.mine(1)
    deadline = time.time() + 20
    while hashes[0].encode() not in data and time.time() < deadline:
        ready, _, _ = select.select([s], [], [], 0.5)
        if ready:
            data += s.recv(65536)
    s.close()
    events = [chunk for chunk in data.split(b"\n\n") if b"event: block" in chunk]
    assert events, data
    payload = json.loads(events[-1].split(b"data: ", 1)[1])
    assert payload["hash"] == hashes[0] and payload["height"] == node.rpc("getblockcount")


def test_rate_limit(limited):
    statuses = []
    retry = None
    for _ in range(12):
        code, _, headers = limited.get("/api/v1/status")
        statuses.append(code)
        if code == 429:
            retry = headers.get("retry-after")
    assert statuses[:5] == [200] * 5, statuses
    assert 429 in statuses and retry is not None and int(retry) >= 1
    # Admin routes still need a key under open read; the node stays healthy.
    time.sleep(2)
    assert limited.request("POST", "/api/v1/mining/generatetoaddress", {"nblocks": 1, "address": ADDRESS})[0] == 401
    assert limited.get("/health/live")[0] == 200
