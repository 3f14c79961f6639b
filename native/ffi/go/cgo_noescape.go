package main

// cgo_noescape.go: the same call with Go 1.24's `#cgo noescape` and `#cgo nocallback`
// annotations. They spare pointer arguments a heap escape and the callback bookkeeping;
// plusone takes an int, so the expectation is no change. Linking as in cgo_plain.go.

/*
#cgo LDFLAGS: -L${SRCDIR} -lplusone -Wl,-rpath,$ORIGIN
#cgo noescape plusone
#cgo nocallback plusone
int plusone(int x);
*/
import "C"

func cPlusOne(x int32) int32 { return int32(C.plusone(C.int(x))) }
