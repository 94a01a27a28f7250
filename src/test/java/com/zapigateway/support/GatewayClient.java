package com.zapigateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests' HTTP client of a gateway on a loopback port: plain HTTP/1.1, no retries, no
 * redirects; any method, path, header and body bytes (as a hostile caller could send
 * them), or raw bytes on a socket ({@link #raw(String)}). With {@link #withApiKey} every
 * request carries that {@code X-API-Key} unless it names its own.
 */
public final class GatewayClient {

	/** 504 answers (outcome unknown) that {@link #createUntilSettled} met and retried. */
	public static final AtomicLong UNKNOWN_OUTCOMES_RETRIED = new AtomicLong();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	/** Long enough for a create that waits on a slow Z-API on a busy machine. */
	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private final int port;

	private final @Nullable String apiKey;

	private GatewayClient(int port, @Nullable String apiKey) {
		this.port = port;
		this.apiKey = apiKey;
	}

	/**
	 * A client without an API key.
	 * @param port the gateway's port on 127.0.0.1
	 * @return the client
	 */
	public static GatewayClient onPort(int port) {
		return new GatewayClient(port, null);
	}

	/**
	 * The same client, sending {@code apiKey} unless a request names its own.
	 * @param apiKey the key
	 * @return the client
	 */
	public GatewayClient withApiKey(String apiKey) {
		return new GatewayClient(this.port, apiKey);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public Response get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	public Response get(String path, Map<String, String> headers) {
		return get(path, pairs(headers));
	}

	/**
	 * A POST, with a JSON body unless {@code json} is {@code null}.
	 * @param path the path
	 * @param json the body, or {@code null} for none
	 * @param headers more headers, name and value in turn
	 * @return the answer
	 */
	public Response post(String path, @Nullable String json, String... headers) {
		if (json == null) {
			return send("POST", path, null, headers);
		}
		return send("POST", path, json.getBytes(StandardCharsets.UTF_8), withJsonContentType(headers));
	}

	public Response post(String path) {
		return post(path, null, new String[0]);
	}

	public Response post(String path, @Nullable String json, Map<String, String> headers) {
		return post(path, json, pairs(headers));
	}

	public Response postJson(String path, String json, String... headers) {
		return post(path, json, headers);
	}

	public Response put(String path, String json, String... headers) {
		return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), withJsonContentType(headers));
	}

	public Response delete(String path, String... headers) {
		return send("DELETE", path, null, headers);
	}

	/**
	 * Any request.
	 * @param method the method
	 * @param rawPath the path and query, as sent
	 * @param body the body, or {@code null} for none
	 * @param headers the headers, name and value in turn
	 * @return the answer
	 */
	public Response send(String method, String rawPath, byte @Nullable [] body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + rawPath))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		Map<String, String> extra = new LinkedHashMap<>();
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("X-API-Key")) {
				extra.put(headers[i], headers[i + 1]);
			}
			else {
				request.header(headers[i], headers[i + 1]);
			}
		}
		return send(request, extra);
	}

	/**
	 * A request built by the caller, with this client's API key (unless {@code headers}
	 * name one) and timeout.
	 * @param request the request
	 * @param headers more headers
	 * @return the answer
	 */
	public Response send(HttpRequest.Builder request, Map<String, String> headers) {
		String key = headers.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase("X-API-Key"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.apiKey);
		if (key != null) {
			request.header("X-API-Key", key);
		}
		headers.forEach((name, value) -> {
			if (!name.equalsIgnoreCase("X-API-Key")) {
				request.header(name, value);
			}
		});
		HttpRequest built = request.timeout(TIMEOUT).build();
		try {
			HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A create, with an {@code Idempotency-Key} unless it is {@code null}.
	 * @param tenant the tenant
	 * @param idempotencyKey the key, or {@code null}
	 * @param json the body
	 * @return the answer
	 */
	public Response create(String tenant, @Nullable String idempotencyKey, String json) {
		String path = "/api/v1/tenants/" + tenant + "/instances";
		return (idempotencyKey != null) ? post(path, json, "Idempotency-Key", idempotencyKey) : post(path, json);
	}

	/**
	 * Creates with the same key until the gateway gives a final answer, as a well-behaved
	 * caller does: 409, 503 and 504 are retried with the same key and body, after
	 * {@code Retry-After} (1 second when absent).
	 * @param tenant the tenant
	 * @param idempotencyKey the key
	 * @param json the body
	 * @param patience how long to keep retrying
	 * @return the last answer
	 */
	public Response createUntilSettled(String tenant, String idempotencyKey, String json, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		while (true) {
			Response response = create(tenant, idempotencyKey, json);
			if (!List.of(409, 503, 504).contains(response.status()) || System.nanoTime() > deadline) {
				return response;
			}
			if (response.status() == 504) {
				UNKNOWN_OUTCOMES_RETRIED.incrementAndGet();
			}
			long seconds = response.header("Retry-After").map(Long::parseLong).orElse(1L);
			sleep(Duration.ofSeconds(seconds));
		}
	}

	/**
	 * The Prometheus scrape, with the shared operator's key ({@link GatewayTest}).
	 * @return the metrics, as text
	 */
	public String metrics() {
		Response response = get("/actuator/prometheus", "X-API-Key", GatewayTest.OPERATOR_KEY);
		if (response.status() != 200) {
			throw new IllegalStateException("Metrics answered " + response.status() + ": " + response.body());
		}
		return response.body();
	}

	/**
	 * Writes the request's bytes as given on a new connection (any request line, any
	 * {@code Host}, headers an HTTP client would refuse to send) and reads the answer
	 * until the server closes the connection: send {@code Connection: close}.
	 * @param request the whole request, head and body, as ISO-8859-1 text
	 * @return the answer
	 */
	public RawResponse raw(String request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return RawResponse.parse(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.lines().findFirst().orElse("") + " failed: " + ex, ex);
		}
	}

	public static String sha256Hex(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String[] withJsonContentType(String[] headers) {
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Content-Type")) {
				return headers;
			}
		}
		String[] all = new String[headers.length + 2];
		all[0] = "Content-Type";
		all[1] = "application/json";
		System.arraycopy(headers, 0, all, 2, headers.length);
		return all;
	}

	private static String[] pairs(Map<String, String> headers) {
		return headers.entrySet()
			.stream()
			.flatMap((header) -> java.util.stream.Stream.of(header.getKey(), header.getValue()))
			.toArray(String[]::new);
	}

	/**
	 * One answer.
	 *
	 * @param status the status
	 * @param headers the headers
	 * @param body the body as text
	 */
	public record Response(int status, HttpHeaders headers, String body) {

		public Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

		/**
		 * The {@code Content-Type}.
		 * @return it, or {@code ""} when there is none
		 */
		public String contentType() {
			return header("Content-Type").orElse("");
		}

		/**
		 * The body as JSON.
		 * @return it, or a missing node when the body is empty
		 */
		public JsonNode json() {
			return this.body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(this.body);
		}

		/**
		 * A text field of the JSON body.
		 * @param field the field
		 * @return its value, {@code ""} when absent
		 */
		public String text(String field) {
			return json().path(field).asString();
		}

		/**
		 * Asserts that this answer replays {@code first}: the same body, but for the time
		 * left of the trial, which a create's replay computes at its own time (the answer
		 * is rebuilt from the stored instance: its token is never stored in clear) and
		 * which can only have shrunk.
		 * @param first the first answer
		 */
		public void assertReplays(Response first) {
			JsonNode body = json();
			JsonNode firstBody = first.json();
			assertThat(withoutTimeLeft(body)).isEqualTo(withoutTimeLeft(firstBody));
			long firstTimeLeft = firstBody.at("/trial/remainingSeconds").asLong();
			assertThat(body.at("/trial/remainingSeconds").asLong()).isBetween(firstTimeLeft - 300, firstTimeLeft);
		}

		private static JsonNode withoutTimeLeft(JsonNode body) {
			JsonNode copy = body.deepCopy();
			((ObjectNode) copy.path("trial")).remove("remainingSeconds");
			return copy;
		}

		@Override
		public String toString() {
			return "Response[status=" + this.status + ", body=" + this.body + "]";
		}

	}

	/**
	 * One answer read off the wire.
	 *
	 * @param status the status
	 * @param headers the headers, names in lower case (the last of repeated ones)
	 * @param body the body as UTF-8 text (de-chunked)
	 */
	public record RawResponse(int status, Map<String, String> headers, String body) {

		static RawResponse parse(InputStream in) throws IOException {
			byte[] all = in.readAllBytes();
			String text = new String(all, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IOException("No complete answer: " + text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
			byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String text = new String(chunked, StandardCharsets.ISO_8859_1);
			int at = 0;
			while (at < text.length()) {
				int lineEnd = text.indexOf("\r\n", at);
				int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
				if (size == 0) {
					break;
				}
				out.write(chunked, lineEnd + 2, size);
				at = lineEnd + 2 + size + 2;
			}
			return out.toByteArray();
		}

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
