// The fix since Go 1.21: pin the inner Go pointer with runtime.Pinner. A pinned
// object stays where it is and stays alive until Unpin, so C may hold it for the
// call and the cgo check lets the call through.
package main

/*
#include <stdint.h>

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
	"runtime"
)

func main() {
	data := []byte("cgo")
	var pinner runtime.Pinner
	pinner.Pin(&data[0])
	defer pinner.Unpin()

	b := &C.buffer{data: (*C.uint8_t)(&data[0]), len: C.int(len(data))}
	fmt.Println("sum:", C.sum(b))
}
