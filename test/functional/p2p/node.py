"""Start and drive a bitnoded process for P2P functional tests (until the shared framework
in test/functional/framework/ covers what these tests need, they use this small runner).

Each node gets free loopback ports, its own datadir under the pytest tmp_path, and
-rpcuser/-rpcpassword; RPC calls go over plain HTTP JSON-RPC.
"""
import base64
import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[3]


def build_dir():
    path = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
    return path if path.is_absolute() else ROOT / path


def bitnoded_path():
    return build_dir() / "bin" / "bitnoded"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RPCError(Exception):
    def __init__(self, error):
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.error = error


class BitnodeProcess:
    def __init__(self, datadir, extra_args=(), name="node"):
        self.datadir = pathlib.Path(datadir)
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.p2p_port = free_port()
        self.rpc_port = free_port()
        self.extra_args = list(extra_args)
        self.proc = None

    @property
    def p2p_addr(self):
        return f"127.0.0.1:{self.p2p_port}"

    def start(self, extra_args=(), wait=True):
        args = [str(bitnoded_path()), f"-datadir={self.datadir}",
                f"-port={self.p2p_port}", f"-rpcport={self.rpc_port}", "-rpcuser=test", "-rpcpassword=test",
                "-listen=1", "-printtoconsole=0", "-debug=net"] + self.extra_args + list(extra_args)
        self.log = open(self.datadir / "stdout.txt", "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_for_rpc()
        return self

    def wait_for_rpc(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.tail_log()}")
            try:
                self.rpc("getblockcount")
                return
            except (OSError, urllib.error.URLError, RPCError):
                time.sleep(0.1)
        raise TimeoutError(f"{self.name}: RPC not up within {timeout}s: {self.tail_log()}")

    def rpc(self, method, *params, timeout=120):
        body = json.dumps({"jsonrpc": "1.0", "id": 1, "method": method, "params": list(params)}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.rpc_port}/", data=body,
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Basic " + base64.b64encode(b"test:test").decode()})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                reply = json.loads(resp.read())
        except urllib.error.HTTPError as e:
            reply = json.loads(e.read() or b"{}")
            if not reply:
                raise
        if reply.get("error"):
            raise RPCError(reply["error"])
        return reply["result"]

    def stop(self, timeout=60):
        if not self.proc or self.proc.poll() is not None:
            return
        try:
            self.rpc("stop")
        except Exception:  # noqa: BLE001 - fall back to a signal
            self.proc.terminate()
        deadline = time.time() + timeout
        while self.proc.poll() is None and time.time() < deadline:
            # bitnoded can hang in its exit path after shutdown finished (a listener unregistering
            # itself under the notification lock); everything is on disk by then, so do not wait.
            if "Shutdown: done" in self.debug_log():
                try:
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                break
            time.sleep(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.log.close()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.log.close()

    def debug_log(self):
        for candidate in (self.datadir / "regtest" / "debug.log", self.datadir / "debug.log"):
            if candidate.exists():
                return candidate.read_text(errors="replace")
        return ""

    def tail_log(self, lines=30):
        text = self.debug_log()
        out = (self.datadir / "stdout.txt").read_text(errors="replace") if (self.datadir / "stdout.txt").exists() else ""
        return "\n".join((text + out).splitlines()[-lines:])


def wait_until(pred, timeout=60, interval=0.1, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(interval)
    if pred():
        return
    raise TimeoutError(f"{what} not reached within {timeout}s")
