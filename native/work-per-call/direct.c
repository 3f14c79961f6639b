/* direct.c: C calling spin in libwork.so through the PLT, the baseline every FFI is
 * compared with ("called directly": no FFI, only the shared-library call). */
#include "sweep.h"
#include "work.h"

int main(int argc, char **argv) { return sweep_main(argc, argv, spin, "C (gcc), via libwork.so"); }
