// Command work-per-call-cgo calls spin in libplusone.so (native/ffi/plusone.c) through cgo for each n of a list,
// with the timing protocol of sweep.h (see there), each timed batch followed by the same
// count of direct calls from C in this process (spin_loop.c), printed as directNs:
//
//	work-per-call-cgo <batches> <batchMs> <n,n,…>
package main

/*
#cgo LDFLAGS: -L${SRCDIR} -lspinloop -lplusone -Wl,-rpath,$ORIGIN
int spin(int adds);
double spin_loop_ns(int n, double count, double *cpu_ns);
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

var sink int

// processCPUNs is the process's CPU time (the goroutine may change threads).
func processCPUNs() int64 {
	var ts syscall.Timespec
	const clockProcessCPUTimeID = 2
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}

func timed(n C.int, count int) int64 {
	acc := 0
	start := time.Now()
	for i := 0; i < count; i++ {
		acc += int(C.spin(n))
	}
	elapsed := max(1, time.Since(start).Nanoseconds())
	sink = acc
	return elapsed
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: work-per-call-cgo <batches> <batchMs> <n,n,…>")
		os.Exit(64)
	}
	batches, err1 := strconv.Atoi(os.Args[1])
	batchMs, err2 := strconv.ParseFloat(os.Args[2], 64)
	if err1 != nil || err2 != nil || batches < 1 || batchMs <= 0 {
		fmt.Fprintln(os.Stderr, "batches and batchMs must be positive numbers")
		os.Exit(64)
	}
	out := json.NewEncoder(os.Stdout)
	out.Encode(map[string]string{"version": "Go " + runtime.Version() + ", cgo"})
	targetNs := batchMs * 1e6
	for _, item := range strings.Split(os.Args[3], ",") {
		n, err := strconv.Atoi(item)
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "n must be a positive integer: %s\n", item)
			os.Exit(64)
		}
		C.spin(C.int(n)) // the first call pays one-time costs (cgo runtime setup)
		count := 1.0
		for {
			t := float64(timed(C.int(n), int(count)))
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
		k := max(1, int(count))
		// Warm-up loops, not printed: rescale until one lands within 15 % of the target.
		for w := 0; w < 3; w++ {
			warm := float64(timed(C.int(n), k))
			k = max(1, int(float64(k)*targetNs/warm))
			if warm > targetNs*0.85 && warm < targetNs*1.15 {
				break
			}
		}
		for b := 0; b < batches; b++ {
			cpu0 := processCPUNs()
			t := timed(C.int(n), k)
			cpu := processCPUNs() - cpu0
			var directCPU C.double
			direct := C.spin_loop_ns(C.int(n), C.double(k), &directCPU)
			out.Encode(map[string]int64{"n": int64(n), "iterations": int64(k), "durationNs": t, "cpuNs": cpu, "directNs": int64(direct), "directCpuNs": int64(directCPU)})
		}
	}
}
