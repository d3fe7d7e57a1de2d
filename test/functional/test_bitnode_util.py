"""bitnode-util decodeblock / decoderawtransaction against python-bitcoinlib.

Every real block in the shared test data (blocks/*.raw, the genesis blocks, a sample of
the regtest chain) is decoded by `bitnode-util decodeblock`, and every transaction in
txs/*.raw by `bitnode-util decoderawtransaction`. Debian's python3-bitcoinlib, an
independent implementation, decodes the same bytes; the block hash, merkle root, txids,
wtxids ("hash"), sizes, weights, vsizes, values, output indexes, scripts, inputs,
witnesses and addresses must agree. Bad input must give exit status 1 and exactly one
line on stderr, never a crash.

python-bitcoinlib naming: CTransaction.GetTxid() is the txid, GetHash() the wtxid.
The binary is looked for in $BITNODE_BUILD_DIR/bin (default build/bin); the data in
$BITNODE_TESTDATA (default ../shared/testdata beside the checkout). Run it with
/usr/bin/python3 -m pytest -q test/functional/test_bitnode_util.py; ctest runs it as
functional_bitnode_util.
"""
import decimal
import json
import os
import pathlib
import re
import subprocess

import pytest

bitcoin = pytest.importorskip("bitcoin", reason="python3-bitcoinlib is not installed (apt install python3-bitcoinlib)")
from bitcoin.core import CBlock, CTransaction, b2lx, b2x  # noqa: E402
from bitcoin.wallet import (  # noqa: E402
    CBitcoinAddressError,
    CBech32BitcoinAddress,
    P2PKHBitcoinAddress,
    P2SHBitcoinAddress,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DIR = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
if not BUILD_DIR.is_absolute():
    BUILD_DIR = ROOT / BUILD_DIR
UTIL = BUILD_DIR / "bin" / "bitnode-util"
# BITNODE_TESTDATA (set by a person) wins over BITNODE_TESTDATA_DEFAULT (set by ctest).
TESTDATA = pathlib.Path(os.environ.get("BITNODE_TESTDATA")
                        or os.environ.get("BITNODE_TESTDATA_DEFAULT")
                        or ROOT.parent / "shared" / "testdata")

# Command-line arguments longer than this go through stdin (Linux caps one argument at 128 KiB).
MAX_ARG_HEX = 100_000

# (bitnode-util chain option, python-bitcoinlib params) by file name prefix.
NETWORKS = {
    "main-": ("-chain=main", "mainnet"),
    "test3-": ("-testnet", "testnet"),
    "genesis_main": ("--chain=main", "mainnet"),
    "genesis_testnet3": ("--chain=test", "testnet"),
    "genesis_testnet4": ("-testnet4", "testnet"),
    "genesis_signet": ("-signet", "signet"),
    "genesis_regtest": ("-regtest", "regtest"),
}


def require_setup():
    if not TESTDATA.is_dir():
        pytest.skip(f"test data not found at {TESTDATA}: set BITNODE_TESTDATA")
    assert UTIL.is_file(), f"{UTIL} not built: run ninja -C {BUILD_DIR} bitnode-util (or set BITNODE_BUILD_DIR)"


def run_util(*args, stdin=b""):
    return subprocess.run([str(UTIL), *args], input=stdin, capture_output=True, timeout=300)


def decode_json(result):
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    # Amounts must keep Core's exact text ("50.00000000"): parse them as Decimal.
    return json.loads(result.stdout, parse_float=decimal.Decimal)


def network_for(name):
    for prefix, network in NETWORKS.items():
        if name.startswith(prefix):
            return network
    raise AssertionError(f"no network known for {name}")


def strict_address(script):
    """The address python-bitcoinlib gives a standard script, or None (bare keys have none)."""
    try:
        return str(CBech32BitcoinAddress.from_scriptPubKey(script))
    except CBitcoinAddressError:
        pass
    for cls, kwargs in ((P2SHBitcoinAddress, {}),
                        (P2PKHBitcoinAddress, {"accept_non_canonical_pushdata": False, "accept_bare_checksig": False})):
        try:
            return str(cls.from_scriptPubKey(script, **kwargs))
        except CBitcoinAddressError:
            pass
    return None


def check_tx(got, tx, include_hex):
    """Compare one decoded transaction object with python-bitcoinlib's view of it."""
    keys = ["txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout"]
    assert list(got) == keys + (["hex"] if include_hex else [])
    total = len(tx.serialize())
    stripped = len(tx.serialize(dict(include_witness=False)))
    weight = stripped * 3 + total
    assert got["txid"] == b2lx(tx.GetTxid())
    assert got["hash"] == b2lx(tx.GetHash())
    assert got["version"] == tx.nVersion
    assert (got["size"], got["weight"], got["vsize"]) == (total, weight, (weight + 3) // 4)
    assert got["locktime"] == tx.nLockTime
    if include_hex:
        assert got["hex"] == b2x(tx.serialize())

    assert len(got["vin"]) == len(tx.vin)
    for i, (gin, txin) in enumerate(zip(got["vin"], tx.vin)):
        if tx.is_coinbase():
            assert gin["coinbase"] == b2x(txin.scriptSig)
            assert "txid" not in gin
        else:
            assert gin["txid"] == b2lx(txin.prevout.hash)
            assert gin["vout"] == txin.prevout.n
            assert gin["scriptSig"]["hex"] == b2x(txin.scriptSig)
            assert list(gin["scriptSig"]) == ["asm", "hex"]
        stack = [b2x(item) for item in tx.wit.vtxinwit[i].scriptWitness.stack] if tx.has_witness() else []
        assert gin.get("txinwitness", []) == stack
        assert gin["sequence"] == txin.nSequence

    assert len(got["vout"]) == len(tx.vout)
    for n, (gout, txout) in enumerate(zip(got["vout"], tx.vout)):
        assert gout["n"] == n
        assert gout["value"] == decimal.Decimal(txout.nValue) / 100_000_000
        assert gout["value"].as_tuple().exponent == -8, "amounts print with eight decimals"
        spk = gout["scriptPubKey"]
        assert spk["hex"] == b2x(txout.scriptPubKey)
        assert spk["desc"].rsplit("#", 1)[1].isalnum() and len(spk["desc"].rsplit("#", 1)[1]) == 8
        expected = strict_address(txout.scriptPubKey)
        if spk["type"] in ("pubkeyhash", "scripthash", "witness_v0_keyhash", "witness_v0_scripthash"):
            assert spk["address"] == expected
            assert spk["desc"].startswith(f"addr({expected})#")
        elif spk["type"] in ("witness_v1_taproot", "witness_unknown", "anchor"):
            assert "address" in spk  # bech32m: not covered by python-bitcoinlib
        else:
            assert "address" not in spk
            assert expected is None
    return weight


def core_difficulty(bits):
    """Core's GetDifficulty, step by step in doubles."""
    shift = (bits >> 24) & 0xff
    difficulty = float(0x0000ffff) / float(bits & 0x00ffffff)
    while shift < 29:
        difficulty *= 256.0
        shift += 1
    while shift > 29:
        difficulty /= 256.0
        shift -= 1
    return difficulty


def block_cases():
    cases = sorted((TESTDATA / "blocks").glob("*.raw")) + sorted((TESTDATA / "genesis").glob("*.raw"))
    return [pytest.param(path, id=path.name) for path in cases]


@pytest.mark.parametrize("path", block_cases())
def test_decodeblock_matches_bitcoinlib(path):
    require_setup()
    option, params = network_for(path.name)
    bitcoin.SelectParams(params)
    raw = path.read_bytes()
    block = CBlock.deserialize(raw)
    result = run_util("decodeblock", option, str(path))
    got = decode_json(result)

    assert list(got) == ["hash", "version", "versionHex", "merkleroot", "time", "nonce", "bits", "target",
                         "difficulty", "nTx"] + (["previousblockhash"] if got.get("previousblockhash") else []) + \
        ["strippedsize", "size", "weight", "tx"]
    assert got["hash"] == b2lx(block.GetHash())
    assert got["merkleroot"] == b2lx(block.hashMerkleRoot) == b2lx(block.calc_merkle_root())
    assert got["version"] == block.nVersion
    assert got["versionHex"] == f"{block.nVersion & 0xffffffff:08x}"
    assert (got["time"], got["nonce"]) == (block.nTime, block.nNonce)
    assert got["bits"] == f"{block.nBits:08x}"
    assert abs(float(got["difficulty"]) - block.difficulty) <= 1e-12 * block.difficulty
    # Exact text: Core's GetDifficulty steps in doubles, printed with 16 significant digits.
    assert re.search(rb'\n  "difficulty": ([^,]+),\n', result.stdout).group(1).decode() == "%.16g" % core_difficulty(block.nBits)
    exponent, mantissa = block.nBits >> 24, block.nBits & 0x7fffff
    assert int(got["target"], 16) == mantissa * 256 ** (exponent - 3)
    if any(block.hashPrevBlock):
        assert got["previousblockhash"] == b2lx(block.hashPrevBlock)
    assert got["nTx"] == len(block.vtx) == len(got["tx"])
    assert got["size"] == len(raw)
    assert got["strippedsize"] == len(block.serialize(dict(include_witness=False)))
    assert got["weight"] == block.GetWeight()

    weights = sum(check_tx(gtx, tx, include_hex=True) for gtx, tx in zip(got["tx"], block.vtx))
    assert weights < got["weight"]


def test_decodeblock_regtest_hex_from_stdin():
    require_setup()
    bitcoin.SelectParams("regtest")
    lines = [line.strip() for line in (TESTDATA / "chains" / "regtest-206-blocks.hex.txt").read_text().splitlines()
             if line.strip()]
    sample = lines[::25] + lines[-1:]
    for line in sample:
        block = CBlock.deserialize(bytes.fromhex(line))
        got = decode_json(run_util("decodeblock", "-regtest", "-", stdin=(line + "\n").encode()))
        assert got["hash"] == b2lx(block.GetHash())
        for gtx, tx in zip(got["tx"], block.vtx):
            check_tx(gtx, tx, include_hex=True)
            for out in gtx["vout"]:
                if "address" in out["scriptPubKey"]:
                    assert out["scriptPubKey"]["address"].startswith(("bcrt1", "m", "n", "2"))
    print(f"{len(sample)} regtest blocks compared")


def tx_cases():
    return [pytest.param(path, id=path.name) for path in sorted((TESTDATA / "txs").glob("*.raw"))]


@pytest.mark.parametrize("path", tx_cases())
def test_decoderawtransaction_matches_bitcoinlib(path):
    require_setup()
    bitcoin.SelectParams("mainnet")
    raw = path.read_bytes()
    tx = CTransaction.deserialize(raw)
    if len(raw) * 2 <= MAX_ARG_HEX:
        result = run_util("decoderawtransaction", raw.hex())
    else:
        result = run_util("decoderawtransaction", "-", stdin=raw)  # raw bytes on stdin
    check_tx(decode_json(result), tx, include_hex=False)


def expect_one_line_error(result, *fragments):
    assert result.returncode == 1, result
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, repr(err)
    for fragment in fragments:
        assert fragment in err, err


def test_bad_blocks(tmp_path):
    require_setup()
    raw = (TESTDATA / "blocks" / "main-1.raw").read_bytes()
    cases = {
        "truncated.raw": (raw[:-1], ["block decode failed", "at byte"]),
        "extra.raw": (raw + b"\x00", ["1 unexpected bytes after the end of the block at byte 215"]),
        "header-only.raw": (raw[:80], ["at byte 80"]),
        "huge-count.raw": (raw[:80] + b"\xff" + b"\xff" * 8, ["size too large at byte 80"]),
        "noncanonical.raw": (raw[:80] + b"\xfd\x01\x00", ["non-canonical", "at byte 80"]),
        "odd.hex": (raw.hex()[:-1].encode(), ["odd number of hex digits"]),
        "truncated.hex": (raw.hex()[:-2].encode() + b"\n", ["block decode failed", "at byte"]),
        "empty.raw": (b"", ["empty input"]),
        "garbage.txt": (b"this is not a block\n", ["block decode failed"]),
    }
    for name, (content, fragments) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        expect_one_line_error(run_util("decodeblock", str(path)), *fragments)
    expect_one_line_error(run_util("decodeblock", str(tmp_path / "missing.raw")), "cannot open")
    expect_one_line_error(run_util("decodeblock", "-"), "empty input")


def test_bad_transactions():
    require_setup()
    raw = (TESTDATA / "txs" / "bcoin-tx1.raw").read_bytes()
    expect_one_line_error(run_util("decoderawtransaction", raw.hex()[:-2]), "transaction decode failed", "at byte")
    expect_one_line_error(run_util("decoderawtransaction", raw.hex() + "00"), "unexpected bytes after the end")
    expect_one_line_error(run_util("decoderawtransaction", "nothex"), "not hex: 'n' at character 0")
    expect_one_line_error(run_util("decoderawtransaction", raw.hex()[:-1]), "odd number of hex digits")
    expect_one_line_error(run_util("decoderawtransaction", "01000000ffffffffffffffffff"), "size too large at byte 4")
    expect_one_line_error(run_util("decoderawtransaction", ""), "empty input")


def test_usage_errors_and_help():
    require_setup()
    result = run_util("--help")
    assert result.returncode == 0
    assert b"decodeblock FILE|-" in result.stdout and b"decoderawtransaction HEX|-" in result.stdout
    assert run_util("-help").stdout == result.stdout
    expect_one_line_error(run_util(), "no command given")
    expect_one_line_error(run_util("decodeblok", "x"), "unknown command 'decodeblok'", "Did you mean 'decodeblock'?")
    expect_one_line_error(run_util("--bogus"), "unknown option -bogus", "-help")
    expect_one_line_error(run_util("decodeblock"), "decodeblock takes FILE|-")
