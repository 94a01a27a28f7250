package com.zapigateway.apidocs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description as served, written to {@code target/openapi.json} for the
 * linter ({@code .ci/lint-openapi}), with an example for every answer of every operation.
 */
@GatewayTest
class OpenApiSpecTests {

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void describesEveryOperationWithExamplesForEverySuccessAndError() throws IOException {
		GatewayClient http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
		GatewayClient.Response response = http.get("/v3/api-docs", Map.of());
		assertThat(response.status()).isEqualTo(200);
		Path spec = Path.of("target", "openapi.json");
		Files.createDirectories(spec.getParent());
		Files.writeString(spec, response.body(), StandardCharsets.UTF_8);

		JsonNode openApi = response.json();
		assertThat(openApi.path("openapi").asString()).startsWith("3.");
		List<String> missing = new ArrayList<>();
		List<String> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : openApi.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				String name = operation.getKey().toUpperCase() + " " + path.getKey();
				operations.add(name);
				JsonNode op = operation.getValue();
				if (op.path("requestBody").path("content").isObject()) {
					op.path("requestBody").path("content").forEach((media) -> {
						if (!media.has("example") && !media.has("examples")) {
							missing.add(name + " request body");
						}
					});
				}
				for (Map.Entry<String, JsonNode> answer : op.path("responses").properties()) {
					if (answer.getKey().equals("204")) {
						continue;
					}
					JsonNode content = answer.getValue().path("content");
					if (!content.isObject() || content.isEmpty()) {
						missing.add(name + " " + answer.getKey() + " (no content)");
					}
					content.forEach((media) -> {
						if (!media.has("example") && !media.has("examples")) {
							missing.add(name + " " + answer.getKey());
						}
					});
				}
				assertThat(op.path("responses").has("401")).as(name + " documents 401").isTrue();
				assertThat(op.path("parameters").findValuesAsString("name")).as(name).contains("X-Request-Id");
			}
		}
		assertThat(missing).as("answers without an example").isEmpty();
		assertThat(operations).contains("POST /api/v1/tenants/{tenantId}/instances",
				"POST /api/v1/tenants/{tenantId}/instances/{instanceId}/subscription",
				"POST /api/v1/tenants/{tenantId}/instances/{instanceId}/cancellation",
				"GET /api/v1/tenants/{tenantId}/summary", "PUT /api/v1/tenants/{tenantId}/webhook");
		JsonNode subscribeErrors = openApi.path("paths")
			.path("/api/v1/tenants/{tenantId}/instances/{instanceId}/subscription")
			.path("post")
			.path("responses");
		assertThat(subscribeErrors.path("409")
			.path("content")
			.path("application/problem+json")
			.path("examples")
			.has("instance-deleted")).isTrue();
		assertThat(subscribeErrors.path("504")
			.path("content")
			.path("application/problem+json")
			.path("examples")
			.has("zapi-timeout")).isTrue();
		// every operation that honours an Idempotency-Key documents it, its replay
		// header,
		// 409 while in flight and 422 for another request under the key
		for (String idempotent : List.of("/api/v1/tenants/{tenantId}/instances",
				"/api/v1/tenants/{tenantId}/instances/{instanceId}/subscription",
				"/api/v1/tenants/{tenantId}/instances/{instanceId}/cancellation")) {
			JsonNode op = openApi.path("paths").path(idempotent).path("post");
			assertThat(op.path("parameters").findValuesAsString("name")).as(idempotent).contains("Idempotency-Key");
			JsonNode success = idempotent.endsWith("/instances") ? op.path("responses").path("201")
					: op.path("responses").path("200");
			assertThat(success.path("headers").has("Idempotent-Replayed")).as(idempotent).isTrue();
			assertThat(op.path("responses")
				.path("409")
				.path("content")
				.path("application/problem+json")
				.path("examples")
				.has("create-in-progress")).as(idempotent).isTrue();
			assertThat(op.path("responses")
				.path("422")
				.path("content")
				.path("application/problem+json")
				.path("examples")
				.has("idempotency-key-reused")).as(idempotent).isTrue();
		}
		assertThat(openApi.path("paths")
			.path("/api/v1/tenants/{tenantId}/instances")
			.path("post")
			.path("responses")
			.has("200")).as("create answers 201").isFalse();
		// the QR code: a PNG by default, a data URI in JSON on request; its own problems
		JsonNode qrCode = openApi.path("paths")
			.path("/api/v1/tenants/{tenantId}/instances/{instanceId}/connection/qr-code")
			.path("get")
			.path("responses");
		assertThat(qrCode.path("200").path("content").propertyNames()).containsExactlyInAnyOrder("image/png",
				"application/json");
		assertThat(qrCode.path("200").path("content").path("image/png").path("schema").path("format").asString())
			.isEqualTo("binary");
		assertThat(qrCode.path("200").path("content").path("application/json").path("example").path("image").asString())
			.startsWith("data:image/png;base64,");
		assertThat(qrCode.path("409").path("content").path("application/problem+json").path("examples").propertyNames())
			.contains("already-connected", "instance-deleted");
		assertThat(qrCode.path("429")
			.path("content")
			.path("application/problem+json")
			.path("examples")
			.has("qr-code-limit")).isTrue();
		// a webhook's last delivery, with an example: only status and error may be null
		JsonNode lastDelivery = openApi.path("components").path("schemas").path("LastDelivery");
		assertThat(lastDelivery.path("properties").propertyNames()).containsExactlyInAnyOrder("at", "eventId", "status",
				"error", "delivered");
		assertThat(lastDelivery.path("properties").path("status").path("type").valueStream().map(JsonNode::asString))
			.contains("null");
		assertThat(lastDelivery.path("properties").path("error").path("type").valueStream().map(JsonNode::asString))
			.contains("null");
		assertThat(lastDelivery.path("properties").path("delivered").path("type").asString()).isEqualTo("boolean");
		assertThat(lastDelivery.path("properties").path("error").path("description").asString())
			.contains("refused-address", "connect-timeout", "http-status");
		assertThat(openApi.path("paths")
			.path("/api/v1/tenants/{tenantId}/webhook")
			.path("get")
			.path("responses")
			.path("200")
			.path("content")
			.path("application/json")
			.path("example")
			.path("lastDelivery")
			.has("delivered")).isTrue();
		// patterns are published as ECMA-262 (Java's class union is not)
		assertThat(openApi.path("components").path("schemas").findValuesAsString("pattern"))
			.noneMatch((pattern) -> pattern.matches(".*\\[[^\\]]*\\[.*"));
		assertThat(openApi.path("components")
			.path("schemas")
			.path("Problem")
			.path("required")
			.valueStream()
			.map(JsonNode::asString)).containsExactlyInAnyOrder("type", "title", "status");
		assertThat(openApi.path("components").path("securitySchemes").path("apiKey").path("name").asString())
			.isEqualTo("X-API-Key");
		// no secret-looking field is documented as a query parameter, no partner token
		// anywhere
		assertThat(response.body()).doesNotContain(ZapiFake.PARTNER_TOKEN).doesNotContain(ZapiFake.CLIENT_TOKEN);
	}

	/**
	 * Every error response of every operation is problem+json with at least one example,
	 * each example a problem of a known type with the response's status and named by its
	 * type; every problem type the gateway has is documented somewhere; an operation that
	 * calls Z-API documents every Z-API problem; waiting answers document
	 * {@code Retry-After}.
	 */
	@Test
	void documentsEveryErrorOfEveryOperationWithAnExampleOfAKnownType() {
		JsonNode openApi = GatewayClient.onPort(this.port)
			.withApiKey(GatewayTest.LIFECYCLE_KEY)
			.get("/v3/api-docs", Map.of())
			.json();
		Map<String, Integer> knownTypes = problemTypes();
		List<String> problems = new ArrayList<>();
		Set<String> documented = new TreeSet<>();
		Map<String, Set<String>> zapiTypesByOperation = new TreeMap<>();
		forEachOperation(openApi, (name, op) -> {
			Set<String> zapiTypes = new TreeSet<>();
			for (Map.Entry<String, JsonNode> answer : op.path("responses").properties()) {
				String status = answer.getKey();
				if (status.startsWith("2")) {
					continue;
				}
				JsonNode content = answer.getValue().path("content");
				List<String> media = new ArrayList<>();
				content.propertyNames().forEach(media::add);
				if (!media.equals(List.of("application/problem+json"))) {
					problems.add(name + " " + status + ": content " + media + " is not only application/problem+json");
					continue;
				}
				JsonNode problemJson = content.path("application/problem+json");
				if (!problemJson.path("schema").path("$ref").asString().equals("#/components/schemas/Problem")) {
					problems.add(name + " " + status + ": schema is not the Problem schema");
				}
				JsonNode examples = problemJson.path("examples");
				if (!examples.isObject() || examples.isEmpty()) {
					problems.add(name + " " + status + ": no example");
					continue;
				}
				for (Map.Entry<String, JsonNode> example : examples.properties()) {
					JsonNode value = example.getValue().path("value");
					String type = value.path("type").asString();
					String slug = type.substring(type.lastIndexOf(':') + 1);
					String where = name + " " + status + " example '" + example.getKey() + "'";
					if (!knownTypes.containsKey(type)) {
						problems.add(where + ": unknown type " + type);
					}
					if (!example.getKey().equals(slug)) {
						problems.add(where + ": not named by its type " + type);
					}
					if (!String.valueOf(value.path("status").asInt()).equals(status)) {
						problems.add(where + ": status " + value.path("status") + " in a " + status + " response");
					}
					if (value.path("title").asString().isBlank() || value.path("detail").asString().isBlank()) {
						problems.add(where + ": no title or detail");
					}
					documented.add(type);
					if (slug.startsWith("zapi-")) {
						zapiTypes.add(slug);
					}
				}
				if ((status.equals("429") || status.equals("503"))
						&& !answer.getValue().path("headers").has("Retry-After")) {
					problems.add(name + " " + status + ": Retry-After not documented");
				}
			}
			if (!zapiTypes.isEmpty()) {
				zapiTypesByOperation.put(name, zapiTypes);
			}
		});
		assertThat(problems).as("error responses that are not documented as they should be").isEmpty();

		// every type the gateway can answer is documented, but those answered only for a
		// method no operation has, or at the HTTP level before any operation (in the
		// API's description)
		Set<String> undocumented = new TreeSet<>(knownTypes.keySet());
		undocumented.removeAll(documented);
		assertThat(undocumented).as("problem types without an example in any operation")
			.containsExactlyInAnyOrder(Problem.METHOD_NOT_ALLOWED.type().toString(),
					Problem.NOT_IMPLEMENTED.type().toString(), Problem.HTTP_VERSION_NOT_SUPPORTED.type().toString());
		for (String type : undocumented) {
			assertThat(openApi.path("info").path("description").asString())
				.contains(type.substring(type.lastIndexOf(':') + 1));
		}

		// an operation that calls Z-API can get any Z-API problem: the guard's, and every
		// failure of the call (a create's own failure only on a create; the missing
		// Client-Token only on the calls to one instance, which a create is not)
		Set<String> allZapiTypes = new TreeSet<>();
		knownTypes.keySet()
			.stream()
			.map((type) -> type.substring(type.lastIndexOf(':') + 1))
			.filter((slug) -> slug.startsWith("zapi-"))
			.forEach(allZapiTypes::add);
		assertThat(zapiTypesByOperation).as("operations calling Z-API").isNotEmpty();
		zapiTypesByOperation.forEach((name, zapiTypes) -> {
			Set<String> expected = new TreeSet<>(allZapiTypes);
			if (!name.equals("POST /api/v1/tenants/{tenantId}/instances")) {
				expected.remove("zapi-create-failed");
			}
			else {
				expected.remove("zapi-client-token-required");
			}
			assertThat(zapiTypes).as(name).isEqualTo(expected);
		});
	}

	/**
	 * What the gateway really answers to requests each operation can get wrong (no or a
	 * wrong API key, a key in the URL, a refused URL, an invalid parameter, an Accept
	 * without JSON, a body that is malformed, not JSON or too large): each answer is a
	 * problem its operation documents, with an example, under that status.
	 */
	@Test
	void documentsWhatTheGatewayReallyAnswersToFaultyRequests() {
		JsonNode openApi = GatewayClient.onPort(this.port)
			.withApiKey(GatewayTest.LIFECYCLE_KEY)
			.get("/v3/api-docs", Map.of())
			.json();
		List<String> undocumented = new ArrayList<>();
		List<String> probed = new ArrayList<>();
		forEachOperation(openApi, (name, op) -> {
			String method = name.substring(0, name.indexOf(' '));
			String template = name.substring(name.indexOf(' ') + 1);
			String path = template.replace("{tenantId}", "acme").replace("{instanceId}", "NOPE0000");
			boolean hasBody = op.path("requestBody").isObject();
			Map<String, Probe> probes = new LinkedHashMap<>();
			probes.put("no API key", new Probe(path, Map.of(), null, null));
			probes.put("wrong API key", new Probe(path, Map.of("X-API-Key", "not-a-key"), null, null));
			probes.put("API key in the URL", new Probe(path + "?api_key=secret", key(), null, null));
			probes.put("Accept without JSON", new Probe(path, with(key(), "Accept", "text/html"), null, null));
			if (template.contains("{tenantId}")) {
				probes.put("refused URL",
						new Probe(template.replace("{tenantId}", "ac%2Fme").replace("{instanceId}", "NOPE0000"), key(),
								null, null));
				probes.put("invalid tenant id", new Probe(path.replace("/acme", "/-acme"), key(),
						hasBody ? "application/json" : null, hasBody ? "{}" : null));
			}
			if (hasBody) {
				probes.put("malformed JSON", new Probe(path, key(), "application/json", "{\"name\":"));
				probes.put("not JSON", new Probe(path, key(), "text/plain", "name"));
			}
			if (hasBody || method.equals("POST") || method.equals("PUT")) {
				probes.put("too large a body",
						new Probe(path, key(), "application/json", "{\"name\":\"" + "x".repeat(20_000) + "\"}"));
			}
			probes.forEach((what, probe) -> {
				GatewayClient.Response answer = send(method, probe);
				probed.add(name + " (" + what + ") -> " + answer.status());
				String contentType = String.valueOf(answer.header("Content-Type").orElse(null));
				if (answer.status() < 400 || !contentType.startsWith("application/problem+json")) {
					undocumented.add(name + " (" + what + "): " + answer.status() + " " + contentType);
					return;
				}
				String type = answer.json().path("type").asString();
				String slug = type.substring(type.lastIndexOf(':') + 1);
				JsonNode example = op.path("responses")
					.path(String.valueOf(answer.status()))
					.path("content")
					.path("application/problem+json")
					.path("examples")
					.path(slug)
					.path("value");
				if (!example.path("type").asString().equals(type)) {
					undocumented.add(name + " (" + what + "): " + answer.status() + " " + type);
				}
			});
		});
		assertThat(probed).isNotEmpty();
		assertThat(undocumented).as("answers the description does not document (of %s)", probed).isEmpty();
	}

	private GatewayClient.Response send(String method, Probe probe) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + probe.path()))
			.method(method,
					(probe.body() != null) ? HttpRequest.BodyPublishers.ofString(probe.body())
							: HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30));
		if (probe.contentType() != null) {
			request.header("Content-Type", probe.contentType());
		}
		probe.headers().forEach(request::header);
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new GatewayClient.Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> key() {
		return Map.of("X-API-Key", GatewayTest.LIFECYCLE_KEY);
	}

	private static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put(name, value);
		return all;
	}

	/** Every operation of the description, named {@code "METHOD path"}. */
	private static void forEachOperation(JsonNode openApi, BiConsumer<String, JsonNode> action) {
		for (Map.Entry<String, JsonNode> path : openApi.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				action.accept(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue());
			}
		}
	}

	/** Every problem type the gateway declares (its catalogue's types). */
	private static Map<String, Integer> problemTypes() {
		Map<String, Integer> types = new TreeMap<>();
		for (Problem problem : Problem.values()) {
			types.putIfAbsent(problem.type().toString(), types.size());
		}
		assertThat(types).hasSizeGreaterThan(20);
		return types;
	}

	/** A request to send to an operation. */
	private record Probe(String path, Map<String, String> headers, @Nullable String contentType,
			@Nullable String body) {
	}

	@Test
	void servesSwaggerUiWithoutAnApiKey() {
		GatewayClient.Response ui = GatewayClient.onPort(this.port)
			.withApiKey(GatewayTest.LIFECYCLE_KEY)
			.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/swagger-ui/index.html"))
				.GET(), Map.of());
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
		// Swagger UI's own scripts may run; nothing else
		assertThat(ui.header("Content-Security-Policy").orElse("")).contains("script-src 'self'")
			.contains("frame-ancestors 'none'");
	}

}
