/*
 * direct.c: "C, direct call (same binary)". plusone lives in this binary, kept out
 * of line (noinline, noclone, no inter-procedural analysis) and with an empty asm
 * barrier so the compiler cannot precompute its result: a plain `call rel32`. Only the
 * sentinel, spin, comes from libplusone.so.
 */
#include "bench.h"

int spin(int adds);

__attribute__((noinline, noipa)) static int direct_plusone(int x) {
  __asm__ volatile("" : "+r"(x));
  return x + 1;
}

__attribute__((noinline, noipa)) static int loop(int count) {
  int x = 0;
  while (x < count) x = direct_plusone(x);
  return x;
}

int main(int argc, char **argv) { return bench_main(argc, argv, loop, spin); }
