//go:build go1.24
// +build go1.24

package main

// annotated.go: the variants only Go 1.24+ can build — `#cgo noescape` (the C function
// keeps no Go pointer: arguments need not escape to the heap) and `#cgo nocallback` (it
// never calls back into Go). The build constraint keeps older releases, whose cgo
// rejects these lines, from seeing this file at all (`// +build` for those before 1.17).

/*
#cgo noescape plusone_noescape
#cgo nocallback plusone_nocallback
int plusone_noescape(int x);
int plusone_nocallback(int x);
*/
import "C"

func noescapePlusOne(x int32) int32 { return int32(C.plusone_noescape(C.int(x))) }

func nocallbackPlusOne(x int32) int32 { return int32(C.plusone_nocallback(C.int(x))) }

func init() {
	register("noescape", noescapePlusOne)
	register("nocallback", nocallbackPlusOne)
}
