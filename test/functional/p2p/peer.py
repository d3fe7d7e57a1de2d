"""A blocking P2P connection to a node on loopback, for protocol tests."""
import socket
import struct
import time

from . import messages as m


class PeerDisconnected(Exception):
    pass


class P2PConnection:
    def __init__(self, port, host="127.0.0.1", magic=m.REGTEST_MAGIC, timeout=30):
        self.magic = magic
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.pending = []
        self.closed = False
        self.remote_version = None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, msg_type, payload=b"", **kw):
        self.send_raw(m.frame(msg_type, payload, magic=self.magic, **kw))

    def _read_some(self, timeout):
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 20)
        except socket.timeout:
            return False
        except (ConnectionResetError, OSError):
            self.closed = True
            return False
        if not data:
            self.closed = True
            return False
        self.buf += data
        while len(self.buf) >= m.HEADER_SIZE:
            magic, cmd, size, csum = self.buf[:4], self.buf[4:16], *struct.unpack("<I", self.buf[16:20]), self.buf[20:24]
            assert magic == self.magic, "bad magic from the node"
            if len(self.buf) < m.HEADER_SIZE + size:
                break
            payload = self.buf[m.HEADER_SIZE:m.HEADER_SIZE + size]
            assert m.checksum(payload) == csum, "bad checksum from the node"
            self.buf = self.buf[m.HEADER_SIZE + size:]
            self.pending.append((cmd.rstrip(b"\0").decode(), payload))
        return True

    def wait_for(self, msg_type, timeout=30, answer_pings=True):
        """The payload of the next message of this type (others stay pending); raises on close."""
        deadline = time.time() + timeout
        while True:
            for i, (t, payload) in enumerate(self.pending):
                if t == msg_type:
                    del self.pending[i]
                    return payload
                if answer_pings and t == "ping":
                    del self.pending[i]
                    self.send("pong", payload)
                    break
            else:
                if self.closed:
                    raise PeerDisconnected(f"closed while waiting for {msg_type}")
                if time.time() > deadline:
                    raise TimeoutError(f"no {msg_type} within {timeout}s; pending {[t for t, _ in self.pending]}")
                self._read_some(min(0.2, max(0.01, deadline - time.time())))

    def drain(self, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline and not self.closed:
            self._read_some(0.05)

    def wait_closed(self, timeout=15):
        deadline = time.time() + timeout
        while not self.closed and time.time() < deadline:
            self._read_some(0.1)
        return self.closed

    def handshake(self, start_height=0, wtxidrelay=True, nonce=7):
        self.send("version", m.version_payload(nonce=nonce, start_height=start_height))
        if wtxidrelay:
            self.send("wtxidrelay")
        self.send("sendaddrv2")
        self.remote_version = m.parse_version(self.wait_for("version"))
        self.wait_for("verack")
        self.send("verack")
        self.send("sendheaders")
        return self.remote_version
