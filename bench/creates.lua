-- wrk script: POST a create, each to the next of BENCH_TENANTS tenants (tenant-<i % tenants>), so the
-- per-tenant trial cap (default 50) holds. With BENCH_DIRECT=1 it posts straight to the stub's Z-API path
-- with the partner token instead, for the baseline. Used closed-model: -cN keeps N creates in flight.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "wrk-report.lua")
local tenants = tonumber(os.getenv("BENCH_TENANTS") or "2000")
local key = os.getenv("BENCH_KEY") or "bench-key"
local partner = os.getenv("BENCH_PARTNER_TOKEN") or "bench-partner-token"
local direct = os.getenv("BENCH_DIRECT") == "1"
local body = os.getenv("BENCH_BODY") or '{"name":"bench instance","sessionName":"bench"}'
local step = tonumber(os.getenv("BENCH_WRK_THREADS") or "2") -- wrk's -t: thread i takes tenants i, i+t, ...
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  n = offset - step
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  if direct then
    wrk.headers["Authorization"] = "Bearer " .. partner
  else
    wrk.headers["X-API-Key"] = key
  end
end

function request()
  n = n + step
  if direct then
    return wrk.format(nil, "/instances/integrator/on-demand")
  end
  return wrk.format(nil, "/api/v1/tenants/tenant-" .. (n % tenants) .. "/instances")
end
