"""Bitcoin P2P messages for tests, written independently of bitnode.

Blocks and transactions are parsed and serialized by python-bitcoinlib (Debian's
python3-bitcoinlib); the framing and the messages python-bitcoinlib lacks or gets wrong
(version 70016 fields, wtxidrelay, sendaddrv2, sendheaders, feefilter, headers with their
transaction-count byte, inventory types with the witness flag) are written here from the
protocol description (doc/p2p-messages.md, BIPs 14, 31, 130, 133, 144, 155, 339).
"""
import hashlib
import io
import struct
import time

REGTEST_MAGIC = bytes.fromhex("fabfb5da")
PROTOCOL_VERSION = 70016
NODE_NETWORK = 1
NODE_WITNESS = 1 << 3
MSG_TX = 1
MSG_BLOCK = 2
MSG_WTX = 5
MSG_WITNESS_FLAG = 1 << 30
MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG
MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG
HEADER_SIZE = 24


def sha256d(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def checksum(payload):
    return sha256d(payload)[:4]


def frame(msg_type, payload, magic=REGTEST_MAGIC, bad_checksum=False, length=None):
    """Header (magic, NUL-padded type, length, checksum) and payload."""
    csum = checksum(payload)
    if bad_checksum:
        csum = bytes(b ^ 0xFF for b in csum)
    size = len(payload) if length is None else length
    return magic + msg_type.encode().ljust(12, b"\0") + struct.pack("<I", size) + csum + payload


def ser_compact(n):
    if n < 253:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    if n <= 0xFFFFFFFF:
        return b"\xfe" + struct.pack("<I", n)
    return b"\xff" + struct.pack("<Q", n)


def deser_compact(f):
    n = f.read(1)[0]
    if n == 253:
        return struct.unpack("<H", f.read(2))[0]
    if n == 254:
        return struct.unpack("<I", f.read(4))[0]
    if n == 255:
        return struct.unpack("<Q", f.read(8))[0]
    return n


def ser_string(s):
    return ser_compact(len(s)) + s


def deser_string(f):
    return f.read(deser_compact(f))


def hash_from_hex(hexstr):
    """An RPC-style (byte-reversed) hash as the 32 wire bytes."""
    return bytes.fromhex(hexstr)[::-1]


def hash_to_hex(raw):
    return raw[::-1].hex()


def ser_net_addr_v1(services=0, ip=b"\0" * 16, port=0):
    return struct.pack("<Q", services) + ip + struct.pack(">H", port)


def version_payload(nonce=1, start_height=0, services=NODE_NETWORK | NODE_WITNESS, relay=True,
                    version=PROTOCOL_VERSION, user_agent=b"/bitnode-functional:0.1/"):
    return (struct.pack("<iQq", version, services, int(time.time())) + ser_net_addr_v1() + ser_net_addr_v1() +
            struct.pack("<Q", nonce) + ser_string(user_agent) + struct.pack("<i", start_height) +
            bytes([1 if relay else 0]))


def parse_version(payload):
    f = io.BytesIO(payload)
    version, services, timestamp = struct.unpack("<iQq", f.read(20))
    f.read(26)  # addr_recv
    f.read(26)  # addr_from
    nonce = struct.unpack("<Q", f.read(8))[0]
    user_agent = deser_string(f)
    start_height = struct.unpack("<i", f.read(4))[0]
    relay = f.read(1)
    return {"version": version, "services": services, "time": timestamp, "nonce": nonce,
            "user_agent": user_agent.decode(), "start_height": start_height,
            "relay": bool(relay[0]) if relay else True}


def locator_payload(locator, hash_stop=b"\0" * 32):
    return struct.pack("<I", PROTOCOL_VERSION) + ser_compact(len(locator)) + b"".join(locator) + hash_stop


def inv_payload(entries):
    return ser_compact(len(entries)) + b"".join(struct.pack("<I", t) + h for t, h in entries)


def parse_inv(payload):
    f = io.BytesIO(payload)
    return [(struct.unpack("<I", f.read(4))[0], f.read(32)) for _ in range(deser_compact(f))]


def parse_headers(payload):
    """80-byte headers (each followed by a transaction count, which python-bitcoinlib forgets)."""
    f = io.BytesIO(payload)
    out = []
    for _ in range(deser_compact(f)):
        out.append(f.read(80))
        deser_compact(f)
    return out


def headers_payload(headers):
    return ser_compact(len(headers)) + b"".join(h + b"\0" for h in headers)


def header_hash(header80):
    return sha256d(header80)


def header_prev(header80):
    return header80[4:36]
