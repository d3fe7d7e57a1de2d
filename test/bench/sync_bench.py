#!/usr/bin/python3
"""Macro benchmark of P2P block sync (not in CI; see doc/p2p-sync.md "Benchmark").

1. A chain of N regtest blocks with T transactions each from /work/shared/tools/gen_chain.py
   (cached in ~/.cache/bitnode/bench), submitted over RPC to a serving bitnoded (this
   also times validation alone: no network), plus one block mined now so the server is
   out of initial block download and serves headers.
2. Handshake-to-first-block latency: a test-side P2P connection does version/verack,
   getheaders and getdata of block 1; median of several runs.
3. A fresh bitnoded syncs the chain from the server over loopback (-connect): blocks/s,
   tx/s, MB/s, and the share of the sync time the same validation took without network.
4. Memory per connected peer: the server's RSS before and after K handshaked connections.
5. Optionally (--bcoin) bcoin 1.0.2 syncs the same chain from the server, for comparison.

Usage: test/bench/sync_bench.py [--build build] [--blocks 10000] [--txs 50] [--peers 100] [--bcoin]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "test" / "functional"))

from p2p import messages as m  # noqa: E402
from p2p import tx as optrue  # noqa: E402
from p2p.node import BitnodeProcess, wait_until  # noqa: E402
from p2p.peer import P2PConnection  # noqa: E402

GEN_CHAIN = pathlib.Path("/work/shared/tools/gen_chain.py")
CACHE = pathlib.Path.home() / ".cache" / "bitnode" / "bench"


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def row(name, value, unit, reference=""):
    print(f"  {name:<46} {value:>12} {unit:<10} {reference}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.environ.get("BITNODE_BUILD_DIR", "build"))
    ap.add_argument("--blocks", type=int, default=10000)
    ap.add_argument("--txs", type=int, default=50)
    ap.add_argument("--peers", type=int, default=100)
    ap.add_argument("--bcoin", action="store_true", help="also sync bcoin 1.0.2 from the server")
    args = ap.parse_args()
    os.environ["BITNODE_BUILD_DIR"] = str((ROOT / args.build) if not os.path.isabs(args.build) else args.build)

    CACHE.mkdir(parents=True, exist_ok=True)
    chain_file = CACHE / f"chain-{args.blocks}x{args.txs}.hex"
    if not chain_file.exists():
        print(f"generating {chain_file} with gen_chain.py ...", flush=True)
        subprocess.run([sys.executable, str(GEN_CHAIN), "--blocks", str(args.blocks), "--txs-per-block",
                        str(args.txs), "--out", str(chain_file)], check=True)
    blocks_hex = chain_file.read_text().split()
    total_bytes = sum(len(b) // 2 for b in blocks_hex)
    total_txs = len(blocks_hex) * args.txs  # plus coinbases (the first 100 blocks hold only those)

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bitnode-sync-bench-"))
    server = BitnodeProcess(tmp / "server", ["-dbcache=450"], name="server")
    fresh = BitnodeProcess(tmp / "fresh", ["-dbcache=450"], name="fresh")
    procs = [server, fresh]
    try:
        server.start()
        t0 = time.time()
        for i, block in enumerate(blocks_hex):
            result = server.rpc("submitblock", block)
            if result not in (None, "duplicate"):
                raise RuntimeError(f"block {i + 1} refused: {result}")
        local_seconds = time.time() - t0
        server.rpc("generatetoaddress", 1, optrue.ADDRESS)  # a recent tip: out of initial block download
        height = server.rpc("getblockcount")
        tip = server.rpc("getbestblockhash")

        # Handshake to first block.
        latencies = []
        first = m.hash_from_hex(server.rpc("getblockhash", 1))
        genesis = m.hash_from_hex(server.rpc("getblockhash", 0))
        for i in range(7):
            start = time.perf_counter()
            peer = P2PConnection(server.p2p_port)
            peer.handshake(nonce=1000 + i)
            peer.send("getheaders", m.locator_payload([genesis]))
            peer.wait_for("headers")
            peer.send("getdata", m.inv_payload([(m.MSG_WITNESS_BLOCK, first)]))
            peer.wait_for("block")
            latencies.append((time.perf_counter() - start) * 1000)
            peer.close()

        # Sync over loopback.
        t0 = time.time()
        fresh.start([f"-connect={server.p2p_addr}"])
        wait_until(lambda: fresh.rpc("getbestblockhash") == tip, timeout=3600, interval=0.2, what="sync")
        sync_seconds = time.time() - t0

        # Download alone: a test-side client fetches every block (no validation), 500 per getdata.
        hashes = [m.hash_from_hex(server.rpc("getblockhash", h)) for h in range(1, height + 1)]
        peer = P2PConnection(server.p2p_port)
        peer.handshake(nonce=4242)
        t0 = time.time()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            peer.send("getdata", m.inv_payload([(m.MSG_WITNESS_BLOCK, h) for h in chunk]))
            for _ in chunk:
                peer.wait_for("block", timeout=120)
        download_seconds = time.time() - t0
        peer.close()

        # Memory per peer.
        time.sleep(1)
        before = rss_kib(server.proc.pid)
        peers = []
        for i in range(args.peers):
            p = P2PConnection(server.p2p_port)
            p.handshake(nonce=5000 + i)
            peers.append(p)
        time.sleep(2)
        after = rss_kib(server.proc.pid)
        for p in peers:
            p.close()

        bcoin_seconds = None
        if args.bcoin:
            from bcoin.harness import BcoinProcess, missing_reason
            reason = missing_reason()
            if reason:
                print(f"bcoin skipped: {reason}")
            else:
                bc = BcoinProcess(tmp / "bcoin", peer=server.p2p_addr)
                procs.append(bc)
                t0 = time.time()
                bc.start()
                # Give up (and say where) when bcoin's height has not moved for a minute.
                last, last_change = -1, time.time()
                while bc.rpc("getbestblockhash") != tip:
                    h = bc.rpc("getblockcount")
                    if h != last:
                        last, last_change = h, time.time()
                    elif time.time() - last_change > 60:
                        print(f"bcoin stalled at height {h} (see {bc.workdir / 'bcoin.log'})")
                        break
                    time.sleep(1)
                else:
                    bcoin_seconds = time.time() - t0

        print(f"\nP2P sync benchmark: {args.blocks} blocks x {args.txs} txs ({total_bytes / 1e6:.1f} MB), "
              f"tip height {height}")
        row("submitblock over RPC (hex + validation, no P2P)", f"{local_seconds:.1f}", "s",
            f"{args.blocks / local_seconds:.0f} blocks/s")
        row("sync over loopback from another bitnoded", f"{sync_seconds:.1f}", "s", "(includes process start)")
        row("  blocks/s", f"{height / sync_seconds:.0f}", "blocks/s")
        row("  transactions/s", f"{total_txs / sync_seconds:.0f}", "tx/s",
            "limit: 26.0 k ECDSA verifies/s per core (PERFORMANCE.md)")
        row("  throughput", f"{total_bytes / 1e6 / sync_seconds:.1f}", "MB/s")
        row("download alone (test client, no validation)", f"{download_seconds:.1f}", "s",
            f"{total_bytes / 1e6 / download_seconds:.0f} MB/s served")
        row("  network share of the sync time", f"{100 * download_seconds / sync_seconds:.0f}", "%",
            "the rest is validation and scheduling")
        row("handshake to first block (median of 7)", f"{statistics.median(latencies):.2f}", "ms",
            "limit: ~4 loopback round trips = 0.06 ms")
        row(f"memory per connected peer ({args.peers} peers)", f"{(after - before) / args.peers:.0f}", "KiB",
            "Core: ~tens of KiB per peer")
        if bcoin_seconds is not None:
            row("bcoin 1.0.2 syncing the same chain", f"{bcoin_seconds:.1f}", "s",
                f"{height / bcoin_seconds:.0f} blocks/s; bitnode is {bcoin_seconds / sync_seconds:.1f}x faster")
        return 0
    finally:
        for p in procs:
            try:
                p.stop()
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
