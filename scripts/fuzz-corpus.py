#!/usr/bin/python3
"""Build seed corpora for the fuzz targets from ../shared/testdata (never copied into git).

Writes OUT/<target>/<sha1 of the seed> for each target, in the input layout that target
reads (fuzz/data_reader.h: little-endian integers, u16 length prefixes). Transactions
and scripts are cut out of real blocks with Debian's python3-bitcoinlib, an encoder
independent of ours. Usage: scripts/fuzz-corpus.py --out build-fuzz/corpus [--testdata DIR]
Run with /usr/bin/python3 (bitcoinlib is a Debian package). Takes a few seconds.
"""
import argparse
import base64
import hashlib
import json
import os
import pathlib
import struct
import sys

MAX_SEEDS = 1300  # per target: enough variety, small enough to load in a 5-second run


class Corpus:
    def __init__(self, out):
        self.out = pathlib.Path(out)
        self.seeds = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        bucket = self.seeds.setdefault(target, {})
        if len(bucket) < MAX_SEEDS:
            bucket[hashlib.sha1(data).hexdigest()] = data

    def write(self):
        for target, bucket in sorted(self.seeds.items()):
            folder = self.out / target
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in bucket.items():
                (folder / name).write_bytes(data)
            print(f"fuzz-corpus: {target}: {len(bucket)} seeds")


def u16(n):
    return struct.pack("<H", min(n, 0xFFFF))


def prefixed(data):
    return u16(len(data)) + data


def load_json(path):
    return json.loads(path.read_text())


def chain_records(path):
    """Blocks of a chains/*.dat file: magic, u32 LE length, block."""
    raw = path.read_bytes()
    pos = 0
    while pos + 8 <= len(raw):
        (length,) = struct.unpack_from("<I", raw, pos + 4)
        yield raw[pos + 8:pos + 8 + length]
        pos += 8 + length


def all_blocks(td):
    """(name, raw block) for every real block: genesis and blocks/ first, then the chains."""
    blocks = []
    for path in sorted((td / "genesis").glob("*.raw")):
        blocks.append((path.name, path.read_bytes()))
    for path in sorted((td / "blocks").glob("*.raw")):
        blocks.append((path.name, path.read_bytes()))
    for path in sorted((td / "chains").glob("*.dat")):
        for i, block in enumerate(chain_records(path)):
            blocks.append((f"{path.name}#{i}", block))
    hex_chain = td / "chains" / "regtest-206-blocks.hex.txt"
    for i, line in enumerate(hex_chain.read_text().split()):
        blocks.append((f"regtest#{i}", bytes.fromhex(line)))
    return blocks


def add_blocks(corpus, td):
    blocks = all_blocks(td)
    for name, block in blocks:
        if len(block) <= 1_300_000:  # the 2 MB blocks make every mutation slow
            corpus.add("block", block)
        corpus.add("block_header", block[:80])
        if len(block) <= 20_000:  # block_validation (fuzz/consensus_validation.cpp): u16 height, u8 mode, block
            corpus.add("block_validation", struct.pack("<HB", 200, 1) + block)
        corpus.add("serialize_types", b"\x06" + block[:80])
        corpus.add("sha256", b"\x00" + block[:4096])
        corpus.add("sha256d64", block[:64 * 8])
    return blocks


def add_transactions(corpus, td, blocks):
    try:
        from bitcoin.core import CBlock
    except ImportError:
        print("fuzz-corpus: python3-bitcoinlib missing: no transactions cut from blocks", file=sys.stderr)
        CBlock = None
    txs = [p.read_bytes() for p in sorted((td / "txs").glob("*.raw")) if p.stat().st_size < 200_000]
    for name in ("tx_valid.json", "tx_invalid.json"):
        for case in load_json(td / "core" / name):
            if len(case) >= 3 and isinstance(case[1], str):
                txs.append(bytes.fromhex(case[1]))
    for case in load_json(td / "core" / "sighash.json")[1:]:
        txs.append(bytes.fromhex(case[0]))
    scripts = []
    if CBlock is not None:
        for name, block in blocks:
            if len(block) > 1_300_000:
                continue
            try:
                parsed = CBlock.deserialize(block)
            except Exception:  # noqa: BLE001 - an odd block just gives no seeds
                continue
            for tx in parsed.vtx[:8]:
                txs.append(tx.serialize())
                for txin in tx.vin[:2]:
                    scripts.append(bytes(txin.scriptSig))
                for txout in tx.vout[:2]:
                    scripts.append(bytes(txout.scriptPubKey))
    for path in sorted((td / "blocks").glob("*.spent.json")) + sorted((td / "txs").glob("*.spent.json")):
        if path.stat().st_size < 200_000:
            corpus.add("spent_outputs_json", path.read_bytes())
        for spent in load_json(path)[:100]:
            scripts.append(bytes.fromhex(spent["script_pubkey"]))
    txs.sort(key=len)
    for tx in txs:
        corpus.add("tx", tx)
        corpus.add("hex", tx[:200].hex())
        corpus.add("compact_size", tx[4:13])
        # serialize_types: a kind byte, then the type's bytes (see fuzz/primitives_serialize.cpp).
        if len(tx) > 5 and tx[4] not in (0, 0xfd, 0xfe, 0xff):
            corpus.add("serialize_types", b"\x00" + tx[5:41])  # OutPoint of the first input
            corpus.add("serialize_types", b"\x01" + tx[5:])    # TxIn
            corpus.add("serialize_types", b"\x04" + tx[5 + 36:])  # a scriptSig as a byte vector
    for script in scripts:
        corpus.add("script_getop", script)
    return txs, scripts


# Bit positions of the verify flags (src/script/verify_flags.h, Core's order).
FLAG_BITS = ["P2SH", "STRICTENC", "DERSIG", "LOW_S", "NULLDUMMY", "SIGPUSHONLY", "MINIMALDATA",
             "DISCOURAGE_UPGRADABLE_NOPS", "CLEANSTACK", "CHECKLOCKTIMEVERIFY", "CHECKSEQUENCEVERIFY", "WITNESS",
             "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", "MINIMALIF", "NULLFAIL", "WITNESS_PUBKEYTYPE",
             "CONST_SCRIPTCODE", "TAPROOT", "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", "DISCOURAGE_OP_SUCCESS",
             "DISCOURAGE_UPGRADABLE_PUBKEYTYPE"]


def parse_flags(text):
    flags = 0
    for name in filter(None, text.split(",")):
        if name != "NONE":
            flags |= 1 << FLAG_BITS.index(name)
    return flags


def parse_asm(text):
    """Core's ParseScript (the test-vector script syntax), built with python-bitcoinlib."""
    from bitcoin.core.script import CScript, CScriptOp, OPCODES_BY_NAME
    out = b""
    for word in text.split():
        if word.lstrip("-").isdigit():
            out += bytes(CScript([int(word)]))
        elif word.startswith("0x") and len(word) > 2:
            out += bytes.fromhex(word[2:])
        elif len(word) >= 2 and word[0] == "'" and word[-1] == "'":
            out += bytes(CScript([word[1:-1].encode()]))
        else:
            name = word if word.startswith("OP_") else "OP_" + word
            op = OPCODES_BY_NAME.get(name)
            if op is None or (int(op) < 0x61 and int(op) != 0x50) or int(op) > 0xb9:
                raise ValueError(word)
            out += bytes([int(op)])
    return out


def add_script_vectors(corpus, td):
    """script_verify seeds: flags, amount, scriptSig, scriptPubKey, witness (fuzz/script_verify.cpp)."""
    made = 0
    for case in load_json(td / "core" / "script_tests.json"):
        if len(case) < 4:
            continue
        witness, amount = [], 0
        if isinstance(case[0], list):
            witness, amount = case[0][:-1], round(case[0][-1] * 1e8)
            case = case[1:]
        script_sig, script_pubkey, flags = case[0], case[1], case[2]
        corpus.add("script_asm", script_sig)
        corpus.add("script_asm", script_pubkey)
        if any("#" in item for item in witness):
            continue  # taproot placeholders (#SCRIPT#, #CONTROLBLOCK#) need Core's builder
        try:
            sig, spk, bits = parse_asm(script_sig), parse_asm(script_pubkey), parse_flags(flags)
        except (ValueError, ImportError):
            continue
        seed = struct.pack("<Iq", bits, amount) + prefixed(sig) + prefixed(spk) + bytes([len(witness)])
        for item in witness:
            seed += prefixed(bytes.fromhex(item))
        corpus.add("script_verify", seed)
        made += 1
    return made


def compact_size(n):
    if n < 253:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    return b"\xfe" + struct.pack("<I", n)


def frame(command, payload, magic=bytes.fromhex("f9beb4d9")):
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return magic + command.encode().ljust(12, b"\x00") + struct.pack("<I", len(payload)) + checksum + payload


def add_p2p(corpus, blocks, txs):
    """Payloads of each P2P message type (fuzz/net_messages.cpp) and framed streams."""
    address = struct.pack("<Q", 1) + bytes(10) + b"\xff\xff" + bytes([127, 0, 0, 1]) + struct.pack(">H", 8333)
    agent = b"/Satoshi:30.0.0/"
    version = (struct.pack("<iQq", 70016, 1033, 1700000000) + address + address + struct.pack("<Q", 42) +
               compact_size(len(agent)) + agent + struct.pack("<i", 840000) + b"\x01")
    hashes = [hashlib.sha256(block[:80]).digest() for _, block in blocks[:40]]
    headers = [block[:80] for _, block in blocks if len(block) >= 80][:60]
    payloads = {
        "p2p_version": [version, version[:-1], version[:80]],
        "p2p_ping": [struct.pack("<Q", 7)],
        "p2p_feefilter": [struct.pack("<q", 1000)],
        "p2p_sendcmpct": [b"\x01" + struct.pack("<Q", 2)],
        "p2p_addr": [compact_size(2) + (struct.pack("<I", 1700000000) + address) * 2],
        "p2p_addrv2": [compact_size(1) + struct.pack("<I", 1700000000) + compact_size(1033) + b"\x01\x04" +
                       bytes([127, 0, 0, 1]) + struct.pack(">H", 8333)],
        "p2p_inv": [compact_size(len(hashes)) + b"".join(struct.pack("<I", 2) + h for h in hashes)],
        "p2p_getdata": [compact_size(3) + b"".join(struct.pack("<I", 0x40000001) + h for h in hashes[:3])],
        "p2p_getheaders": [struct.pack("<I", 70016) + compact_size(len(hashes[:30])) + b"".join(hashes[:30]) + bytes(32)],
        "p2p_getblocks": [struct.pack("<I", 70016) + compact_size(1) + hashes[0] + bytes(32)],
        "p2p_headers": [compact_size(len(headers[:n])) + b"".join(h + b"\x00" for h in headers[:n]) for n in (1, 8, 60)],
        "p2p_block": [block for _, block in blocks if len(block) < 300_000][:150],
        "p2p_tx": txs[:300],
    }
    for target, items in payloads.items():
        for payload in items:
            corpus.add(target, payload)
    corpus.add("p2p_transport", b"\x00" + frame("version", version) + frame("verack", b""))
    for tx in txs[:100]:
        corpus.add("p2p_transport", b"\x03\x05\x40\x02" + frame("ping", struct.pack("<Q", 1)) + frame("tx", tx))
    for _, block in blocks[:50]:
        corpus.add("p2p_transport", b"\x00" + frame("block", block))
    corpus.add("p2p_transport", b"\x00" + frame("headers", payloads["p2p_headers"][1]))


def add_encodings(corpus, td):
    for raw_hex, encoded in load_json(td / "core" / "base58_encode_decode.json"):
        corpus.add("base58", encoded)
        corpus.add("hex", raw_hex)
    for name in ("key_io_valid.json", "key_io_invalid.json"):
        for case in load_json(td / "core" / name):
            text = case[0]
            for target in ("base58", "bech32", "address", "wif"):
                corpus.add(target, text)


def add_text(corpus, td):
    for n in ("0", "-1", "+42", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
              "18446744073709551616", "007", "1e5", " 1", "--1"):
        corpus.add("parse_int", n)
    # JSON: whole small files, and each element of the vector files on its own.
    for path in sorted((td / "core").glob("*.json")) + sorted((td / "genesis").glob("*.json")):
        doc = load_json(path)
        if path.stat().st_size < 40_000:
            corpus.add("json", path.read_bytes())
        if isinstance(doc, list):
            for element in doc[:60]:
                corpus.add("json", json.dumps(element))
    # JSON-RPC bodies as bitnode-cli and Core's tests send them, and Basic credentials.
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "getblockcount", "params": []},
        {"jsonrpc": "1.0", "id": "curltest", "method": "getblock", "params": ["00" * 32, 2]},
        {"method": "echo", "params": {"arg0": "x", "arg9": [1, 2]}, "id": None},
        {"jsonrpc": "2.0", "method": "uptime"},
        {"jsonrpc": "3.0", "id": 1, "method": "help"},
    ]
    for request in requests:
        corpus.add("jsonrpc_request", json.dumps(request))
    corpus.add("jsonrpc_request", json.dumps(requests))
    corpus.add("jsonrpc_request", json.dumps([{"result": 5, "error": None, "id": 0}, {"result": None, "error":
                                              {"code": -32601, "message": "Method not found"}, "id": 1}]))
    # Descriptors and pure RPC calls (fuzz/rpc_methods.cpp): first byte picks the method.
    key = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
    for desc in ("raw(deadbeef)#89f8spxm", "addr(bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080)", f"pkh({key})",
                 f"sh(wpkh({key}))", f"wsh(sortedmulti(1,{key},{key}))", f"tr({key[2:]})", f"rawtr({key[2:]})",
                 "pk(cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy)"):
        corpus.add("rpc_descriptor", desc)
    for index, params in ((0, ["0200000001" + "00" * 36 + "00ffffffff0100000000000000000000000000"]),
                          (1, ["76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"]),
                          (2, [[{"txid": "ab" * 32, "vout": 1}], [{"data": "00"}], 0, True, 2]),
                          (3, ["bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"]), (4, [1, [key]]),
                          (5, [f"wpkh({key})"]), (6, [6, "economical"])):
        corpus.add("rpc_pure_methods", bytes([index]) + json.dumps(params).encode())
    for credentials in (b"__cookie__:0123abcd", b"user:pass", b"", b"a", b"ab"):
        corpus.add("base64", base64.b64encode(credentials))
    for line in ("key,value", "  trim me\t", "a,,b,", "\x00,\xff"):
        corpus.add("strings", b"," + prefixed(b" \t") + line.encode("latin-1"))


def add_rest_paths(corpus, blocks):
    """Request targets and getutxos bodies (fuzz/rest_paths.cpp) naming real block hashes."""
    hashes = [hashlib.sha256(hashlib.sha256(block[:80]).digest()).digest()[::-1].hex() for _, block in blocks[:8]]
    for h in hashes:
        for target in (f"/rest/block/{h}.json", f"/rest/headers/{h}.bin?count=5", f"/rest/headers/5/{h}.hex",
                       f"/api/v1/blockchain/blocks/{h}", f"/rest/getutxos/checkmempool/{h}-0/{h}-1.json",
                       f"/api/v1/addresses/bcrt1q{h[:38]}/utxos?page=2&limit=10"):
            corpus.add("rest_paths", target)
        corpus.add("rest_paths", b"\x01\x02" + bytes.fromhex(h)[::-1] + (0).to_bytes(4, "little") +
                   bytes.fromhex(h)[::-1] + (1).to_bytes(4, "little"))
    for target in ("/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2E%2e/x", "/api/v1/blockchain/blocks/latest?limit=5",
                   "/api/v1/blockchain/blocks/height/7", "/rest/blockhashbyheight/0.json", "/a%zz/?q=%41+b&&x",
                   "/rest/mempool/contents.json?verbose=false&mempool_sequence=true"):
        corpus.add("rest_paths", target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    root = pathlib.Path(__file__).resolve().parent.parent
    default_td = os.environ.get("BITNODE_TESTDATA", str(root.parent / "shared" / "testdata"))
    parser.add_argument("--testdata", default=default_td)
    args = parser.parse_args()
    td = pathlib.Path(args.testdata)
    if not (td / "README.md").exists():
        print(f"fuzz-corpus: no test data at {td}: targets start from empty corpora "
              "(set BITNODE_TESTDATA)", file=sys.stderr)
        return 0
    corpus = Corpus(args.out)
    blocks = add_blocks(corpus, td)
    txs, _ = add_transactions(corpus, td, blocks)
    add_p2p(corpus, blocks, txs)
    add_script_vectors(corpus, td)
    add_encodings(corpus, td)
    add_text(corpus, td)
    add_rest_paths(corpus, blocks)
    corpus.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
