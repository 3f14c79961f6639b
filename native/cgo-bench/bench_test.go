package cgobench

import "testing"

// sink keeps results alive so no call is optimised away.
var sink int

// checkCalls fails the benchmark unless each of its b.N calls did its one addition (the
// callback's in Go): the figure is the cost of that many real calls, whatever it is.
func checkCalls(b *testing.B, x int) {
	if x != b.N {
		b.Fatalf("%d calls added up to %d", b.N, x)
	}
}

func BenchmarkGoCall(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = goAdd(x, 1)
	}
	checkCalls(b, x)
	sink = x
}

func BenchmarkCgoCall(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoAdd(x, 1)
	}
	checkCalls(b, x)
	sink = x
}

func BenchmarkCgoCallNoescapeNocallback(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoAddNoescape(x, 1)
	}
	checkCalls(b, x)
	sink = x
}

func BenchmarkCgoCallback(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoCallback(x)
	}
	checkCalls(b, x)
	sink = x
}
