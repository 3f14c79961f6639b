// koffi.mjs: Node.js calling plusone from libplusone.so through koffi, a generic FFI
// library (koffi is resolved from the repository's node_modules).
// Usage: node koffi.mjs <batches> <batchMs> <spinAdds> <path/to/libplusone.so>
import koffi from 'koffi';
import { runBatches } from './bench.mjs';

const args = process.argv.slice(2);
const lib = koffi.load(args[3]);
const plusone = lib.func('int plusone(int x)');
const spin = lib.func('int spin(int adds)');

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, spin, args, `Node.js ${process.version}, koffi ${koffi.version}`);
