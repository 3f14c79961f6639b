/*
 * bench.h: the timing protocol shared by the C harnesses (the other languages
 * re-implement the same steps in a few lines each; native/ffi/README.md has the format).
 *
 * Usage: <harness> <batches> <batchMs> <spinAdds>   timed mode
 *        <harness> --fixed <count> [<spinAdds>]     one untimed loop (timed from outside, for
 *                                                   the fidelity check), prints {"x":count}
 *
 * Timed mode: calibrate the iteration count until one loop takes about batchMs
 * (this doubles as warm-up), run unprinted warm-up batches until one lands within
 * 15 % of the target (at most 5), then for each batch: time the machine-speed sentinel
 * spin(spinAdds) and right after it the batch, and print both lines,
 * {"spinAdds":N,"spinNs":T,"spinCpuNs":C} then {"iterations":N,"durationNs":T,"cpuNs":C},
 * where C is the thread's CPU time (C < T: the thread was descheduled; such a batch is
 * retried with its sentinel, see bench_batches); one more sentinel line after the last
 * batch. The host's speed wanders within a process, so the runner keeps only the batches
 * whose sentinels on both sides read full clock.
 * Fixed mode with spinAdds: the sentinel right before and right after the loop, both
 * lines printed after it (then {"x":count}).
 * Both modes run the same `loop` (the caller makes it noinline and noipa, so the timed
 * copy and the fixed copy are one piece of machine code).
 * The clock is CLOCK_MONOTONIC (ffi-overhead used gettimeofday: 1 ms, not monotonic).
 */
#ifndef FFI_BENCH_H
#define FFI_BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* loop_fn runs `while (x < count) x = plusone(x);` from x = 0 and returns x. */
typedef int (*loop_fn)(int count);
/* spin_fn is the sentinel, spin() in libplusone.so. */
typedef int (*spin_fn)(int adds);

static uint64_t bench_clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t bench_now_ns(void) { return bench_clock_ns(CLOCK_MONOTONIC); }

/* bench_timed runs loop(count) once and checks the dependency chain reached count. */
static uint64_t bench_timed(loop_fn loop, int count) {
  uint64_t start = bench_now_ns();
  int x = loop(count);
  uint64_t elapsed = bench_now_ns() - start;
  if (x != count) {
    fprintf(stderr, "loop ended at %d, expected %d\n", x, count);
    exit(2);
  }
  return elapsed;
}

/* bench_spin_reading is one timed call of the sentinel: wall and thread CPU time, ns. */
typedef struct { uint64_t wall, cpu; } bench_spin_reading;

/* bench_spin times one call of the sentinel. */
static bench_spin_reading bench_spin(spin_fn spin, int adds) {
  uint64_t cpu0 = bench_clock_ns(CLOCK_THREAD_CPUTIME_ID);
  uint64_t start = bench_now_ns();
  volatile int sink = spin(adds);
  bench_spin_reading r = {bench_now_ns() - start, bench_clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0};
  (void)sink;
  return r;
}

/* bench_print_spin prints a sentinel line (not flushed: the caller flushes). */
static void bench_print_spin(int adds, bench_spin_reading r) {
  printf("{\"spinAdds\":%d,\"spinNs\":%llu,\"spinCpuNs\":%llu}\n", adds, (unsigned long long)r.wall, (unsigned long long)r.cpu);
}

/* bench_calibrate grows count until a loop takes >= 1/5 of the target, then scales. */
static int bench_calibrate(loop_fn loop, double target_ns) {
  double count = 1000;
  loop(1000); /* first call pays one-time costs (page faults, lazy binding) */
  for (;;) {
    double t = (double)bench_timed(loop, (int)count);
    if (t < 1) t = 1;
    if (t >= target_ns / 5) {
      count = count * target_ns / t;
      break;
    }
    count *= t < target_ns / 50 ? 10 : 2;
    if (count > 2e9) break;
  }
  if (count > 2e9) count = 2e9; /* int32 loop counter */
  if (count < 1) count = 1;
  return (int)count;
}

/* bench_batches prints the timed batches, each right after its own sentinel line. */
static void bench_batches(loop_fn loop, spin_fn spin, int spin_adds, int batches, int count) {
  /* The host's speed wanders within a process on a ~100 ms time scale: the sentinel is timed
   * right before every attempt, so the runner can keep the batches run at full clock.
   * A batch during which the thread lost the CPU (cpuNs well under durationNs) timed the
   * scheduler, not the call: retry it (sentinel and batch), keeping the least disturbed
   * attempt, within a budget of one retry per batch so a busy machine still finishes. */
  int retries = batches;
  for (int i = 0; i < batches; i++) {
    uint64_t best_t = 0, best_cpu = 0;
    bench_spin_reading best_spin = {0, 0};
    for (int attempt = 0; attempt < 3; attempt++) {
      bench_spin_reading sr = bench_spin(spin, spin_adds);
      uint64_t cpu0 = bench_clock_ns(CLOCK_THREAD_CPUTIME_ID);
      uint64_t t = bench_timed(loop, count);
      uint64_t cpu = bench_clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
      if (attempt == 0 || (double)cpu / (double)t > (double)best_cpu / (double)best_t) {
        best_t = t;
        best_cpu = cpu;
        best_spin = sr;
      }
      if ((double)best_cpu >= 0.95 * (double)best_t || retries == 0) break;
      retries--;
    }
    bench_print_spin(spin_adds, best_spin);
    printf("{\"iterations\":%d,\"durationNs\":%llu,\"cpuNs\":%llu}\n", count, (unsigned long long)best_t,
           (unsigned long long)best_cpu);
    fflush(stdout);
  }
  /* The closing sentinel: a batch's clock is the lower of the readings before and after it. */
  bench_print_spin(spin_adds, bench_spin(spin, spin_adds));
  fflush(stdout);
}

static int bench_main(int argc, char **argv, loop_fn loop, spin_fn spin) {
  if ((argc == 3 || argc == 4) && strcmp(argv[1], "--fixed") == 0) {
    /* The sentinel (when asked for) right before and right after the loop: the runner keeps
     * the loop only if both read full clock, and subtracts their time from its own timing. */
    int count = atoi(argv[2]);
    int spin_adds = argc == 4 ? atoi(argv[3]) : 0;
    bench_spin_reading before = {0, 0}, after = {0, 0};
    if (spin_adds > 0) before = bench_spin(spin, spin_adds);
    int x = loop(count);
    if (spin_adds > 0) after = bench_spin(spin, spin_adds);
    if (spin_adds > 0) {
      bench_print_spin(spin_adds, before);
      bench_print_spin(spin_adds, after);
    }
    printf("{\"x\":%d}\n", x);
    return x == count ? 0 : 2;
  }
  if (argc < 4) {
    fprintf(stderr, "usage: %s <batches> <batchMs> <spinAdds> | --fixed <count>\n", argv[0]);
    return 64;
  }
  int batches = atoi(argv[1]);
  double target_ns = atof(argv[2]) * 1e6;
  int spin_adds = atoi(argv[3]);
  if (batches < 1 || target_ns <= 0 || spin_adds < 1) {
    fprintf(stderr, "batches, batchMs and spinAdds must be positive\n");
    return 64;
  }
  int count = bench_calibrate(loop, target_ns);
  /* Warm-up batches, not printed: rescale after each until one lands within 15 % of
   * the target (the speed no longer changes), at most 5. */
  for (int w = 0; w < 5; w++) {
    double warm = (double)bench_timed(loop, count);
    if (warm < 1) warm = 1;
    double scaled = (double)count * target_ns / warm;
    count = scaled > 2e9 ? 2000000000 : scaled < 1 ? 1 : (int)scaled;
    if (warm > target_ns * 0.85 && warm < target_ns * 1.15) break;
  }
  bench_batches(loop, spin, spin_adds, batches, count);
  return 0;
}
#endif
