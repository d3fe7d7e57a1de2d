// Drives a bitnoded over JSON-RPC with npm bitcoin-core@5 (an independent Bitcoin Core RPC
// client). Usage: node bitcoin_core_client.js MODULE_DIR PORT USER PASSWORD
// Prints one JSON object with what the client saw; test_rpc_interop.py checks it.
'use strict';
const path = require('path');
const [moduleDir, port, username, password] = process.argv.slice(2);
const Client = require(path.join(moduleDir, 'node_modules', 'bitcoin-core'));

async function main() {
  const client = new Client({ host: `http://127.0.0.1:${port}`, username, password });
  const out = {};
  out.count = await client.command('getblockcount');
  out.hashes = await client.command('generatetoaddress', 3, 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080');
  out.info = await client.command('getblockchaininfo');
  out.block = await client.command('getblock', out.hashes[2], 2);
  out.batch = await client.command([
    { method: 'getblockhash', parameters: [1] },
    { method: 'getblockcount' },
  ]);
  try {
    await client.command('getblockhash', 1000);
  } catch (error) {
    out.error = { code: error.code, message: error.message };
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
