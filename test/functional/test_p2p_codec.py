"""Cross-check bitnode's P2P message encoding against python-bitcoinlib.

bitnode's net_tests (CodecVectors.Dump) writes framed regtest messages as hex; here
python-bitcoinlib (Debian's python3-bitcoinlib, an independent implementation) builds
the same messages from the same parameters and must produce the same bytes, header,
checksum and all. It also parses bitnode's bytes back.

python-bitcoinlib quirks handled here: its PROTO_VERSION defaults to 60002 (we pass
70016), its msg_headers omits the transaction count after each header (Bitcoin Core and
bitnode write a 0 there), its CAddress writes "0.0.0.0" as ::ffff:0.0.0.0 (Core's empty
address is "::"), and it has no message types newer than mempool (sendheaders, feefilter,
wtxidrelay, ...).

The binary is looked for in $BITNODE_BUILD_DIR/test (default build/test); the data in
$BITNODE_TESTDATA (default ../shared/testdata beside the checkout).
"""
import json
import os
import pathlib
import struct
import subprocess

import pytest

bitcoin = pytest.importorskip("bitcoin", reason="python3-bitcoinlib is not installed (apt install python3-bitcoinlib)")
import bitcoin.messages as m  # noqa: E402
from bitcoin.core import CBlock, CBlockHeader, CTransaction  # noqa: E402
from bitcoin.net import CAddress, CBlockLocator, CInv  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DIR = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
if not BUILD_DIR.is_absolute():
    BUILD_DIR = ROOT / BUILD_DIR
NET_TESTS = BUILD_DIR / "test" / "net_tests"
TESTDATA = pathlib.Path(os.environ.get("BITNODE_TESTDATA", os.environ.get("BITNODE_TESTDATA_DEFAULT",
                                                                            ROOT.parent / "shared" / "testdata")))
PROTO = 70016


@pytest.fixture(scope="module")
def vectors(tmp_path_factory):
    if not TESTDATA.is_dir():
        pytest.skip(f"test data not found at {TESTDATA}: set BITNODE_TESTDATA")
    if not NET_TESTS.exists():
        pytest.fail(f"build net_tests first (looked for {NET_TESTS}; set BITNODE_BUILD_DIR)")
    out = tmp_path_factory.mktemp("p2p") / "vectors.json"
    env = dict(os.environ, BITNODE_P2P_VECTORS_OUT=str(out), BITNODE_TESTDATA=str(TESTDATA))
    result = subprocess.run([str(NET_TESTS), "--gtest_filter=CodecVectors.Dump"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    return {name: bytes.fromhex(hexstr) for name, hexstr in data.items()}


@pytest.fixture(autouse=True)
def regtest():
    bitcoin.SelectParams("regtest")
    yield
    bitcoin.SelectParams("mainnet")


def address(ip, port, services, time=None):
    a = CAddress(PROTO)
    a.ip, a.port, a.nServices = ip, port, services
    if time is not None:
        a.nTime = time
    return a


def h(fill):
    return bytes((fill + i) & 0xff for i in range(32))


def inventory():
    invs = []
    for kind, fill in ((1, 1), (2, 2), (0x40000001, 3)):
        inv = CInv()
        inv.type, inv.hash = kind, h(fill)
        invs.append(inv)
    return invs


def locator(hashes):
    loc = CBlockLocator(PROTO)
    loc.vHave = hashes
    return loc


def expected_messages():
    version = m.msg_version(PROTO)
    version.nServices = 9
    version.nTime = 1700000000
    version.addrTo = address("127.0.0.1", 18444, 1)
    version.addrFrom = address("::", 0, 9)
    version.nNonce = 0x0102030405060708
    version.strSubVer = b"/bitnode:0.1.0/"
    version.nStartingHeight = 101
    version.fRelay = True

    addr = m.msg_addr(PROTO)
    addr.addrs = [address("1.2.3.4", 8333, 1, 1700000000), address("2001:db9::1", 18444, 9, 1700000001)]

    msgs = {
        "version": version,
        "verack": m.msg_verack(PROTO),
        "getaddr": m.msg_getaddr(PROTO),
        "mempool": m.msg_mempool(PROTO),
        "ping": m.msg_ping(PROTO, 0x1122334455667788),
        "pong": m.msg_pong(PROTO, 0x8877665544332211),
        "addr": addr,
    }
    for name, cls in (("inv", m.msg_inv), ("getdata", m.msg_getdata), ("notfound", m.msg_notfound)):
        msg = cls(PROTO)
        msg.inv = inventory()
        msgs[name] = msg
    getheaders = m.msg_getheaders(PROTO)
    getheaders.locator = locator([h(10), h(20)])
    getheaders.hashstop = h(30)
    msgs["getheaders"] = getheaders
    getblocks = m.msg_getblocks(PROTO)
    getblocks.locator = locator([h(40)])
    msgs["getblocks"] = getblocks

    block = CBlock.deserialize((TESTDATA / "blocks" / "main-482683.raw").read_bytes())
    msg_block = m.msg_block(PROTO)
    msg_block.block = block
    msgs["block"] = msg_block
    msg_tx = m.msg_tx(PROTO)
    msg_tx.tx = block.vtx[-1]
    msgs["tx"] = msg_tx
    return msgs


def test_every_vector_is_checked(vectors):
    assert set(vectors) == set(expected_messages()) | {"headers"}


@pytest.mark.parametrize("name", ["version", "verack", "getaddr", "mempool", "ping", "pong", "addr", "inv",
                                  "getdata", "notfound", "getheaders", "getblocks", "block", "tx"])
def test_bytes_match_python_bitcoinlib(vectors, name):
    theirs = expected_messages()[name].to_bytes()
    assert vectors[name].hex() == theirs.hex()


def test_headers_match_with_tx_count(vectors):
    ours = vectors["headers"]
    genesis = bitcoin.core.CoreMainParams.GENESIS_BLOCK
    block1 = CBlock.deserialize((TESTDATA / "blocks" / "main-1.raw").read_bytes())
    headers = [CBlockHeader(nVersion=b.nVersion, hashPrevBlock=b.hashPrevBlock, hashMerkleRoot=b.hashMerkleRoot,
                            nTime=b.nTime, nBits=b.nBits, nNonce=b.nNonce) for b in (genesis, block1)]
    msg = m.msg_headers(PROTO)
    msg.headers = headers
    theirs = msg.to_bytes()
    # python-bitcoinlib writes count + 80-byte headers; the protocol has a 0 tx count after each.
    payload = bytes([len(headers)]) + b"".join(hdr.serialize() + b"\x00" for hdr in headers)
    assert theirs[24:] == bytes([len(headers)]) + b"".join(hdr.serialize() for hdr in headers)
    assert ours[24:] == payload
    assert ours[4:16] == b"headers\x00\x00\x00\x00\x00"
    assert struct.unpack("<I", ours[16:20])[0] == len(payload)


@pytest.mark.parametrize("name", ["version", "ping", "pong", "addr", "inv", "getheaders", "block", "tx"])
def test_python_bitcoinlib_parses_ours(vectors, name):
    msg = m.MsgSerializable.from_bytes(vectors[name], protover=PROTO)
    assert msg is not None and msg.command == name.encode()
    if name == "version":
        assert msg.nVersion == PROTO and msg.nNonce == 0x0102030405060708
        assert msg.strSubVer == b"/bitnode:0.1.0/" and msg.nStartingHeight == 101
        assert msg.addrTo.ip == "127.0.0.1" and msg.addrTo.port == 18444
    elif name == "addr":
        assert [(a.ip, a.port, a.nTime) for a in msg.addrs] == [("1.2.3.4", 8333, 1700000000),
                                                                ("2001:db9::1", 18444, 1700000001)]
    elif name == "block":
        assert len(msg.block.vtx) == 12
    elif name == "getheaders":
        assert msg.locator.nVersion == PROTO and msg.locator.vHave == [h(10), h(20)]


def test_bad_checksum_rejected_by_python_bitcoinlib(vectors):
    bad = bytearray(vectors["ping"])
    bad[20] ^= 0xff
    with pytest.raises(ValueError, match="bad checksum"):
        m.MsgSerializable.from_bytes(bytes(bad), protover=PROTO)
