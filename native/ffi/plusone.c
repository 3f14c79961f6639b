/*
 * plusone.c: built alone into libplusone.so (-fPIC -O2), as in dyu/ffi-overhead.
 * Living in a shared library keeps it out of reach of inlining and LTO, and makes
 * callers that link against it go through the PLT (the talk's "C function call").
 */
#include "plusone.h"

int plusone(int x) { return x + 1; }
