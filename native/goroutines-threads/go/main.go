// Command goroutines starts N goroutines that all block on one channel and prints, as
// JSON lines, the process's memory as they start, read from /proc/self/status:
// VmRSS (resident: pages really in RAM) and VmSize (reserved: all mapped address space).
//
//	{"n":0,"rssBytes":R,"vmBytes":V,"kernelStackBytes":K,"threads":T}   the baseline
//	{"n":N,…}   after N goroutines are started and parked
//
// kernelStackBytes is /proc/meminfo's KernelStack (machine-wide); threads is this
// process's OS thread count (/proc/self/status Threads).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// kernelStack reads KernelStack from /proc/meminfo: machine-wide, all processes; the
// kernel stack every thread has lives there, not in this process's VmRSS.
func kernelStack() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "KernelStack:" {
			kb, _ := strconv.ParseInt(fields[1], 10, 64)
			return kb * 1024
		}
	}
	return -1
}

// status reads VmRSS and VmSize (kB in the file) and returns bytes.
func status() (rssBytes, vmBytes int64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1, -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rssBytes = kb * 1024
		case "VmSize:":
			vmBytes = kb * 1024
		}
	}
	return rssBytes, vmBytes
}

// threads reads this process's OS thread count from /proc/self/status.
func threads() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "Threads:" {
			n, _ := strconv.ParseInt(fields[1], 10, 64)
			return n
		}
	}
	return -1
}

func report(n int) {
	rss, vm := status()
	fmt.Printf("{\"n\":%d,\"rssBytes\":%d,\"vmBytes\":%d,\"kernelStackBytes\":%d,\"threads\":%d}\n", n, rss, vm, kernelStack(), threads())
}

func main() {
	total := flag.Int("n", 1000, "goroutines to start")
	steps := flag.Int("steps", 20, "how many reports on the way")
	flag.Parse()
	block := make(chan struct{})
	var started sync.WaitGroup
	report(0)
	n := 0
	for step := 1; step <= *steps; step++ {
		target := *total * step / *steps
		for ; n < target; n++ {
			started.Add(1)
			go func() {
				started.Done()
				<-block // parked: costs its stack and its g, no thread
			}()
		}
		started.Wait()
		report(n)
	}
	close(block)
}
