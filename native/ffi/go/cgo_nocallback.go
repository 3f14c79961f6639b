package main

// cgo_nocallback.go: the same call with Go 1.24's `#cgo nocallback` annotation alone: the
// C function never calls back into Go. On Go 1.26 cgo's wrapper calls
// runtime.cgoNoCallback before and after the call (so a callback would be caught), so the
// row shows what the promise costs. Linking as in cgo_plain.go.

/*
#cgo LDFLAGS: -L${SRCDIR} -lplusone -Wl,-rpath,$ORIGIN
#cgo nocallback plusone
int plusone(int x);
int spin(int adds);
*/
import "C"

func cPlusOne(x int32) int32 { return int32(C.plusone(C.int(x))) }

func cSpin(adds int32) int32 { return int32(C.spin(C.int(adds))) }
