-- wrk script: GET a random seeded instance (BENCH<n> of tenant-<n % 1000>), authenticated.
-- Seeds per thread differ so threads do not walk the same ids.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "wrk-report.lua")
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
