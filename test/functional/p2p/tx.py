"""Anyone-can-spend P2WSH(OP_TRUE) coins for relay tests: the address and a spend of it,
serialized by hand (BIP141/BIP144), so no keys are needed and the spend is standard."""
import hashlib
import struct

from . import messages as m

OP_TRUE_SCRIPT = b"\x51"
WITNESS_PROGRAM = hashlib.sha256(OP_TRUE_SCRIPT).digest()
SCRIPT_PUBKEY = b"\x00\x20" + WITNESS_PROGRAM

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def _convertbits(data, frombits, tobits):
    acc, bits, ret = 0, 0, []
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & ((1 << tobits) - 1))
    if bits:
        ret.append((acc << (tobits - bits)) & ((1 << tobits) - 1))
    return ret


def bech32_address(hrp, witver, program):
    """BIP173 bech32 (witness version 0 only)."""
    data = [witver] + _convertbits(program, 8, 5)
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data
    polymod = _polymod(values + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[d] for d in data + checksum)


ADDRESS = bech32_address("bcrt", 0, WITNESS_PROGRAM)


def spend(prev_txid_hex, vout, value, fee=1000, outputs=1):
    """A transaction spending one OP_TRUE P2WSH output into `outputs` new ones; returns (raw, txid_hex, wtxid_hex)."""
    each = (value - fee) // outputs
    ins = m.ser_compact(1) + m.hash_from_hex(prev_txid_hex) + struct.pack("<I", vout) + b"\x00" + struct.pack("<I", 0xFFFFFFFD)
    outs = m.ser_compact(outputs) + b"".join(struct.pack("<q", each) + m.ser_string(SCRIPT_PUBKEY) for _ in range(outputs))
    witness = m.ser_compact(1) + m.ser_string(OP_TRUE_SCRIPT)
    version, locktime = struct.pack("<i", 2), struct.pack("<I", 0)
    stripped = version + ins + outs + locktime
    full = version + b"\x00\x01" + ins + outs + witness + locktime
    return full, m.hash_to_hex(m.sha256d(stripped)), m.hash_to_hex(m.sha256d(full))
