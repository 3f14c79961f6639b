/*
 * work.c: built alone into libwork.so (-O2 -fPIC -shared), so every caller — C, cgo,
 * koffi, ctypes — crosses the same shared-library boundary into the same machine code.
 * The empty asm makes x opaque after every add: the compiler can neither fold the sum
 * into a formula nor vectorize it, so the work grows linearly with `adds`.
 */
#include "work.h"

int spin(int adds) {
  unsigned x = 0;
  for (int i = 0; i < adds; i++) {
    x += (unsigned)i;
    __asm__ volatile("" : "+r"(x));
  }
  return (int)(x & 0x7fffffff);
}
