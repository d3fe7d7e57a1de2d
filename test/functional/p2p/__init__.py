"""Test-side P2P codec for bitnode's functional tests (see messages.py and peer.py)."""
