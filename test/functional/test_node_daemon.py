"""bitnoded as a process: start, RPC, mining, stop, the datadir lock, signals, the config
file, logging options and bad options. Uses test/functional/framework.

Run: BITNODE_BUILD_DIR=build /usr/bin/python3 -m pytest -q test/functional/test_node_daemon.py
(ctest runs it as functional_node_daemon).
"""
import os
import signal
import subprocess

import pytest

from framework import BITNODED, REGTEST_ADDRESS, NodeFactory, RpcError, wait_until

pytestmark = pytest.mark.skipif(not BITNODED.exists(), reason=f"{BITNODED} is not built")


def run_bitnoded(*args, timeout=60):
    return subprocess.run([str(BITNODED), *args], capture_output=True, text=True, timeout=timeout)


def generate(node, count):
    try:
        return node.rpc.generatetoaddress(count, REGTEST_ADDRESS)
    except RpcError as e:
        if e.code == -32601:
            pytest.skip("generatetoaddress is not registered yet")
        raise


def test_starts_mines_and_stops_cleanly(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        assert node.rpc.getblockcount() == 0
        assert node.rpc.uptime() >= 0
        assert (node.net_datadir / ".cookie").exists()
        hashes = generate(node, 5)
        assert len(hashes) == 5
        assert node.rpc.getblockcount() == 5
        assert node.stop() == 0
        # The cookie is removed and the lock released at exit.
        assert not (node.net_datadir / ".cookie").exists()
        log = node.debug_log()
        assert "Shutdown: done" in log
        # Restart: the chain was written to disk.
        node.start()
        assert node.rpc.getblockcount() == 5


def test_second_instance_is_refused_by_the_lock(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        second = run_bitnoded(f"-datadir={node.datadir}", "-port=0", "-rpcport=0", "-printtoconsole=0")
        assert second.returncode == 1
        assert (f"Cannot obtain a lock on data directory {node.net_datadir}. "
                "bitnoded is probably already running.") in second.stderr
        # The first node is unaffected.
        assert node.rpc.getblockcount() == 0


def test_sigterm_shuts_down_cleanly_and_keeps_the_chain(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        generate(node, 3)
        node.signal(signal.SIGTERM)
        assert node.wait_for_exit(60) == 0
        assert "Shutdown requested by signal" in node.debug_log()
        node.start()
        assert node.rpc.getblockcount() == 3
        node.signal(signal.SIGINT)
        assert node.wait_for_exit(60) == 0


def test_config_file_regtest_section_applies(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        (node.datadir / "bitnode.conf").write_text(
            "# top level applies to every network\n"
            "debuglogfile=node.log\n"
            "[main]\n"
            "persistmempool=0\n"
            "[regtest]\n"
            "txindex=1\n")
        node.start()
        assert (node.net_datadir / "node.log").exists()
        assert not (node.net_datadir / "debug.log").exists()
        assert (node.net_datadir / "indexes" / "txindex").is_dir()
        node.stop()
        # persistmempool=0 was only for main: regtest wrote mempool.dat.
        assert (node.net_datadir / "mempool.dat").exists()


def test_conf_option_relative_to_datadir_and_missing_file(tmp_path):
    datadir = tmp_path / "d"
    datadir.mkdir()
    missing = run_bitnoded(f"-datadir={datadir}", "-conf=nothere.conf")
    assert missing.returncode == 1
    assert "Error reading configuration file" in missing.stderr
    assert "nothere.conf" in missing.stderr
    (datadir / "other.conf").write_text("[regtest]\nbogus-line-without-equals\n")
    bad = run_bitnoded(f"-datadir={datadir}", "-conf=other.conf")
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error")


def test_printtoconsole_and_debug_categories(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        node.start(["-printtoconsole=1", "-debug=mempool", "-debugexclude=net"])
        generate(node, 1)
        assert node.stop() == 0
        stdout = node.stdout_path.read_text()
        assert "init message: Done loading" in stdout
        log = node.debug_log()
        assert "[mempool] Dumped" in log
        assert "[net]" not in log
        # Timestamps on every line.
        first = log.splitlines()[0]
        assert first[4] == "-" and first[10] == "T" and first[19] == "Z"


def test_bare_debug_enables_every_category(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        node.start(["-debug"])
        generate(node, 1)
        assert node.stop() == 0
        assert "[mempool] Dumped" in node.debug_log()
        assert "[net]" in node.debug_log()


def test_without_debug_category_lines_are_filtered(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        node.stop()
        assert "[mempool]" not in node.debug_log()


def test_logging_rpc_changes_categories_at_run_time(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        assert node.rpc.logging()["mempool"] is False
        # Include, then exclude (Core's order): mempool on, net stays off.
        after = node.rpc.logging(["mempool", "net"], ["net"])
        assert after["mempool"] is True and after["net"] is False
        with pytest.raises(RpcError) as unknown:
            node.rpc.logging(["nosuchcategory"])
        assert unknown.value.code == -8 and "unknown logging category nosuchcategory" in str(unknown.value)
        assert node.stop() == 0
        # Turned on while running: the shutdown's mempool dump is logged under its category.
        assert "[mempool] Dumped" in node.debug_log()


@pytest.mark.parametrize("args,needle", [
    (["-nosuchoption"], "nosuchoption"),
    (["-dbcache=notanumber"], "dbcache"),
    (["-mine=sometimes"], "-mine=sometimes"),
    (["-maxmempool=1"], "maxmempool"),
    (["-debug=nosuchcategory"], "nosuchcategory"),
    (["-regtest", "-testnet4"], "chain"),
    (["-mine=interval:5"], "-mineaddress"),
    (["-mineaddress=notanaddress"], "mineaddress"),
])
def test_bad_options_give_a_clear_error(tmp_path, args, needle):
    datadir = tmp_path / "d"
    datadir.mkdir()
    result = run_bitnoded(f"-datadir={datadir}", "-port=0", "-rpcport=0", "-printtoconsole=0", *args)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("Error"), result.stderr
    assert needle in result.stderr


def test_help_and_version():
    helped = run_bitnoded("-help")
    assert helped.returncode == 0
    for option in ("-datadir=<dir>", "-mine=<policy>", "-rpcport=<port>", "-txindex", "-debug=<category>"):
        assert option in helped.stdout
    version = run_bitnoded("-version")
    assert version.returncode == 0 and "bitnode daemon version" in version.stdout


def test_missing_datadir_is_an_error(tmp_path):
    result = run_bitnoded(f"-datadir={tmp_path / 'absent'}")
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_two_nodes_connect_and_sync(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        a, b = nodes.start(2)
        # Both fresh, so both in initial block download when they connect: each must still
        # answer the other's getheaders (Core 30), or the first mined blocks never travel.
        nodes.connect(b, a)
        generate(a, 3)
        nodes.sync_blocks([a, b])
        assert b.rpc.getblockcount() == 3


def test_mine_interval_policy_from_the_command_line(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        node.start([f"-mine=interval:200ms", f"-mineaddress={REGTEST_ADDRESS}"])
        wait_until(lambda: node.rpc.getblockcount() >= 3, timeout=30, message="interval mining")
        assert node.stop() == 0


def test_mempool_options_reach_the_node(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        (node.datadir / "bitnode.conf").write_text("[regtest]\nmaxmempool=7\nminrelaytxfee=0.00002\n")
        node.start()
        try:
            info = node.rpc.getmempoolinfo()
        except RpcError as e:
            if e.code == -32601:
                pytest.skip("getmempoolinfo is not registered yet")
            raise
        assert info["maxmempool"] == 7_000_000
        assert float(info["minrelaytxfee"]) == 0.00002
        assert info["loaded"] is True


def test_sighup_reopens_the_debug_log(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        rotated = node.net_datadir / "debug.log.1"
        node.debug_log_path.rename(rotated)
        node.signal(signal.SIGHUP)
        # The next lines go to a new debug.log (written once the file is reopened).
        wait_until(lambda: (generate(node, 1), "UpdateTip" in node.debug_log())[1], timeout=10,
                   message="a new debug.log after SIGHUP")
        assert node.running()
        assert node.stop() == 0
        assert "Shutdown: done" in node.debug_log()
        assert "Shutdown: done" not in rotated.read_text()


def test_connect_option_syncs_a_second_node(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (a,) = nodes.start(1)
        generate(a, 4)
        b = nodes.add([f"-connect={a.p2p_address}", "-listen=0"])
        b.start()
        nodes.sync_blocks([a, b])
        generate(a, 2)
        wait_until(lambda: b.rpc.getblockcount() == 6, timeout=60, message="the new blocks on node1")
        assert b.stop() == 0 and a.stop() == 0


def test_daemon_returns_once_the_node_serves(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        node = nodes.add()
        launcher = subprocess.run(node.args(["-daemon"]), capture_output=True, text=True, timeout=60)
        assert launcher.returncode == 0, launcher.stderr
        pid = int((node.net_datadir / "bitnoded.pid").read_text())
        assert node.rpc.getblockcount() == 0
        node.rpc.stop()
        wait_until(lambda: not (node.net_datadir / "bitnoded.pid").exists(), timeout=60, message="daemon exit")
        wait_until(lambda: not os.path.exists(f"/proc/{pid}") or
                   open(f"/proc/{pid}/stat").read().split()[2] == "Z", timeout=30, message="daemon process gone")
        # A daemon that cannot start makes the launcher fail.
        failing = subprocess.run(node.args(["-daemon", "-dbcache=1"]), capture_output=True, text=True, timeout=60)
        assert failing.returncode == 1
        assert "dbcache" in failing.stderr


def test_txindex_serves_getrawtransaction_across_a_restart(tmp_path):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        hashes = generate(node, 3)
        try:
            block = node.rpc.getblock(hashes[1])
        except RpcError as e:
            if e.code == -32601:
                pytest.skip("getblock is not registered yet")
            raise
        coinbase = block["tx"][0]
        with pytest.raises(RpcError) as missing:
            node.rpc.getrawtransaction(coinbase)
        assert "Use -txindex or provide a block hash" in missing.value.message
        assert node.rpc.getrawtransaction(coinbase, False, hashes[1])
        node.restart(["-txindex"])
        # The index caught up from the block files at start.
        assert node.rpc.getrawtransaction(coinbase, True)["blockhash"] == hashes[1]
        more = generate(node, 1)
        new_coinbase = node.rpc.getblock(more[0])["tx"][0]
        assert node.rpc.getrawtransaction(new_coinbase, True)["confirmations"] == 1


@pytest.mark.parametrize("option", ["-reindex", "-reindex-chainstate"])
def test_reindex_rebuilds_the_same_chain(tmp_path, option):
    with NodeFactory(tmp_path) as nodes:
        (node,) = nodes.start(1)
        generate(node, 20)
        best = node.rpc.getbestblockhash()
        assert node.stop() == 0
        node.start([option])
        assert node.rpc.getblockcount() == 20
        assert node.rpc.getbestblockhash() == best
        assert f"({option})" in node.debug_log()  # the progress lines say what runs
