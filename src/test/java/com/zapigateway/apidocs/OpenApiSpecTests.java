package com.zapigateway.apidocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.support.LifecycleHttp;
import com.zapigateway.support.PostgresTestConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description as served, written to {@code target/openapi.json} for the
 * linter ({@code .ci/lint-openapi}), with an example for every answer of every operation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresTestConfiguration.class)
class OpenApiSpecTests {

	@RegisterExtension
	static WireMockExtension zapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		LifecycleHttp.properties(zapi.baseUrl()).forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	@Test
	void describesEveryOperationWithExamplesForEverySuccessAndError() throws IOException {
		LifecycleHttp http = new LifecycleHttp(this.port);
		LifecycleHttp.Response response = http.get("/v3/api-docs", Map.of());
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
		// patterns are published as ECMA-262 (Java's class union is not)
		assertThat(openApi.path("components").path("schemas").findValuesAsString("pattern"))
			.noneMatch((pattern) -> pattern.matches(".*\\[[^\\]]*\\[.*"));
		assertThat(openApi.path("components").path("securitySchemes").path("apiKey").path("name").asString())
			.isEqualTo("X-API-Key");
		// no secret-looking field is documented as a query parameter, no partner token
		// anywhere
		assertThat(response.body()).doesNotContain(LifecycleHttp.PARTNER_TOKEN);
	}

	@Test
	void servesSwaggerUiWithoutAnApiKey() {
		LifecycleHttp.Response ui = new LifecycleHttp(this.port).send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/swagger-ui/index.html"))
			.GET(), Map.of());
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
		// Swagger UI's own scripts may run; nothing else
		assertThat(ui.header("Content-Security-Policy")).contains("script-src 'self'")
			.contains("frame-ancestors 'none'");
	}

}
