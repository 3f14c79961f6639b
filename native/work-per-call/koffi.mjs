// koffi.mjs: Node.js calling spin in libplusone.so through koffi, with the timing protocol
// of sweep.h, each timed batch followed by the same count of direct calls from C in this
// process (spin_loop.c), printed as directNs.
// Usage: node koffi.mjs <batches> <batchMs> <n,n,…> <path/to/libplusone.so> <path/to/libspinloop.so>
import koffi from 'koffi';

const [batchesArg, batchMsArg, list, libPath, loopPath] = process.argv.slice(2);
const batches = Number(batchesArg);
const targetNs = Number(batchMsArg) * 1e6;
const spin = koffi.load(libPath).func('int spin(int adds)');
const spinLoopNs = koffi.load(loopPath).func('double spin_loop_ns(int n, double count, _Out_ double *cpu_ns)');
let sink = 0;

function timed(n, count) {
  let acc = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) acc += spin(n);
  const elapsed = Number(process.hrtime.bigint() - start);
  sink ^= acc;
  return Math.max(1, elapsed);
}

process.stdout.write(JSON.stringify({ version: `Node.js ${process.version}, koffi ${koffi.version}` }) + '\n');
for (const item of list.split(',')) {
  const n = Number(item);
  spin(n); // the first call pays one-time costs (lazy binding, inline caches)
  let count = 1;
  for (;;) {
    const t = timed(n, count);
    if (t >= targetNs / 5) { count = (count * targetNs) / t; break; }
    count *= t < targetNs / 50 ? 10 : 2;
  }
  let k = Math.max(1, Math.floor(count));
  // Warm-up loops, not printed: rescale until one lands within 15 % of the target.
  for (let w = 0; w < 3; w++) {
    const warm = timed(n, k);
    k = Math.max(1, Math.floor((k * targetNs) / warm));
    if (warm > targetNs * 0.85 && warm < targetNs * 1.15) break;
  }
  for (let b = 0; b < batches; b++) {
    const cpu0 = process.cpuUsage();
    const t = timed(n, k);
    const used = process.cpuUsage(cpu0);
    const directCpu = [0];
    const direct = spinLoopNs(n, k, directCpu);
    process.stdout.write(JSON.stringify({ n, iterations: k, durationNs: t, cpuNs: (used.user + used.system) * 1000, directNs: direct, directCpuNs: directCpu[0] }) + '\n');
  }
}
if (sink === 0.5) process.stdout.write('');
