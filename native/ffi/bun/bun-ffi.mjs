// bun-ffi.mjs: Bun calling plusone from libplusone.so through bun:ffi, which compiles a
// small C trampoline for each declared signature (with TinyCC) at dlopen time.
// Usage: bun bun-ffi.mjs <batches> <batchMs> <spinAdds> <path/to/libplusone.so>
import { dlopen, FFIType } from 'bun:ffi';
import { runBatches } from '../node/bench.mjs';

const args = process.argv.slice(2);
const intToInt = { args: [FFIType.i32], returns: FFIType.i32 };
const { symbols } = dlopen(args[3], { plusone: intToInt, spin: intToInt });
const { plusone, spin } = symbols;

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, spin, args, `Bun ${Bun.version}`);
