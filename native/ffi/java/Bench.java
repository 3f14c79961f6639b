import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntUnaryOperator;

/**
 * Bench: the timing protocol shared by the Java harnesses (the same steps as c/bench.h):
 * calibrate to ~batchMs (doubles as JIT warm-up: the loop gets compiled by C2 on the way),
 * unprinted warm-up batches for at least 150 ms, until one lands within 15 % of the target, then per
 * batch the machine-speed sentinel timed right before it, {"spinAdds":N,"spinNs":T,"spinCpuNs":C},
 * and the batch, {"iterations":N,"durationNs":T,"cpuNs":C}; one more sentinel line after the
 * last batch. System.nanoTime is monotonic;
 * CPU time is the thread's.
 */
final class Bench {
  private Bench() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** WARM_UP_NS is the least time spent in unprinted warm-up batches (JIT compilation). */
  private static final long WARM_UP_NS = 150_000_000L;

  private static long timed(IntUnaryOperator loop, int count) {
    long start = System.nanoTime();
    int x = loop.applyAsInt(count);
    long elapsed = System.nanoTime() - start;
    if (x != count) {
      System.err.println("loop ended at " + x + ", expected " + count);
      System.exit(2);
    }
    return elapsed;
  }

  /** timeSpin times one call of the sentinel: {wall ns, thread CPU ns}. */
  private static long[] timeSpin(IntUnaryOperator spin, int adds) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    spin.applyAsInt(adds);
    long elapsed = System.nanoTime() - start;
    return new long[] {elapsed, THREADS.getCurrentThreadCpuTime() - cpu0};
  }

  /** run is the whole protocol; args are <batches> <batchMs> <spinAdds> […]. */
  static void run(String[] args, IntUnaryOperator loop, IntUnaryOperator spin) {
    int batches = Integer.parseInt(args[0]);
    double targetNs = Double.parseDouble(args[1]) * 1e6;
    int spinAdds = Integer.parseInt(args[2]);
    System.out.println("{\"version\":\"" + System.getProperty("java.vm.name") + " " + Runtime.version() + "\"}");
    double count = 1000;
    loop.applyAsInt(1000); // first call pays one-time costs (class init, linking the native method)
    for (;;) {
      double t = Math.max(1, timed(loop, (int) count));
      if (t >= targetNs / 5) { count = count * targetNs / t; break; }
      count *= t < targetNs / 50 ? 10 : 2;
      if (count > 2e9) break;
    }
    int n = (int) Math.max(1, Math.min(2e9, count));
    // Warm-up batches, not printed: rescale after each until one lands within 15 % of
    // the target (C2-compiled code's speed no longer changes), and for at least
    // WARM_UP_NS in all: short batches reach a steady speed before C2 has compiled the loop
    // (FFM's downcall took about 100 ms of 2 ms batches to settle); at most 3 × WARM_UP_NS.
    long warmStart = System.nanoTime();
    for (;;) {
      double warm = Math.max(1, timed(loop, n));
      n = (int) Math.max(1, Math.min(2e9, n * targetNs / warm));
      long spent = System.nanoTime() - warmStart;
      if ((warm > targetNs * 0.85 && warm < targetNs * 1.15 && spent >= WARM_UP_NS) || spent >= 3 * WARM_UP_NS) break;
    }
    // The host's speed wanders within a process on a ~100 ms time scale: the sentinel is
    // timed right before every attempt, so the runner can keep the batches run at full
    // clock. A batch during which the thread lost the CPU (thread CPU time well under wall
    // time) timed the scheduler, not the call: retry it (sentinel and batch), keeping the
    // least disturbed attempt (one retry per batch in all).
    int retries = batches;
    for (int i = 0; i < batches; i++) {
      long bestT = 0, bestCpu = 0;
      long[] bestSpin = {0, 0};
      for (int attempt = 0; attempt < 3; attempt++) {
        long[] spun = timeSpin(spin, spinAdds);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t = Math.max(1, timed(loop, n));
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        if (attempt == 0 || (double) cpu / t > (double) bestCpu / bestT) { bestT = t; bestCpu = cpu; bestSpin = spun; }
        if (bestCpu >= 0.95 * bestT || retries == 0) break;
        retries--;
      }
      System.out.println("{\"spinAdds\":" + spinAdds + ",\"spinNs\":" + bestSpin[0] + ",\"spinCpuNs\":" + bestSpin[1] + "}");
      System.out.println("{\"iterations\":" + n + ",\"durationNs\":" + bestT + ",\"cpuNs\":" + bestCpu + "}");
    }
    // The closing sentinel: a batch's clock is the lower of the readings before and after it.
    long[] closing = timeSpin(spin, spinAdds);
    System.out.println("{\"spinAdds\":" + spinAdds + ",\"spinNs\":" + closing[0] + ",\"spinCpuNs\":" + closing[1] + "}");
  }
}
