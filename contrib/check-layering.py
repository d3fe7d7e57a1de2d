#!/usr/bin/env python3
"""Refuse includes that run against the library direction of DESIGN.md.

Each folder under src/ is one library. A file in library L may include headers of
L itself and of the libraries L uses, directly or through others. Run from anywhere;
exits 1 and names each offending line.
"""
import pathlib
import re
import sys

# library -> libraries it may use directly (DESIGN.md, "Libraries and their direction").
USES = {
    "util": [],
    "crypto": ["util"],
    "primitives": ["crypto"],
    "script": ["primitives"],
    "consensus": ["script"],
    "storage": ["consensus"],
    "chain": ["storage"],
    "mempool": ["chain"],
    "mining": ["mempool"],
    "net": ["consensus"],
    "node": ["chain", "mempool", "mining", "net"],
    "wallet": ["node"],
    "rpc": ["node", "wallet"],
    "rest": ["node", "wallet", "rpc"],  # block/tx JSON shared with RPC, as Core's rest.cpp
    "app": ["util", "crypto", "primitives", "script", "consensus", "storage", "chain",
            "mempool", "mining", "net", "node", "wallet", "rpc", "rest"],
    "test": None,  # test helpers may include anything
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([a-z_]+)/')


def allowed(lib):
    seen, todo = {lib}, [lib]
    while todo:
        for dep in USES[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def main():
    src = pathlib.Path(__file__).resolve().parent.parent / "src"
    if len(sys.argv) == 3 and sys.argv[1] == "--src":
        src = pathlib.Path(sys.argv[2]).resolve()
    errors = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cpp") or not path.is_file():
            continue
        lib = path.relative_to(src).parts[0]
        if lib not in USES:
            errors.append(f"{path}: folder '{lib}' is not a library listed in DESIGN.md")
            continue
        if USES[lib] is None:
            continue
        ok = allowed(lib)
        is_test = path.name.endswith("_test.cpp")
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or match.group(1) not in USES:
                continue
            target = match.group(1)
            if target in ok or (is_test and target == "test"):
                continue
            errors.append(f"{path.relative_to(src.parent)}:{number}: {lib} may not include {target}/ "
                          f"({lib} uses only {', '.join(sorted(ok - {lib})) or 'nothing'})")
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"check-layering: {len(errors)} include(s) against the library direction", file=sys.stderr)
        return 1
    print("check-layering: every include follows the library direction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
