package com.zapigateway.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry alerts end to end: registration, scan into the outbox, signed delivery to a real
 * local HTTP server (WireMock), retries with backoff, giving up.
 */
@GatewayTest
@ActiveProfiles({ GatewayTest.PROFILE, "fast-webhook-retries" })
class ExpiryAlertWebhookTests {

	/** gateway.webhooks.max-attempts of profile fast-webhook-retries. */
	private static final int MAX_ATTEMPTS = 4;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final WireMockServer zapi = ZapiFake.wireMock();

	@RegisterExtension
	static WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@LocalServerPort
	int port;

	@Autowired
	ExpiryAlerts alerts;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	JdbcTemplate jdbc;

	private GatewayClient http;

	private final String tenant = "hook-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
	}

	@Test
	void deliversEachExpiryEventOnceSignedWithTheTenantsSecret() throws Exception {
		String hookPath = "/hooks/" + this.tenant;
		receiver.stubFor(post(hookPath).willReturn(aResponse().withStatus(204)));
		String secret = register(hookPath);
		String soon = create(Instant.now().plus(Duration.ofHours(3)));
		String expired = create(Instant.now().minus(Duration.ofHours(1)));
		create(Instant.now().plus(Duration.ofDays(5)));

		this.alerts.scan();

		// recorded before any delivery: a restart at this point loses nothing
		assertThat(this.jdbc.queryForList(
				"select event_type from webhook_outbox where tenant_id = ? and status = 'PENDING' order by event_type",
				String.class, this.tenant))
			.containsExactly("instance.trial_expired", "instance.trial_expiring_soon");

		dispatchUntilNothingPendingFor(this.tenant);
		this.alerts.scan();
		dispatchUntilNothingPendingFor(this.tenant);

		List<LoggedRequest> deliveries = receiver.findAll(postRequestedFor(urlEqualTo(hookPath)));
		assertThat(deliveries).hasSize(2);
		for (LoggedRequest delivery : deliveries) {
			String body = delivery.getBodyAsString();
			String signature = delivery.getHeader("X-Webhook-Signature");
			String timestamp = signature.substring(2, signature.indexOf(','));
			assertThat(signature).isEqualTo("t=" + timestamp + ",v1=" + hmacSha256(secret, timestamp + "." + body));
			assertThat(StandardWebhooks.verify(secret, delivery.getHeader("webhook-id"),
					delivery.getHeader("webhook-timestamp"), delivery.getHeader("webhook-signature"), body))
				.as("Standard Webhooks signature")
				.isTrue();
			assertThat(delivery.getHeader("webhook-id")).isEqualTo(delivery.getHeader("X-Webhook-Id"));
			assertThat(delivery.getHeader("webhook-timestamp")).isEqualTo(timestamp);
			// tampering with any signed part fails
			assertThat(StandardWebhooks.verify(secret, delivery.getHeader("webhook-id") + "x",
					delivery.getHeader("webhook-timestamp"), delivery.getHeader("webhook-signature"), body))
				.isFalse();
			assertThat(StandardWebhooks.verify(secret, delivery.getHeader("webhook-id"),
					delivery.getHeader("webhook-timestamp"), delivery.getHeader("webhook-signature"), body + " "))
				.isFalse();
			assertThat(delivery.getHeader("Content-Type")).startsWith("application/json");
			JsonNode event = JSON.readTree(body);
			assertThat(event.path("id").asString()).isEqualTo(delivery.getHeader("X-Webhook-Id"));
			assertThat(event.path("type").asString()).isEqualTo(delivery.getHeader("X-Webhook-Event"));
			assertThat(event.path("tenantId").asString()).isEqualTo(this.tenant);
		}
		assertThat(deliveries.stream().map((d) -> d.getHeader("X-Webhook-Event") + "/" + instanceOf(d)))
			.containsExactlyInAnyOrder("instance.trial_expiring_soon/" + soon, "instance.trial_expired/" + expired);
		// a wrong secret does not verify
		LoggedRequest one = deliveries.get(0);
		String timestamp = one.getHeader("X-Webhook-Signature").substring(2, 12);
		assertThat(one.getHeader("X-Webhook-Signature"))
			.doesNotContain(hmacSha256(secret + "x", timestamp + "." + one.getBodyAsString()));
	}

	@Test
	void retriesWithBackoffUntilTheWebhookAnswers2xx() {
		String hookPath = "/hooks/" + this.tenant;
		receiver.stubFor(post(hookPath).inScenario(this.tenant)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("second"));
		receiver.stubFor(post(hookPath).inScenario(this.tenant)
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("third"));
		receiver.stubFor(post(hookPath).inScenario(this.tenant)
			.whenScenarioStateIs("third")
			.willReturn(aResponse().withStatus(200)));
		register(hookPath);
		create(Instant.now().plus(Duration.ofHours(1)));
		this.alerts.scan();

		this.dispatcher.dispatch();

		Map<String, Object> afterFirst = outboxRow();
		assertThat(afterFirst.get("status")).isEqualTo("PENDING");
		assertThat(afterFirst.get("attempts")).isEqualTo(1);
		assertThat(afterFirst.get("last_error")).isEqualTo("HTTP 500");
		// not retried before its backoff has passed
		assertThat(((java.sql.Timestamp) afterFirst.get("next_attempt_at")).toInstant()).isAfter(Instant.now());

		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			this.dispatcher.dispatch();
			assertThat(outboxRow().get("status")).isEqualTo("DELIVERED");
		});

		assertThat(outboxRow().get("attempts")).isEqualTo(3);
		List<LoggedRequest> deliveries = receiver.findAll(postRequestedFor(urlEqualTo(hookPath)));
		assertThat(deliveries).extracting((d) -> d.getHeader("X-Webhook-Attempt")).containsExactly("1", "2", "3");
		assertThat(deliveries).extracting((d) -> d.getHeader("X-Webhook-Id")).containsOnly(outboxId());
	}

	@Test
	void givesUpAfterMaxAttempts() {
		String hookPath = "/hooks/" + this.tenant;
		receiver.stubFor(post(hookPath).willReturn(aResponse().withStatus(500)));
		register(hookPath);
		create(Instant.now().plus(Duration.ofHours(1)));
		this.alerts.scan();

		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			this.dispatcher.dispatch();
			assertThat(outboxRow().get("status")).isEqualTo("FAILED");
		});

		assertThat(receiver.findAll(postRequestedFor(urlEqualTo(hookPath)))).hasSize(MAX_ATTEMPTS);
	}

	@Test
	void registrationIsPerTenantHttpsOnlyAndShowsTheSecretOnce() {
		String webhookPath = "/api/v1/tenants/" + this.tenant + "/webhook";
		assertThat(this.http.get(webhookPath).status()).isEqualTo(404);
		GatewayClient.Response refused = this.http.put(webhookPath, "{\"url\":\"http://hooks.example.com/x\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("url");
		assertThat(this.http.put(webhookPath, "{\"url\":\"https://user:pw@hooks.example.com/x\"}").status())
			.isEqualTo(400);
		assertThat(this.http.put(webhookPath, "{}").status()).isEqualTo(400);

		GatewayClient.Response registered = this.http.put(webhookPath, "{\"url\":\"https://hooks.example.com/x\"}");
		GatewayClient.Response rotated = this.http.put(webhookPath, "{\"url\":\"https://hooks.example.com/y\"}");

		assertThat(registered.status()).isEqualTo(200);
		assertThat(registered.header("Cache-Control").orElse("")).contains("no-store");
		assertThat(registered.json().path("secret").asString()).startsWith("whsec_");
		// Standard Webhooks: the key, base64 (standard alphabet, as its libraries decode
		// it)
		assertThat(StandardWebhooks.key(registered.json().path("secret").asString())).hasSize(32);
		assertThat(rotated.json().path("secret").asString()).isNotEqualTo(registered.json().path("secret").asString());
		JsonNode read = this.http.get(webhookPath).json();
		assertThat(read.path("url").asString()).isEqualTo("https://hooks.example.com/y");
		assertThat(read.has("secret")).isFalse();
		assertThat(this.http.delete(webhookPath).status()).isEqualTo(204);
		assertThat(this.http.delete(webhookPath).status()).isEqualTo(404);
	}

	private void dispatchUntilNothingPendingFor(String tenantId) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			this.dispatcher.dispatch();
			return this.jdbc.queryForObject(
					"select count(*) from webhook_outbox where tenant_id = ? and status = 'PENDING'", Long.class,
					tenantId) == 0;
		});
	}

	private Map<String, Object> outboxRow() {
		return this.jdbc.queryForMap("select * from webhook_outbox where tenant_id = ?", this.tenant);
	}

	private String outboxId() {
		return this.jdbc.queryForObject("select id::text from webhook_outbox where tenant_id = ?", String.class,
				this.tenant);
	}

	private String register(String hookPath) {
		GatewayClient.Response response = this.http.put("/api/v1/tenants/" + this.tenant + "/webhook",
				"{\"url\":\"" + receiver.baseUrl() + hookPath + "\"}");
		assertThat(response.status()).isEqualTo(200);
		return response.json().path("secret").asString();
	}

	private String create(Instant due) {
		String id = "HOOK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
		zapi.stubFor(post("/instances/integrator/on-demand").willReturn(
				okJson("{\"id\":\"" + id + "\",\"token\":\"T" + id + "\",\"due\":" + due.toEpochMilli() + "}")));
		assertThat(this.http.post("/api/v1/tenants/" + this.tenant + "/instances", "{\"name\":\"Loja " + id + "\"}")
			.status()).isEqualTo(201);
		return id;
	}

	private static String instanceOf(LoggedRequest delivery) {
		return JSON.readTree(delivery.getBodyAsString()).path("instance").path("id").asString();
	}

	private static String hmacSha256(String secret, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

}
