package com.zapigateway.subscription;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zapigateway.zapi.ZapiGuard;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribe, cancel and upgrade through the whole gateway (HTTP, security, PostgreSQL)
 * against a real HTTP server playing Z-API.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class SubscriptionTests {

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	InstanceOperations operations;

	@Autowired
	ZapiGuard guard;

	@Autowired
	DataSource dataSource;

	private GatewayClient http;

	private final String tenant = "sub-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
	}

	@Test
	void subscribesOnceThroughZapiAndAnswersTheSameStateAfterwards(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));

		GatewayClient.Response first = this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":true}");
		GatewayClient.Response again = this.http.post(instancePath(created) + "/subscription");

		assertThat(first.status()).isEqualTo(200);
		JsonNode view = first.json();
		assertThat(view.path("trial").path("status").asString()).isEqualTo("SUBSCRIBED");
		assertThat(view.path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(Instant.parse(view.path("lifecycle").path("confirmedAt").asString())).isNotNull();
		assertThat(view.has("token")).isFalse();
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("lifecycle")).isEqualTo(view.path("lifecycle"));
		zapi.verify(1,
				postRequestedFor(urlEqualTo(subscriptionPath(created)))
					.withHeader("Authorization", equalTo("Bearer " + ZapiFake.PARTNER_TOKEN))
					.withRequestBody(equalToJson("{\"withCalls\":true}")));
		JsonNode subscribed = this.http.get(tenantPath() + "?trialStatus=SUBSCRIBED").json();
		assertThat(subscribed.path("content").findValuesAsString("id")).containsExactly(created.id());
		assertThat(this.http.get(tenantPath() + "?trialStatus=ACTIVE").json().path("totalElements").asLong()).isZero();
		assertThat(output.getAll()).doesNotContain(created.token())
			.contains("action=instance.subscribe client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=subscribed")
			.contains("outcome=already-subscribed");
		String metrics = this.http.metrics();
		assertThat(metrics).doesNotContain(created.token())
			.contains("uri=\"/instances/{id}/token/{token}/integrator/on-demand/subscription\"");
	}

	@Test
	void cancelsOnlyASubscriptionAndOnlyOnce() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(cancelPath(created)).willReturn(aResponse().withStatus(200)));

		GatewayClient.Response notSubscribed = this.http.post(instancePath(created) + "/cancellation");
		this.http.post(instancePath(created) + "/subscription");
		GatewayClient.Response cancelled = this.http.post(instancePath(created) + "/cancellation");
		GatewayClient.Response again = this.http.post(instancePath(created) + "/cancellation");

		assertThat(notSubscribed.status()).isEqualTo(409);
		assertThat(notSubscribed.json().path("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:instance-not-subscribed");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("lifecycle").path("state").asString()).isEqualTo("CANCELLED");
		// a cancelled subscription runs until its due date, like a trial
		assertThat(cancelled.json().path("trial").path("status").asString()).isEqualTo("ACTIVE");
		assertThat(again.status()).isEqualTo(200);
		zapi.verify(1, postRequestedFor(urlEqualTo(cancelPath(created))));
		assertThat(this.http.get(tenantPath() + "?trialStatus=ACTIVE").json().path("content").findValuesAsString("id"))
			.containsExactly(created.id());
	}

	@Test
	void mapsZapiFailuresAndLeavesTheInstanceAsItWas() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(500)));

		GatewayClient.Response failed = this.http.post(instancePath(created) + "/subscription");

		assertThat(failed.status()).isEqualTo(502);
		assertThat(failed.contentType()).startsWith("application/problem+json");
		assertThat(failed.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("state").asString())
			.isEqualTo("TRIAL");

		zapi.stubFor(post(subscriptionPath(created)).willReturn(okJson("{\"error\":\"Instance not found\"}")));
		GatewayClient.Response refused = this.http.post(instancePath(created) + "/subscription");
		assertThat(refused.status()).isEqualTo(502);
		assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-request-rejected");

		// the claim was released: a retry goes through
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(this.http.post(instancePath(created) + "/subscription").status()).isEqualTo(200);
	}

	@Test
	void concurrentSubscribesCallZapiOnce() throws Exception {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created))
			.willReturn(aResponse().withStatus(201).withBody("OK").withFixedDelay(1000)));
		List<Integer> statuses;
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Integer>> calls = IntStream.range(0, 4)
				.mapToObj((i) -> CompletableFuture
					.supplyAsync(() -> this.http.post(instancePath(created) + "/subscription").status(), executor))
				.toList();
			statuses = calls.stream().map(CompletableFuture::join).toList();
		}
		finally {
			executor.shutdownNow();
		}

		assertThat(statuses).contains(200).allMatch((status) -> status == 200 || status == 409);
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
	}

	@Test
	void validatesAndScopesByTenant() {
		Created created = create();

		assertThat(this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":\"yes\"}").status())
			.isEqualTo(400);
		assertThat(this.http.post(instancePath(created) + "/subscription", "{\"withCall\":true}").status())
			.isEqualTo(400);
		assertThat(
				this.http.post("/api/v1/tenants/other-" + this.tenant + "/instances/" + created.id() + "/subscription")
					.status())
			.isEqualTo(404);
		assertThat(this.http.post(tenantPath() + "/bad%20id/subscription").status()).isEqualTo(400);
		assertThat(this.http.post(tenantPath() + "/unknown-id/cancellation").status()).isEqualTo(404);
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(created))));
	}

	/**
	 * {@code withCalls} is a JSON boolean or absent ({@code null} too): an empty string,
	 * a string or a number is refused, not taken for an absent field.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "\" \"", "\"true\"", "0", "1", "[]", "{}" })
	void withCallsMustBeAJsonBoolean(String value) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));

		GatewayClient.Response refused = this.http.post(instancePath(created) + "/subscription",
				"{\"withCalls\":" + value + "}");

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:validation");
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("withCalls");
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		assertThat(this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":null}").status())
			.isEqualTo(200);
	}

	/**
	 * A wildcard is no media type: such a Content-Type is refused as create refuses it,
	 * with or without a body, before anything is done.
	 */
	@Test
	void wildcardContentTypesAre415OnSubscribeAndCancelWithOrWithoutABody() {
		Created created = create();
		for (String operation : List.of("/subscription", "/cancellation")) {
			for (String contentType : List.of("*/*", "application/*", "*/*; charset=utf-8")) {
				for (String body : Arrays.asList(null, "{}")) {
					GatewayClient.Response response = postWithContentType(instancePath(created) + operation,
							contentType, body);
					assertThat(response.status())
						.as(operation + " " + contentType + " " + body + ": " + response.body())
						.isEqualTo(415);
					assertThat(response.contentType()).startsWith("application/problem+json");
					assertThat(response.json().path("type").asString())
						.isEqualTo("urn:zapi-gateway:problem:unsupported-media-type");
				}
			}
		}
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		zapi.verify(0, postRequestedFor(urlEqualTo(cancelPath(created))));
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("state").asString())
			.isEqualTo("TRIAL");
	}

	@Test
	void aKeyedSubscribeReplaysItsFirstAnswerWithoutCallingZapiAgain(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(cancelPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));

		GatewayClient.Response first = this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":true}",
				key("sub-4711"));
		// the instance changes afterwards: a replay still answers what the first request
		// got
		assertThat(this.http.post(instancePath(created) + "/cancellation").status()).isEqualTo(200);
		GatewayClient.Response replayed = this.http.post(instancePath(created) + "/subscription",
				"{\"withCalls\":true}", key("sub-4711"));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Idempotent-Replayed")).isEmpty();
		assertThat(first.json().path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.body()).isEqualTo(first.body());
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("state").asString())
			.isEqualTo("CANCELLED");

		// a keyed cancel likewise
		GatewayClient.Response cancelled = this.http.post(instancePath(created) + "/cancellation", null,
				key("cancel-4711"));
		GatewayClient.Response cancelReplayed = this.http.post(instancePath(created) + "/cancellation", null,
				key("cancel-4711"));
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelReplayed.header("Idempotent-Replayed")).hasValue("true");
		assertThat(cancelReplayed.body()).isEqualTo(cancelled.body());
		zapi.verify(1, postRequestedFor(urlEqualTo(cancelPath(created))));
		assertThat(output.getAll())
			.contains("action=instance.subscribe client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=replayed")
			.contains("action=instance.cancel client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=replayed");
	}

	@Test
	void aKeyUsedForAnotherRequestIs422AndScopedPerTenant() {
		Created created = create();
		Created other = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(
				this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":true}", key("k-422")).status())
			.isEqualTo(200);

		List<GatewayClient.Response> reused = List.of(
				// another body, no body, another operation, another instance
				this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":false}", key("k-422")),
				this.http.post(instancePath(created) + "/subscription", null, key("k-422")),
				this.http.post(instancePath(created) + "/cancellation", null, key("k-422")),
				this.http.post(instancePath(other) + "/subscription", "{\"withCalls\":true}", key("k-422")));

		assertThat(reused).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.json().path("type").asString())
				.isEqualTo("urn:zapi-gateway:problem:idempotency-key-reused");
		});
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		zapi.verify(0, postRequestedFor(urlEqualTo(cancelPath(created))));
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(other))));
		// the same key for another tenant is another key: it is not a replay there (404:
		// that tenant has no such instance)
		GatewayClient.Response otherTenant = this.http.post(
				"/api/v1/tenants/other-" + this.tenant + "/instances/" + created.id() + "/subscription",
				"{\"withCalls\":true}", key("k-422"));
		assertThat(otherTenant.status()).isEqualTo(404);
	}

	@Test
	void aKeyStillInFlightIs409AndZapiIsCalledOnce() throws Exception {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created))
			.willReturn(aResponse().withStatus(201).withBody("OK").withFixedDelay(1500)));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			CompletableFuture<GatewayClient.Response> first = CompletableFuture.supplyAsync(
					() -> this.http.post(instancePath(created) + "/subscription", null, key("k-409")), executor);
			awaitZapiCalls(subscriptionPath(created), 1);

			GatewayClient.Response second = this.http.post(instancePath(created) + "/subscription", null, key("k-409"));

			assertThat(second.status()).isEqualTo(409);
			assertThat(second.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:create-in-progress");
			assertThat(Integer.parseInt(second.header("Retry-After").orElseThrow())).isBetween(1, 2);
			assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			executor.shutdownNow();
		}
		GatewayClient.Response replayed = this.http.post(instancePath(created) + "/subscription", null, key("k-409"));
		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
	}

	@Test
	void aFailureIsNeverReplayedAndAnUnknownOutcomeSettlesBeforeTheKeyRunsAgain() throws Exception {
		Created created = create();
		String path = instancePath(created) + "/subscription";
		// Z-API refused: nothing changed, the same key may try again at once
		zapi.stubFor(post(subscriptionPath(created)).willReturn(okJson("{\"error\":\"Instance not found\"}")));
		assertThat(this.http.post(path, null, key("k-fail")).status()).isEqualTo(502);
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(500)));
		GatewayClient.Response uncertain = this.http.post(path, null, key("k-fail"));
		assertThat(uncertain.status()).isEqualTo(502);
		assertThat(uncertain.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
		zapi.verify(2, postRequestedFor(urlEqualTo(subscriptionPath(created))));

		// Z-API may have subscribed it: the key waits for the outcome to settle
		GatewayClient.Response settling = this.http.post(path, null, key("k-fail"));
		assertThat(settling.status()).isEqualTo(409);
		assertThat(settling.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:create-in-progress");
		assertThat(settling.header("Retry-After")).isPresent();
		zapi.verify(2, postRequestedFor(urlEqualTo(subscriptionPath(created))));

		// then it sends the call again (subscribing sets a state: nothing is made twice)
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		Thread.sleep(1200);
		GatewayClient.Response retried = this.http.post(path, null, key("k-fail"));
		GatewayClient.Response replayed = this.http.post(path, null, key("k-fail"));

		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.header("Idempotent-Replayed")).as("made by this request").isEmpty();
		assertThat(retried.json().path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		zapi.verify(3, postRequestedFor(urlEqualTo(subscriptionPath(created))));

		// refused before Z-API (a cancel of a trial instance): not kept either
		Created trial = create();
		zapi.stubFor(post(cancelPath(trial)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(subscriptionPath(trial)).willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(this.http.post(instancePath(trial) + "/cancellation", null, key("k-trial")).status()).isEqualTo(409);
		this.http.post(instancePath(trial) + "/subscription");
		GatewayClient.Response cancelled = this.http.post(instancePath(trial) + "/cancellation", null, key("k-trial"));
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.header("Idempotent-Replayed")).isEmpty();
		zapi.verify(1, postRequestedFor(urlEqualTo(cancelPath(trial))));
	}

	@Test
	void malformedKeysAreRefusedLikeCreatesBeforeAnythingIsRecorded() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		for (String bad : List.of("k".repeat(256), "tab\tinside")) {
			GatewayClient.Response refused = this.http.post(instancePath(created) + "/subscription", null, key(bad));
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:validation");
			assertThat(refused.json().path("errors").findValuesAsString("message"))
				.containsExactly("must be 1 to 255 printable ASCII characters");
		}
		assertThat(this.http.post(instancePath(created) + "/cancellation", null, key("k".repeat(256))).status())
			.isEqualTo(400);
		assertThat(this.http.post(instancePath(created) + "/subscription", null, key("k".repeat(255))).status())
			.isEqualTo(200);
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from idempotent_requests where scope = 'LIFECYCLE' and tenant_id = ?", Long.class,
				this.tenant))
			.isOne();
	}

	@Test
	void keysArePurgedAfterTheCreateKeyRetentionUnlessHeld() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(created) + "/subscription", null, key("k-old"));
		this.http.post(instancePath(created) + "/subscription", null, key("k-held"));
		this.http.post(instancePath(created) + "/subscription", null, key("k-new"));
		this.jdbc.update("update idempotent_requests set created_at = now() - interval '25 hours'"
				+ " where tenant_id = ? and idempotency_key in ('k-old', 'k-held')", this.tenant);
		this.jdbc.update("update idempotent_requests set state = 'PENDING', lease_until = now() + interval '1 hour'"
				+ " where tenant_id = ? and idempotency_key = 'k-held'", this.tenant);

		// the one purge job of every key's scope
		ReflectionTestUtils.invokeMethod(this.context.getBean("idempotentRequestPurge"), "scheduledPurge");

		assertThat(this.jdbc
			.queryForList("select idempotency_key from idempotent_requests where scope = 'LIFECYCLE' and tenant_id = ?"
					+ " order by idempotency_key", String.class, this.tenant))
			.containsExactly("k-held", "k-new");
	}

	@Test
	void aClaimHeldByAnotherCallIs409AndOneWhoseLeaseRanOutIsTakenOver(CapturedOutput output) throws Exception {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created))
			.willReturn(aResponse().withStatus(201).withBody("OK").withFixedDelay(1000)));
		// another replica is cancelling it
		this.jdbc.update(
				"insert into instance_operations (instance_id, operation, holder, lease_until)"
						+ " values (?, 'CANCEL', gen_random_uuid(), clock_timestamp() + interval '1 hour')",
				created.id());

		GatewayClient.Response held = this.http.post(instancePath(created) + "/subscription");

		assertThat(held.status()).isEqualTo(409);
		assertThat(held.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:operation-in-progress");
		assertThat(held.header("Retry-After")).hasValue("5");
		assertThat(output.getAll()).contains("action=instance.subscribe client=lifecycle-tests tenant=" + this.tenant
				+ " instance=" + created.id() + " outcome=in-progress");
		zapi.verify(0, postRequestedFor(urlEqualTo(subscriptionPath(created))));

		// that replica died and its call can no longer be running
		this.jdbc.update("update instance_operations set lease_until = clock_timestamp() - interval '1 millisecond'"
				+ " where instance_id = ?", created.id());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			CompletableFuture<GatewayClient.Response> takenOver = CompletableFuture
				.supplyAsync(() -> this.http.post(instancePath(created) + "/subscription"), executor);
			awaitZapiCalls(subscriptionPath(created), 1);
			// the claim lasts as long as a guarded Z-API call can, plus 30 s
			Map<String, Object> claim = this.jdbc.queryForMap(
					"select operation, extract(epoch from lease_until - clock_timestamp()) * 1000 as lease_millis"
							+ " from instance_operations where instance_id = ?",
					created.id());
			long lease = this.guard.longestCall().plusSeconds(30).toMillis();
			assertThat(claim.get("operation")).isEqualTo("SUBSCRIBE");
			assertThat(((Number) claim.get("lease_millis")).longValue()).isBetween(lease - 5000, lease);

			assertThat(takenOver.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			executor.shutdownNow();
		}
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		assertThat(this.jdbc.queryForObject("select count(*) from instance_operations where instance_id = ?",
				Long.class, created.id()))
			.as("released")
			.isZero();
	}

	@Test
	void aClaimTakenOverIsNotEndedByItsFormerHolder() {
		String instanceId = "CLAIM" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		InstanceOperations.Claim stale = this.operations.claim(instanceId, SubscriptionService.CANCEL, Duration.ZERO)
			.orElseThrow();
		InstanceOperations.Claim current = this.operations
			.claim(instanceId, SubscriptionService.SUBSCRIBE, Duration.ofMinutes(1))
			.orElseThrow();

		this.operations.release(stale);

		assertThat(this.operations.claim(instanceId, SubscriptionService.CANCEL, Duration.ofMinutes(1))).isEmpty();
		this.operations.release(current);
		assertThat(this.operations.claim(instanceId, SubscriptionService.CANCEL, Duration.ofMinutes(1))).isPresent();
	}

	@Test
	void theUpgradeMovesACallInFlightToItsOwnClaim() {
		String schema = "before_claims_" + UUID.randomUUID().toString().substring(0, 8);
		migrations(schema).target("34").load().migrate();
		for (String id : List.of("INFLIGHT", "IDLE")) {
			this.jdbc.update("insert into " + schema + ".instances (id, tenant_id, zapi_id, token, name, zapi_request,"
					+ " due_at, created_at, created_by) values (?, 'alpha-t', ?, 'enc:v1:test1:x', 'old',"
					+ " '{\"name\":\"old\"}'::jsonb, now(), now(), 'alpha')", UUID.randomUUID(), id);
		}
		this.jdbc.update("update " + schema + ".instances set pending_operation = 'SUBSCRIBE',"
				+ " pending_since = now() - interval '10 seconds' where zapi_id = 'INFLIGHT'");

		migrations(schema).load().migrate();

		Map<String, Object> moved = this.jdbc.queryForMap("select instance_id, operation,"
				+ " extract(epoch from lease_until - now()) as lease_seconds from " + schema + ".instance_operations");
		assertThat(moved.get("instance_id")).isEqualTo("INFLIGHT");
		assertThat(moved.get("operation")).isEqualTo("SUBSCRIBE");
		assertThat(((Number) moved.get("lease_seconds")).doubleValue()).isBetween(60.0, 70.0);
		assertThat(this.jdbc.queryForList(
				"select column_name from information_schema.columns"
						+ " where table_schema = ? and table_name = 'instances' and column_name like 'pending%'",
				String.class, schema))
			.isEmpty();
	}

	@Test
	void upgradesASubscriptionToCallsOnceThroughZapi(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		GatewayClient.Response subscribed = this.http.post(instancePath(created) + "/subscription");
		// subscribed with Z-API's default: whether it has calls is unknown
		assertThat(subscribed.json().path("lifecycle").path("withCalls").isNull()).isTrue();

		GatewayClient.Response upgraded = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		GatewayClient.Response again = this.http.post(upgradeOf(created), "{\"withCalls\":true}");

		assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
		assertThat(upgraded.header("Idempotent-Replayed")).isEmpty();
		JsonNode lifecycle = upgraded.json().path("lifecycle");
		assertThat(lifecycle.path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(lifecycle.path("withCalls").isBoolean()).isTrue();
		assertThat(lifecycle.path("withCalls").asBoolean()).isTrue();
		assertThat(lifecycle.path("subscribedAt")).isEqualTo(subscribed.json().path("lifecycle").path("subscribedAt"));
		assertThat(Instant.parse(lifecycle.path("confirmedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(subscribed.json().path("lifecycle").path("confirmedAt").asString()));
		assertThat(upgraded.body()).doesNotContain(created.token());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("lifecycle")).isEqualTo(lifecycle);
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle")).isEqualTo(lifecycle);
		// Z-API saw one PUT with the documented body, the instance token only in the path
		zapi.verify(1,
				putRequestedFor(urlEqualTo(upgradePath(created)))
					.withHeader("Authorization", equalTo("Bearer " + ZapiFake.PARTNER_TOKEN))
					.withRequestBody(equalToJson("{\"withCalls\":true}")));
		LoggedRequest sent = zapi.findAll(putRequestedFor(urlEqualTo(upgradePath(created)))).get(0);
		assertThat(sent.getBodyAsString()).doesNotContain(created.token());
		assertThat(sent.getHeaders().all())
			.allSatisfy((header) -> assertThat(header.values()).noneMatch((value) -> value.contains(created.token())));
		assertThat(output.getAll()).doesNotContain(created.token())
			.contains("action=instance.subscription.upgrade client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=upgraded")
			.contains("action=instance.subscription.upgrade client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=already-upgraded");
		assertThat(this.jdbc.queryForList(
				"select outcome from audit_events where action = 'instance.subscription.upgrade'"
						+ " and client = 'lifecycle-tests' and tenant_id = ? and instance_id = ? order by id",
				String.class, this.tenant, created.id()))
			.containsExactly("upgraded", "already-upgraded");
		assertThat(this.jdbc.queryForObject("select count(*) from instance_operations where instance_id = ?",
				Long.class, created.id()))
			.as("claim released")
			.isZero();
		assertThat(this.http.metrics()).doesNotContain(created.token());
	}

	@Test
	void aSubscriptionWithCallsIsRecordedNeedsNoUpgradeAndIsKeptAfterACancel() {
		Created withCalls = create();
		Created withoutCalls = create();
		for (Created created : List.of(withCalls, withoutCalls)) {
			zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
			zapi.stubFor(post(cancelPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
			zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		}
		assertThat(this.http.get(instancePath(withCalls)).json().path("lifecycle").path("withCalls").isNull())
			.as("on trial: unknown")
			.isTrue();

		GatewayClient.Response subscribed = this.http.post(instancePath(withCalls) + "/subscription",
				"{\"withCalls\":true}");
		GatewayClient.Response upgraded = this.http.post(upgradeOf(withCalls), "{\"withCalls\":true}");
		GatewayClient.Response subscribedWithout = this.http.post(instancePath(withoutCalls) + "/subscription",
				"{\"withCalls\":false}");

		assertThat(subscribed.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
		assertThat(upgraded.status()).isEqualTo(200);
		assertThat(upgraded.json().path("lifecycle")).isEqualTo(subscribed.json().path("lifecycle"));
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(withCalls))));
		JsonNode without = subscribedWithout.json().path("lifecycle").path("withCalls");
		assertThat(without.isBoolean()).isTrue();
		assertThat(without.asBoolean()).isFalse();

		// a cancel keeps what the cancelled subscription had; an upgrade of it is refused
		GatewayClient.Response cancelled = this.http.post(instancePath(withCalls) + "/cancellation");
		assertThat(cancelled.json().path("lifecycle").path("state").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
		GatewayClient.Response refused = this.http.post(upgradeOf(withCalls), "{\"withCalls\":true}");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:instance-not-subscribed");
		// subscribing again records the new subscription's
		GatewayClient.Response again = this.http.post(instancePath(withCalls) + "/subscription",
				"{\"withCalls\":false}");
		assertThat(again.json().path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(again.json().path("lifecycle").path("withCalls").asBoolean()).isFalse();
		GatewayClient.Response upgradedNow = this.http.post(upgradeOf(withCalls), "{\"withCalls\":true}");
		assertThat(upgradedNow.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
		zapi.verify(1, putRequestedFor(urlEqualTo(upgradePath(withCalls))));
	}

	@Test
	void anUpgradeNeedsASubscriptionAndALiveInstance(CapturedOutput output) {
		Created trial = create();
		Created deleted = create();
		zapi.stubFor(put(upgradePath(trial)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(deleted)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.jdbc.update("update instances set lifecycle = 'DELETED', deleted_at = now() where zapi_id = ?",
				deleted.id());

		GatewayClient.Response notSubscribed = this.http.post(upgradeOf(trial), "{\"withCalls\":true}");
		GatewayClient.Response gone = this.http.post(upgradeOf(deleted), "{\"withCalls\":true}");

		assertThat(notSubscribed.status()).isEqualTo(409);
		assertThat(notSubscribed.contentType()).startsWith("application/problem+json");
		assertThat(notSubscribed.json().path("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:instance-not-subscribed");
		assertThat(notSubscribed.json().path("detail").asString()).contains(trial.id()).contains("to upgrade");
		assertThat(gone.status()).isEqualTo(409);
		assertThat(gone.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:instance-deleted");
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(trial))));
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(deleted))));
		assertThat(output.getAll())
			.contains("action=instance.subscription.upgrade client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ trial.id() + " outcome=not-subscribed")
			.contains("action=instance.subscription.upgrade client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ deleted.id() + " outcome=deleted");

		// another call about the instance in flight
		Created busy = create();
		zapi.stubFor(post(subscriptionPath(busy)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(busy)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(busy) + "/subscription");
		this.jdbc.update("insert into instance_operations (instance_id, operation, holder, lease_until)"
				+ " values (?, 'CANCEL', gen_random_uuid(), clock_timestamp() + interval '1 hour')", busy.id());
		GatewayClient.Response held = this.http.post(upgradeOf(busy), "{\"withCalls\":true}");
		assertThat(held.status()).isEqualTo(409);
		assertThat(held.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:operation-in-progress");
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(busy))));
	}

	/**
	 * Z-API cannot remove calls: {@code withCalls} must be the JSON {@code true}; absent,
	 * {@code false}, {@code null} or another type is refused naming the field.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "{\"withCalls\":false}", "{}", "{\"withCalls\":null}", "{\"withCalls\":\"true\"}",
			"{\"withCalls\":1}", "{\"withCalls\":[]}", "" })
	void anUpgradeTakesOnlyWithCallsTrue(String body) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(created) + "/subscription");

		GatewayClient.Response refused = this.http.post(upgradeOf(created), body.isEmpty() ? null : body);

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:validation");
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("withCalls");
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(created))));
		assertThat(this.http.post(upgradeOf(created), "{\"withCalls\":true}").status()).isEqualTo(200);
	}

	@Test
	void anUpgradeIsScopedByTenant() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(created) + "/subscription");

		GatewayClient.Response otherTenant = this.http.post(
				"/api/v1/tenants/other-" + this.tenant + "/instances/" + created.id() + "/subscription/upgrade",
				"{\"withCalls\":true}");
		GatewayClient.Response unknown = this.http.post(tenantPath() + "/unknown-id/subscription/upgrade",
				"{\"withCalls\":true}");
		GatewayClient.Response badId = this.http.post(tenantPath() + "/bad%20id/subscription/upgrade",
				"{\"withCalls\":true}");

		assertThat(otherTenant.status()).isEqualTo(404);
		assertThat(otherTenant.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:not-found");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(badId.status()).isEqualTo(400);
		// a client that may not act for the tenant
		GatewayClient.Response forbidden = GatewayClient.onPort(this.port)
			.withApiKey(GatewayTest.ACME_KEY)
			.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(forbidden.status()).isEqualTo(403);
		zapi.verify(0, putRequestedFor(urlEqualTo(upgradePath(created))));
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("withCalls").isNull()).isTrue();
	}

	@Test
	void mapsZapiFailuresOfAnUpgradeLikeSubscribesAndLeavesTheInstanceAsItWas() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		this.http.post(instancePath(created) + "/subscription");

		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(500)));
		GatewayClient.Response failed = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(failed.status()).isEqualTo(502);
		assertThat(failed.contentType()).startsWith("application/problem+json");
		assertThat(failed.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");

		zapi.stubFor(put(upgradePath(created)).willReturn(okJson("{\"error\":\"Instance not found\"}")));
		GatewayClient.Response refused = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(refused.status()).isEqualTo(502);
		assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-request-rejected");

		// the account requires its Client-Token and none is configured
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"null not allowed\"}")));
		GatewayClient.Response noClientToken = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(noClientToken.status()).isEqualTo(502);
		assertThat(noClientToken.json().path("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:zapi-client-token-required");

		zapi.stubFor(
				put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK").withFixedDelay(6500)));
		GatewayClient.Response timedOut = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-timeout");

		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("withCalls").isNull()).isTrue();
		assertThat(this.jdbc.queryForList(
				"select outcome from audit_events where action = 'instance.subscription.upgrade'"
						+ " and tenant_id = ? and instance_id = ? order by id",
				String.class, this.tenant, created.id()))
			.containsExactly("uncertain", "failed", "failed", "uncertain");

		// the claim was released: a retry goes through
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		GatewayClient.Response retried = this.http.post(upgradeOf(created), "{\"withCalls\":true}");
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
	}

	@Test
	void aKeyedUpgradeReplaysItsFirstAnswerAndItsKeyIsSubscribesKeySpace(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(cancelPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(put(upgradePath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(this.http.post(instancePath(created) + "/subscription", null, key("k-sub")).status()).isEqualTo(200);

		GatewayClient.Response first = this.http.post(upgradeOf(created), "{\"withCalls\":true}", key("k-up"));
		// the instance changes afterwards: a replay still answers what the first request
		// got
		assertThat(this.http.post(instancePath(created) + "/cancellation").status()).isEqualTo(200);
		GatewayClient.Response replayed = this.http.post(upgradeOf(created), "{\"withCalls\":true}", key("k-up"));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Idempotent-Replayed")).isEmpty();
		assertThat(first.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.body()).isEqualTo(first.body());
		zapi.verify(1, putRequestedFor(urlEqualTo(upgradePath(created))));
		assertThat(output.getAll()).contains("action=instance.subscription.upgrade client=lifecycle-tests tenant="
				+ this.tenant + " instance=" + created.id() + " outcome=replayed");

		// one key space with subscribe and cancel: another request under a key is 422
		List<GatewayClient.Response> reused = List.of(
				this.http.post(upgradeOf(created), "{\"withCalls\":true}", key("k-sub")),
				this.http.post(instancePath(created) + "/subscription", null, key("k-up")),
				this.http.post(instancePath(created) + "/cancellation", null, key("k-up")));
		assertThat(reused).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.json().path("type").asString())
				.isEqualTo("urn:zapi-gateway:problem:idempotency-key-reused");
		});
		zapi.verify(1, putRequestedFor(urlEqualTo(upgradePath(created))));
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
		// an invalid body is refused before the key is recorded
		assertThat(this.http.post(upgradeOf(created), "{\"withCalls\":false}", key("k-false")).status()).isEqualTo(400);
		assertThat(this.jdbc.queryForObject("select count(*) from idempotent_requests where scope = 'LIFECYCLE'"
				+ " and tenant_id = ? and idempotency_key = 'k-false'", Long.class, this.tenant))
			.isZero();
	}

	/**
	 * Answers kept for replays before the view had {@code withCalls} replay as they were,
	 * {@code withCalls} then unknown.
	 */
	@Test
	void anAnswerKeptBeforeWithCallsStillReplays() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		GatewayClient.Response first = this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":true}",
				key("k-old-answer"));
		assertThat(first.json().path("lifecycle").path("withCalls").asBoolean()).isTrue();
		assertThat(this.jdbc.update(
				"update idempotent_requests set result = (result::jsonb #- '{lifecycle,withCalls}')::text"
						+ " where scope = 'LIFECYCLE' and tenant_id = ? and idempotency_key = 'k-old-answer'",
				this.tenant))
			.isOne();
		assertThat(this.jdbc.queryForObject("select result from idempotent_requests where scope = 'LIFECYCLE'"
				+ " and tenant_id = ? and idempotency_key = 'k-old-answer'", String.class, this.tenant))
			.doesNotContain("withCalls");

		GatewayClient.Response replayed = this.http.post(instancePath(created) + "/subscription",
				"{\"withCalls\":true}", key("k-old-answer"));

		assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.json().path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(replayed.json().path("lifecycle").has("withCalls")).isTrue();
		assertThat(replayed.json().path("lifecycle").path("withCalls").isNull()).isTrue();
		zapi.verify(1, postRequestedFor(urlEqualTo(subscriptionPath(created))));
	}

	private FluentConfiguration migrations(String schema) {
		return Flyway.configure().dataSource(this.dataSource).schemas(schema).locations("classpath:db/migration");
	}

	private Created create() {
		String id = "SUB" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
		String token = "TOK" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		zapi.stubFor(post("/instances/integrator/on-demand")
			.willReturn(okJson("{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"due\":" + due + "}")));
		GatewayClient.Response response = this.http.post(tenantPath(), "{\"name\":\"Loja " + id + "\"}");
		assertThat(response.status()).isEqualTo(201);
		return new Created(id, token);
	}

	private GatewayClient.Response postWithContentType(String path, String contentType, String body) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody()),
				Map.of());
	}

	private static Map<String, String> key(String idempotencyKey) {
		return Map.of("Idempotency-Key", idempotencyKey);
	}

	private static void awaitZapiCalls(String path, int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (zapi.findAll(postRequestedFor(urlEqualTo(path))).size() < calls) {
			assertThat(System.nanoTime()).as("Z-API called in time").isLessThan(deadline);
			Thread.sleep(20);
		}
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

	private String upgradeOf(Created created) {
		return instancePath(created) + "/subscription/upgrade";
	}

	private static String upgradePath(Created created) {
		return "/instances/" + created.id() + "/token/" + created.token() + "/integrator/on-demand/subscription/update";
	}

	private static String cancelPath(Created created) {
		return "/instances/" + created.id() + "/token/" + created.token() + "/integrator/on-demand/cancel";
	}

	record Created(String id, String token) {
	}

}
