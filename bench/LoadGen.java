// Load generator for the zapi-gateway benchmarks (loopback only, bounded in requests and time).
//
// Open model (constant arrival, wrk2-style): --rate R --duration S
//   Request i is due at start + i/R. A latency is measured from that intended send time, not from
//   when the request actually left, so a stalled server is charged for the requests it delayed
//   (no coordinated omission).
// Closed model: --concurrency C --requests N  (C workers, each sends its next request when the last
//   answered; used for "1,000 creates kept in flight").
//
// Other options: --method GET|POST, --body JSON, --header 'Name: value' (repeatable),
//   --warmup S (same load, not recorded), --ids N --tenants T (the URL may contain {n} and {tenant}:
//   a random n in [0,N) and tenant = n % T), --expect STATUS (default: any 2xx), --label TEXT,
//   --timeout S (per request, default 30), --cpu-pid PID (also report that process's CPU time per
//   successful request during the recorded phase, from /proc/PID/stat, Linux only),
//   --max-in-flight N (open model: a request due while N are unanswered is not sent and counts
//   as an error "dropped", so an overloaded server is not buried under connections; default 1000),
//   --progress (open model: a line a second on stderr, answered / in flight / dropped),
//   --client-warmup-url URL --client-warmup S (open model: first S seconds at the same rate against
//   another loopback URL, unrecorded, so a cold server meets a warm load generator).
// Prints one line: RESULT label=... mode=... sent=... ok=... errors=... throughput=... p50=... (ms).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class LoadGen {

	static String url;
	static String method = "GET";
	static String body;
	static List<String> headers = new ArrayList<>();
	static double rate;
	static double duration;
	static double warmup;
	static int concurrency;
	static long requests;
	static long ids;
	static long tenants = 1;
	static int expect = -1;
	static String label = "run";
	static Duration timeout = Duration.ofSeconds(30);
	static long cpuPid;
	static int maxInFlightCap = 1000;
	static boolean progress;
	static String clientWarmupUrl;
	static double clientWarmup;
	static long cpuStartTicks;
	static final long MAX_REQUESTS = 2_000_000;

	static final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();

	public static void main(String[] args) throws Exception {
		for (int i = 0; i < args.length; i++) {
			String v = (i + 1 < args.length) ? args[i + 1] : null;
			switch (args[i]) {
				case "--url" -> url = args[++i];
				case "--method" -> method = args[++i];
				case "--body" -> body = args[++i];
				case "--header" -> headers.add(args[++i]);
				case "--rate" -> rate = Double.parseDouble(args[++i]);
				case "--duration" -> duration = Double.parseDouble(args[++i]);
				case "--warmup" -> warmup = Double.parseDouble(args[++i]);
				case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
				case "--requests" -> requests = Long.parseLong(args[++i]);
				case "--ids" -> ids = Long.parseLong(args[++i]);
				case "--tenants" -> tenants = Long.parseLong(args[++i]);
				case "--expect" -> expect = Integer.parseInt(args[++i]);
				case "--label" -> label = args[++i];
				case "--max-in-flight" -> maxInFlightCap = Integer.parseInt(args[++i]);
				case "--progress" -> progress = true;
				case "--client-warmup-url" -> clientWarmupUrl = args[++i];
				case "--client-warmup" -> clientWarmup = Double.parseDouble(args[++i]);
				case "--cpu-pid" -> cpuPid = Long.parseLong(args[++i]);
				case "--timeout" -> timeout = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		checkLoopback(url);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		if (concurrency > 0) {
			if (requests <= 0 || requests > MAX_REQUESTS) {
				throw new IllegalArgumentException("--requests must be in 1.." + MAX_REQUESTS);
			}
			if (warmup > 0) {
				closed(client, Math.min(requests, (long) (warmup * concurrency)), false);
			}
			closed(client, requests, true);
		}
		else {
			long total = (long) (rate * duration);
			if (rate <= 0 || total <= 0 || total > MAX_REQUESTS) {
				throw new IllegalArgumentException("--rate x --duration must be in 1.." + MAX_REQUESTS);
			}
			if (clientWarmupUrl != null && clientWarmup > 0) {
				warmUpClient(client);
			}
			if (warmup > 0) {
				open(client, (long) (rate * warmup), false);
			}
			open(client, total, true);
		}
		System.exit(0);
	}

	/**
	 * Runs this load generator's own JVM warm for --client-warmup seconds at the same rate against another
	 * loopback URL (the stub), so that a cold server is measured against a warm client, not two cold JVMs.
	 */
	static void warmUpClient(HttpClient client) throws InterruptedException {
		String target = url;
		long n = ids;
		url = clientWarmupUrl;
		ids = 0;
		checkLoopback(url);
		open(client, (long) (rate * clientWarmup), false);
		url = target;
		ids = n;
	}

	static void checkLoopback(String target) {
		String host = URI.create(target.replace("{n}", "0").replace("{tenant}", "0")).getHost();
		if (!("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host))) {
			throw new IllegalArgumentException("Refusing a non-loopback target: " + host);
		}
	}

	static HttpRequest request() {
		String target = url;
		if (ids > 0) {
			long n = ThreadLocalRandom.current().nextLong(ids);
			target = target.replace("{n}", Long.toString(n)).replace("{tenant}", Long.toString(n % tenants));
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target)).timeout(timeout);
		for (String header : headers) {
			int colon = header.indexOf(':');
			builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
		}
		if (body != null) {
			builder.header("Content-Type", "application/json");
			builder.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return builder.build();
	}

	/** Sends one request; returns its end time in ns, or -1 on failure. */
	static long send(HttpClient client) {
		try {
			HttpResponse<Void> response = client.send(request(), HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			boolean ok = (expect > 0) ? status == expect : status / 100 == 2;
			if (!ok) {
				errorKinds.computeIfAbsent("status " + status, (k) -> new AtomicInteger()).incrementAndGet();
				return -1;
			}
			return System.nanoTime();
		}
		catch (Exception ex) {
			errorKinds.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicInteger()).incrementAndGet();
			return -1;
		}
	}

	static void open(HttpClient client, long total, boolean record) throws InterruptedException {
		long[] latencies = new long[(int) total];
		Arrays.fill(latencies, -1);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		double periodNs = 1e9 / rate;
		ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
		AtomicLong answered = new AtomicLong();
		AtomicLong dropped = new AtomicLong();
		Thread ticker = (progress && record) ? timeline(answered, dropped, inFlight) : null;
		cpuStartTicks = cpuTicks();
		long start = System.nanoTime();
		for (int i = 0; i < total; i++) {
			long intended = start + (long) (i * periodNs);
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			if (inFlight.get() >= maxInFlightCap) {
				errorKinds.computeIfAbsent("dropped (max in flight)", (k) -> new AtomicInteger()).incrementAndGet();
				dropped.incrementAndGet();
				continue;
			}
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			workers.execute(() -> {
				long end = send(client);
				inFlight.decrementAndGet();
				if (end > 0) {
					latencies[index] = end - intended;
					answered.incrementAndGet();
				}
			});
		}
		workers.shutdown();
		boolean done = workers.awaitTermination(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
		long elapsed = System.nanoTime() - start;
		if (ticker != null) {
			ticker.interrupt();
		}
		if (record) {
			report("open", total, latencies, elapsed, maxInFlight.get(), done);
		}
		errorKinds.clear();
	}

	/**
	 * --progress (open model): one line a second on stderr with the requests answered in that second, those in
	 * flight and those dropped so far, to see how a cold server copes.
	 */
	static Thread timeline(AtomicLong answered, AtomicLong dropped, AtomicInteger inFlight) {
		return Thread.ofPlatform().daemon().start(() -> {
			long last = 0;
			for (int second = 1;; second++) {
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = answered.get();
				System.err.printf(Locale.ROOT, "PROGRESS label=%s t=%d answered=%d in_flight=%d dropped=%d%n", label,
						second, now - last, inFlight.get(), dropped.get());
				last = now;
			}
		});
	}

	static void closed(HttpClient client, long total, boolean record) throws InterruptedException {
		long[] latencies = new long[(int) total];
		Arrays.fill(latencies, -1);
		AtomicLong next = new AtomicLong();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		List<Thread> threads = new ArrayList<>();
		cpuStartTicks = cpuTicks();
		long start = System.nanoTime();
		for (int w = 0; w < concurrency; w++) {
			threads.add(Thread.ofVirtual().start(() -> {
				long i;
				while ((i = next.getAndIncrement()) < total && System.nanoTime() < deadline) {
					long sent = System.nanoTime();
					long end = send(client);
					if (end > 0) {
						latencies[(int) i] = end - sent;
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - start;
		if (record) {
			report("closed(c=" + concurrency + ")", total, latencies, elapsed, concurrency, true);
		}
		errorKinds.clear();
	}

	/** utime + stime of --cpu-pid in clock ticks (1/100 s), or -1. */
	static long cpuTicks() {
		if (cpuPid <= 0) {
			return -1;
		}
		try {
			String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + cpuPid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (Exception ex) {
			return -1;
		}
	}

	static void report(String mode, long total, long[] latencies, long elapsedNs, int maxInFlight, boolean done) {
		long cpuEndTicks = cpuTicks();
		long[] ok = Arrays.stream(latencies).filter((l) -> l >= 0).sorted().toArray();
		String cpu = (cpuStartTicks >= 0 && cpuEndTicks >= 0 && ok.length > 0) ? String.format(Locale.ROOT,
				" server_cpu_ms_per_req=%.3f server_cpu_util=%.0f%%", (cpuEndTicks - cpuStartTicks) * 10.0 / ok.length,
				(cpuEndTicks - cpuStartTicks) * 1e9 / elapsedNs) : "";
		double seconds = elapsedNs / 1e9;
		System.out.printf(Locale.ROOT,
				"RESULT label=%s mode=%s target_rate=%s sent=%d ok=%d errors=%d elapsed_s=%.2f throughput=%.1f "
						+ "p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f mean=%.2f max_in_flight=%d%s%s%n",
				label, mode, (rate > 0) ? Double.toString(rate) : "-", total, ok.length, total - ok.length, seconds,
				ok.length / seconds, ms(ok, 0.50), ms(ok, 0.90), ms(ok, 0.99), ms(ok, 0.999),
				(ok.length > 0) ? ok[ok.length - 1] / 1e6 : Double.NaN,
				(ok.length > 0) ? Arrays.stream(ok).average().orElse(0) / 1e6 : Double.NaN, maxInFlight,
				cpu, done ? "" : " unfinished=true");
		if (!errorKinds.isEmpty()) {
			System.out.println("ERRORS label=" + label + " " + errorKinds);
		}
	}

	static double ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

}
