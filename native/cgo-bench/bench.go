// Package cgobench holds the functions the benchmarks in bench_test.go call: a plain Go
// call, a cgo call, a cgo call marked noescape/nocallback (Go 1.24+), and a cgo call
// that calls back into Go. Test files cannot use cgo themselves, hence these wrappers.
package cgobench

/*
#cgo noescape add_ne
#cgo nocallback add_ne
int add(int a, int b);
int add_ne(int a, int b);
int call_go(int x);
*/
import "C"

//go:noinline
func goAdd(a, b int) int { return a + b }

func cgoAdd(a, b int) int { return int(C.add(C.int(a), C.int(b))) }

func cgoAddNoescape(a, b int) int { return int(C.add_ne(C.int(a), C.int(b))) }

func cgoCallback(x int) int { return int(C.call_go(C.int(x))) }

//export goInc
func goInc(x C.int) C.int { return x + 1 }
