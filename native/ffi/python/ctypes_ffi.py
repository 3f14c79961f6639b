"""ctypes_ffi.py: Python's ctypes calling plusone from libplusone.so (the far end).

Usage: python3 ctypes_ffi.py <batches> <batchMs> <spinAdds> <path/to/libplusone.so>
Prints one {"iterations":N,"durationNs":T,"cpuNs":C} line per batch (time.perf_counter_ns
is monotonic), and a {"spinAdds":N,"spinNs":T,"spinCpuNs":C} line for the machine-speed
sentinel before and after them.
"""
import ctypes
import json
import sys
import time

batches = int(sys.argv[1])
target_ns = float(sys.argv[2]) * 1e6
spin_adds = int(sys.argv[3])
lib = ctypes.CDLL(sys.argv[4])
plusone = lib.plusone
plusone.argtypes = [ctypes.c_int]
plusone.restype = ctypes.c_int
spin = lib.spin
spin.argtypes = [ctypes.c_int]
spin.restype = ctypes.c_int


def run(count):
    x = 0
    while x < count:
        x = plusone(x)
    return x


def timed(count):
    start = time.perf_counter_ns()
    x = run(count)
    elapsed = time.perf_counter_ns() - start
    if x != count:
        sys.stderr.write(f"loop ended at {x}, expected {count}\n")
        sys.exit(2)
    return elapsed


def spin_line(adds):
    """Times one call of the machine-speed sentinel and prints its line."""
    cpu0 = time.thread_time_ns()
    start = time.perf_counter_ns()
    spin(adds)
    elapsed = time.perf_counter_ns() - start
    cpu = time.thread_time_ns() - cpu0
    print(json.dumps({"spinAdds": adds, "spinNs": elapsed, "spinCpuNs": cpu}, separators=(",", ":")), flush=True)


print(json.dumps({"version": "Python " + sys.version.split()[0]}), flush=True)
count = 100.0
run(100)  # first call pays one-time costs (argument converters, page faults)
while True:
    t = max(1, timed(int(count)))
    if t >= target_ns / 5:
        count = count * target_ns / t
        break
    count *= 10 if t < target_ns / 50 else 2
count = int(max(1, min(2e9, count)))
# Warm-up batches, not printed: rescale after each until one lands within 15 % of the
# target, at most 5.
for _ in range(5):
    warm = max(1, timed(count))
    count = int(max(1, min(2e9, count * target_ns / warm)))
    if target_ns * 0.85 < warm < target_ns * 1.15:
        break
# A batch during which the thread lost the CPU (thread CPU time well under wall time)
# timed the scheduler, not the call: retry it, keeping the least disturbed attempt (one
# retry per batch in all).
spin_line(spin_adds)
retries = batches
for _ in range(batches):
    best_t, best_cpu = 0, 0
    for attempt in range(3):
        cpu0 = time.thread_time_ns()
        t = max(1, timed(count))
        cpu = time.thread_time_ns() - cpu0
        if attempt == 0 or cpu / t > best_cpu / best_t:
            best_t, best_cpu = t, cpu
        if best_cpu >= 0.95 * best_t or retries == 0:
            break
        retries -= 1
    print(json.dumps({"iterations": count, "durationNs": best_t, "cpuNs": best_cpu}, separators=(",", ":")), flush=True)
spin_line(spin_adds)
