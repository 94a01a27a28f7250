package com.zapigateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for full-stack tests of the lifecycle features (issue 5), with the
 * API key and the test properties they share.
 */
public final class LifecycleHttp {

	public static final String API_KEY = "lifecycle-test-key";

	/** An operator's key: actuator endpoints but health are for operators only. */
	public static final String OPERATOR_KEY = "lifecycle-operator-key";

	public static final String PARTNER_TOKEN = ZapiFake.PARTNER_TOKEN;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public LifecycleHttp(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * Properties for a gateway under test whose Z-API is at {@code zapiBaseUrl}.
	 * @param zapiBaseUrl the Z-API stand-in
	 * @return the properties
	 */
	public static Map<String, String> properties(String zapiBaseUrl) {
		return Map.ofEntries(Map.entry("zapi.base-url", zapiBaseUrl), Map.entry("zapi.partner-token", PARTNER_TOKEN),
				Map.entry("zapi.read-timeout", "3s"), Map.entry("gateway.clients[0].name", "lifecycle-tests"),
				Map.entry("gateway.clients[0].api-key-sha256", GatewayHttp.sha256Hex(API_KEY)),
				Map.entry("gateway.clients[0].tenants", "*"),
				Map.entry("gateway.clients[1].name", "lifecycle-operator"),
				Map.entry("gateway.clients[1].api-key-sha256", GatewayHttp.sha256Hex(OPERATOR_KEY)),
				Map.entry("gateway.clients[1].tenants", "*"), Map.entry("gateway.clients[1].operator", "true"),
				Map.entry("gateway.scheduling.enabled", "false"));
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
	}

	public Response get(String path, Map<String, String> headers) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
	}

	/**
	 * The Prometheus scrape, with the operator's key.
	 * @return the metrics, as text
	 */
	public String metrics() {
		Response response = get("/actuator/prometheus", Map.of("X-API-Key", OPERATOR_KEY));
		if (response.status() != 200) {
			throw new IllegalStateException("Metrics answered " + response.status() + ": " + response.body());
		}
		return response.body();
	}

	public Response post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), Map.of());
	}

	public Response post(String path) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), Map.of());
	}

	/**
	 * A POST with extra headers (e.g. {@code Idempotency-Key}).
	 * @param path the path
	 * @param json the JSON body, or {@code null} for none
	 * @param headers the headers
	 * @return the answer
	 */
	public Response post(String path, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (json != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		return send(request, headers);
	}

	public Response put(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)), Map.of());
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE(), Map.of());
	}

	public Response send(HttpRequest.Builder request, Map<String, String> headers) {
		request.header("X-API-Key", headers.getOrDefault("X-API-Key", API_KEY)).timeout(Duration.ofSeconds(30));
		headers.forEach((name, value) -> {
			if (!name.equals("X-API-Key")) {
				request.header(name, value);
			}
		});
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	/**
	 * An answer.
	 *
	 * @param status the status
	 * @param headers the headers
	 * @param body the body as text
	 */
	public record Response(int status, HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
