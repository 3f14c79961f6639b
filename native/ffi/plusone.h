/* plusone.h: the callee every FFI harness measures (dyu/ffi-overhead's function). */
#ifndef PLUSONE_H
#define PLUSONE_H
int plusone(int x);
#endif
