// Command trampoline calls C from Go (and, with the argument "c-to-go", Go from C)
// so that a debugger stopped inside the callee can show every frame in between.
package main

/*
int cfunc(int a, int b);
int call_go(int x);
*/
import "C"

import (
	"fmt"
	"os"
)

// goCallback is the Go function C calls in the "c-to-go" direction.
//
//export goCallback
func goCallback(x C.int) C.int {
	return x * 2
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "c-to-go" {
		fmt.Println("call_go(40) =", C.call_go(40))
		return
	}
	fmt.Println("cfunc(40, 2) =", C.cfunc(40, 2))
}
