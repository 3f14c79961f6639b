// napi.mjs: Node.js calling the Node-API addon built from napi.cc.
// Usage: node napi.mjs <batches> <batchMs> <path/to/plusone_napi.node>
import { createRequire } from 'node:module';
import { runBatches } from './bench.mjs';

const [batches, batchMs, addonPath] = process.argv.slice(2);
const { plusone } = createRequire(import.meta.url)(addonPath);

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, Number(batches), Number(batchMs), `Node.js ${process.version}, N-API ${process.versions.napi}`);
