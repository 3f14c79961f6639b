package main

// cgo_noescape.go: the same call with Go 1.24's `#cgo noescape` annotation alone: the C
// function keeps no Go pointer, so a pointer argument need not escape to the heap.
// plusone takes an int, so the expectation is no change. Linking as in cgo_plain.go.

/*
#cgo LDFLAGS: -L${SRCDIR} -lplusone -Wl,-rpath,$ORIGIN
#cgo noescape plusone
int plusone(int x);
int spin(int adds);
*/
import "C"

func cPlusOne(x int32) int32 { return int32(C.plusone(C.int(x))) }

func cSpin(adds int32) int32 { return int32(C.spin(C.int(adds))) }
