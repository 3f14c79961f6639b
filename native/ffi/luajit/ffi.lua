-- ffi.lua: LuaJIT's FFI calling plusone from libplusone.so. ffi.load resolves the
-- symbol with dlsym and the JIT emits a call to that address directly: no PLT stub,
-- which is how LuaJIT "beat C" in 2018.
-- Usage: luajit ffi.lua <batches> <batchMs> <spinAdds> <path/to/libplusone.so>
local ffi = require("ffi")
ffi.cdef[[
int plusone(int x);
int spin(int adds);
typedef struct { long tv_sec; long tv_nsec; } ffi_timespec;
int clock_gettime(int clk_id, ffi_timespec *tp);
]]

local batches = tonumber(arg[1])
local target_ns = tonumber(arg[2]) * 1e6
local spin_adds = tonumber(arg[3])
local lib = ffi.load(arg[4])
local plusone = lib.plusone
local ts = ffi.new("ffi_timespec")
local CLOCK_MONOTONIC = 1
local CLOCK_THREAD_CPUTIME_ID = 3

local function clock_ns(clock)
  ffi.C.clock_gettime(clock, ts)
  return tonumber(ts.tv_sec) * 1e9 + tonumber(ts.tv_nsec)
end
local function now_ns() return clock_ns(CLOCK_MONOTONIC) end

local function run(count)
  local x = 0
  while x < count do x = plusone(x) end
  return x
end

local function timed(count)
  local start = now_ns()
  local x = run(count)
  local elapsed = now_ns() - start
  if x ~= count then
    io.stderr:write(string.format("loop ended at %d, expected %d\n", x, count))
    os.exit(2)
  end
  return elapsed
end

-- time_spin times one call of the machine-speed sentinel: wall and thread CPU time, ns.
local function time_spin(adds)
  local cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID)
  local start = now_ns()
  lib.spin(adds)
  local elapsed = now_ns() - start
  return elapsed, clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0
end

io.write(string.format('{"version":"%s"}\n', jit.version))
-- Calibration doubles as JIT warm-up (the loop is traced and compiled on the way).
local count = 1000
run(1000) -- first call pays one-time costs (symbol resolution, first trace)
while true do
  local t = math.max(1, timed(count))
  if t >= target_ns / 5 then count = count * target_ns / t; break end
  count = count * (t < target_ns / 50 and 10 or 2)
  if count > 2e9 then break end
end
count = math.floor(math.max(1, math.min(2e9, count)))
-- Warm-up batches, not printed: rescale after each until one lands within 15 % of the
-- target (the compiled trace's speed no longer changes), at most 5.
for _ = 1, 5 do
  local warm = math.max(1, timed(count))
  count = math.floor(math.max(1, math.min(2e9, count * target_ns / warm)))
  if warm > target_ns * 0.85 and warm < target_ns * 1.15 then break end
end
-- The host's speed wanders within a process on a ~100 ms time scale: the sentinel is timed
-- right before every attempt, so the runner can keep the batches run at full clock. A batch
-- during which the thread lost the CPU (CPU time well under wall time) timed the scheduler,
-- not the call: retry it (sentinel and batch), keeping the least disturbed attempt (one
-- retry per batch in all).
local retries = batches
for _ = 1, batches do
  local best_t, best_cpu, best_spin, best_spin_cpu = 0, 0, 0, 0
  for attempt = 1, 3 do
    local spin_t, spin_cpu = time_spin(spin_adds)
    local cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID)
    local t = math.max(1, timed(count))
    local cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0
    if attempt == 1 or cpu / t > best_cpu / best_t then
      best_t, best_cpu, best_spin, best_spin_cpu = t, cpu, spin_t, spin_cpu
    end
    if best_cpu >= 0.95 * best_t or retries == 0 then break end
    retries = retries - 1
  end
  io.write(string.format('{"spinAdds":%d,"spinNs":%d,"spinCpuNs":%d}\n', spin_adds, best_spin, best_spin_cpu))
  io.write(string.format('{"iterations":%d,"durationNs":%d,"cpuNs":%d}\n', count, best_t, best_cpu))
  io.flush()
end
-- The closing sentinel: a batch's clock is the lower of the readings before and after it.
local closing_t, closing_cpu = time_spin(spin_adds)
io.write(string.format('{"spinAdds":%d,"spinNs":%d,"spinCpuNs":%d}\n', spin_adds, closing_t, closing_cpu))
io.flush()
