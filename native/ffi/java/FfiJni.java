/**
 * FfiJni: "JNI wrapper + call". A static native method whose C implementation
 * (ffi_jni.c) calls plusone from libplusone.so, as dyu/ffi-overhead's "Java" row did.
 * Usage: java -Djava.library.path=DIR FfiJni <batches> <batchMs>
 * Prints {"version":…} then one {"iterations":N,"durationNs":T} line per batch.
 */
public final class FfiJni {
  static { System.loadLibrary("ffijni"); }

  static native int plusone(int x);

  static int run(int count) {
    int x = 0;
    while (x < count) x = plusone(x);
    return x;
  }

  static long timed(int count) {
    long start = System.nanoTime(); // monotonic
    int x = run(count);
    long elapsed = System.nanoTime() - start;
    if (x != count) {
      System.err.println("loop ended at " + x + ", expected " + count);
      System.exit(2);
    }
    return elapsed;
  }

  public static void main(String[] args) {
    int batches = Integer.parseInt(args[0]);
    double targetNs = Double.parseDouble(args[1]) * 1e6;
    System.out.println("{\"version\":\"" + System.getProperty("java.vm.name") + " " + Runtime.version() + "\"}");
    // Calibration doubles as JIT warm-up (the loop gets compiled by C2 on the way).
    double count = 1000;
    run(1000); // first call pays one-time costs (class init, linking the native method)
    for (;;) {
      double t = Math.max(1, timed((int) count));
      if (t >= targetNs / 5) { count = count * targetNs / t; break; }
      count *= t < targetNs / 50 ? 10 : 2;
      if (count > 2e9) break;
    }
    int n = (int) Math.max(1, Math.min(2e9, count));
    // Warm-up batches, not printed: rescale after each until one lands within 15 % of
    // the target (C2-compiled code's speed no longer changes), at most 5.
    for (int w = 0; w < 5; w++) {
      double warm = Math.max(1, timed(n));
      n = (int) Math.max(1, Math.min(2e9, n * targetNs / warm));
      if (warm > targetNs * 0.85 && warm < targetNs * 1.15) break;
    }
    // A batch during which the thread lost the CPU (thread CPU time well under wall time)
    // timed the scheduler, not the call: retry it, keeping the least disturbed attempt
    // (one retry per batch in all).
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    int retries = batches;
    for (int i = 0; i < batches; i++) {
      long bestT = 0, bestCpu = 0;
      for (int attempt = 0; attempt < 3; attempt++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t = Math.max(1, timed(n));
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (attempt == 0 || (double) cpu / t > (double) bestCpu / bestT) { bestT = t; bestCpu = cpu; }
        if (bestCpu >= 0.95 * bestT || retries == 0) break;
        retries--;
      }
      System.out.println("{\"iterations\":" + n + ",\"durationNs\":" + bestT + ",\"cpuNs\":" + bestCpu + "}");
    }
  }
}
