// The C side of the cgo benchmarks. Kept out of the cgo preamble because the package
// //exports a Go function (a preamble with definitions would be compiled twice).
#include "_cgo_export.h"

int add(int a, int b) { return a + b; }

// add_ne is add again, declared `#cgo noescape` and `#cgo nocallback` in bench.go.
int add_ne(int a, int b) { return a + b; }

// call_go calls the exported Go function once: one cgo call plus one C-to-Go callback.
int call_go(int x) { return goInc(x); }
