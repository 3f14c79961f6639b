// deno-ffi.mjs: Deno calling plusone from libplusone.so through Deno.dlopen (V8 fast API
// calls where the signature allows). Needs --allow-ffi.
// Usage: deno run --allow-ffi deno-ffi.mjs <batches> <batchMs> <spinAdds> <path/to/libplusone.so>
import { runBatches } from '../node/bench.mjs';

const args = Deno.args;
const intToInt = { parameters: ['i32'], result: 'i32' };
const { symbols } = Deno.dlopen(args[3], { plusone: intToInt, spin: intToInt });
const { plusone, spin } = symbols;

function run(count) {
  let x = 0;
  while (x < count) x = plusone(x);
  return x;
}

runBatches(run, spin, args, `Deno ${Deno.version.deno}`);
