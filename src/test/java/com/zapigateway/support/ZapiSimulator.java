package com.zapigateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Z-API's partner API on loopback, answering like the docs: create
 * ({@code POST /instances/integrator/on-demand}, 200 with {@code id}, {@code token} and
 * {@code due} as epoch milliseconds), list ({@code GET /instances}), subscribe and cancel
 * (201 "OK"), and the calls to one instance: {@code status}, {@code qr-code/image},
 * {@code phone-code/{phone}}, {@code restart}, {@code disconnect} and
 * {@code subscription/update} (see {@link #instanceCall}). It checks the partner token,
 * and the account's Client-Token when started with one ({@link #requireClientToken}), can
 * delay every answer, and keeps what it created in memory. An instance is disconnected
 * when created and becomes connected {@link #connectAfter some seconds} after a QR code
 * or phone code was fetched, as if someone scanned or typed it. Used by
 * {@code ./mvnw spring-boot:test-run}, the benchmarks, the tests that start whole
 * gateways, and behind {@link ZapiFake} (whose WireMock stubs play Z-API's quirks and
 * failures).
 * <p>
 * One call is its own, not Z-API's: {@code POST /simulator/instances/{id}/trial} with
 * {@code {"endsInMinutes": n}} moves an instance's due date, as Z-API's listing would
 * show it, so a local run can watch the gateway's sync, expiry scan and webhook delivery
 * without waiting two days.
 */
public final class ZapiSimulator implements AutoCloseable {

	private static final Duration TRIAL = Duration.ofDays(2);

	private static final Pattern SUBSCRIPTION = Pattern
		.compile("/instances/([^/]+)/token/([^/]+)/integrator/on-demand/(subscription|cancel)");

	private static final Pattern INSTANCE_CALL = Pattern.compile(
			"/instances/([^/]+)/token/([^/]+)/(status|qr-code/image|phone-code/([^/]*)|restart|disconnect|integrator/on-demand/subscription/update)");

	private static final Pattern ANY_INSTANCE_CALL = Pattern.compile("/instances/[^/]+/token/[^/]+/.+");

	/** How long after a QR or phone code was fetched an instance connects, by default. */
	public static final Duration DEFAULT_CONNECT_AFTER = Duration.ofSeconds(5);

	private static final Pattern TRIAL_CONTROL = Pattern.compile("/simulator/instances/([^/]+)/trial");

	private final JsonMapper json = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final Map<String, SimulatedInstance> instances = new ConcurrentHashMap<>();

	private final AtomicLong creates = new AtomicLong();

	private final String partnerToken;

	private final Duration delay;

	private final Clock clock;

	private final HttpServer server;

	private final ExecutorService executor;

	private volatile Runnable createHook;

	private volatile Predicate<String> resetAfterCreate = (name) -> false;

	private volatile Duration listDelay = Duration.ZERO;

	private volatile Duration listTakes = Duration.ZERO;

	private final List<ListCall> listCalls = new CopyOnWriteArrayList<>();

	private final AtomicInteger listsHeld = new AtomicInteger();

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private volatile Duration connectAfter = DEFAULT_CONNECT_AFTER;

	private volatile @Nullable String clientToken;

	private ZapiSimulator(String partnerToken, Duration delay, Clock clock, int port) throws IOException {
		this.partnerToken = partnerToken;
		this.delay = delay;
		this.clock = clock;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.createContext("/instances", this::handle);
		this.server.createContext("/simulator", this::control);
	}

	/**
	 * Starts a simulator on a free loopback port.
	 * @param partnerToken the partner token it accepts
	 * @param delay how long every answer takes
	 * @return the running simulator
	 * @throws IOException if no port could be bound
	 */
	public static ZapiSimulator start(String partnerToken, Duration delay) throws IOException {
		return start(partnerToken, delay, 0);
	}

	public static ZapiSimulator start(String partnerToken, Duration delay, int port) throws IOException {
		ZapiSimulator simulator = new ZapiSimulator(partnerToken, delay, Clock.systemUTC(), port);
		simulator.server.start();
		return simulator;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public long createCount() {
		return this.creates.get();
	}

	/**
	 * Every instance created so far, oldest first.
	 * @return the instances
	 */
	public List<Created> created() {
		return this.instances.values()
			.stream()
			.sorted((a, b) -> a.created().compareTo(b.created()))
			.map((i) -> new Created(i.id(), i.token(), i.name()))
			.toList();
	}

	/**
	 * Runs {@code hook} after each create is made and before it is answered (e.g. to take
	 * the gateway's database away at the worst moment).
	 * @param hook the hook, or {@code null} for none
	 */
	public void onCreated(Runnable hook) {
		this.createHook = hook;
	}

	/**
	 * Plays a connection lost after Z-API made the instance: for each create whose name
	 * matches, the instance is made (and listed, see {@link #listLate}) but the
	 * connection is closed without an answer, so the gateway cannot know it exists.
	 * @param name which creates, by the name sent (reference included)
	 */
	public void resetAfterCreate(Predicate<String> name) {
		this.resetAfterCreate = name;
	}

	/**
	 * Plays a listing that lags: an instance appears in the list (and its search) only
	 * {@code delay} after it was made.
	 * @param delay the lag, zero for none
	 */
	public void listLate(Duration delay) {
		this.listDelay = delay;
	}

	/**
	 * Makes an instance as Z-API's own panel (or another integration) would, outside the
	 * gateway.
	 * @param name its name
	 * @return its id
	 */
	public String createOutside(String name) {
		Instant now = this.clock.instant();
		SimulatedInstance instance = new SimulatedInstance(hex(16), hex(22), name, now, now.plus(TRIAL));
		this.instances.put(instance.id(), instance);
		return instance.id();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!this.delay.isZero() && !this.delay.isNegative()) {
				Thread.sleep(this.delay.toMillis());
			}
			String auth = exchange.getRequestHeaders().getFirst("Authorization");
			if (!("Bearer " + this.partnerToken).equals(auth)) {
				send(exchange, 401, Map.of("error", "Invalid partner token"));
				return;
			}
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (ANY_INSTANCE_CALL.matcher(path).matches() && !clientTokenAccepted(exchange)) {
				return;
			}
			if ("POST".equals(method) && path.equals("/instances/integrator/on-demand")) {
				create(exchange);
			}
			else if ("GET".equals(method) && (path.equals("/instances") || path.equals("/instances/"))) {
				list(exchange);
			}
			else if ("POST".equals(method) && SUBSCRIPTION.matcher(path).matches()) {
				subscription(exchange, SUBSCRIPTION.matcher(path));
			}
			else if (INSTANCE_CALL.matcher(path).matches()) {
				instanceCall(exchange, method, INSTANCE_CALL.matcher(path));
			}
			else {
				send(exchange, 405, Map.of("error", "Method not allowed"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void control(HttpExchange exchange) throws IOException {
		try (exchange) {
			Matcher matcher = TRIAL_CONTROL.matcher(exchange.getRequestURI().getPath());
			if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
				send(exchange, 404, Map.of("error", "Not found"));
				return;
			}
			JsonNode body = readJson(exchange);
			SimulatedInstance instance = this.instances.get(matcher.group(1));
			if (instance == null) {
				send(exchange, 404, Map.of("error", "Instance not found"));
				return;
			}
			if (body == null || !body.path("endsInMinutes").canConvertToLong()) {
				send(exchange, 400, Map.of("error", "endsInMinutes (a number) is required"));
				return;
			}
			Instant due = this.clock.instant().plus(Duration.ofMinutes(body.path("endsInMinutes").asLong()));
			SimulatedInstance moved = new SimulatedInstance(instance.id(), instance.token(), instance.name(),
					instance.created(), due);
			this.instances.put(moved.id(), moved);
			send(exchange, 200, Map.of("id", moved.id(), "due", due.toEpochMilli()));
		}
	}

	private @Nullable JsonNode readJson(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void create(HttpExchange exchange) throws IOException {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.startsWith("application/json")) {
			send(exchange, 415, Map.of("error", "Unsupported Media Type"));
			return;
		}
		JsonNode body = this.json.readTree(exchange.getRequestBody().readAllBytes());
		if (body == null || !body.path("name").isString() || body.path("name").stringValue().isBlank()) {
			send(exchange, 400, Map.of("error", "name is required"));
			return;
		}
		Instant now = this.clock.instant();
		SimulatedInstance instance = new SimulatedInstance(hex(16), hex(22), body.path("name").stringValue(), now,
				now.plus(TRIAL));
		this.instances.put(instance.id(), instance);
		this.creates.incrementAndGet();
		Runnable hook = this.createHook;
		if (hook != null) {
			hook.run();
		}
		if (this.resetAfterCreate.test(instance.name())) {
			// no answer: the exchange is closed before any header, which closes the
			// connection
			return;
		}
		send(exchange, 200,
				Map.of("id", instance.id(), "token", instance.token(), "due", instance.due().toEpochMilli()));
	}

	/** Subscribe or cancel: 201 "OK" as documented, for an instance it created. */
	private void subscription(HttpExchange exchange, Matcher matcher) throws IOException {
		matcher.matches();
		SimulatedInstance instance = this.instances.get(matcher.group(1));
		JsonNode body = readJson(exchange);
		if (instance != null && body != null && body.path("withCalls").isBoolean()) {
			connection(instance.id()).withCalls = body.path("withCalls").asBoolean();
		}
		if (instance == null || !instance.token().equals(matcher.group(2))) {
			send(exchange, 404, Map.of("error", "Instance not found"));
			return;
		}
		Connection connection = connection(instance.id());
		connection.subscribed = matcher.group(3).equals("subscription");
		sendOk(exchange);
	}

	private void sendOk(HttpExchange exchange) throws IOException {
		byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(201, ok.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(ok);
		}
	}

	/**
	 * Makes every list call take {@code duration} before it is answered (e.g. so that
	 * passes of a job on several replicas would overlap if they were not locked).
	 * @param duration how long, zero for no wait
	 */
	public void listTakes(Duration duration) {
		this.listTakes = duration;
	}

	/**
	 * The list calls answered so far, oldest first.
	 * @return when each arrived and when its answer was ready ({@link System#nanoTime()})
	 */
	public List<ListCall> listCalls() {
		return List.copyOf(this.listCalls);
	}

	/**
	 * How many list calls are held now by {@link #listTakes} (a call that arrived before
	 * it was set is answered at once and never counts).
	 * @return the count
	 */
	public int listsHeld() {
		return this.listsHeld.get();
	}

	private void list(HttpExchange exchange) throws IOException {
		long started = System.nanoTime();
		Duration takes = this.listTakes;
		boolean held = !takes.isZero();
		if (held) {
			this.listsHeld.incrementAndGet();
		}
		try {
			if (held) {
				Thread.sleep(takes.toMillis());
			}
			// marked before the answer is sent, so the recorded call lies wholly within
			// the caller's wait for it
			this.listCalls.add(new ListCall(started, System.nanoTime()));
			listNow(exchange);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (held) {
				this.listsHeld.decrementAndGet();
			}
		}
	}

	private void listNow(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI());
		int page = Math.max(1, parseInt(query.get("page"), 1));
		int pageSize = Math.max(1, parseInt(query.get("pageSize"), 10));
		String search = query.getOrDefault("query", "");
		List<SimulatedInstance> matching = this.instances.values()
			.stream()
			.filter((i) -> search.isEmpty() || i.id().contains(search) || i.name().contains(search))
			.filter(this::listedYet)
			.sorted((a, b) -> a.created().compareTo(b.created()))
			.toList();
		List<Map<String, Object>> content = new ArrayList<>();
		matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach((i) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("id", i.id());
			item.put("token", i.token());
			item.put("name", i.name());
			item.put("created", i.created().toString());
			item.put("due", i.due().toEpochMilli());
			item.put("paymentStatus", "TRIAL");
			item.put("middleware", "web");
			content.add(item);
		});
		int totalPages = (matching.size() + pageSize - 1) / pageSize;
		send(exchange, 200, Map.of("total", matching.size(), "totalPage", totalPages, "pageSize", pageSize, "page",
				page, "content", content));
	}

	private boolean listedYet(SimulatedInstance instance) {
		return !instance.created().plus(this.listDelay).isAfter(this.clock.instant());
	}

	private void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private String hex(int bytes) {
		byte[] value = new byte[bytes];
		this.random.nextBytes(value);
		return HexFormat.of().withUpperCase().formatHex(value);
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> params = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		if (raw == null) {
			return params;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return params;
	}

	private static int parseInt(String value, int fallback) {
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	/**
	 * An instance the simulator created.
	 * @param id its id
	 * @param token its token
	 * @param name the name it was created with
	 */
	/**
	 * One list call.
	 *
	 * @param startedNanos when it arrived ({@link System#nanoTime()})
	 * @param endedNanos when it was answered
	 */
	public record ListCall(long startedNanos, long endedNanos) {

	}

	public record Created(String id, String token, String name) {

		@Override
		public String toString() {
			return "Created[id=" + this.id + ", token=<redacted>, name=" + this.name + "]";
		}

	}

	/**
	 * Sets how long after a QR code or phone code was fetched an instance becomes
	 * connected (5 s by default).
	 * @param delay the delay, zero to connect on the next call
	 * @return this simulator
	 */
	public ZapiSimulator connectAfter(Duration delay) {
		this.connectAfter = delay;
		return this;
	}

	/**
	 * Makes every call to an instance (its URL carries the instance token) require the
	 * account's Client-Token, as Z-API does for accounts that enabled it.
	 * @param clientToken the token, or {@code null} to require none
	 * @return this simulator
	 */
	public ZapiSimulator requireClientToken(@Nullable String clientToken) {
		this.clientToken = clientToken;
		return this;
	}

	/**
	 * Back to the defaults of {@link #connectAfter} and {@link #requireClientToken}.
	 */
	public void resetConnectionOptions() {
		this.connectAfter = DEFAULT_CONNECT_AFTER;
		this.clientToken = null;
	}

	/**
	 * An instance's connection and subscription as the simulator plays them.
	 * @param id the instance id
	 * @return its state, or {@code null} if the simulator did not create it
	 */
	public @Nullable InstanceState state(String id) {
		if (!this.instances.containsKey(id)) {
			return null;
		}
		Connection connection = connection(id);
		synchronized (connection) {
			return new InstanceState(connection.connected(this.clock.instant()), connection.codesFetched,
					connection.subscribed, connection.withCalls);
		}
	}

	/**
	 * Whether the Client-Token is as required; when not, answers like Z-API (assumed: 400
	 * {@code {"error": "null not allowed"}} when it is missing, Z-API's observed error
	 * text in its status undocumented; 403 when it is wrong).
	 */
	private boolean clientTokenAccepted(HttpExchange exchange) throws IOException {
		String required = this.clientToken;
		if (required == null) {
			return true;
		}
		String sent = exchange.getRequestHeaders().getFirst("Client-Token");
		if (sent == null || sent.isEmpty()) {
			exchange.getRequestBody().readAllBytes();
			send(exchange, 400, Map.of("error", "null not allowed"));
			return false;
		}
		if (!required.equals(sent)) {
			exchange.getRequestBody().readAllBytes();
			send(exchange, 403, Map.of("error", "Client-Token not allowed"));
			return false;
		}
		return true;
	}

	/**
	 * The calls to one instance, answered as Z-API documents them (and, where it does
	 * not, as the gateway assumes: see {@code ZapiClient}).
	 */
	private void instanceCall(HttpExchange exchange, String method, Matcher matcher) throws IOException {
		matcher.matches();
		JsonNode body = readJson(exchange);
		SimulatedInstance instance = this.instances.get(matcher.group(1));
		if (instance == null || !instance.token().equals(matcher.group(2))) {
			send(exchange, 404, Map.of("error", "Instance not found"));
			return;
		}
		String call = matcher.group(3);
		boolean update = call.endsWith("subscription/update");
		if (update != "PUT".equals(method) || (!update && !"GET".equals(method))) {
			send(exchange, 405, Map.of("error", "Method not allowed"));
			return;
		}
		Connection connection = connection(instance.id());
		Instant now = this.clock.instant();
		synchronized (connection) {
			if (call.equals("status")) {
				boolean connected = connection.connected(now);
				Map<String, Object> status = new LinkedHashMap<>();
				status.put("connected", connected);
				status.put("error", connected ? "" : "You are not connected.");
				status.put("smartphoneConnected", connected);
				send(exchange, 200, status);
			}
			else if (call.equals("qr-code/image")) {
				if (connection.connected(now)) {
					send(exchange, 200, Map.of("connected", true, "error", "You are already connected."));
					return;
				}
				connection.codeFetched(now, this.connectAfter);
				send(exchange, 200,
						Map.of("value", "data:image/png;base64," + Base64.getEncoder().encodeToString(qrCodePng())));
			}
			else if (call.startsWith("phone-code/")) {
				String phone = matcher.group(4);
				if (phone == null || !phone.matches("[0-9]{10,15}")) {
					send(exchange, 400, Map.of("error", "Invalid phone"));
					return;
				}
				if (connection.connected(now)) {
					send(exchange, 200, Map.of("connected", true, "error", "You are already connected."));
					return;
				}
				connection.codeFetched(now, this.connectAfter);
				String code = hex(4);
				send(exchange, 200, Map.of("code", code.substring(0, 4) + "-" + code.substring(4)));
			}
			else if (call.equals("restart")) {
				// Z-API: a restart keeps the session; no new QR code is needed
				send(exchange, 200, Map.of("value", true));
			}
			else if (call.equals("disconnect")) {
				connection.connectAt = null;
				send(exchange, 200, Map.of("value", true));
			}
			else if (update) {
				if (body == null || !body.path("withCalls").isBoolean() || !body.path("withCalls").asBoolean()) {
					send(exchange, 400, Map.of("error", "withCalls must be true"));
					return;
				}
				if (!connection.subscribed) {
					send(exchange, 400, Map.of("error", "Instance is not subscribed"));
					return;
				}
				connection.withCalls = true;
				sendOk(exchange);
			}
		}
	}

	private Connection connection(String id) {
		return this.connections.computeIfAbsent(id, (key) -> new Connection());
	}

	/**
	 * A small QR-code-like PNG, different each call (as Z-API's codes change every 20 s).
	 */
	private byte[] qrCodePng() {
		int modules = 29;
		int scale = 4;
		BufferedImage image = new BufferedImage(modules * scale, modules * scale, BufferedImage.TYPE_BYTE_BINARY);
		for (int y = 0; y < modules; y++) {
			for (int x = 0; x < modules; x++) {
				int rgb = this.random.nextBoolean() ? 0x000000 : 0xFFFFFF;
				for (int dy = 0; dy < scale; dy++) {
					for (int dx = 0; dx < scale; dx++) {
						image.setRGB(x * scale + dx, y * scale + dy, rgb);
					}
				}
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * An instance's connection and subscription as the simulator plays them.
	 *
	 * @param connected whether a phone is connected
	 * @param codesFetched how many QR and phone codes were fetched
	 * @param subscribed whether it is subscribed
	 * @param withCalls the subscription's {@code withCalls}, or {@code null} if never
	 * given
	 */
	public record InstanceState(boolean connected, int codesFetched, boolean subscribed, @Nullable Boolean withCalls) {

	}

	/** Mutable, guarded by itself. */
	private static final class Connection {

		@Nullable Instant connectAt;

		int codesFetched;

		volatile boolean subscribed;

		volatile @Nullable Boolean withCalls;

		boolean connected(Instant now) {
			return this.connectAt != null && !now.isBefore(this.connectAt);
		}

		/** The first code fetched since the last disconnect starts the countdown. */
		void codeFetched(Instant now, Duration connectAfter) {
			this.codesFetched++;
			if (this.connectAt == null) {
				this.connectAt = now.plus(connectAfter);
			}
		}

	}

	private record SimulatedInstance(String id, String token, String name, Instant created, Instant due) {
	}

}
