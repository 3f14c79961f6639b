// Command preamble holds two small functions whose machine code the preamble-disasm
// demo shows: every Go function that is not a small leaf starts by checking that its
// frame still fits on the goroutine's stack.
package main

import (
	"fmt"
	"os"
)

// depth recurses n times: a small frame, so the check compares SP itself.
//
//go:noinline
func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

// bigFrame has a frame larger than 128 bytes, so the check compares SP minus the frame.
//
//go:noinline
func bigFrame(n int) int {
	var buf [64]int
	for i := range buf {
		buf[i] = n + i
	}
	return depth(buf[n%64] % 8)
}

func main() {
	n := len(os.Args)
	fmt.Println(depth(n*10), bigFrame(n))
}
