#!/usr/bin/env bash
# Benchmarks for zapi-gateway, everything on loopback. See docs/benchmarks.md.
#
#   bench/bench.sh [smoke|overhead|slow|reads|startup|image|all]...     (default: all but image)
#
# Needs: JDK 25 (JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), psql and a PostgreSQL
# reachable as PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres, trust auth) in which the
# database BENCH_DB (default zapi_bench) may be dropped and recreated; wrk for the max-throughput
# read test and the wrk run of the 1,000-in-flight test (skipped without it). Builds the jar if target/ has none (./mvnw -DskipTests package).
# Env knobs: JFR=1 (record a JFR profile per scenario), GATEWAY_JAVA_OPTS (extra JVM options),
# SLOW_PLATFORM=1 (also run the slow-call test with virtual threads off, for contrast),
# RATE/DURATION/WARMUP/DIRECT_WARMUP (overhead test), READ_RATE, SLOW_REQUESTS, SLOW_CONCURRENCY,
# SLOW_WARMUP (closed-model warm-up: SLOW_WARMUP x SLOW_CONCURRENCY unrecorded creates), SLOW_WRK_SECONDS, LOAD_SECONDS,
# STARTUP_RUNS, STARTUP_MODES (a subset of "jar extracted extracted+aot"; the AOT cache is trained only
# for extracted+aot), READ_STALLS=0 (skip the read run with forced full collections).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-zapi_bench}
# Warm-ups are long on purpose: on 2 cores the JIT's C2 compiler is still compiling the create path
# after 6,000 creates (a quarter of the CPU in a profile then), so a short warm-up measures the compiler.
RATE=${RATE:-100} DURATION=${DURATION:-30} WARMUP=${WARMUP:-150} DIRECT_WARMUP=${DIRECT_WARMUP:-20}
SLOW_WARMUP=${SLOW_WARMUP:-20}
# The gateway's JVM options for every run (heap capped as a container limit would; AOT cache
# training and use must see the same options).
# SerialGC is what JVM ergonomics picks in a container under 2 CPUs or 1792 MiB. (G1 told to give the heap
# back, -XX:MaxHeapFreeRatio=40, met the RSS target but cost start-up, latency and throughput: see
# docs/benchmarks.md.) A 160 MiB heap (what a 400 MiB budget leaves beside the ~240 MiB the JVM needs for
# itself) gave 421-426 MiB after the cold minute, and its full collections (125 ms) made the warm read test
# shed reads: not kept. MetaspaceSize: no full collections for metaspace growth while starting (-0.25 s).
# TrimNativeHeapInterval hands freed C-heap (mostly the JIT compiler's) back to the OS: -35 MiB RSS after a
# minute of load here, as the Dockerfile does.
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx256m -XX:MetaspaceSize=128m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}
# 1,000 creates in flight keep ~250 KB of live heap each (Tomcat's and the HTTP client's connection
# buffers, a deep virtual-thread stack): at 256 MiB the collector thrashes, so that test gets 1 GiB.
SLOW_JAVA_OPTS=${SLOW_JAVA_OPTS:--Xmx1g -XX:MetaspaceSize=128m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}
READ_RATE=${READ_RATE:-2000} READ_DURATION=${READ_DURATION:-30}
SLOW_REQUESTS=${SLOW_REQUESTS:-10000} SLOW_CONCURRENCY=${SLOW_CONCURRENCY:-1000} SLOW_WRK_SECONDS=${SLOW_WRK_SECONDS:-15}
LOAD_SECONDS=${LOAD_SECONDS:-60} STARTUP_RUNS=${STARTUP_RUNS:-2}
STARTUP_MODES=${STARTUP_MODES:-jar extracted extracted+aot}
IDS=100000 TENANTS=1000 CREATE_TENANTS=${CREATE_TENANTS:-2000}
API_KEY=bench-key
API_KEY_SHA=$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)
PARTNER_TOKEN=bench-partner-token
BODY='{"name":"bench instance","sessionName":"bench"}'

# Gateway settings for the bench (unknown ones are ignored by older builds): a test encryption
# key, and the per-client create rate and the Z-API bulkhead lifted (at 1,000, its maximum) so
# the load, not a limit, is measured. The per-tenant trial cap stays at its default (50): creates
# are spread over CREATE_TENANTS tenants (about 15 each on average), as many tenants would.
# The bulkhead's setting is added once the jar is known (its name depends on the build).
GATEWAY_ARGS=(
	--gateway.encryption.active-key-id=bench
	--gateway.encryption.keys.bench=YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZyEhISE=
	--gateway.limits.create-rate.capacity=100000000
)

OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
PIDS=()

cleanup() {
	for pid in "${PIDS[@]}"; do
		kill -9 "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT

log() { echo "# $*" | tee -a "$RESULTS"; }
loadavg() { log "loadavg $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

JAR=${JAR:-$(ls target/zapi-gateway-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [[ -z "$JAR" ]]; then
	./mvnw -B -q -DskipTests package
	JAR=$(ls target/zapi-gateway-*.jar | grep -v original | head -1)
fi
# Builds with zapi.ZapiGuardProperties read the bulkhead from zapi.guard.* and refuse to start given
# the gateway.creation.* name that older builds read (see CHANGELOG.md); grep reads all of the listing
# (no -q: with pipefail, jar killed by a closed pipe would fail the test). An old jar and a new one are
# compared with the same bulkhead.
if "$JAVA_HOME/bin/jar" tf "$JAR" | grep 'com/zapigateway/zapi/ZapiGuardProperties.class' >/dev/null; then
	GATEWAY_ARGS+=(--zapi.guard.max-concurrent-calls=1000)
else
	GATEWAY_ARGS+=(--gateway.creation.max-concurrent-calls=1000)
fi
mkdir -p "$OUT/classes"
"$JAVA_HOME/bin/javac" -d "$OUT/classes" bench/LoadGen.java bench/ZapiStub.java
loadgen() { "$JAVA" -cp "$OUT/classes" LoadGen "$@" | tee -a "$RESULTS"; }

# A production PostgreSQL's autovacuum analyzes a table as it grows; without it the gateway's sessions
# keep the generic plans they made while the bench's fresh tables were empty (a trial count that scans
# the whole table: see docs/benchmarks.md). Where autovacuum is off (this machine's PostgreSQL), an
# ANALYZE every 15 s stands in for it.
if [[ "$(psql -Atq -d postgres -c 'show autovacuum')" == off ]]; then
	(while sleep 15; do psql -q -d "$BENCH_DB" -c analyze >/dev/null 2>&1 || true; done) &
	PIDS+=($!)
	AUTOVACUUM_NOTE="autovacuum off: ANALYZE every 15 s in its place"
fi

log "date $(date -u +%FT%TZ) host $(hostname) cpus $(nproc) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
log "mem $(free -m | awk '/Mem:/{print $2}') MiB; jdk $("$JAVA" -version 2>&1 | head -1); jar $JAR ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
log "command: bench/bench.sh $*; gateway JVM options: $GATEWAY_JAVA_OPTS (slow test: $SLOW_JAVA_OPTS)"
log "postgresql: $(psql -Atq -d postgres -c 'show server_version'); ${AUTOVACUUM_NOTE:-autovacuum on}"

start_stub() { # delay-ms
	local port
	port=$(free_port)
	"$JAVA" -cp "$OUT/classes" ZapiStub "$port" "$1" "$PARTNER_TOKEN" >"$OUT/stub-$1ms.log" 2>&1 &
	STUB_PID=$!
	PIDS+=("$STUB_PID")
	STUB_PORT=$port
	for _ in $(seq 100); do
		grep -q ZAPI_STUB_PORT "$OUT/stub-$1ms.log" && return 0
		sleep 0.1
	done
	echo "stub did not start" >&2
	exit 1
}

stop() { # SIGTERM (graceful shutdown, writes the AOT cache / JFR), SIGKILL after 30 s
	kill "$1" 2>/dev/null || true
	for _ in $(seq 300); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# After a warm-up on a fresh database: refresh the planner's statistics, as autovacuum does on a table in
# use. Without it the gateway's sessions keep generic plans made while the table was empty (a sequential
# scan for the trial count: 1.6 ms instead of 0.04 ms per create, seen in PostgreSQL's statement log).
analyze_db() {
	psql -q -d "$BENCH_DB" -c analyze
}

reset_db() {
	psql -q -d postgres -c "drop database if exists $BENCH_DB with (force)" -c "create database $BENCH_DB" >/dev/null
}

# start_gateway NAME STUB_PORT [java options...]: sets GW_PID, GW_PORT, READY_MS (launch to first
# successful authenticated request: list of a tenant's instances, which needs security, JPA and DB)
start_gateway() {
	local name=$1 stub=$2
	shift 2
	local jfr=()
	if [[ "${JFR:-0}" == 1 ]]; then
		jfr=("-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile,dumponexit=true")
	fi
	GW_PORT=$(free_port)
	local t0
	t0=$(now_ms)
	SERVER_PORT=$GW_PORT SERVER_ADDRESS=127.0.0.1 \
		SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" SPRING_DATASOURCE_USERNAME="$PGUSER" \
		ZAPI_BASE_URL="http://127.0.0.1:$stub" ZAPI_PARTNER_TOKEN="$PARTNER_TOKEN" \
		GATEWAY_CLIENTS_0_NAME=bench GATEWAY_CLIENTS_0_APIKEYSHA256="$API_KEY_SHA" GATEWAY_CLIENTS_0_TENANTS='*' \
		"$JAVA" ${GATEWAY_JAVA_OPTS:-} "${jfr[@]}" "$@" "${GATEWAY_ARGS[@]}" >"$OUT/gateway-$name.log" 2>&1 &
	GW_PID=$!
	PIDS+=("$GW_PID")
	for _ in $(seq 1500); do
		if curl -fsS -o /dev/null -H "X-API-Key: $API_KEY" \
			"http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-0/instances?size=1" 2>/dev/null; then
			READY_MS=$(($(now_ms) - t0))
			return 0
		fi
		if ! kill -0 "$GW_PID" 2>/dev/null; then
			echo "gateway $name died, see $OUT/gateway-$name.log" >&2
			exit 1
		fi
		sleep 0.04
	done
	echo "gateway $name not ready after 60 s" >&2
	exit 1
}

# ASYNC_PROFILER=/path/to/libasyncProfiler.so: CPU-profile the gateway during a measured phase only
# (attached through jcmd after the warm-up), written as collapsed stacks to $OUT/NAME.collapsed.
profile_start() {
	[[ -n "${ASYNC_PROFILER:-}" ]] || return 0
	"$JAVA_HOME/bin/jcmd" "$GW_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=cpu,interval=1ms\"" >/dev/null
}
profile_stop() {
	[[ -n "${ASYNC_PROFILER:-}" ]] || return 0
	"$JAVA_HOME/bin/jcmd" "$GW_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,file=$OUT/$1.collapsed,collapsed\"" >/dev/null
	log "profile: $OUT/$1.collapsed"
}

rss_mib() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

seed() { # gateway must be running against a stub: one create through the API, cloned in SQL
	curl -fsS -o /dev/null -X POST -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' -d "$BODY" \
		"http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-0/instances"
	psql -q -d "$BENCH_DB" -v ids=$IDS -v tenants=$TENANTS -f bench/seed.sql | tee -a "$RESULTS"
}

explain() {
	{
		echo "## EXPLAIN (what the gateway's queries use)"
		psql -d "$BENCH_DB" -c "explain analyze select * from instances where tenant_id = 'tenant-7' and zapi_id = 'BENCH4007'"
		psql -d "$BENCH_DB" -c "explain analyze select * from instances where tenant_id = 'tenant-7' and due_at > now() - interval '100 years' and due_at <= now() + interval '100 years' order by due_at, zapi_id offset 0 limit 20"
		psql -d "$BENCH_DB" -c "explain analyze select count(*) from instances where tenant_id = 'tenant-7' and due_at > now() and due_at <= now() + interval '12 hours'"
	} >"$OUT/explain.txt"
	log "EXPLAIN output in $OUT/explain.txt"
}

scenario_smoke() {
	log "== smoke: harness works (stub 10 ms, a few creates and reads)"
	reset_db
	start_stub 10
	start_gateway smoke "$STUB_PORT" -jar "$JAR"
	log "ready_ms=$READY_MS"
	loadgen --label smoke-create --url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-1/instances" \
		--method POST --body "$BODY" --header "X-API-Key: $API_KEY" --expect 201 --rate 20 --duration 1
	grep -q 'label=smoke-create .* errors=0 ' "$RESULTS" || { echo "smoke: creates failed" >&2; exit 1; }
	stop "$GW_PID"
	stop "$STUB_PID"
}

scenario_overhead() {
	log "== overhead: create through the gateway vs straight to the stub (100 ms), open model ${RATE}/s, ${DURATION}s (+${WARMUP}s warm-up)"
	reset_db
	start_stub 100
	start_gateway overhead "$STUB_PORT" -jar "$JAR"
	loadavg before
	loadgen --label direct-create --url "http://127.0.0.1:$STUB_PORT/instances/integrator/on-demand" --method POST \
		--body "$BODY" --header "Authorization: Bearer $PARTNER_TOKEN" --expect 200 \
		--rate "$RATE" --duration "$DURATION" --warmup "$DIRECT_WARMUP"
	local create=(--url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-{tenant}/instances" --method POST --body "$BODY"
		--ids "$CREATE_TENANTS" --tenants "$CREATE_TENANTS"
		--header "X-API-Key: $API_KEY" --expect 201 --cpu-pid "$GW_PID" --rate "$RATE")
	"$JAVA" -cp "$OUT/classes" LoadGen --label gateway-warm-up "${create[@]}" --duration "$WARMUP" >"$OUT/warm-up.txt"
	analyze_db
	profile_start overhead
	loadgen --label gateway-create "${create[@]}" --duration "$DURATION"
	profile_stop overhead
	loadavg after
	awk '/^RESULT label=direct-create/{for(i=1;i<=NF;i++){split($i,a,"=");d[a[1]]=a[2]}}
	     /^RESULT label=gateway-create/{for(i=1;i<=NF;i++){split($i,a,"=");g[a[1]]=a[2]}}
	     END{printf "OVERHEAD p50=%.2f ms p90=%.2f ms p99=%.2f ms (gateway minus direct; targets p50<=3, p99<=15)\n",
	         g["p50"]-d["p50"], g["p90"]-d["p90"], g["p99"]-d["p99"]}' "$RESULTS" | tail -1 | tee -a "$RESULTS"
	stop "$GW_PID"
	stop "$STUB_PID"
}

slow_run() { # name [java options...]
	local name=$1
	shift
	GATEWAY_JAVA_OPTS=$SLOW_JAVA_OPTS start_gateway "$name" "$STUB_PORT" "$@"
	loadavg before
	local create=(--url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-{tenant}/instances" --method POST --body "$BODY"
		--ids "$CREATE_TENANTS" --tenants "$CREATE_TENANTS"
		--header "X-API-Key: $API_KEY" --expect 201 --cpu-pid "$GW_PID" --concurrency "$SLOW_CONCURRENCY" --timeout 60)
	if ((SLOW_WARMUP > 0)); then
		"$JAVA" -cp "$OUT/classes" LoadGen --label "$name-warm-up" "${create[@]}" \
			--requests $((SLOW_WARMUP * SLOW_CONCURRENCY)) >"$OUT/$name-warm-up.txt"
		log "warm-up: $(grep -o 'ok=[0-9]* errors=[0-9]*' "$OUT/$name-warm-up.txt")"
		analyze_db
	fi
	profile_start "$name"
	loadgen --label "$name" "${create[@]}" --requests "$SLOW_REQUESTS"
	profile_stop "$name"
	loadavg after
	# the same closed model from wrk, whose C event loop takes a fraction of the JDK HTTP client's CPU on
	# the two cores the gateway, the stub and PostgreSQL share (docs/benchmarks.md)
	if command -v wrk >/dev/null; then
		wrk_creates "$name-wrk" "http://127.0.0.1:$GW_PORT" "$GW_PID"
	fi
	log "gateway RSS after $name: $(rss_mib "$GW_PID") MiB, threads: $(ls /proc/$GW_PID/task | wc -l)"
	stop "$GW_PID"
}

# wrk_creates LABEL BASE_URL [PID]: SLOW_CONCURRENCY creates kept in flight for SLOW_WRK_SECONDS (closed model:
# each connection sends its next create when the last is answered); with PID, that process's CPU per create
wrk_creates() {
	local label=$1 base=$2 pid=${3:-} direct=0 cpu0=0 line
	[[ -z "$pid" ]] && direct=1
	[[ -n "$pid" ]] && cpu0=$(awk '{print $14+$15}' "/proc/$pid/stat")
	line=$(BENCH_DIRECT=$direct BENCH_KEY=$API_KEY BENCH_PARTNER_TOKEN=$PARTNER_TOKEN BENCH_BODY=$BODY \
		BENCH_TENANTS=$CREATE_TENANTS BENCH_WRK_THREADS=2 wrk -t2 -c"$SLOW_CONCURRENCY" -d"${SLOW_WRK_SECONDS}s" \
		--timeout 60s -s bench/creates.lua "$base" | grep '^WRK')
	if [[ -n "$pid" ]]; then
		local ticks=$(($(awk '{print $14+$15}' "/proc/$pid/stat") - cpu0)) requests
		requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
		line="$line server_cpu_ms_per_req=$(awk -v t="$ticks" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.3f", t*1000/hz/n}')"
	fi
	echo "${line/#WRK/WRK label=$label}" | tee -a "$RESULTS"
}

scenario_slow() {
	log "== slow: stub answers in 1 s, $SLOW_CONCURRENCY creates in flight (closed model), $SLOW_REQUESTS creates"
	reset_db
	start_stub 1000
	loadgen --label slow-direct --url "http://127.0.0.1:$STUB_PORT/instances/integrator/on-demand" --method POST \
		--body "$BODY" --header "Authorization: Bearer $PARTNER_TOKEN" --expect 200 \
		--concurrency "$SLOW_CONCURRENCY" --requests "$SLOW_REQUESTS" --timeout 60
	if command -v wrk >/dev/null; then
		wrk_creates slow-direct-wrk "http://127.0.0.1:$STUB_PORT"
	fi
	slow_run slow-gateway -jar "$JAR"
	log "rows stored: $(psql -Atq -d "$BENCH_DB" -c 'select count(*) from instances')"
	if [[ "${SLOW_PLATFORM:-0}" == 1 ]]; then
		slow_run slow-gateway-platform-threads -jar "$JAR" --spring.threads.virtual.enabled=false
	fi
	stop "$STUB_PID"
}

scenario_reads() {
	log "== reads: GET one instance, $IDS instances across $TENANTS tenants"
	reset_db
	start_stub 0
	start_gateway reads "$STUB_PORT" -Xlog:gc:file="$OUT/gc-reads.log" -jar "$JAR"
	seed
	explain
	local url="http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-{tenant}/instances/BENCH{n}"
	loadavg before
	# closed-model max throughput first (it also warms the JIT up), then the open-model run
	if command -v wrk >/dev/null; then
		# 20 s unrecorded warm-up so the JIT has compiled the read path
		BENCH_KEY=$API_KEY BENCH_IDS=$IDS BENCH_TENANTS=$TENANTS wrk -t2 -c32 -d20s -s bench/reads.lua \
			"http://127.0.0.1:$GW_PORT" >/dev/null
		BENCH_KEY=$API_KEY BENCH_IDS=$IDS BENCH_TENANTS=$TENANTS wrk -t2 -c32 -d20s -s bench/reads.lua \
			"http://127.0.0.1:$GW_PORT" | grep -E '^WRK|Requests/sec' | sed 's/^WRK/WRK label=reads-max/' | tee -a "$RESULTS"
	else
		log "wrk not found (apt-get install wrk): no max-throughput figure; warming the read path up for 40 s instead"
		"$JAVA" -cp "$OUT/classes" LoadGen --label reads-warm-up --url "$url" --ids $IDS --tenants $TENANTS \
			--header "X-API-Key: $API_KEY" --expect 200 --rate 1000 --duration 40 >/dev/null
	fi
	profile_start reads
	local reads=(--url "$url" --ids $IDS --tenants $TENANTS --header "X-API-Key: $API_KEY" --expect 200
		--cpu-pid "$GW_PID" --rate "$READ_RATE" --duration "$READ_DURATION")
	loadgen --label reads-open "${reads[@]}" --warmup 15
	profile_stop reads
	if [[ "${READ_STALLS:-1}" == 1 ]]; then
		# The same load while the replica stalls: a full collection forced at 5, 15, 25 s... (jcmd GC.run),
		# as a long collection or a slow query would stall it; what arrives meanwhile comes at once.
		(sleep 5; while :; do "$JAVA_HOME/bin/jcmd" "$GW_PID" GC.run >/dev/null 2>&1; sleep 10; done) &
		local staller=$!
		loadgen --label reads-stalled "${reads[@]}"
		kill "$staller" 2>/dev/null || true
		wait "$staller" 2>/dev/null || true
		echo "STALLS label=reads-stalled forced_full_collections_ms=$(grep 'Pause Full (Diagnostic Command)' "$OUT/gc-reads.log" | grep -o '[0-9.]*ms$' | paste -sd,)" | tee -a "$RESULTS"
	fi
	loadavg after
	log "gateway RSS after reads: $(rss_mib "$GW_PID") MiB"
	stop "$GW_PID"
	stop "$STUB_PID"
}

# Seeds the bench database unless it already holds the $IDS instances (the start-up scenarios reuse it).
ensure_seeded() {
	if [[ "$(psql -Atq -d "$BENCH_DB" -c 'select count(*) from instances' 2>/dev/null || echo 0)" != "$IDS" ]]; then
		reset_db
		start_stub 0
		start_gateway seed "$STUB_PORT" -jar "$JAR"
		seed
		stop "$GW_PID"
		stop "$STUB_PID"
	fi
}

scenario_startup() {
	log "== startup: launch to first successful request, and RSS after ${LOAD_SECONDS}s of reads at ${READ_RATE}/s"
	ensure_seeded
	start_stub 0
	local app="$OUT/app"
	"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$app" >/dev/null
	local appjar
	appjar=$(ls "$app"/*.jar)
	if [[ " $STARTUP_MODES " == *" extracted+aot "* ]]; then
		# AOT cache (JDK 25, JEP 483/514/515) in two explicit steps: a training run records what
		# the app loads and links (start-up plus some reads and creates, so the request path is in
		# too), then the cache is created from that configuration.
		start_gateway aot-training "$STUB_PORT" -XX:AOTMode=record -XX:AOTConfiguration="$app/app.aotconf" -jar "$appjar"
		loadgen --label aot-training-reads --url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-{tenant}/instances/BENCH{n}" \
			--ids $IDS --tenants $TENANTS --header "X-API-Key: $API_KEY" --expect 200 --rate 200 --duration 5 >/dev/null
		loadgen --label aot-training-creates --url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-aot-training/instances" \
			--method POST --body "$BODY" --header "X-API-Key: $API_KEY" --expect 201 --rate 20 --duration 2 >/dev/null
		stop "$GW_PID"
		"$JAVA" ${GATEWAY_JAVA_OPTS} -XX:AOTMode=create -XX:AOTConfiguration="$app/app.aotconf" -XX:AOTCache="$app/app.aot" \
			-jar "$appjar" >"$OUT/aot-create.log" 2>&1
		log "AOT cache: $(du -h "$app/app.aot" 2>/dev/null | cut -f1)"
	fi
	local mode
	for mode in $STARTUP_MODES; do
		local opts=(-jar "$JAR")
		[[ $mode == extracted ]] && opts=(-jar "$appjar")
		[[ $mode == extracted+aot ]] && opts=(-XX:AOTCache="$app/app.aot" -jar "$appjar")
		local readies=()
		for run in $(seq "$STARTUP_RUNS"); do
			start_gateway "startup-${mode}-$run" "$STUB_PORT" "${opts[@]}"
			readies+=("$READY_MS")
			if [[ $run == "$STARTUP_RUNS" ]]; then
				log "STARTUP mode=$mode ready_ms=${readies[*]} rss_at_ready=$(rss_mib "$GW_PID")MiB $(grep -o 'Started GatewayApplication in [0-9.]* seconds' "$OUT/gateway-startup-${mode}-$run.log" || true)"
			fi
			if [[ $run == "$STARTUP_RUNS" && $mode != extracted ]]; then
				(while sleep 5; do echo "$(rss_mib "$GW_PID")"; done) >"$OUT/rss-$mode.txt" 2>/dev/null &
				local sampler=$!
				"$JAVA" -cp "$OUT/classes" LoadGen --label "load-$mode" --progress \
					--url "http://127.0.0.1:$GW_PORT/api/v1/tenants/tenant-{tenant}/instances/BENCH{n}" \
					--ids $IDS --tenants $TENANTS --header "X-API-Key: $API_KEY" --expect 200 --cpu-pid "$GW_PID" \
					--rate "$READ_RATE" --duration "$LOAD_SECONDS" 2>"$OUT/load-$mode.timeline" | sed 's/^RESULT/LOAD/' | tee -a "$RESULTS"
				kill "$sampler" 2>/dev/null || true
				log "MEMORY mode=$mode rss_after_${LOAD_SECONDS}s_load=$(rss_mib "$GW_PID")MiB peak_sampled=$(sort -n "$OUT/rss-$mode.txt" | tail -1)MiB (every 5 s: $(paste -sd' ' "$OUT/rss-$mode.txt")); reads answered per second: $OUT/load-$mode.timeline"
			fi
			stop "$GW_PID"
		done
	done
	stop "$STUB_PID"
}

# The container image's start, without a Docker engine: the java command lines of the Dockerfile
# before the AOT cache (the layers extracted with the launcher, JarLauncher) and after (the layers
# extracted as app.jar + lib/, the cache trained as the Dockerfile's RUN does it: onRefresh, with
# no database), from the same extracted layers, in the order before after after before
# (IMAGE_ROUNDS such quartets), IMAGE_STARTS starts each. The cache is trained and used with the
# same absolute path to app.jar (the image uses /app and app.jar both times): a cache records its
# class path, and a JVM given another one refuses the cache and starts without it. IMAGE_JAVA_OPTS: the image's
# JDK_JAVA_OPTIONS, with -XX:MaxRAM standing in for the container's memory limit.
IMAGE_ROUNDS=${IMAGE_ROUNDS:-1} IMAGE_STARTS=${IMAGE_STARTS:-3}
IMAGE_JAVA_OPTS=${IMAGE_JAVA_OPTS:--XX:MaxRAM=640m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:TrimNativeHeapInterval=5000}
# what the Dockerfile ran before it trained a cache (its ENTRYPOINT then)
IMAGE_BEFORE_JAVA_OPTS=${IMAGE_BEFORE_JAVA_OPTS:--XX:MaxRAM=640m -XX:MaxRAMPercentage=50 -XX:MetaspaceSize=128m -XX:TrimNativeHeapInterval=5000}
scenario_image() {
	log "== image: launch to first successful request, the Dockerfile's command before and after its AOT cache"
	ensure_seeded
	local layers="$PWD/$OUT/image-layers" before="$PWD/$OUT/image-before" after="$PWD/$OUT/image-after" layer
	"$JAVA" -Djarmode=tools -jar "$JAR" extract --layers --launcher --destination "$layers-launcher" >/dev/null
	"$JAVA" -Djarmode=tools -jar "$JAR" extract --layers --application-filename app.jar --destination "$layers" >/dev/null
	mkdir -p "$before" "$after"
	for layer in dependencies spring-boot-loader snapshot-dependencies application; do
		cp -r "$layers-launcher/$layer/." "$before/"
		cp -r "$layers/$layer/." "$after/"
	done
	local t0
	t0=$(now_ms)
	(cd "$after" && SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:1/aot-training ZAPI_PARTNER_TOKEN=aot-training \
		GATEWAY_CLIENTS_0_NAME=aot-training GATEWAY_CLIENTS_0_TENANTS=aot-training \
		GATEWAY_CLIENTS_0_APIKEYSHA256=0000000000000000000000000000000000000000000000000000000000000000 \
		GATEWAY_ENCRYPTION_ACTIVEKEYID=training GATEWAY_ENCRYPTION_KEYS_TRAINING=YW90LXRyYWluaW5nLW9ubHktbm90LWEta2V5LTMyYiE= \
		"$JAVA" $IMAGE_JAVA_OPTS -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
		-Dspring.flyway.enabled=false -Dspring.jpa.hibernate.ddl-auto=none \
		-Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
		-Dspring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect -jar "$after/app.jar") \
		>"$OUT/image-aot-training.log" 2>&1
	log "image AOT cache: trained in $(($(now_ms) - t0)) ms (onRefresh, no database), $(du -h "$after/app.aot" | cut -f1)"
	start_stub 0
	local saved_opts=$GATEWAY_JAVA_OPTS round mode
	for round in $(seq "$IMAGE_ROUNDS"); do
		for mode in before after after before; do
			local readies=() starts=() rss=0
			for run in $(seq "$IMAGE_STARTS"); do
				if [[ $mode == before ]]; then
					GATEWAY_JAVA_OPTS="$IMAGE_BEFORE_JAVA_OPTS"
					start_gateway "image-$mode-$round-$run" "$STUB_PORT" -cp "$before" org.springframework.boot.loader.launch.JarLauncher
				else
					GATEWAY_JAVA_OPTS="$IMAGE_JAVA_OPTS"
					start_gateway "image-$mode-$round-$run" "$STUB_PORT" -XX:AOTCache="$after/app.aot" -jar "$after/app.jar"
				fi
				readies+=("$READY_MS")
				starts+=("$(grep -o 'Started GatewayApplication in [0-9.]*' "$OUT/gateway-image-$mode-$round-$run.log" | grep -o '[0-9.]*$' || echo '?')")
				rss=$(rss_mib "$GW_PID")
				stop "$GW_PID"
			done
			log "IMAGE round=$round mode=$mode ready_ms=${readies[*]} boot_started_s=${starts[*]} rss_at_ready_last=${rss}MiB loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
		done
	done
	GATEWAY_JAVA_OPTS=$saved_opts
	# a cache the JVM cannot use says so when it starts, as an error (and the start is then as slow as before);
	# JDK 25 also warns about some adapters of its code cache, which it then compiles as without a cache
	if grep -h '\[error *\]\[aot' "$OUT"/gateway-image-after-*.log | head -3 | grep .; then
		log "image: the JVM reported on the AOT cache, see $OUT/gateway-image-after-*.log"
	fi
	stop "$STUB_PID"
}

scenarios=("$@")
[[ ${#scenarios[@]} == 0 || ${scenarios[0]} == all ]] && scenarios=(overhead slow reads startup)
for s in "${scenarios[@]}"; do
	"scenario_$s"
done

echo
echo "Summary ($RESULTS):"
grep -E '^(RESULT|LOAD|OVERHEAD|WRK|STARTUP|MEMORY|ERRORS|STALLS|# IMAGE|# image|# loadavg|# gateway RSS)' "$RESULTS" | sed 's/^RESULT //' | column -t
