package com.zapigateway.shared;

import java.util.Map;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the {@code json-logs} profile every console line is one ECS JSON object, and a
 * request's lines carry its request id and its trace and span ids.
 */
@GatewayTest
@ActiveProfiles({ GatewayTest.PROFILE, "json-logs" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class JsonLogsTests {

	static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	@LocalServerPort
	int port;

	/**
	 * Logging is global to the JVM and initialized once: let this context initialize it
	 * with its profile (other cached contexts may have done it already).
	 */
	@BeforeAll
	static void letThisContextInitializeLogging() {
		LoggingSystem.get(JsonLogsTests.class.getClassLoader()).cleanUp();
	}

	/** Back to the human-readable format for the test classes that run after this one. */
	@AfterAll
	static void restoreHumanReadableLogs() {
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
		LoggingSystem logging = LoggingSystem.get(JsonLogsTests.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	@Test
	void logsOneJsonObjectPerLineWithTheRequestId(CapturedOutput output) {
		GatewayClient.onPort(this.port)
			.withApiKey(GatewayTest.LIFECYCLE_KEY)
			.get("/api/v1/tenants/acme/instances", Map.of("X-Request-Id", "json-log-7", "X-API-Key", "not-a-valid-key",
					"traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));

		JsonMapper json = JsonMapper.builder().build();
		JsonNode audit = output.getOut()
			.lines()
			.filter((line) -> line.contains("json-log-7"))
			.map(json::readTree)
			.filter((line) -> "audit".equals(line.path("log").path("logger").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no JSON audit line with the request id in:\n" + output.getOut()));
		assertThat(audit.path("requestId").asString()).isEqualTo("json-log-7");
		assertThat(audit.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(audit.path("spanId").asString()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
		assertThat(audit.path("message").asString()).contains("action=authentication").contains("invalid-api-key");
		assertThat(audit.path("log").path("level").asString()).isEqualTo("INFO");
	}

}
