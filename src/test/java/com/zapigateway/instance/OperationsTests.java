package com.zapigateway.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health probes, Prometheus metrics and request ids, through the running gateway.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsTests {

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	int port;

	@Autowired
	InstanceMetrics instanceMetrics;

	@Test
	void probesAnswerWithoutAnApiKeyAndNeverCallZapi() {
		GatewayClient http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);

		GatewayClient.Response liveness = http.send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/actuator/health/liveness")).GET(),
				Map.of());
		GatewayClient.Response readiness = http.send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/actuator/health/readiness")).GET(),
				Map.of());

		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body()).doesNotContain(ZapiFake.PARTNER_TOKEN).doesNotContain(ZapiFake.CLIENT_TOKEN);
		assertThat(zapi.getAllServeEvents()).isEmpty();
	}

	@Test
	void echoesAValidRequestIdAndReplacesAnInvalidOneAlsoOnErrors(CapturedOutput output) {
		GatewayClient http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
		String tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);

		GatewayClient.Response given = http.get("/api/v1/tenants/" + tenant + "/instances",
				Map.of("X-Request-Id", "req-42.a:b_c"));
		GatewayClient.Response invalid = http.get("/api/v1/tenants/" + tenant + "/instances",
				Map.of("X-Request-Id", "x".repeat(65)));
		GatewayClient.Response unauthenticated = http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(base() + "/api/v1/tenants/" + tenant + "/instances"))
			.header("X-Request-Id", "no-key-1")
			.GET(), Map.of("X-API-Key", "wrong"));

		assertThat(given.status()).isEqualTo(200);
		assertThat(given.header("X-Request-Id")).hasValue("req-42.a:b_c");
		assertThat(invalid.header("X-Request-Id").orElse(null)).isNotBlank()
			.hasSizeLessThanOrEqualTo(64)
			.doesNotContain("xxxx");
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(unauthenticated.header("X-Request-Id")).hasValue("no-key-1");
		// the audit line of the refused key carries the request id
		assertThat(output.getAll()).containsPattern("\\[no-key-1\\].*action=authentication");
	}

	@Test
	void exposesCreatesByOutcomeZapiLatencyAndInstancesByTrialStatus() {
		GatewayClient http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
		String tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);
		String id = "OPS" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		zapi.stubFor(
				post("/instances/integrator/on-demand").willReturn(okJson("{\"id\":\"" + id + "\",\"token\":\"SECRET"
						+ id + "\",\"due\":" + Instant.now().plus(Duration.ofDays(2)).toEpochMilli() + "}")));
		assertThat(http.post("/api/v1/tenants/" + tenant + "/instances", "{\"name\":\"a\"}").status()).isEqualTo(201);
		zapi.stubFor(post("/instances/integrator/on-demand").willReturn(aResponse().withStatus(500)));
		assertThat(http.post("/api/v1/tenants/" + tenant + "/instances", "{\"name\":\"b\"}").status()).isEqualTo(502);
		this.instanceMetrics.refresh();

		String metrics = http.metrics();

		assertThat(metrics)
			.containsPattern("gateway_operations_total\\{action=\"instance.create\",application="
					+ "\"zapi-gateway\",outcome=\"created\"} [1-9]")
			.containsPattern("gateway_operations_total\\{action=\"instance.create\",application="
					+ "\"zapi-gateway\",outcome=\"(?!created\")[a-z-]+\"} [1-9]")
			.contains("http_client_requests_seconds_bucket")
			.contains("uri=\"/instances/integrator/on-demand\"")
			.containsPattern("gateway_instances\\{application=\"zapi-gateway\",trial_status=\"ACTIVE\"} [1-9]")
			.contains("trial_status=\"SUBSCRIBED\"")
			.contains("trial_status=\"DELETED\"")
			.doesNotContain("SECRET" + id);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
