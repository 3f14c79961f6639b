// napi.mjs: Node.js calling the Node-API addon built from napi.cc.
// Usage: node napi.mjs <batches> <batchMs> <spinAdds> <path/to/plusone_napi.node>
import { createRequire } from 'node:module';
import { runBatches } from './bench.mjs';

const args = process.argv.slice(2);
const { plusone, spin } = createRequire(import.meta.url)(args[3]);

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, spin, args, `Node.js ${process.version}, N-API ${process.versions.napi}`);
