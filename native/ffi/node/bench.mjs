// bench.mjs: the timing protocol for the JavaScript harnesses — Node.js, Bun and Deno all
// run it (same steps as c/bench.h): calibrate to ~batchMs (doubles as JIT warm-up),
// unprinted warm-up batches for at least 100 ms, until one lands within 15 % of the
// target, then per batch the machine-speed sentinel timed right before it,
// {"spinAdds":N,"spinNs":T,"spinCpuNs":C}, and the batch, {"iterations":N,"durationNs":T,"cpuNs":C};
// one more sentinel line after the last batch.
// process.hrtime.bigint() is monotonic; process.cpuUsage() is process-wide (µs).
import process from 'node:process';

/** warmUpNs is the least time spent in unprinted warm-up batches (JIT tiers compile meanwhile). */
const warmUpNs = 100e6;

/** timeSpin times one call of the sentinel `spin(adds)`: wall and process CPU time, ns. */
function timeSpin(spin, adds) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  spin(adds);
  const wall = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu0);
  return { wall, cpu: (used.user + used.system) * 1000 };
}

/**
 * runBatches times `run(count)` (which must return count) and prints the batches, with the
 * sentinel `spin` called before and after them. args are the harness's command-line
 * arguments: <batches> <batchMs> <spinAdds> [library or addon path].
 */
export function runBatches(run, spin, args, version) {
  const [batches, batchMs, spinAdds] = args.slice(0, 3).map(Number);
  const targetNs = batchMs * 1e6;
  const timed = (count) => {
    const start = process.hrtime.bigint();
    const x = run(count);
    const elapsed = Number(process.hrtime.bigint() - start);
    if (x !== count) {
      process.stderr.write(`loop ended at ${x}, expected ${count}\n`);
      process.exit(2);
    }
    return elapsed;
  };
  process.stdout.write(JSON.stringify({ version }) + '\n');
  let count = 1000;
  run(1000); // first call pays one-time costs (lazy binding, inline caches)
  for (;;) {
    const t = Math.max(1, timed(count));
    if (t >= targetNs / 5) { count = (count * targetNs) / t; break; }
    count *= t < targetNs / 50 ? 10 : 2;
    if (count > 2e9) break;
  }
  count = Math.floor(Math.max(1, Math.min(2e9, count)));
  // Warm-up batches, not printed: rescale after each until one lands within 15 % of the
  // target (optimized code's speed no longer changes), and for at least warmUpNs in all:
  // short batches can look steady before the optimizing tier has compiled the loop (a Deno
  // process once kept 22 ns where its others ran 4.6); at most 3 × warmUpNs.
  const warmStart = process.hrtime.bigint();
  for (;;) {
    const warm = Math.max(1, timed(count));
    count = Math.floor(Math.max(1, Math.min(2e9, (count * targetNs) / warm)));
    const spent = Number(process.hrtime.bigint() - warmStart);
    if ((warm > targetNs * 0.85 && warm < targetNs * 1.15 && spent >= warmUpNs) || spent >= 3 * warmUpNs) break;
  }
  // The host's speed wanders within a process on a ~100 ms time scale: the sentinel is
  // timed right before every attempt, so the runner can keep the batches run at full
  // clock. A batch during which the process lost the CPU (CPU time well under wall time)
  // timed the scheduler, not the call: retry it (sentinel and batch), keeping the least
  // disturbed attempt (one retry per batch in all). process.cpuUsage is process-wide
  // (µs); V8's helper threads are idle in this loop once it is optimized.
  let retries = batches;
  for (let i = 0; i < batches; i++) {
    let bestT = 0;
    let bestCpu = 0;
    let bestSpin = { wall: 0, cpu: 0 };
    for (let attempt = 0; attempt < 3; attempt++) {
      const spun = timeSpin(spin, spinAdds);
      const cpu0 = process.cpuUsage();
      const t = Math.max(1, timed(count));
      const used = process.cpuUsage(cpu0);
      const cpu = (used.user + used.system) * 1000;
      if (attempt === 0 || cpu / t > bestCpu / bestT) { bestT = t; bestCpu = cpu; bestSpin = spun; }
      if (bestCpu >= 0.95 * bestT || retries === 0) break;
      retries -= 1;
    }
    process.stdout.write(
      JSON.stringify({ spinAdds, spinNs: bestSpin.wall, spinCpuNs: bestSpin.cpu }) + '\n' +
        JSON.stringify({ iterations: count, durationNs: bestT, cpuNs: bestCpu }) + '\n',
    );
  }
  // The closing sentinel: a batch's clock is the lower of the readings before and after it.
  const closing = timeSpin(spin, spinAdds);
  process.stdout.write(JSON.stringify({ spinAdds, spinNs: closing.wall, spinCpuNs: closing.cpu }) + '\n');
}
