"""ctypes_work.py: Python calling spin in libplusone.so through ctypes, with the timing
protocol of sweep.h. Usage: python3 ctypes_work.py <batches> <batchMs> <n,n,…> <libplusone.so>"""
import ctypes
import json
import sys
import time

batches = int(sys.argv[1])
target_ns = float(sys.argv[2]) * 1e6
spin = ctypes.CDLL(sys.argv[4]).spin
spin.argtypes = [ctypes.c_int]
spin.restype = ctypes.c_int
spin_loop_ns = ctypes.CDLL(sys.argv[5]).spin_loop_ns
spin_loop_ns.argtypes = [ctypes.c_int, ctypes.c_double, ctypes.POINTER(ctypes.c_double)]
spin_loop_ns.restype = ctypes.c_double


def timed(n, count):
    acc = 0
    start = time.perf_counter_ns()
    for _ in range(count):
        acc += spin(n)
    return max(1, time.perf_counter_ns() - start)


print(json.dumps({"version": "Python " + sys.version.split()[0] + ", ctypes"}), flush=True)
for item in sys.argv[3].split(","):
    n = int(item)
    spin(n)  # the first call pays one-time costs (argument converters)
    count = 1.0
    while True:
        t = timed(n, int(count))
        if t >= target_ns / 5:
            count = count * target_ns / t
            break
        count *= 10 if t < target_ns / 50 else 2
    k = max(1, int(count))
    # Warm-up loops, not printed: rescale until one lands within 15 % of the target.
    for _ in range(3):
        warm = timed(n, k)
        k = max(1, int(k * target_ns / warm))
        if target_ns * 0.85 < warm < target_ns * 1.15:
            break
    for _ in range(batches):
        cpu0 = time.thread_time_ns()
        t = timed(n, k)
        cpu = time.thread_time_ns() - cpu0
        direct_cpu = ctypes.c_double(0)
        direct = spin_loop_ns(n, k, ctypes.byref(direct_cpu))
        print(json.dumps({"n": n, "iterations": k, "durationNs": t, "cpuNs": cpu, "directNs": direct, "directCpuNs": direct_cpu.value}, separators=(",", ":")), flush=True)
