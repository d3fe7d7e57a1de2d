"""Run bcoin 1.0.2 (installed by scripts/setup.sh into ~/.cache/bitnode/bcoin-1.0.2) as a
regtest peer and talk to it over its JSON-RPC."""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import time
import urllib.request

from p2p.node import free_port

CACHE = pathlib.Path(os.environ.get("BITNODE_BCOIN_DIR", pathlib.Path.home() / ".cache" / "bitnode" / "bcoin-1.0.2"))
NODE_MODULES = CACHE / "node_modules"
SCRIPT = pathlib.Path(__file__).with_name("bcoin_node.js")


def missing_reason():
    """Why bcoin cannot run here, or None."""
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not (NODE_MODULES / "bcoin" / "package.json").exists():
        return f"bcoin 1.0.2 is not installed in {CACHE} (scripts/setup.sh installs it when npm is reachable)"
    return None


class BcoinProcess:
    def __init__(self, workdir, peer=None):
        self.workdir = pathlib.Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.p2p_port = free_port()
        self.http_port = free_port()
        self.api_key = "bitnode-test"
        self.peer = peer
        self.proc = None

    @property
    def p2p_addr(self):
        return f"127.0.0.1:{self.p2p_port}"

    def start(self, timeout=60):
        args = ["node", str(SCRIPT), str(self.p2p_port), str(self.http_port), self.api_key]
        if self.peer:
            args.append(self.peer)
        env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
        self.out = open(self.workdir / "bcoin.log", "ab")
        self.proc = subprocess.Popen(args, cwd=self.workdir, env=env, stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bcoin exited: {self.log_text()[-2000:]}")
            if "ready" in self.log_text():
                return self
            time.sleep(0.1)
        raise TimeoutError(f"bcoin not ready: {self.log_text()[-2000:]}")

    def log_text(self):
        path = self.workdir / "bcoin.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def rpc(self, method, *params):
        body = json.dumps({"method": method, "params": list(params), "id": 1}).encode()
        auth = base64.b64encode(f"x:{self.api_key}".encode()).decode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/", data=body,
                                     headers={"Content-Type": "application/json", "Authorization": f"Basic {auth}"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            reply = json.loads(resp.read())
        if reply.get("error"):
            raise RuntimeError(f"bcoin {method}: {reply['error']}")
        return reply["result"]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.out.close()
