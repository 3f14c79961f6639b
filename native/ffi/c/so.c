/*
 * so.c: "C via shared library", the talk's baseline. Linked against libplusone.so; built
 * twice: as is, every call goes through the PLT stub (which jumps through the GOT), and
 * with -fno-plt the caller loads plusone's address from the GOT and calls it indirectly
 * (what rustc does by default).
 */
#include "bench.h"
#include "../plusone.h"

/* noinline + noipa: the timed mode and --fixed run this one copy, with no caller-side
 * knowledge of it (GCC otherwise inlines a copy into bench_timed that differs). */
__attribute__((noinline, noipa)) static int loop(int count) {
  int x = 0;
  while (x < count) x = plusone(x);
  return x;
}

int main(int argc, char **argv) { return bench_main(argc, argv, loop, spin); }
