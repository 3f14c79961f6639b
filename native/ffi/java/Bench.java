import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntUnaryOperator;

/**
 * Bench: the timing protocol shared by the Java harnesses (the same steps as c/bench.h):
 * calibrate to ~batchMs (doubles as JIT warm-up: the loop gets compiled by C2 on the way),
 * unprinted warm-up batches until one lands within 15 % of the target (at most 5), the
 * machine-speed sentinel, one {"iterations":N,"durationNs":T,"cpuNs":C} line per batch, the
 * sentinel again. System.nanoTime is monotonic; CPU time is the thread's.
 */
final class Bench {
  private Bench() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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

  /** spinLine times one call of the sentinel and prints its line. */
  private static void spinLine(IntUnaryOperator spin, int adds) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    spin.applyAsInt(adds);
    long elapsed = System.nanoTime() - start;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    System.out.println("{\"spinAdds\":" + adds + ",\"spinNs\":" + elapsed + ",\"spinCpuNs\":" + cpu + "}");
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
    // the target (C2-compiled code's speed no longer changes), at most 5.
    for (int w = 0; w < 5; w++) {
      double warm = Math.max(1, timed(loop, n));
      n = (int) Math.max(1, Math.min(2e9, n * targetNs / warm));
      if (warm > targetNs * 0.85 && warm < targetNs * 1.15) break;
    }
    spinLine(spin, spinAdds);
    // A batch during which the thread lost the CPU (thread CPU time well under wall time)
    // timed the scheduler, not the call: retry it, keeping the least disturbed attempt
    // (one retry per batch in all).
    int retries = batches;
    for (int i = 0; i < batches; i++) {
      long bestT = 0, bestCpu = 0;
      for (int attempt = 0; attempt < 3; attempt++) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t = Math.max(1, timed(loop, n));
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        if (attempt == 0 || (double) cpu / t > (double) bestCpu / bestT) { bestT = t; bestCpu = cpu; }
        if (bestCpu >= 0.95 * bestT || retries == 0) break;
        retries--;
      }
      System.out.println("{\"iterations\":" + n + ",\"durationNs\":" + bestT + ",\"cpuNs\":" + bestCpu + "}");
    }
    spinLine(spin, spinAdds);
  }
}
