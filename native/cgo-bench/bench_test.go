package cgobench

import "testing"

// sink keeps results alive so no call is optimised away.
var sink int

func BenchmarkGoCall(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = goAdd(x, 1)
	}
	sink = x
}

func BenchmarkCgoCall(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoAdd(x, 1)
	}
	sink = x
}

func BenchmarkCgoCallNoescapeNocallback(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoAddNoescape(x, 1)
	}
	sink = x
}

func BenchmarkCgoCallback(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x = cgoCallback(x)
	}
	sink = x
}
