// The C side of the go-releases benchmark that the FFI table does not have. Kept out of
// the cgo preamble because the package //exports a Go function (a preamble with
// definitions would be compiled twice). plusone, the callee of the plain variant, and
// spin, the machine-speed sentinel, are the FFI table's own (native/ffi/plusone.c, copied
// into the package by the build): the same machine code every FFI row and work-per-call call.
#include "_cgo_export.h"

// plusone_noescape and plusone_nocallback are plusone again, declared `#cgo noescape`
// and `#cgo nocallback` (Go 1.24+) in annotated.go; one annotation each, so each one's
// cost shows on its own.
int plusone_noescape(int x) { return x + 1; }
int plusone_nocallback(int x) { return x + 1; }

// plusone_via_go calls back into Go: one cgo call plus one C-to-Go callback.
int plusone_via_go(int x) { return goPlusOne(x); }

