/*
 * sweep.h: the work-per-call timing protocol in C (the Go, Node and Python callers
 * repeat the same steps in a few lines each):
 *
 *   <caller> <batches> <batchMs> <n,n,…> [library]
 *
 * For each n in the list: one untimed call, then the call count grows (×10, then ×2)
 * until a loop of `acc += spin(n)` takes ≥ 1/5 of batchMs, is scaled to batchMs and
 * checked by up to 3 warm-up loops (rescaled until one lands within 15 %), and
 * `batches` loops are timed, each printed as {"n":N,"iterations":K,"durationNs":T,"cpuNs":C}
 * (CLOCK_MONOTONIC wall time; the thread's CPU time). A first line {"version":"…"} names
 * the caller.
 */
#ifndef SWEEP_H
#define SWEEP_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*work_fn)(int adds);

static uint64_t sweep_clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static volatile int sweep_sink; /* keeps every result alive */

static uint64_t sweep_timed(work_fn work, int n, long count) {
  int acc = 0;
  uint64_t start = sweep_clock_ns(CLOCK_MONOTONIC);
  for (long i = 0; i < count; i++) acc += work(n);
  uint64_t elapsed = sweep_clock_ns(CLOCK_MONOTONIC) - start;
  sweep_sink = acc;
  return elapsed < 1 ? 1 : elapsed;
}

static int sweep_main(int argc, char **argv, work_fn work, const char *version) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <batches> <batchMs> <n,n,...>\n", argv[0]);
    return 64;
  }
  int batches = atoi(argv[1]);
  double target_ns = atof(argv[2]) * 1e6;
  if (batches < 1 || target_ns <= 0) {
    fprintf(stderr, "batches and batchMs must be positive\n");
    return 64;
  }
  printf("{\"version\":\"%s\"}\n", version);
  char *list = strdup(argv[3]);
  for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
    int n = atoi(item);
    if (n < 1) {
      fprintf(stderr, "n must be a positive integer: %s\n", item);
      return 64;
    }
    work(n); /* first call pays one-time costs (lazy binding, page faults) */
    double count = 1;
    for (;;) {
      double t = (double)sweep_timed(work, n, (long)count);
      if (t >= target_ns / 5) {
        count = count * target_ns / t;
        break;
      }
      count *= t < target_ns / 50 ? 10 : 2;
    }
    long k = count < 1 ? 1 : (long)count;
    /* Warm-up loops, not printed: rescale until one lands within 15 % of the target (a
     * descheduled calibration loop would otherwise shrink every batch), at most 3. */
    for (int w = 0; w < 3; w++) {
      double warm = (double)sweep_timed(work, n, k);
      double scaled = (double)k * target_ns / warm;
      k = scaled < 1 ? 1 : (long)scaled;
      if (warm > target_ns * 0.85 && warm < target_ns * 1.15) break;
    }
    for (int b = 0; b < batches; b++) {
      uint64_t cpu0 = sweep_clock_ns(CLOCK_THREAD_CPUTIME_ID);
      uint64_t t = sweep_timed(work, n, k);
      uint64_t cpu = sweep_clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
      printf("{\"n\":%d,\"iterations\":%ld,\"durationNs\":%llu,\"cpuNs\":%llu}\n", n, k, (unsigned long long)t, (unsigned long long)cpu);
    }
    fflush(stdout);
  }
  free(list);
  return 0;
}
#endif
