"""Shared functional-test framework: start real bitnoded processes and talk to them.

    from framework import NodeFactory

    def test_something(tmp_path):
        with NodeFactory(tmp_path) as nodes:
            a, b = nodes.start(2)                 # free RPC and P2P ports, tmp datadirs
            nodes.connect(a, b)                   # a opens a connection to b
            a.rpc.generatetoaddress(1, a.address) # any RPC: attribute or a.call("name", ...)
            nodes.wait_until(lambda: b.rpc.getblockcount() == 1)

The factory stops every node it started when the block ends ("stop" RPC, then SIGKILL
after a timeout) and, if the block raised, prints the tail of each node's debug.log.
See framework/node.py for the node API (start/stop/kill/restart, SIGTERM, exit codes).
"""
from .node import (  # noqa: F401
    BITNODED,
    BUILD_DIR,
    REGTEST_ADDRESS,
    NodeFactory,
    RpcError,
    TestNode,
    free_port,
    wait_until,
)
