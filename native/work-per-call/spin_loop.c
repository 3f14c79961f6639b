/*
 * spin_loop.c: built into libspinloop.so, linked against libplusone.so. spin_loop_ns runs
 * the direct caller's timed loop (sweep.h: `acc += spin(n)`, spin reached through the PLT)
 * inside whichever process calls it, so each FFI caller measures the direct call in its
 * own process, batch by batch beside its own: one crossing per batch, not per call. The
 * two then share the process's clock speed, core and moment, which the crossing's share,
 * a small difference of two large times, needs.
 */
#include <time.h>
#include "plusone.h"

static volatile int spin_loop_sink; /* keeps every result alive */

static double now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* spin_loop_ns calls spin(n) `count` times; returns the wall ns and stores the thread's CPU ns in *cpu_ns. */
double spin_loop_ns(int n, double count, double *cpu_ns) {
  long k = (long)count;
  int acc = 0;
  double cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
  double start = now_ns(CLOCK_MONOTONIC);
  for (long i = 0; i < k; i++) acc += spin(n);
  double elapsed = now_ns(CLOCK_MONOTONIC) - start;
  *cpu_ns = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  spin_loop_sink = acc;
  return elapsed < 1 ? 1 : elapsed;
}
