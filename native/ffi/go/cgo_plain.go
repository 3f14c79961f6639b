package main

// cgo_plain.go: a plain cgo call to plusone in libplusone.so. The build copies this
// file next to the library (hence -L${SRCDIR}); the binary finds it via $ORIGIN.

/*
#cgo LDFLAGS: -L${SRCDIR} -lplusone -Wl,-rpath,$ORIGIN
int plusone(int x);
int spin(int adds);
*/
import "C"

func cPlusOne(x int32) int32 { return int32(C.plusone(C.int(x))) }

func cSpin(adds int32) int32 { return int32(C.spin(C.int(adds))) }
