// Command threads shows Reason 3 of "Why cgo is slow": a goroutine blocked in C keeps
// its OS thread, a goroutine blocked in time.Sleep does not.
//
// It starts -n goroutines (spread over -ramp) that each block for -hold: in C's sleep(3) (-mode c) or in
// time.Sleep (-mode go), and meanwhile samples its own thread count from
// /proc/self/status every -interval. With -max-threads > 0 it first calls
// debug.SetMaxThreads, so too many goroutines in C end in "fatal error: thread
// exhaustion" (the runtime's own words, on stderr).
//
// Output: one JSON object per line on stdout (raw samples only, no statistics):
//
//	{"event":"start","mode":"c","n":100,"gomaxprocs":2,"maxThreads":0}
//	{"event":"sample","elapsedMs":12.5,"threads":7,"goroutines":101}
//	{"event":"done","elapsedMs":3001.2,"threads":104}
package main

/*
#include <unistd.h>
*/
import "C"

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	n := flag.Int("n", 100, "goroutines to block")
	mode := flag.String("mode", "c", `where they block: "c" (C sleep) or "go" (time.Sleep)`)
	hold := flag.Duration("hold", 3*time.Second, "how long each goroutine blocks")
	interval := flag.Duration("interval", 50*time.Millisecond, "sampling interval")
	ramp := flag.Duration("ramp", time.Second, "spread the goroutines' start over this long, so the chart shows the climb")
	maxThreads := flag.Int("max-threads", 0, "debug.SetMaxThreads limit (0: leave the default)")
	flag.Parse()
	if *mode != "c" && *mode != "go" {
		fmt.Fprintf(os.Stderr, "unknown -mode %q\n", *mode)
		os.Exit(2)
	}
	if *maxThreads > 0 {
		debug.SetMaxThreads(*maxThreads)
	}

	out := json.NewEncoder(os.Stdout)
	start := time.Now()
	emit := func(v map[string]any) {
		v["elapsedMs"] = float64(time.Since(start).Microseconds()) / 1000
		// Errors writing stdout mean the runner is gone; nothing useful is left to do.
		_ = out.Encode(v)
	}
	emit(map[string]any{"event": "start", "mode": *mode, "n": *n,
		"gomaxprocs": runtime.GOMAXPROCS(0), "maxThreads": *maxThreads, "threads": threads()})

	// The sampler is itself a goroutine: in "c" mode it must keep getting a P, which is
	// the point of the demo (the blocked Ms hand their Ps off).
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(*interval)
		defer tick.Stop()
		for {
			emit(map[string]any{"event": "sample", "threads": threads(), "goroutines": runtime.NumGoroutine()})
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()

	var wg sync.WaitGroup
	secs := C.uint((*hold + time.Second - 1) / time.Second)
	for i := 0; i < *n; i++ {
		if *ramp > 0 && i > 0 {
			time.Sleep(*ramp / time.Duration(*n))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if *mode == "c" {
				C.sleep(secs)
			} else {
				time.Sleep(*hold)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	emit(map[string]any{"event": "done", "threads": threads()})
}

// threads reads this process's OS thread count, the kernel's own figure.
func threads() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err == nil {
				return n
			}
		}
	}
	return -1
}
