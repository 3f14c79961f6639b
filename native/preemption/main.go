// Command preemption puts a busy loop beside a ticker and reports every tick the ticker
// gets through. Run it with GOMAXPROCS=1 so the loop and the ticker share one P.
//
//	-loop go   the loop is Go's `for {}`: no function calls, so no cooperative
//	           preemption point. Since Go 1.14 sysmon preempts it asynchronously
//	           (a signal) and ticks keep coming; with GODEBUG=asyncpreemptoff=1 the
//	           2018 behaviour returns: the ticker never runs again.
//	-loop c    the loop is C's `for (;;)`, entered through cgo. The goroutine is "in
//	           a syscall" as far as the scheduler is concerned, so sysmon hands its P to
//	           another M and the ticker keeps going, with or without async preemption.
//
// Output: one JSON object per line on stdout. The program exits by itself after
// -seconds; when it hangs, it is the runner that ends it.
//
//	{"event":"start","loop":"go","gomaxprocs":1,"godebug":"asyncpreemptoff=1"}
//	{"event":"tick","tick":1,"elapsedMs":100.2}
//	{"event":"done","ticks":30,"elapsedMs":3000.4}
package main

/*
// spin never returns. The volatile counter keeps gcc from proving the loop has no
// effect (an infinite loop without side effects is undefined behaviour in C).
static void spin(void) {
	volatile unsigned long n = 0;
	for (;;) n++;
}
*/
import "C"

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	loop := flag.String("loop", "go", `the busy loop: "go" (for {}) or "c" (a C for (;;) via cgo)`)
	seconds := flag.Float64("seconds", 3, "how long to run before exiting by itself")
	every := flag.Duration("every", 100*time.Millisecond, "ticker period")
	flag.Parse()
	if *loop != "go" && *loop != "c" {
		fmt.Fprintf(os.Stderr, "unknown -loop %q\n", *loop)
		os.Exit(2)
	}

	out := json.NewEncoder(os.Stdout)
	start := time.Now()
	emit := func(v map[string]any) {
		v["elapsedMs"] = float64(time.Since(start).Microseconds()) / 1000
		_ = out.Encode(v)
	}
	emit(map[string]any{"event": "start", "loop": *loop, "gomaxprocs": runtime.GOMAXPROCS(0),
		"godebug": os.Getenv("GODEBUG"), "goVersion": runtime.Version()})

	started := make(chan struct{})
	go func() {
		close(started)
		if *loop == "c" {
			C.spin()
		}
		for {
		}
	}()
	// Make sure the loop owns the only P before the ticker starts: from here on, every
	// tick needs the scheduler to take the P away from the loop.
	<-started
	runtime.Gosched()

	deadline := time.Duration(*seconds * float64(time.Second))
	ticker := time.NewTicker(*every)
	ticks := 0
	for range ticker.C {
		ticks++
		emit(map[string]any{"event": "tick", "tick": ticks})
		if time.Since(start) >= deadline {
			break
		}
	}
	emit(map[string]any{"event": "done", "ticks": ticks})
	os.Exit(0)
}
