// Command go-releases times one cgo call in each of its variants, as built by one Go
// release; the go-releases demo builds it with every release it compares and runs the
// binaries in interleaved rounds.
//
// Usage: go-releases <batches> <batchMs> [spinAdds [clockAdds]]
//
// Prints one JSON object per line on stdout:
//
//	{"version":"go1.10.8","variants":["cgo","callback"]}   first: what this build has
//	{"sentinel":"before","adds":A,"wallNs":T,"cpuNs":C}    spin(A) through cgo (spinAdds > 0)
//	{"variant":"cgo","iterations":N,"durationNs":T,"cpuNs":C,"threadNs":H,"clockAdds":K,"clockNs":S}
//	                                                        one per timed batch: wall T, process CPU C,
//	                                                        the loop's thread's CPU H; with clockAdds > 0,
//	                                                        spin(K) took S ns of the thread's CPU just before
//	{"sentinel":"after",…}                                  spin(A) again after the batches
//
// Why a clock next to every batch: the speed of a shared host wanders within one process
// on a scale of ~100 ms, so a sentinel before and after all batches (~1 s apart) cannot
// say how fast the machine ran during any one of them; spin(K) right before a batch can.
//
// Each variant is calibrated to ~batchMs and warmed up first; then the batches go
// round-robin over the variants, so a slow moment of the machine touches all of them.
// The source builds with Go 1.10 and later: no generics, no min/max builtins, and the
// Go 1.24 annotations live in annotated.go behind a build constraint.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// variantOrder is the order variants are reported in, whichever files registered them.
var variantOrder = []string{"cgo", "noescape", "nocallback", "callback"}

var variants = map[string]func(int32) int32{}

// register adds a variant; called from the init functions of the files that build.
func register(name string, call func(int32) int32) { variants[name] = call }

// maxCount keeps loop counts inside int32.
const maxCount = 2e9

// processCPUNs is the process's CPU time (CLOCK_PROCESS_CPUTIME_ID); it stops while the
// process is descheduled, and includes the runtime's other threads (sysmon): the CPU share.
func processCPUNs() int64 { return clockNs(2) }

// threadCPUNs is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): the timed loop's
// own, since init locks the main goroutine to its thread. It does not run while the thread
// waits for a core, so a busy machine does not inflate it the way it inflates wall time.
func threadCPUNs() int64 { return clockNs(3) }

// clockNs reads a clock_gettime clock (raw syscall: Go 1.10 has no other way to name one).
func clockNs(clock uintptr) int64 {
	var ts syscall.Timespec
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clock, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}

// The main goroutine stays on the main thread, so threadCPUNs times the loop. A cgo call
// enters and leaves the runtime the same way on a locked thread.
func init() { runtime.LockOSThread() }

// loop runs the dependency chain x = call(x) from 0 to count and returns x.
func loop(call func(int32) int32, count int32) int32 {
	var x int32
	for x < count {
		x = call(x)
	}
	return x
}

func timed(call func(int32) int32, count int32) int64 {
	start := time.Now() // carries a monotonic reading; Since uses it
	x := loop(call, count)
	elapsed := time.Since(start).Nanoseconds()
	if x != count {
		fmt.Fprintf(os.Stderr, "loop ended at %d, expected %d\n", x, count)
		os.Exit(2)
	}
	if elapsed < 1 {
		return 1
	}
	return elapsed
}

func clampCount(c float64) int32 {
	if c > maxCount {
		return maxCount
	}
	if c < 1 {
		return 1
	}
	return int32(c)
}

// calibrate finds the count that makes one loop last about targetNs, then warms up
// until a loop lands within 15 % of the target (the speed no longer changes), at most 3.
func calibrate(call func(int32) int32, targetNs float64) int32 {
	loop(call, 1000) // the first calls pay one-time costs (cgo runtime setup, page faults)
	count := 1000.0
	for count < maxCount {
		t := float64(timed(call, int32(count)))
		if t >= targetNs/5 {
			count = count * targetNs / t
			break
		}
		if t < targetNs/50 {
			count *= 10
		} else {
			count *= 2
		}
	}
	n := clampCount(count)
	for w := 0; w < 3; w++ {
		warm := float64(timed(call, n))
		n = clampCount(float64(n) * targetNs / warm)
		if warm > targetNs*0.85 && warm < targetNs*1.15 {
			break
		}
	}
	return n
}

type batchLine struct {
	Variant    string `json:"variant"`
	Iterations int32  `json:"iterations"`
	DurationNs int64  `json:"durationNs"`
	CPUNs      int64  `json:"cpuNs"`
	ThreadNs   int64  `json:"threadNs"`
	ClockAdds  int    `json:"clockAdds,omitempty"`
	ClockNs    int64  `json:"clockNs,omitempty"`
}

type sentinelLine struct {
	Sentinel string `json:"sentinel"`
	Adds     int    `json:"adds"`
	WallNs   int64  `json:"wallNs"`
	CPUNs    int64  `json:"cpuNs"`
}

// sentinel times spin(adds) through cgo: the machine's effective clock in this process.
func sentinel(when string, adds int) {
	if adds <= 0 {
		return
	}
	cpu0 := processCPUNs()
	start := time.Now()
	spinC(adds)
	wall := time.Since(start).Nanoseconds()
	printJSON(sentinelLine{Sentinel: when, Adds: adds, WallNs: wall, CPUNs: processCPUNs() - cpu0})
}

// clock times spin(adds) by the thread's CPU time: how fast the machine runs right now
// (0 when adds is 0). CPU time, as the batches: a wait for a core is not a slower clock.
func clock(adds int) int64 {
	if adds <= 0 {
		return 0
	}
	t0 := threadCPUNs()
	spinC(adds)
	if ns := threadCPUNs() - t0; ns > 0 {
		return ns
	}
	return 1
}

type headerLine struct {
	Version  string   `json:"version"`
	Variants []string `json:"variants"`
}

func printJSON(v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(b, '\n'))
}

func usage(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	fmt.Fprintln(os.Stderr, "usage: go-releases <batches> <batchMs> [spinAdds [clockAdds]]")
	os.Exit(64)
}

// available returns the variants this build has, in report order.
func available() []string {
	var names []string
	for _, name := range variantOrder {
		if variants[name] != nil {
			names = append(names, name)
		}
	}
	return names
}

// countArg reads the optional non-negative integer argument at index i (0 when absent).
func countArg(i int, name string) int {
	if len(os.Args) <= i {
		return 0
	}
	n, err := strconv.Atoi(os.Args[i])
	if err != nil || n < 0 {
		usage(name + " must be a non-negative integer")
	}
	return n
}

func main() {
	if len(os.Args) < 3 {
		usage("missing arguments")
	}
	batches, err1 := strconv.Atoi(os.Args[1])
	batchMs, err2 := strconv.ParseFloat(os.Args[2], 64)
	if err1 != nil || err2 != nil || batches < 1 || batchMs <= 0 {
		usage("batches and batchMs must be positive numbers")
	}
	spinAdds := countArg(3, "spinAdds")
	clockAdds := countArg(4, "clockAdds")
	names := available()
	printJSON(headerLine{Version: runtime.Version(), Variants: names})
	sentinel("before", spinAdds)
	targetNs := batchMs * 1e6
	counts := make([]int32, len(names))
	for i, name := range names {
		counts[i] = calibrate(variants[name], targetNs)
	}
	// A batch during which the process lost the CPU timed the scheduler, not the call:
	// retry it, keeping the least disturbed attempt (one retry per batch in all).
	retries := batches * len(names)
	for b := 0; b < batches; b++ {
		for i, name := range names {
			var bestT, bestCPU, bestThread, bestClock int64
			for attempt := 0; attempt < 3; attempt++ {
				clockNs := clock(clockAdds)
				cpu0, thread0 := processCPUNs(), threadCPUNs()
				t := timed(variants[name], counts[i])
				cpu, thread := processCPUNs()-cpu0, threadCPUNs()-thread0
				if attempt == 0 || float64(cpu)/float64(t) > float64(bestCPU)/float64(bestT) {
					bestT, bestCPU, bestThread, bestClock = t, cpu, thread, clockNs
				}
				if float64(bestCPU) >= 0.95*float64(bestT) || retries == 0 {
					break
				}
				retries--
			}
			line := batchLine{Variant: name, Iterations: counts[i], DurationNs: bestT, CPUNs: bestCPU, ThreadNs: bestThread}
			if clockAdds > 0 {
				line.ClockAdds, line.ClockNs = clockAdds, bestClock
			}
			printJSON(line)
		}
	}
	sentinel("after", spinAdds)
}
