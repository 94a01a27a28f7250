package com.zapigateway.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.support.LifecycleHttp;
import com.zapigateway.support.PostgresTestConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribe and cancel through the whole gateway (HTTP, security, PostgreSQL) against a
 * real HTTP server playing Z-API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class SubscriptionTests {

	@RegisterExtension
	static WireMockExtension zapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void zapiProperties(DynamicPropertyRegistry registry) {
		LifecycleHttp.properties(zapi.baseUrl()).forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	private LifecycleHttp http;

	private final String tenant = "sub-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = new LifecycleHttp(this.port);
	}

	@Test
	void subscribesOnceThroughZapiAndAnswersTheSameStateAfterwards(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));

		LifecycleHttp.Response first = this.http.post(instancePath(created) + "/subscription", "{\"withCalls\":true}");
		LifecycleHttp.Response again = this.http.post(instancePath(created) + "/subscription");

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
					.withHeader("Authorization", equalTo("Bearer " + LifecycleHttp.PARTNER_TOKEN))
					.withRequestBody(equalToJson("{\"withCalls\":true}")));
		JsonNode subscribed = this.http.get(tenantPath() + "?trialStatus=SUBSCRIBED").json();
		assertThat(subscribed.path("content").findValuesAsString("id")).containsExactly(created.id());
		assertThat(this.http.get(tenantPath() + "?trialStatus=ACTIVE").json().path("totalElements").asLong()).isZero();
		assertThat(output.getAll()).doesNotContain(created.token())
			.contains("action=instance.subscribe client=lifecycle-tests tenant=" + this.tenant + " instance="
					+ created.id() + " outcome=subscribed")
			.contains("outcome=already-subscribed");
		String metrics = this.http.get("/actuator/prometheus").body();
		assertThat(metrics).doesNotContain(created.token())
			.contains("uri=\"/instances/{id}/token/{token}/integrator/on-demand/subscription\"");
	}

	@Test
	void cancelsOnlyASubscriptionAndOnlyOnce() {
		Created created = create();
		zapi.stubFor(post(subscriptionPath(created)).willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(cancelPath(created)).willReturn(aResponse().withStatus(200)));

		LifecycleHttp.Response notSubscribed = this.http.post(instancePath(created) + "/cancellation");
		this.http.post(instancePath(created) + "/subscription");
		LifecycleHttp.Response cancelled = this.http.post(instancePath(created) + "/cancellation");
		LifecycleHttp.Response again = this.http.post(instancePath(created) + "/cancellation");

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

		LifecycleHttp.Response failed = this.http.post(instancePath(created) + "/subscription");

		assertThat(failed.status()).isEqualTo(502);
		assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
		assertThat(failed.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
		assertThat(this.http.get(instancePath(created)).json().path("lifecycle").path("state").asString())
			.isEqualTo("TRIAL");

		zapi.stubFor(post(subscriptionPath(created)).willReturn(okJson("{\"error\":\"Instance not found\"}")));
		LifecycleHttp.Response refused = this.http.post(instancePath(created) + "/subscription");
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

	private Created create() {
		String id = "SUB" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
		String token = "TOK" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		zapi.stubFor(post("/instances/integrator/on-demand")
			.willReturn(okJson("{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"due\":" + due + "}")));
		LifecycleHttp.Response response = this.http.post(tenantPath(), "{\"name\":\"Loja " + id + "\"}");
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
