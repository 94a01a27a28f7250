-- wrk script: GET a random seeded instance (BENCH<n> of tenant-<n % 1000>), authenticated.
-- Seeds per thread differ so threads do not walk the same ids.
local ids = tonumber(os.getenv("BENCH_IDS") or "100000")
local tenants = tonumber(os.getenv("BENCH_TENANTS") or "1000")
local key = os.getenv("BENCH_KEY") or "bench-key"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() + (seed or 0) * 7919)
  wrk.headers["X-API-Key"] = key
end

function request()
  local n = math.random(0, ids - 1)
  return wrk.format("GET", "/api/v1/tenants/tenant-" .. (n % tenants) .. "/instances/BENCH" .. n)
end

function done(summary, latency, requests)
  local non2xx = (summary.errors.status or 0)
  io.write(string.format("WRK requests=%d duration_s=%.2f rps=%.1f non2xx=%d socket_errors=%d p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
