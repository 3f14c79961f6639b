// Another way since Go 1.17: hand C a runtime/cgo.Handle, an integer that stands for a
// Go value. C never sees a Go pointer; it passes the handle back to Go, which looks the
// value up. Nothing to check, nothing to pin.
package main

/*
#include <stdint.h>

// Implemented in Go below (//export). Only a declaration may live here.
extern int goSum(uintptr_t handle);

static int sum_via_go(uintptr_t handle) {
	return goSum(handle);
}
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
)

//export goSum
func goSum(handle C.uintptr_t) C.int {
	data := cgo.Handle(handle).Value().([]byte)
	total := 0
	for _, c := range data {
		total += int(c)
	}
	return C.int(total)
}

func main() {
	h := cgo.NewHandle([]byte("cgo"))
	defer h.Delete()
	fmt.Println("sum:", C.sum_via_go(C.uintptr_t(h)))
}
