// The cgo pointer rules, broken (slides 49–51): C gets a Go pointer to memory that
// itself holds a Go pointer. The garbage collector cannot see what C does with the
// inner pointer, so cgo checks every call and panics before C ever runs.
package main

/*
#include <stdint.h>

// A buffer as C sees it: a pointer to bytes and their count.
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

import "fmt"

func main() {
	data := []byte("cgo")
	// b lives in Go memory and points to more Go memory (data's backing array):
	// a Go pointer to a Go pointer.
	b := &C.buffer{data: (*C.uint8_t)(&data[0]), len: C.int(len(data))}
	fmt.Println("sum:", C.sum(b))
}
