// koffi.mjs: Node.js calling plusone from libplusone.so through koffi, a generic FFI
// library (koffi is resolved from the repository's node_modules).
// Usage: node koffi.mjs <batches> <batchMs> <path/to/libplusone.so>
import koffi from 'koffi';
import { runBatches } from './bench.mjs';

const [batches, batchMs, libPath] = process.argv.slice(2);
const lib = koffi.load(libPath);
const plusone = lib.func('int plusone(int x)');

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, Number(batches), Number(batchMs), `Node.js ${process.version}, koffi ${koffi.version}`);
