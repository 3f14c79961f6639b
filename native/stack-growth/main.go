// Command stackgrowth recurses deeper and deeper in a fresh goroutine and prints, as
// JSON lines, where one local variable of the outermost frame lives at each depth.
//
// The outermost frame's `anchor` is reached through a pointer passed down the
// recursion. When the goroutine's stack runs out, the runtime allocates a bigger one,
// copies every frame over and adjusts pointers into the stack, so that pointer's value
// changes: the same variable, a new address. A heap variable's address, printed beside
// it, never moves. Output lines:
//
//	{"event":"start","startingStackBytes":N}
//	{"event":"sample","depth":D,"anchorAddr":A,"heapAddr":H,"inUseBytes":U}
//	{"event":"moved","depth":D,"fromAddr":A0,"toAddr":A1,"inUseBytes":U}
//	{"event":"done","depth":D,"moves":M}
package main

import (
	"flag"
	"fmt"
	"runtime/metrics"
	"time"
	"unsafe"
)

var (
	maxDepth = flag.Int("depth", 20000, "deepest recursion")
	every    = flag.Int("every", 250, "print a sample every this many frames")
	pause    = flag.Duration("pause", 0, "sleep this long at every sample, so a viewer can watch the stack fill")
)

// heapObj is a package-level pointer, so its target surely lives on the heap.
var heapObj = new(int)

type walker struct {
	anchor   *int // points at the outermost frame's local; the runtime adjusts it when the stack moves
	heap     *int // points at a heap object; it never moves
	out      chan any
	lastAddr uintptr
	moves    int
}

// addr turns a pointer into a number for printing only; nothing keeps the number as a pointer.
func addr(p *int) uintptr { return uintptr(unsafe.Pointer(p)) }

type moved struct {
	depth            int
	fromAddr, toAddr uintptr
	inUseBytes       int64
}

type sampled struct {
	depth                int
	anchorAddr, heapAddr uintptr
	inUseBytes           int64
}

// send formats on the printing goroutine's stack, not this one's.
//
//go:noinline
func (w *walker) send(v any) {
	switch e := v.(type) {
	case moved:
		w.out <- e
	case sampled:
		w.out <- e
	}
}

//go:noinline
func (w *walker) down(depth int) int {
	var pad [4]int // a few words per frame so the stack fills at a visible pace
	pad[depth%4] = depth
	here := addr(&pad[0])
	now := addr(w.anchor)
	inUse := int64(now) - int64(here)
	if now != w.lastAddr {
		w.moves++
		w.send(moved{depth, w.lastAddr, now, inUse})
		w.lastAddr = now
	}
	if depth%*every == 0 {
		w.send(sampled{depth, now, addr(w.heap), inUse})
		if *pause > 0 {
			time.Sleep(*pause)
		}
	}
	if depth >= *maxDepth {
		return pad[depth%4]
	}
	return w.down(depth+1) + pad[(depth+1)%4]
}

func main() {
	flag.Parse()
	sample := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(sample)
	start := uint64(0)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		start = sample[0].Value.Uint64()
	}
	fmt.Printf("{\"event\":\"start\",\"startingStackBytes\":%d}\n", start)
	out := make(chan any, 1024)
	done := make(chan int)
	go func() {
		anchor := 1
		w := &walker{anchor: &anchor, heap: heapObj, out: out}
		w.lastAddr = addr(w.anchor)
		w.down(0)
		close(out)
		done <- w.moves + anchor - 1
	}()
	for v := range out {
		switch e := v.(type) {
		case moved:
			fmt.Printf("{\"event\":\"moved\",\"depth\":%d,\"fromAddr\":%d,\"toAddr\":%d,\"inUseBytes\":%d}\n", e.depth, e.fromAddr, e.toAddr, e.inUseBytes)
		case sampled:
			fmt.Printf("{\"event\":\"sample\",\"depth\":%d,\"anchorAddr\":%d,\"heapAddr\":%d,\"inUseBytes\":%d}\n", e.depth, e.anchorAddr, e.heapAddr, e.inUseBytes)
		}
	}
	fmt.Printf("{\"event\":\"done\",\"depth\":%d,\"moves\":%d}\n", *maxDepth, <-done)
}
