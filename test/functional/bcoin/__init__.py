"""bcoin 1.0.2 as a real peer for interop tests (see bcoin_node.js and harness.py)."""
