/*
 * so.c: "C via shared library (PLT)", the talk's baseline. Linked against
 * libplusone.so, so every call goes through the PLT stub and the GOT.
 */
#include "bench.h"
#include "../plusone.h"

static int loop(int count) {
  int x = 0;
  while (x < count) x = plusone(x);
  return x;
}

int main(int argc, char **argv) { return bench_main(argc, argv, loop); }
