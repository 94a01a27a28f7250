package com.zapigateway.security;

import java.util.List;
import java.util.Map;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication, tenant isolation on every route, security headers, actuator exposure
 * and the audit trail, over real HTTP.
 */
class SecurityIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MeterRegistry meters;

	@Test
	void securityFiltersRunUnwrappedWhileTheRequestItselfStaysObserved() {
		// the chain the springSecurityFilterChain bean delegates to (no public accessor)
		Object chain = ReflectionTestUtils.getField(this.context.getBean("springSecurityFilterChain"),
				"springSecurityFilterChain");
		assertThat(ReflectionTestUtils.getField(chain, "filterChainDecorator"))
			.isNotInstanceOf(ObservationFilterChainDecorator.class);

		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances?size=1", "X-API-Key", ALPHA_KEY).status())
			.isEqualTo(200);
		assertThat(this.meters.find("http.server.requests").tag("uri", "/api/v1/tenants/{tenantId}/instances").timer())
			.isNotNull();
	}

	@Test
	void configuredHashesAreTheKeysHashes() {
		assertThat(GatewayClient.sha256Hex(ALPHA_KEY)).isEqualTo(ALPHA_KEY_SHA256);
		assertThat(GatewayClient.sha256Hex(ALPHA_NEXT_KEY)).isEqualTo(ALPHA_NEXT_KEY_SHA256);
		assertThat(GatewayClient.sha256Hex(BETA_KEY)).isEqualTo(BETA_KEY_SHA256);
		assertThat(GatewayClient.sha256Hex(OPS_KEY)).isEqualTo(OPS_KEY_SHA256);
	}

	@Test
	void anotherTenantsInstanceIsNotFoundOnEveryRouteEvenForAnAllTenantsClient() {
		String alphaInstance = create(ALPHA_KEY, "alpha-t").get("id").asString();
		// beta may act for beta-t only: alpha's instance does not exist there
		for (String path : List.of("/api/v1/tenants/beta-t/instances/" + alphaInstance,
				"/api/v1/tenants/beta-t/instances/" + alphaInstance + "/credentials")) {
			Response response = this.http.get(path, "X-API-Key", BETA_KEY);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain("alpha-t");
		}
		Response list = this.http.get("/api/v1/tenants/beta-t/instances?size=100", "X-API-Key", BETA_KEY);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(alphaInstance);
		// an all-tenants client asking under the wrong tenant: 404 as well
		assertThat(this.http.get("/api/v1/tenants/beta-t/instances/" + alphaInstance, "X-API-Key", OPS_KEY).status())
			.isEqualTo(404);
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances/" + alphaInstance, "X-API-Key", OPS_KEY).status())
			.isEqualTo(200);
	}

	@Test
	void aTenantTheClientIsNotBoundToIsForbiddenTheSameWayWhetherOrNotTheInstanceExists() {
		String alphaInstance = create(ALPHA_KEY, "alpha-t").get("id").asString();
		Response existing = this.http.get("/api/v1/tenants/alpha-t/instances/" + alphaInstance, "X-API-Key", BETA_KEY);
		Response missing = this.http.get("/api/v1/tenants/alpha-t/instances/NOPE123", "X-API-Key", BETA_KEY);
		assertThat(existing.status()).isEqualTo(403);
		assertThat(missing.status()).isEqualTo(403);
		// the same problem apart from "instance" (the request path, which the caller
		// sent)
		for (String field : List.of("type", "title", "status", "detail")) {
			assertThat(existing.json().get(field)).isEqualTo(missing.json().get(field));
		}
		assertThat(existing.body().replace("/instances/" + alphaInstance, "")).doesNotContain(alphaInstance);
		assertThat(existing.contentType()).startsWith("application/problem+json");
		assertThat(existing.json().get("type").asString()).isEqualTo("urn:zapi-gateway:problem:forbidden");
		Response post = this.http.postJson("/api/v1/tenants/alpha-t/instances", "{\"name\":\"x\"}", "X-API-Key",
				BETA_KEY);
		assertThat(post.status()).isEqualTo(403);
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", BETA_KEY).status()).isEqualTo(403);
	}

	@Test
	void missingOrWrongKeysAre401Problems() {
		Response missing = this.http.get("/api/v1/tenants/alpha-t/instances");
		Response wrong = this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", "not-a-key");
		for (Response response : List.of(missing, wrong)) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).isEqualTo("urn:zapi-gateway:problem:unauthorized");
			assertThat(response.header("WWW-Authenticate")).isPresent();
		}
	}

	@Test
	void bothKeysOfARotatingClientWork() {
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", ALPHA_KEY).status()).isEqualTo(200);
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", ALPHA_NEXT_KEY).status())
			.isEqualTo(200);
		// a rotated key is the same client: same tenants, nothing more
		assertThat(this.http.get("/api/v1/tenants/beta-t/instances", "X-API-Key", ALPHA_NEXT_KEY).status())
			.isEqualTo(403);
	}

	@Test
	void aKeyInTheQueryStringIsRefusedEvenAValidOneAndEvenWithAValidHeader() {
		long before = SIMULATOR.createCount();
		for (String query : List.of("api_key=" + ALPHA_KEY, "apiKey=" + ALPHA_KEY, "X-API-Key=" + ALPHA_KEY,
				"page=0&access_token=whatever", "KEY=x")) {
			Response get = this.http.get("/api/v1/tenants/alpha-t/instances?" + query);
			assertThat(get.status()).as(query).isEqualTo(400);
			assertThat(get.contentType()).startsWith("application/problem+json");
			assertThat(get.json().get("type").asString()).isEqualTo("urn:zapi-gateway:problem:api-key-in-url");
			assertThat(get.body()).doesNotContain(ALPHA_KEY);
			Response post = this.http.postJson("/api/v1/tenants/alpha-t/instances?" + query, "{\"name\":\"n\"}",
					"X-API-Key", ALPHA_KEY);
			assertThat(post.status()).as(query).isEqualTo(400);
		}
		assertThat(SIMULATOR.createCount()).isEqualTo(before);
	}

	@Test
	void answersCarrySecurityHeaders() {
		Response response = this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", ALPHA_KEY);
		assertThat(response.header("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.header("X-Frame-Options")).hasValue("DENY");
		assertThat(response.header("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
		assertThat(response.header("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.header("Cache-Control").orElse("")).contains("no-store");
		assertThat(response.header("X-Request-Id")).isPresent();
	}

	@Test
	void onlyHealthIsOpenOnTheActuator() {
		assertThat(this.http.get("/actuator/health").status()).isEqualTo(200);
		for (String path : List.of("/actuator", "/actuator/info", "/actuator/env", "/actuator/beans",
				"/actuator/metrics", "/actuator/loggers", "/actuator/prometheus")) {
			Response response = this.http.get(path);
			assertThat(response.status()).as(path).isEqualTo(401);
		}
	}

	/**
	 * Metrics, environment, beans, loggers: only for operators. A tenant-bound key (any
	 * internal caller) reads none of it; health and its groups stay open for probes.
	 */
	@Test
	void actuatorEndpointsButHealthAreForOperatorKeysOnly() {
		for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/info", "/actuator/metrics",
				"/actuator/env", "/actuator/beans", "/actuator/loggers", "/actuator/anything")) {
			for (String key : List.of(ALPHA_KEY, BETA_KEY)) {
				Response response = this.http.get(path, "X-API-Key", key);
				assertThat(response.status()).as(path + " " + response).isEqualTo(403);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:forbidden");
				assertThat(response.json().path("detail").asString()).contains("operator");
			}
		}
		assertThat(this.http.get("/actuator/prometheus", "X-API-Key", OPS_KEY).status()).isEqualTo(200);
		assertThat(this.http.get("/actuator", "X-API-Key", OPS_KEY).status()).isEqualTo(200);
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			assertThat(this.http.get(path).status()).as(path).isEqualTo(200);
			assertThat(this.http.get(path, "X-API-Key", ALPHA_KEY).status()).as(path).isEqualTo(200);
		}
	}

	/**
	 * What runs: the build (spring-boot-maven-plugin's build-info) and, where the build
	 * had a .git directory, the commit; only for operators, as every actuator endpoint
	 * but health.
	 */
	@Test
	void infoShowsTheBuildAndTheCommitToOperators() throws Exception {
		Response response = this.http.get("/actuator/info", "X-API-Key", OPS_KEY);
		assertThat(response.status()).isEqualTo(200);
		JsonNode build = response.json().path("build");
		assertThat(build.path("artifact").asString()).isEqualTo("zapi-gateway");
		assertThat(build.path("group").asString()).isEqualTo("com.zapigateway");
		assertThat(build.path("version").asString()).isNotBlank();
		assertThat(build.path("time").asString()).isNotBlank();
		java.util.Properties git = new java.util.Properties();
		try (java.io.InputStream in = getClass().getResourceAsStream("/git.properties")) {
			if (in == null) {
				// built without a .git directory (a source tarball): no commit to show
				assertThat(response.json().has("git")).isFalse();
				return;
			}
			git.load(in);
		}
		JsonNode commit = response.json().path("git").path("commit");
		assertThat(commit.path("id").path("full").asString()).isEqualTo(git.getProperty("git.commit.id"))
			.matches("[0-9a-f]{40}");
		assertThat(commit.path("time").asString()).isNotBlank();
		assertThat(response.json().path("git").path("dirty").asString()).isIn("true", "false");
		// who committed or built is not published
		assertThat(response.body()).doesNotContain("@").doesNotContainIgnoringCase("user");
		assertThat(this.http.get("/actuator/info", "X-API-Key", ALPHA_KEY).status()).isEqualTo(403);
	}

	/**
	 * The created instance's {@code Location} is a path (RFC 9110 allows a relative
	 * reference): never built from the caller's {@code Host} or from forwarding headers,
	 * which a caller may forge to point a client elsewhere.
	 */
	@Test
	void theLocationOfACreateIsAPathWhateverTheHostOrForwardingHeaders(@Autowired ServerProperties server) {
		String body = "{\"name\":\"" + uniqueName() + "\"}";
		GatewayClient.RawResponse hostile = this.http.raw("POST /api/v1/tenants/alpha-t/instances HTTP/1.1\r\n"
				+ "Host: evil.example\r\nX-API-Key: " + ALPHA_KEY + "\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
		assertThat(hostile.status()).as(hostile.toString()).isEqualTo(201);
		assertThat(hostile.header("Location"))
			.isEqualTo("/api/v1/tenants/alpha-t/instances/" + hostile.json().path("id").asString());

		Response forwarded = this.http.postJson("/api/v1/tenants/alpha-t/instances",
				"{\"name\":\"" + uniqueName() + "\"}", "X-API-Key", ALPHA_KEY, "X-Forwarded-Host", "evil.example",
				"X-Forwarded-Proto", "https", "X-Forwarded-Port", "8443", "X-Forwarded-Prefix", "/evil", "Forwarded",
				"host=evil.example;proto=https");
		assertThat(forwarded.status()).as(forwarded.toString()).isEqualTo(201);
		assertThat(forwarded.header("Location"))
			.hasValue("/api/v1/tenants/alpha-t/instances/" + forwarded.json().path("id").asString());
		// nor any other answer of the gateway's own: problems (their instance),
		// redirects,
		// the API description (its server is "/")
		for (String path : List.of("/swagger-ui.html", "/v3/api-docs", "/api/v1/tenants/alpha-t/instances/NOPE",
				"/api/v1/tenants/beta-t/instances", "/error", "/nothing")) {
			GatewayClient.RawResponse answer = this.http.raw("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n"
					+ "X-API-Key: " + ALPHA_KEY + "\r\nConnection: close\r\n\r\n");
			assertThat(answer.status()).as(path).isNotEqualTo(500);
			assertThat(answer.headers() + answer.body()).as(path).doesNotContain("evil.example");
		}
		// set explicitly: not deduced from a detected cloud platform (e.g. Kubernetes)
		assertThat(server.getForwardHeadersStrategy()).isEqualTo(ServerProperties.ForwardHeadersStrategy.NONE);
	}

	@Test
	void operatorEndpointsNeedAnOperator() {
		assertThat(this.http.send("POST", "/api/v1/admin/token-encryption/re-encrypt", null, "X-API-Key", ALPHA_KEY)
			.status()).isEqualTo(403);
		assertThat(this.http.send("POST", "/api/v1/admin/token-encryption/re-encrypt", null).status()).isEqualTo(401);
	}

	@Test
	void createsCredentialReadsAndFailedAuthenticationsAreAuditedWithTheRequestIdAndNoToken() {
		Response created = this.http.postJson("/api/v1/tenants/alpha-t/instances", "{\"name\":\"audited\"}",
				"X-API-Key", ALPHA_KEY, "X-Request-Id", "req-create-1");
		assertThat(created.status()).isEqualTo(201);
		String instance = created.json().get("id").asString();
		String token = created.json().get("token").asString();
		assertThat(this.http
			.get("/api/v1/tenants/alpha-t/instances/" + instance + "/credentials", "X-API-Key", ALPHA_KEY,
					"X-Request-Id", "req-creds-1")
			.status()).isEqualTo(200);
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", "wrong", "X-Request-Id", "req-bad-1")
			.status()).isEqualTo(401);
		assertThat(this.http.get("/api/v1/tenants/alpha-t/instances", "X-Request-Id", "req-none-1").status())
			.isEqualTo(401);
		// a request id that could forge log lines is replaced
		Response forged = this.http.get("/api/v1/tenants/alpha-t/instances", "X-API-Key", "wrong", "X-Request-Id",
				"x y=z");
		assertThat(forged.header("X-Request-Id").orElseThrow()).isNotEqualTo("x y=z");

		assertThat(audit("req-create-1")).containsExactly(Map.of("action", "instance.create", "client", "alpha",
				"tenant_id", "alpha-t", "instance_id", instance, "outcome", "created"));
		assertThat(audit("req-creds-1")).containsExactly(Map.of("action", "instance.credentials.read", "client",
				"alpha", "tenant_id", "alpha-t", "instance_id", instance, "outcome", "read"));
		assertThat(audit("req-bad-1"))
			.containsExactly(Map.of("action", "authentication", "tenant_id", "alpha-t", "outcome", "invalid-api-key"));
		assertThat(audit("req-none-1"))
			.containsExactly(Map.of("action", "authentication", "tenant_id", "alpha-t", "outcome", "missing-api-key"));
		String everything = this.jdbc.sql("select string_agg(audit_events::text, '|') from audit_events")
			.query(String.class)
			.single();
		assertThat(everything).doesNotContain(token).doesNotContain(ALPHA_KEY).doesNotContain("wrong");
	}

	@Test
	void theCreateResponseAndCredentialsCarryTheTokenWhichIsStoredEncrypted() {
		JsonNode created = create(ALPHA_KEY, "alpha-t");
		String id = created.get("id").asString();
		String token = created.get("token").asString();
		assertThat(token).isNotBlank();
		Response credentials = this.http.get("/api/v1/tenants/alpha-t/instances/" + id + "/credentials", "X-API-Key",
				ALPHA_KEY);
		assertThat(credentials.status()).isEqualTo(200);
		assertThat(credentials.json().get("token").asString()).isEqualTo(token);
		assertThat(credentials.header("Cache-Control").orElse("")).contains("no-store");
		String stored = this.jdbc.sql("select token from instances where zapi_id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("enc:v1:test1:").doesNotContain(token);
		String row = this.jdbc.sql("select i::text from instances i where zapi_id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(row).doesNotContain(token);
	}

	private List<Map<String, Object>> audit(String requestId) {
		return this.jdbc
			.sql("select action, client, tenant_id, instance_id, outcome from audit_events where request_id = ?")
			.param(requestId)
			.query()
			.listOfRows()
			.stream()
			.map((row) -> {
				Map<String, Object> present = new java.util.HashMap<>();
				row.forEach((key, value) -> {
					if (value != null) {
						present.put(key, value);
					}
				});
				return present;
			})
			.toList();
	}

}
