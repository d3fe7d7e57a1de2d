// A bcoin 1.0.2 full node made into a Core-like regtest peer, for bitnode's interop tests.
// Set up as /work/shared/INTEROP.md says: pure-JS backend, in-memory chain, no workers,
// leveldown made unloadable, and bcoin's regtest changed to Core's (address prefixes,
// P2SH always, BIP34/65/66 from height 1, segwit and csv always active, no mempool request).
//
// Usage: node bcoin_node.js <port> <http_port> <api_key> [<peer host:port>]
//   Listens on 127.0.0.1:<port>; connects only to <peer> if given. Prints "ready" when up.
'use strict';

process.env.NODE_BACKEND = 'js';
const Module = require('module');
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  // The native leveldown does not build on Node 20; with memory: true bcoin only needs the name.
  if (request === 'leveldown') return function LeveldownUnavailable() { throw new Error('leveldown unavailable'); };
  return originalLoad.call(this, request, ...rest);
};

const bcoin = require('bcoin');
const network = bcoin.Network.get('regtest');
network.addressPrefix.pubkeyhash = 0x6f;
network.addressPrefix.scripthash = 0xc4;
network.addressPrefix.bech32 = 'bcrt';
network.keyPrefix.privkey = 0xef;
network.keyPrefix.xpubkey = 0x043587cf;
network.keyPrefix.xprivkey = 0x04358394;
network.keyPrefix.xpubkey58 = 'tpub';
network.keyPrefix.xprivkey58 = 'tprv';
network.block.bip34height = 1;
network.block.bip65height = 1;
network.block.bip66height = 1;
network.requestMempool = false;
// P2SH from genesis, as Core's regtest (bcoin dates it to April 2012, which chains with old
// timestamps such as gen_chain.py's never reach: segwit spends then hit an assertion).
require('bcoin/lib/protocol/consensus').BIP16_TIME = 0;

const {thresholdStates} = require('bcoin/lib/blockchain/common');
const Chain = require('bcoin/lib/blockchain/chain');
const getState = Chain.prototype.getState;
Chain.prototype.getState = async function patchedGetState(prev, deployment) {
  if (deployment.name === 'segwit' || deployment.name === 'csv') return thresholdStates.ACTIVE;
  return getState.call(this, prev, deployment);
};

const [port, httpPort, apiKey, peer] = process.argv.slice(2);
const options = {
  network: 'regtest',
  memory: true,
  workers: false,
  listen: true,
  host: '127.0.0.1',
  port: Number(port),
  publicHost: '127.0.0.1',
  httpHost: '127.0.0.1',
  httpPort: Number(httpPort),
  apiKey,
  logLevel: process.env.BCOIN_LOG_LEVEL || 'warning',
  logConsole: true,
  maxOutbound: 1,
};
if (peer) options.only = [peer];
const node = new bcoin.FullNode(options);

(async () => {
  await node.open();
  await node.connect();
  node.startSync();
  process.stdout.write('ready\n');
})().catch((err) => {
  process.stderr.write(`bcoin failed: ${err.stack}\n`);
  process.exit(1);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, async () => {
    try {
      await node.close();
    } finally {
      process.exit(0);
    }
  });
}
