"""bitnoded processes for functional tests (see framework/__init__.py).

The binary is $BITNODE_BUILD_DIR/bin/bitnoded (default build/bin). Each node gets its
own datadir under the test's tmp_path and ports picked by binding port 0, so tests can
run in parallel (ctest -j); a start that fails because a port was taken meanwhile is
retried with new ports. RPC uses the cookie the node writes (or -rpcuser/-rpcpassword
if the test passes them).
"""
import base64
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[3]
BUILD_DIR = pathlib.Path(os.environ.get("BITNODE_BUILD_DIR", ROOT / "build"))
if not BUILD_DIR.is_absolute():
    BUILD_DIR = ROOT / BUILD_DIR
BITNODED = BUILD_DIR / "bin" / "bitnoded"

# A regtest P2WPKH address (BIP173's example program) for coinbases nobody needs to spend.
REGTEST_ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"

START_TIMEOUT = 60
STOP_TIMEOUT = 60


class RpcError(Exception):
    """A JSON-RPC error reply: .code and .message as the node sent them."""

    def __init__(self, code, message):
        super().__init__(f"{message} ({code})")
        self.code = code
        self.message = message


def free_port():
    """A TCP port that was free a moment ago (bind to port 0 on loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=30, interval=0.05, message="condition"):
    """Poll predicate until it returns a true value; raises AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (RpcError, OSError) as e:  # a node still starting, or a transient error
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}" +
                         (f" (last error: {last_error})" if last_error else ""))


class _RpcProxy:
    """node.rpc.getblockcount() == node.call("getblockcount")."""

    def __init__(self, node):
        self._node = node

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **named: self._node.call(name, *args, **named)


class TestNode:
    __test__ = False  # not a pytest class

    def __init__(self, index, root, chain="regtest", extra_args=(), binary=None):
        self.index = index
        self.datadir = pathlib.Path(root) / f"node{index}"
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.chain = chain
        self.extra_args = list(extra_args)
        self.binary = pathlib.Path(binary) if binary else BITNODED
        self.rpc_port = free_port()
        self.p2p_port = free_port()
        self.process = None
        self.stdout_path = self.datadir / "stdout.txt"
        self.stderr_path = self.datadir / "stderr.txt"
        self.rpc = _RpcProxy(self)
        self.rpc_user = None
        self.rpc_password = None
        self.address = REGTEST_ADDRESS

    # --- paths ---------------------------------------------------------------------
    @property
    def net_datadir(self):
        return self.datadir if self.chain == "main" else self.datadir / {
            "test": "testnet3"}.get(self.chain, self.chain)

    @property
    def debug_log_path(self):
        return self.net_datadir / "debug.log"

    @property
    def p2p_address(self):
        return f"127.0.0.1:{self.p2p_port}"

    def debug_log(self):
        try:
            return self.debug_log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stderr(self):
        try:
            return self.stderr_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # --- process -------------------------------------------------------------------
    def args(self, extra_args=()):
        args = [str(self.binary), f"-datadir={self.datadir}", f"-chain={self.chain}",
                f"-port={self.p2p_port}", f"-rpcport={self.rpc_port}", "-printtoconsole=0"]
        return args + self.extra_args + list(extra_args)

    def start(self, extra_args=(), wait=True, attempts=3):
        """Start bitnoded; with wait, until getblockcount answers. Retries on a taken port."""
        for attempt in range(attempts):
            self.launch(extra_args)
            if not wait:
                return self
            try:
                self.wait_for_rpc()
                return self
            except AssertionError:
                code = self.process.poll()
                text = self.stderr()
                port_clash = code is not None and ("bind" in text.lower() or "port" in text.lower())
                if not port_clash or attempt == attempts - 1:
                    self.kill()
                    raise AssertionError(f"node{self.index} did not start (exit {code}): {text.strip()}\n"
                                         f"debug.log tail:\n{self.debug_log()[-3000:]}")
                self.rpc_port, self.p2p_port = free_port(), free_port()
        return self

    def launch(self, extra_args=()):
        """Start the process and return at once (no waiting)."""
        assert self.process is None or self.process.poll() is not None, "node already running"
        for arg in list(self.extra_args) + list(extra_args):
            if arg.startswith("-rpcuser="):
                self.rpc_user = arg.split("=", 1)[1]
            if arg.startswith("-rpcpassword="):
                self.rpc_password = arg.split("=", 1)[1]
        self.process = subprocess.Popen(self.args(extra_args), stdout=open(self.stdout_path, "ab"),
                                        stderr=open(self.stderr_path, "wb"), stdin=subprocess.DEVNULL)
        return self.process

    def wait_for_rpc(self, timeout=START_TIMEOUT):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"bitnoded exited with {self.process.returncode}")
            self.call("getblockcount")
            return True
        wait_until(ready, timeout=timeout, message=f"node{self.index} RPC")

    def running(self):
        return self.process is not None and self.process.poll() is None

    def wait_for_exit(self, timeout=STOP_TIMEOUT):
        """The exit code; SIGKILL and AssertionError if the process does not end in time."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"node{self.index} did not exit within {timeout}s; killed")

    def stop(self, timeout=STOP_TIMEOUT):
        """The stop RPC, then wait; returns the exit code (killed after timeout)."""
        if not self.running():
            return self.process.returncode if self.process else None
        try:
            self.call("stop")
        except (RpcError, OSError):
            self.process.send_signal(signal.SIGTERM)
        return self.wait_for_exit(timeout)

    def signal(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)

    def kill(self):
        if self.running():
            self.process.kill()
            self.process.wait()

    def restart(self, extra_args=(), wait=True):
        self.stop()
        return self.start(extra_args, wait=wait)

    # --- RPC -----------------------------------------------------------------------
    def credentials(self):
        if self.rpc_password is not None:
            return f"{self.rpc_user or ''}:{self.rpc_password}"
        cookie = self.net_datadir / ".cookie"
        return cookie.read_text().strip()

    def call(self, method, *params, timeout=120, **named):
        """One JSON-RPC call; raises RpcError for an error reply, OSError if unreachable."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                           "params": named if named else list(params)}).encode()
        auth = base64.b64encode(self.credentials().encode()).decode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.rpc_port}/", data=body,
                                         headers={"Authorization": f"Basic {auth}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                reply = json.loads(response.read())
        except urllib.error.HTTPError as e:
            payload = e.read()
            try:
                reply = json.loads(payload)
            except ValueError:
                raise OSError(f"HTTP {e.code}: {payload[:200]!r}") from e
        if reply.get("error"):
            raise RpcError(reply["error"].get("code"), reply["error"].get("message"))
        return reply.get("result")


class NodeFactory:
    """Starts nodes under one tmp directory and cleans them all up (see the package doc)."""

    def __init__(self, tmp_path, chain="regtest", binary=None):
        self.root = pathlib.Path(tmp_path)
        self.chain = chain
        self.binary = binary
        self.nodes = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.dump_logs()
        for node in self.nodes:
            try:
                node.stop(timeout=30)
            except AssertionError:
                pass
        return False

    def add(self, extra_args=()):
        node = TestNode(len(self.nodes), self.root, self.chain, extra_args, self.binary)
        self.nodes.append(node)
        return node

    def start(self, count=1, extra_args=()):
        """Start count new nodes (each with extra_args); a list of them."""
        started = [self.add(extra_args) for _ in range(count)]
        for node in started:
            node.start()
        return started

    def connect(self, a, b, timeout=30):
        """a connects to b (addnode onetry) and both see the connection."""
        before_a = a.rpc.getconnectioncount()
        a.rpc.addnode(b.p2p_address, "onetry")
        wait_until(lambda: a.rpc.getconnectioncount() > before_a, timeout=timeout,
                   message=f"node{a.index} -> node{b.index} connection")

    def wait_until(self, predicate, timeout=30, message="condition"):
        return wait_until(predicate, timeout=timeout, message=message)

    def sync_blocks(self, nodes=None, timeout=60):
        nodes = nodes or self.nodes
        wait_until(lambda: len({n.rpc.getbestblockhash() for n in nodes}) == 1, timeout=timeout,
                   message="same best block on every node")

    def dump_logs(self, chars=4000):
        for node in self.nodes:
            sys.stderr.write(f"\n===== node{node.index} debug.log (tail) =====\n{node.debug_log()[-chars:]}\n")
            if node.stderr():
                sys.stderr.write(f"===== node{node.index} stderr =====\n{node.stderr()[-chars:]}\n")
