package com.zapigateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller of a running gateway over real HTTP (no retries, no redirects).
 */
public final class GatewayCaller {

	/**
	 * The test client's API key; its SHA-256 is configured by
	 * {@link #clientProperties()}.
	 */
	public static final String API_KEY = "reliability-test-key";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String baseUrl;

	public GatewayCaller(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static GatewayCaller onPort(int port) {
		return new GatewayCaller("http://127.0.0.1:" + port);
	}

	/**
	 * Properties that configure the test client for tenants {@code acme} and
	 * {@code globex}.
	 */
	public static String[] clientProperties() {
		return new String[] { "gateway.clients[0].name=reliability-tests",
				"gateway.clients[0].api-key-sha256=" + GatewayHttp.sha256Hex(API_KEY),
				"gateway.clients[0].tenants=acme,globex" };
	}

	public Response create(String tenant, String idempotencyKey, String json) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.baseUrl + "/api/v1/tenants/" + tenant + "/instances"))
			.timeout(Duration.ofSeconds(120))
			.header("X-API-Key", API_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request.build());
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(120))
			.header("X-API-Key", API_KEY)
			.GET()
			.build());
	}

	/** 504 answers (outcome unknown) that {@link #createUntilSettled} met and retried. */
	public static final AtomicLong UNKNOWN_OUTCOMES_RETRIED = new AtomicLong();

	/**
	 * Creates with the same key until the gateway gives a final answer, as a well-behaved
	 * caller does: 409, 503 and 504 are retried with the same key and body, after
	 * {@code Retry-After} (1 second when absent).
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

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
			return new Response(response.statusCode(), response, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param raw the raw response
	 * @param body the JSON body, or {@code null}
	 */
	public record Response(int status, HttpResponse<String> raw, JsonNode body) {

		public Optional<String> header(String name) {
			return this.raw.headers().firstValue(name);
		}

		public String text(String field) {
			return this.body.path(field).asString();
		}

		/**
		 * Asserts that this answer replays {@code first}: the same body, but for the time
		 * left of the trial, which a create's replay computes at its own time (the answer
		 * is rebuilt from the stored instance: its token is never stored in clear) and
		 * which can only have shrunk.
		 * @param first the first answer
		 */
		public void assertReplays(Response first) {
			assertThat(withoutTimeLeft(this.body)).isEqualTo(withoutTimeLeft(first.body));
			long firstTimeLeft = first.body.at("/trial/remainingSeconds").asLong();
			assertThat(this.body.at("/trial/remainingSeconds").asLong()).isBetween(firstTimeLeft - 300, firstTimeLeft);
		}

		private static JsonNode withoutTimeLeft(JsonNode body) {
			JsonNode copy = body.deepCopy();
			((ObjectNode) copy.path("trial")).remove("remainingSeconds");
			return copy;
		}

		@Override
		public String toString() {
			return "Response[status=" + this.status + ", type=" + ((this.body != null) ? this.body.path("type") : "")
					+ "]";
		}

	}

}
