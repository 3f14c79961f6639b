// Command ffi-go times calls to plusone from Go: through cgo into libplusone.so (built
// with cgo_plain.go, cgo_noescape.go or cgo_nocallback.go), or a plain Go call as a
// reference. The machine-speed sentinel, spin, is called through cgo in both cases.
//
// Usage: ffi-go <batches> <batchMs> <spinAdds> [cgo|go]   one {"iterations":N,"durationNs":T,"cpuNs":C}
//                                                        per batch, a sentinel line before and after
//        ffi-go --fixed <count>                           one untimed cgo loop, timed from outside
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// processCPUNs is the process's CPU time (CLOCK_PROCESS_CPUTIME_ID): it stops while the
// process is descheduled. Process-wide, because the goroutine may change threads; the
// runtime's other threads are idle during the loop (no allocation, no GC).
func processCPUNs() int64 {
	var ts syscall.Timespec
	const clockProcessCPUTimeID = 2
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}

//go:noinline
func goPlusOne(x int32) int32 { return x + 1 }

// runCgo and runGo are the loops, one copy each: noinline keeps the timed mode and
// --fixed on the same machine code (inlined into a caller, a loop can compile differently).
//
//go:noinline
func runCgo(count int32) int32 {
	var x int32
	for x < count {
		x = cPlusOne(x)
	}
	return x
}

//go:noinline
func runGo(count int32) int32 {
	var x int32
	for x < count {
		x = goPlusOne(x)
	}
	return x
}

func timed(run func(int32) int32, count int32) int64 {
	start := time.Now() // carries a monotonic reading; Since uses it
	x := run(count)
	elapsed := time.Since(start).Nanoseconds()
	if x != count {
		fmt.Fprintf(os.Stderr, "loop ended at %d, expected %d\n", x, count)
		os.Exit(2)
	}
	return elapsed
}

// spinLine times one call of the sentinel and prints its line.
func spinLine(adds int32) {
	cpu0 := processCPUNs()
	start := time.Now()
	cSpin(adds)
	elapsed := time.Since(start).Nanoseconds()
	cpu := processCPUNs() - cpu0
	fmt.Printf("{\"spinAdds\":%d,\"spinNs\":%d,\"spinCpuNs\":%d}\n", adds, elapsed, cpu)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "--fixed" {
		count, err := strconv.Atoi(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(64)
		}
		x := runCgo(int32(count))
		fmt.Printf("{\"x\":%d}\n", x)
		return
	}
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: ffi-go <batches> <batchMs> <spinAdds> [cgo|go] | --fixed <count>")
		os.Exit(64)
	}
	batches, err1 := strconv.Atoi(os.Args[1])
	batchMs, err2 := strconv.ParseFloat(os.Args[2], 64)
	spinAdds, err3 := strconv.Atoi(os.Args[3])
	if err1 != nil || err2 != nil || err3 != nil || batches < 1 || batchMs <= 0 || spinAdds < 1 {
		fmt.Fprintln(os.Stderr, "batches, batchMs and spinAdds must be positive numbers")
		os.Exit(64)
	}
	run := runCgo
	if len(os.Args) > 4 && os.Args[4] == "go" {
		run = runGo
	}
	fmt.Printf("{\"version\":%q}\n", runtime.Version())
	targetNs := batchMs * 1e6
	count := 1000.0
	run(1000) // first call pays one-time costs (cgo runtime setup, page faults)
	for {
		t := max(1, float64(timed(run, int32(count))))
		if t >= targetNs/5 {
			count = count * targetNs / t
			break
		}
		if t < targetNs/50 {
			count *= 10
		} else {
			count *= 2
		}
		if count > 2e9 {
			break
		}
	}
	n := int32(min(2e9, max(1, count)))
	// Warm-up batches, not printed: rescale after each until one lands within 15 % of
	// the target (the speed no longer changes), at most 5.
	for w := 0; w < 5; w++ {
		warm := max(1, float64(timed(run, n)))
		n = int32(min(2e9, max(1, float64(n)*targetNs/warm)))
		if warm > targetNs*0.85 && warm < targetNs*1.15 {
			break
		}
	}
	spinLine(int32(spinAdds))
	// A batch during which the process lost the CPU timed the scheduler, not the call:
	// retry it, keeping the least disturbed attempt (one retry per batch in all).
	retries := batches
	for i := 0; i < batches; i++ {
		var bestT, bestCPU int64
		for attempt := 0; attempt < 3; attempt++ {
			cpu0 := processCPUNs()
			t := max(1, timed(run, n))
			cpu := processCPUNs() - cpu0
			if attempt == 0 || float64(cpu)/float64(t) > float64(bestCPU)/float64(bestT) {
				bestT, bestCPU = t, cpu
			}
			if float64(bestCPU) >= 0.95*float64(bestT) || retries == 0 {
				break
			}
			retries--
		}
		fmt.Printf("{\"iterations\":%d,\"durationNs\":%d,\"cpuNs\":%d}\n", n, bestT, bestCPU)
	}
	spinLine(int32(spinAdds))
}
