#!/usr/bin/env bash
# Sets up, builds and runs bitnoded on regtest with its data directory in .bitnode/ under
# the checkout (doc/bitnoded.md). Extra arguments go to bitnoded, e.g.
#     scripts/run-node.sh -mine=interval:10 -mineaddress=bcrt1q...
# Talk to it with: build/bin/bitnode-cli -datadir=.bitnode getblockchaininfo
# Ctrl-C shuts it down cleanly (a second Ctrl-C exits at once).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
DATADIR="$PWD/.bitnode"
mkdir -p "$DATADIR"
exec build/bin/bitnoded -regtest -datadir="$DATADIR" "$@"
