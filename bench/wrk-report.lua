-- The one-line report both wrk scripts print (loaded by reads.lua and creates.lua, which sit beside it):
-- WRK requests=... rps=... non2xx=... socket_errors=... p50/p99/max (ms), read by bench.sh's summary.
function done(summary, latency, requests)
  local non2xx = (summary.errors.status or 0)
  io.write(string.format("WRK requests=%d duration_s=%.2f rps=%.1f non2xx=%d socket_errors=%d p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
