// The C side of the go-releases benchmark. Kept out of the cgo preamble because the
// package //exports a Go function (a preamble with definitions would be compiled twice).
#include "_cgo_export.h"

// plusone is the callee of every variant, as in the FFI table: x + 1, so the caller's
// loop x = plusone(x) is a dependency chain the compiler cannot shorten.
int plusone(int x) { return x + 1; }

// plusone_noescape and plusone_nocallback are plusone again, declared `#cgo noescape`
// and `#cgo nocallback` (Go 1.24+) in annotated.go; one annotation each, so each one's
// cost shows on its own.
int plusone_noescape(int x) { return x + 1; }
int plusone_nocallback(int x) { return x + 1; }

// plusone_via_go calls back into Go: one cgo call plus one C-to-Go callback.
int plusone_via_go(int x) { return goPlusOne(x); }

