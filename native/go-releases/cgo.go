package main

// cgo.go: the variants every release has — a plain cgo call, and a cgo call whose C
// calls back into Go — and the machine-speed sentinel, spin (plusone and spin are in
// native/ffi/plusone.c, copied in by the build). Written for Go 1.10 too: no generics, no min/max
// builtins.

/*
int plusone(int x);
int plusone_via_go(int x);
int spin(int adds);
*/
import "C"

func cgoPlusOne(x int32) int32 { return int32(C.plusone(C.int(x))) }

func callbackPlusOne(x int32) int32 { return int32(C.plusone_via_go(C.int(x))) }

// spinC runs the machine-speed sentinel once.
func spinC(adds int) int { return int(C.spin(C.int(adds))) }

//export goPlusOne
func goPlusOne(x C.int) C.int { return x + 1 }

func init() {
	register("cgo", cgoPlusOne)
	register("callback", callbackPlusOne)
}
