// Command cgoadd is the smallest cgo program worth building with `go build -x -work`:
// one C function called once from Go, so every file cgo generates has one clear job.
package main

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

import "fmt"

func main() {
	fmt.Println("add(1, 2) =", C.add(1, 2))
}
