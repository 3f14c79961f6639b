/*
 * plusone.h: the callee every FFI harness measures (dyu/ffi-overhead's function), and the
 * machine-speed sentinel every harness calls through the same FFI.
 */
#ifndef PLUSONE_H
#define PLUSONE_H
int plusone(int x);
/* spin does `adds` dependent integer adds (one per clock cycle) and returns a value that
 * depends on all of them: timed by the caller, adds per ns is an effective clock rate. */
int spin(int adds);
#endif
