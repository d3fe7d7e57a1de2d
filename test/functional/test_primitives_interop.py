"""Cross-check bitnode's block and transaction hashing against python-bitcoinlib.

For every real block file in the shared test data, python-bitcoinlib (Debian's
python3-bitcoinlib, an independent implementation) computes the block hash, every
txid and wtxid, the size and the weight; bitnode-test-dumpblock prints the same from
bitnode's primitives library. They must agree line for line.

python-bitcoinlib naming: CTransaction.GetTxid() is the txid, GetHash() the wtxid.
The binary is looked for in $BITNODE_BUILD_DIR/bin (default build/bin); the data in
$BITNODE_TESTDATA (default ../shared/testdata beside the checkout).
"""
import os
import pathlib
import subprocess

import pytest

bitcoin = pytest.importorskip("bitcoin", reason="python3-bitcoinlib is not installed (apt install python3-bitcoinlib)")
from bitcoin.core import CBlock, b2lx  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DIR = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
if not BUILD_DIR.is_absolute():
    BUILD_DIR = ROOT / BUILD_DIR
DUMPBLOCK = BUILD_DIR / "bin" / "bitnode-test-dumpblock"
TESTDATA = pathlib.Path(os.environ.get("BITNODE_TESTDATA", ROOT.parent / "shared" / "testdata"))


def block_files():
    files = []
    for sub, patterns in (("blocks", ("*.raw",)), ("genesis", ("*.raw",)), ("chains", ("*.dat", "*.hex.txt"))):
        for pattern in patterns:
            files.extend(sorted((TESTDATA / sub).glob(pattern)))
    return files


def split_blocks(path):
    """(name, bytes) of every block in a .raw, .dat or .hex.txt file, named like the C++ tool."""
    data = path.read_bytes()
    if path.name.endswith(".dat"):
        out, pos = [], 0
        while pos < len(data):
            length = int.from_bytes(data[pos + 4:pos + 8], "little")
            out.append((f"{path.name}#{len(out)}", data[pos + 8:pos + 8 + length]))
            pos += 8 + length
        return out
    if path.name.endswith(".hex.txt"):
        lines = [line.strip() for line in data.decode().splitlines() if line.strip()]
        return [(f"{path.name}#{i}", bytes.fromhex(line)) for i, line in enumerate(lines)]
    return [(path.name, data)]


def expected_lines(path):
    lines = []
    for name, raw in split_blocks(path):
        block = CBlock.deserialize(raw)
        lines.append(f"block {name} {b2lx(block.GetHash())} {len(block.vtx)} {len(raw)} {block.GetWeight()}")
        for tx in block.vtx:
            lines.append(f"tx {b2lx(tx.GetTxid())} {b2lx(tx.GetHash())}")
    return lines


def test_data_and_tool_exist():
    if not TESTDATA.is_dir():
        pytest.skip(f"test data not found at {TESTDATA}: set BITNODE_TESTDATA")
    assert DUMPBLOCK.exists(), f"build bitnode-test-dumpblock first (looked for {DUMPBLOCK}; set BITNODE_BUILD_DIR)"
    assert len(block_files()) >= 20


@pytest.mark.parametrize("path", block_files(), ids=lambda p: p.name)
def test_hashes_match_python_bitcoinlib(path):
    if not DUMPBLOCK.exists():
        pytest.fail(f"build bitnode-test-dumpblock first (looked for {DUMPBLOCK}; set BITNODE_BUILD_DIR)")
    result = subprocess.run([str(DUMPBLOCK), str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    ours = result.stdout.splitlines()
    theirs = expected_lines(path)
    assert len(ours) == len(theirs)
    for mine, reference in zip(ours, theirs):
        assert mine == reference
    txs = sum(1 for line in theirs if line.startswith("tx "))
    print(f"{path.name}: {len(theirs) - txs} blocks, {txs} transactions agree")


def test_tool_reports_malformed_block(tmp_path):
    if not DUMPBLOCK.exists():
        pytest.skip("bitnode-test-dumpblock not built")
    raw = (TESTDATA / "blocks" / "main-1.raw").read_bytes()
    bad = tmp_path / "truncated.raw"
    bad.write_bytes(raw[:-1])
    result = subprocess.run([str(DUMPBLOCK), str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "truncated.raw: unexpected end of data" in result.stderr
