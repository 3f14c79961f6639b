/* direct.c: C calling spin in libplusone.so through the PLT, the baseline every FFI is
 * compared with ("called directly": no FFI, only the shared-library call). spin is the FFI
 * table's machine-speed sentinel (native/ffi/plusone.c): N dependent adds, about one per
 * clock cycle, so the work grows linearly with N. */
#include "sweep.h"
#include "plusone.h"

int main(int argc, char **argv) { return sweep_main(argc, argv, spin, "C (gcc), via libplusone.so"); }
