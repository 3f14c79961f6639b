/*
 * direct.c: "C, direct call (same binary)". plusone lives in this binary, kept out
 * of line (noinline, noclone, no inter-procedural analysis) and with an empty asm
 * barrier so the compiler cannot precompute its result: a plain `call rel32`.
 */
#include "bench.h"

__attribute__((noinline, noipa)) int plusone(int x) {
  __asm__ volatile("" : "+r"(x));
  return x + 1;
}

static int loop(int count) {
  int x = 0;
  while (x < count) x = plusone(x);
  return x;
}

int main(int argc, char **argv) { return bench_main(argc, argv, loop); }
