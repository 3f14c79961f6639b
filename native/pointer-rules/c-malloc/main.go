// Breaking the rules where cgo does not look by default: a Go pointer stored into C
// memory (C.malloc). The GC cannot see it there, so the Go object may be freed or
// moved while C still points at it. The default check (cgocheck=1) only inspects call
// arguments and stays silent; a build with GOEXPERIMENT=cgocheck2 checks every
// pointer write into non-Go memory and stops the program.
package main

/*
#include <stdint.h>
#include <stdlib.h>

typedef struct {
	uint8_t *data;
	int len;
} buffer;

static int sum(buffer *b) {
	int total = 0;
	for (int i = 0; i < b->len; i++) total += b->data[i];
	return total;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func main() {
	data := []byte("cgo")
	b := (*C.buffer)(C.malloc(C.size_t(unsafe.Sizeof(C.buffer{}))))
	defer C.free(unsafe.Pointer(b))
	// The forbidden write: a Go pointer into C memory.
	b.data = (*C.uint8_t)(&data[0])
	b.len = C.int(len(data))
	fmt.Println("sum:", C.sum(b))
}
