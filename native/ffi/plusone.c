/*
 * plusone.c: built alone into libplusone.so (-fPIC -O2), as in dyu/ffi-overhead.
 * Living in a shared library keeps it out of reach of inlining and LTO, and makes
 * callers that link against it go through the PLT (the talk's "C function call").
 */
#include "plusone.h"

int plusone(int x) { return x + 1; }

/*
 * spin: the machine-speed sentinel (demos/stats/machine-speed.ts). The empty asm makes x
 * opaque after every add, so the compiler can neither fold the sum into a formula nor
 * vectorize it: the loop is a chain of `adds` dependent adds, one per cycle. Unsigned,
 * so the wrap-around is defined.
 */
int spin(int adds) {
  unsigned x = 0;
  for (int i = 0; i < adds; i++) {
    x += (unsigned)i;
    __asm__ volatile("" : "+r"(x));
  }
  return (int)(x & 0x7fffffff);
}
