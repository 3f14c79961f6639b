// Command ffi-go times calls to plusone from Go: through cgo into libplusone.so (built
// with cgo_plain.go, cgo_noescape.go or cgo_nocallback.go), or a plain Go call as a
// reference. The machine-speed sentinel, spin, is called through cgo in both cases.
//
// Usage:
//
//	ffi-go <batches> <batchMs> <spinAdds> [cgo|go]   per batch, the sentinel line timed right
//	                                                 before it, {"spinAdds":N,"spinNs":T,"spinCpuNs":C},
//	                                                 then {"iterations":N,"durationNs":T,"cpuNs":C};
//	                                                 one more sentinel line after the last batch
//	ffi-go --fixed <count> [<spinAdds>]              one untimed cgo loop, timed from outside
//	                                                 (the sentinel right before and after it)
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

// spinReading is one timed call of the sentinel: wall and process CPU time, ns.
type spinReading struct{ wall, cpu int64 }

// timeSpin times one call of the sentinel.
func timeSpin(adds int32) spinReading {
	cpu0 := processCPUNs()
	start := time.Now()
	cSpin(adds)
	elapsed := time.Since(start).Nanoseconds()
	return spinReading{elapsed, processCPUNs() - cpu0}
}

func main() {
	if (len(os.Args) == 3 || len(os.Args) == 4) && os.Args[1] == "--fixed" {
		// The sentinel (when asked for) right before and right after the loop: the runner
		// keeps the loop only if both read full clock, and subtracts their time.
		count, err := strconv.Atoi(os.Args[2])
		spinAdds := 0
		if err == nil && len(os.Args) == 4 {
			spinAdds, err = strconv.Atoi(os.Args[3])
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(64)
		}
		var before, after spinReading
		if spinAdds > 0 {
			before = timeSpin(int32(spinAdds))
		}
		x := runCgo(int32(count))
		if spinAdds > 0 {
			after = timeSpin(int32(spinAdds))
			for _, r := range []spinReading{before, after} {
				fmt.Printf("{\"spinAdds\":%d,\"spinNs\":%d,\"spinCpuNs\":%d}\n", spinAdds, r.wall, r.cpu)
			}
		}
		fmt.Printf("{\"x\":%d}\n", x)
		return
	}
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: ffi-go <batches> <batchMs> <spinAdds> [cgo|go] | --fixed <count> [<spinAdds>]")
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
	// The host's speed wanders within a process on a ~100 ms time scale: the sentinel is
	// timed right before every attempt, so the runner can keep the batches run at full
	// clock. A batch during which the process lost the CPU timed the scheduler, not the
	// call: retry it (sentinel and batch), keeping the least disturbed attempt (one retry
	// per batch in all).
	retries := batches
	for i := 0; i < batches; i++ {
		var bestT, bestCPU int64
		var bestSpin spinReading
		for attempt := 0; attempt < 3; attempt++ {
			sr := timeSpin(int32(spinAdds))
			cpu0 := processCPUNs()
			t := max(1, timed(run, n))
			cpu := processCPUNs() - cpu0
			if attempt == 0 || float64(cpu)/float64(t) > float64(bestCPU)/float64(bestT) {
				bestT, bestCPU, bestSpin = t, cpu, sr
			}
			if float64(bestCPU) >= 0.95*float64(bestT) || retries == 0 {
				break
			}
			retries--
		}
		fmt.Printf("{\"spinAdds\":%d,\"spinNs\":%d,\"spinCpuNs\":%d}\n", spinAdds, bestSpin.wall, bestSpin.cpu)
		fmt.Printf("{\"iterations\":%d,\"durationNs\":%d,\"cpuNs\":%d}\n", n, bestT, bestCPU)
	}
	// The closing sentinel: a batch's clock is the lower of the readings before and after it.
	closing := timeSpin(int32(spinAdds))
	fmt.Printf("{\"spinAdds\":%d,\"spinNs\":%d,\"spinCpuNs\":%d}\n", spinAdds, closing.wall, closing.cpu)
}
