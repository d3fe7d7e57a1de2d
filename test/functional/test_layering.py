"""contrib/check-layering.py must refuse includes against the library direction."""
import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "contrib" / "check-layering.py"


def run(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return subprocess.run([sys.executable, str(SCRIPT), "--src", str(tmp_path)], capture_output=True, text=True)


def test_downward_include_is_accepted(tmp_path):
    result = run(tmp_path, {"script/a.cpp": "#include <crypto/sha256.h>\n#include <primitives/x.h>\n"})
    assert result.returncode == 0, result.stderr


def test_upward_include_is_refused(tmp_path):
    result = run(tmp_path, {"crypto/a.cpp": "#include <util/hex.h>\n#include <primitives/transaction.h>\n"})
    assert result.returncode == 1
    assert "crypto/a.cpp:2: crypto may not include primitives/" in result.stderr


def test_sideways_include_is_refused(tmp_path):
    result = run(tmp_path, {"net/a.h": "#include <chain/chainstate.h>\n"})
    assert result.returncode == 1
    assert "net may not include chain/" in result.stderr


def test_unknown_library_folder_is_refused(tmp_path):
    result = run(tmp_path, {"gadgets/a.h": "int x;\n"})
    assert result.returncode == 1
    assert "not a library listed" in result.stderr
