package com.zapigateway.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribe and cancel go through create's Z-API guard: one concurrency limit and one
 * circuit breaker for every Z-API call a caller causes, failing fast with 503 and
 * {@code Retry-After} without sending anything, like create.
 */
@GatewayTest
@ActiveProfiles({ GatewayTest.PROFILE, "small-zapi-guard" })
// the circuit, once open, stays open for an hour: that test runs last, and the context
// goes with it
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class SubscriptionGuardTests {

	private static final String CREATE = "/instances/integrator/on-demand";

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private GatewayClient http;

	private final String tenant = "guard-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
	}

	@Test
	void beyondTheConcurrencyLimitSubscribeCancelAndCreateFailFastWith503ZapiBusy() throws Exception {
		Created slow = create();
		Created other = create();
		Created third = create();
		zapi.stubFor(post(subscriptionPath(other)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(other) + "/subscription");
		zapi.stubFor(post(subscriptionPath(slow))
			.willReturn(aResponse().withStatus(201).withBody("OK").withFixedDelay(1500)));
		zapi.stubFor(post(cancelPath(other)).willReturn(aResponse().withStatus(201).withBody("OK")));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			CompletableFuture<GatewayClient.Response> holding = CompletableFuture
				.supplyAsync(() -> this.http.post(instancePath(slow) + "/subscription"), executor);
			awaitZapiCalls(subscriptionPath(slow));

			GatewayClient.Response cancel = this.http.post(instancePath(other) + "/cancellation", null,
					Map.of("Idempotency-Key", "cancel-busy"));
			GatewayClient.Response subscribe = this.http.post(instancePath(third) + "/subscription");
			GatewayClient.Response createWhileBusy = this.http.post(tenantPath(), "{\"name\":\"Loja busy\"}");

			assertBusy(cancel);
			assertBusy(subscribe);
			assertBusy(createWhileBusy);
			assertThat(holding.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			executor.shutdownNow();
		}
		zapi.verify(0, postRequestedFor(urlEqualTo(cancelPath(other))));
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(slow))));
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(third))));
		assertThat(audited("instance.subscribe", third, "rejected-busy")).isOne();
		assertThat(audited("instance.cancel", other, "rejected-busy")).isOne();
		// nothing was sent: the key is free at once and the retry goes through
		assertThat(this.jdbc.queryForObject(
				"select state || ' ' || failure from idempotent_requests"
						+ " where scope = 'LIFECYCLE' and tenant_id = ? and idempotency_key = ?",
				String.class, this.tenant, "cancel-busy"))
			.isEqualTo("FAILED zapi-busy");
		GatewayClient.Response retried = this.http.post(instancePath(other) + "/cancellation", null,
				Map.of("Idempotency-Key", "cancel-busy"));
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.json().path("lifecycle").path("state").asString()).isEqualTo("CANCELLED");
		zapi.verify(1, postRequestedFor(urlEqualTo(cancelPath(other))));
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void subscribeFailuresOpenTheSharedCircuitAndEveryZapiCallThenFailsFastWith503() {
		Created failing = create();
		Created subscribed = create();
		zapi.stubFor(post(subscriptionPath(subscribed)).willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(this.http.post(instancePath(subscribed) + "/subscription").status()).isEqualTo(200);
		zapi.stubFor(post(cancelPath(subscribed)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(subscriptionPath(failing)).willReturn(aResponse().withStatus(500)));

		for (int i = 0; i < 2; i++) {
			GatewayClient.Response failed = this.http.post(instancePath(failing) + "/subscription");
			assertThat(failed.status()).isEqualTo(502);
			assertThat(failed.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
		}

		GatewayClient.Response subscribe = this.http.post(instancePath(failing) + "/subscription");
		GatewayClient.Response cancel = this.http.post(instancePath(subscribed) + "/cancellation", null,
				Map.of("Idempotency-Key", "cancel-open"));
		GatewayClient.Response create = this.http.post(tenantPath(), "{\"name\":\"Loja open\"}");

		for (GatewayClient.Response response : new GatewayClient.Response[] { subscribe, cancel, create }) {
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-circuit-open");
			// the breaker's open duration, as create answers it
			assertThat(response.header("Retry-After")).hasValue("3600");
		}
		zapi.verify(2, postRequestedFor(urlEqualTo(subscriptionPath(failing))));
		zapi.verify(0, postRequestedFor(urlEqualTo(cancelPath(subscribed))));
		assertThat(audited("instance.subscribe", failing, "rejected-circuit_open")).isOne();
		assertThat(audited("instance.cancel", subscribed, "rejected-circuit_open")).isOne();
		assertThat(this.jdbc.queryForObject(
				"select state || ' ' || failure from idempotent_requests"
						+ " where scope = 'LIFECYCLE' and tenant_id = ? and idempotency_key = ?",
				String.class, this.tenant, "cancel-open"))
			.isEqualTo("FAILED zapi-circuit-open");
		// nothing changed locally either
		assertThat(this.http.get(instancePath(subscribed)).json().path("lifecycle").path("state").asString())
			.isEqualTo("SUBSCRIBED");
		assertThat(this.http.get(instancePath(failing)).json().path("lifecycle").path("state").asString())
			.isEqualTo("TRIAL");
	}

	private static void assertBusy(GatewayClient.Response response) {
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-busy");
		assertThat(response.header("Retry-After")).hasValue("1");
	}

	private long audited(String action, Created instance, String outcome) {
		Long count = this.jdbc.queryForObject(
				"select count(*) from audit_events where action = ? and tenant_id = ? and instance_id = ? and outcome = ?",
				Long.class, action, this.tenant, instance.id(), outcome);
		return (count != null) ? count : 0;
	}

	private static void awaitZapiCalls(String path) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (zapi.findAll(postRequestedFor(urlEqualTo(path))).isEmpty()) {
			assertThat(System.nanoTime()).as("Z-API called in time").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private Created create() {
		String id = "GRD" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
		String token = "TOK" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		zapi.stubFor(post(CREATE)
			.willReturn(okJson("{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"due\":" + due + "}")));
		GatewayClient.Response response = this.http.post(tenantPath(), "{\"name\":\"Loja " + id + "\"}");
		assertThat(response.status()).isEqualTo(201);
		return new Created(id, token);
	}

	private String tenantPath() {
		return "/api/v1/tenants/" + this.tenant + "/instances";
	}

	private String instancePath(Created created) {
		return tenantPath() + "/" + created.id();
	}

	private static String subscriptionPath(Created created) {
		return "/instances/" + created.id() + "/token/" + created.token() + "/integrator/on-demand/subscription";
	}

	private static String cancelPath(Created created) {
		return "/instances/" + created.id() + "/token/" + created.token() + "/integrator/on-demand/cancel";
	}

	record Created(String id, String token) {
	}

}
