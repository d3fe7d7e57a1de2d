#!/usr/bin/env python3
"""Run clang-tidy (checks in .clang-tidy) over bitnode's C++ sources; see scripts/tidy.sh.

A file that passed is remembered in a cache keyed by the hash of its text, the text of
every project header it includes (transitively), its compile command and .clang-tidy;
--changed then skips files whose key is already there, so only files touched since
their last clean run (or that include a touched header) are checked again.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
SOURCE_DIRS = ("src/", "fuzz/", "bench/")


def project_headers(path, cache):
    """Project headers path includes, directly or not (resolved against src/ and its folder)."""
    seen, todo = set(), [path]
    while todo:
        current = todo.pop()
        if current not in cache:
            try:
                cache[current] = INCLUDE.findall(current.read_text(errors="replace"))
            except OSError:
                cache[current] = []
        for name in cache[current]:
            for candidate in (ROOT / "src" / name, current.parent / name):
                if candidate.is_file() and candidate not in seen:
                    seen.add(candidate)
                    todo.append(candidate)
                    break
    return sorted(seen)


def cache_key(entry, config, include_cache):
    path = pathlib.Path(entry["file"])
    digest = hashlib.sha256()
    digest.update(config)
    # The checkout's location must not matter: CI clones into another folder.
    command = entry.get("command", " ".join(entry.get("arguments", [])))
    digest.update(command.replace(str(ROOT), "<root>").replace(str(ROOT.parent), "<parent>").encode())
    for file in [path] + project_headers(path, include_cache):
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def is_project_source(file):
    path = pathlib.Path(file).resolve()
    return path.is_relative_to(ROOT) and str(path.relative_to(ROOT)).startswith(SOURCE_DIRS)


def changed_since(base):
    """Files that differ between base and the working tree, relative to ROOT."""
    out = subprocess.run(["git", "diff", "--name-only", base, "--"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split()
    return {ROOT / name for name in out + untracked}


def run_tidy(build, entry):
    result = subprocess.run(["clang-tidy", "-p", str(build), "--quiet", entry["file"]],
                            capture_output=True, text=True)
    noise = re.compile(r"^\d+ warnings? (and \d+ errors? )?generated\.$|^Suppressed \d+ warnings|^Use -header-filter")
    lines = [line for line in (result.stdout + result.stderr).splitlines() if not noise.match(line)]
    return result.returncode, "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="build directory with compile_commands.json")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--all", action="store_true", help="every file, ignoring the cache")
    group.add_argument("--base", help="only files changed since this git revision (and files including them)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("files", nargs="*", help="only these files")
    args = parser.parse_args()

    build = pathlib.Path(args.build).resolve()
    entries = [e for e in json.loads((build / "compile_commands.json").read_text()) if is_project_source(e["file"])]
    if args.files:
        wanted = {pathlib.Path(f).resolve() for f in args.files}
        entries = [e for e in entries if pathlib.Path(e["file"]).resolve() in wanted]

    config = (ROOT / ".clang-tidy").read_bytes()
    cache_dir = pathlib.Path(os.environ.get("BITNODE_TIDY_CACHE",
                                            pathlib.Path.home() / ".cache" / "bitnode" / "tidy"))
    cache_dir.mkdir(parents=True, exist_ok=True)
    include_cache = {}
    changed = changed_since(args.base) if args.base is not None else set()
    todo = []
    for entry in entries:
        path = pathlib.Path(entry["file"]).resolve()
        key = cache_key(entry, config, include_cache)
        if args.base is not None:
            touched = {path, *project_headers(path, include_cache)}
            if not touched & changed:
                continue
        elif not args.all and not args.files and (cache_dir / key).exists():
            continue
        todo.append((entry, key))

    print(f"tidy: {len(todo)} of {len(entries)} files to check "
          f"({'all' if args.all else 'changed since ' + args.base if args.base else 'not yet clean in the cache'})")
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_tidy, build, entry): (entry, key) for entry, key in todo}
        for future in concurrent.futures.as_completed(futures):
            entry, key = futures[future]
            status, output = future.result()
            name = pathlib.Path(entry["file"]).resolve().relative_to(ROOT)
            if status == 0 and "warning:" not in output and "error:" not in output:
                (cache_dir / key).touch()
            else:
                failed.append(str(name))
                print(output)
    if failed:
        print(f"tidy: {len(failed)} file(s) with findings: {' '.join(sorted(failed))}", file=sys.stderr)
        return 1
    print(f"tidy: clean ({len(todo)} checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
