package com.zapigateway.creation;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.ReliabilityFigures;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Z-API failing again and again (a 5xx burst): after the breaker's window the gateway
 * stops calling it and fails fast with 503, sending nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "zapi.partner-token=test-partner-token", "zapi.connect-timeout=500ms", "zapi.read-timeout=1s",
				"gateway.scheduling.enabled=false", "gateway.idempotency.lease=5s",
				"zapi.guard.retry-initial-backoff=20ms", "zapi.guard.retry-max-backoff=100ms",
				"zapi.guard.minimum-calls=4", "zapi.guard.sliding-window-size=4", "zapi.guard.open-duration=1h",
				"spring.datasource.username=postgres", "spring.datasource.password=postgres",
				// these tests are about Z-API faults, not the abuse limits
				"gateway.limits.create-rate.capacity=100000", "gateway.limits.max-trial-instances-per-tenant=100000" })
class CircuitBreakerIntegrationTests {

	static final String DATABASE = TestDatabases.create("breaker");

	@RegisterExtension
	static WireMockExtension zapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("zapi.base-url", zapi::baseUrl);
		registry.add("spring.datasource.url", () -> DATABASE);
		for (String property : RunningGateway.clientProperties()) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aServerErrorBurstOpensTheCircuitAndTheGatewayFailsFastWith503() {
		zapi.stubFor(post(CreationFaultTests.CREATE).willReturn(aResponse().withStatus(500)));
		GatewayClient gateway = GatewayClient.onPort(this.port).withApiKey(RunningGateway.API_KEY);
		int requests = 12;
		int failedFast = 0;
		for (int i = 0; i < requests; i++) {
			Response response = gateway.create("acme", "burst-" + i, "{\"name\":\"Burst " + i + "\"}");
			if (i < 4) {
				// 504 if a cold first call outlives the read timeout: both count as
				// failures
				assertThat(response.status()).isIn(502, 504);
			}
			else {
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.text("type")).isEqualTo("urn:zapi-gateway:problem:zapi-circuit-open");
				assertThat(response.header("Retry-After")).isPresent();
				failedFast++;
			}
		}
		int sent = zapi.findAll(postRequestedFor(urlPathEqualTo(CreationFaultTests.CREATE))).size();
		assertThat(sent).isEqualTo(4);
		assertThat(this.jdbc
			.sql("select count(*) from idempotent_requests where state = 'FAILED' and failure = 'CIRCUIT_OPEN'")
			.query(Long.class)
			.single()).as("failed fast, recorded as provably not sent").isEqualTo(failedFast);
		assertThat(this.jdbc.sql("select count(*) from instances").query(Long.class).single()).isZero();
		ReliabilityFigures.record("5xx-burst-circuit-open(requests=" + requests + ",failed-fast=" + failedFast + ")",
				requests, sent, 0, 0, 0, 0);
	}

}
