package com.zapigateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.PostgresTestConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a full create / read / list / credentials / failure cycle with every logger that
 * could see a secret turned up to DEBUG or TRACE (Spring MVC and Security, the HTTP
 * client, Hibernate SQL and bind values, JDBC, Flyway, Tomcat, the audit log, the JDK
 * HTTP client's platform logger) and checks that none of the secrets used appears in the
 * captured output: partner token, instance tokens, API keys (right and wrong), the
 * encryption key, a password in a refused callback URL, the account's Client-Token (sent
 * on a subscribe, and on a cancel Z-API refuses as if it were missing).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "gateway.clients[0].name=logger-client",
				"gateway.clients[0].api-key-sha256=" + NoSecretInLogsTests.API_KEY_SHA256,
				"gateway.clients[0].tenants=log-t", "logging.level.root=INFO",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.security=TRACE",
				"logging.level.org.springframework.http=DEBUG", "logging.level.org.springframework.jdbc=TRACE",
				"logging.level.org.springframework.orm=DEBUG", "logging.level.org.springframework.transaction=DEBUG",
				"logging.level.org.hibernate.SQL=DEBUG", "logging.level.org.hibernate.orm.jdbc.bind=TRACE",
				"logging.level.org.hibernate.orm.jdbc.extract=TRACE", "logging.level.org.flywaydb=DEBUG",
				"logging.level.org.apache.catalina=DEBUG", "logging.level.org.apache.tomcat=DEBUG",
				"logging.level.org.apache.coyote=DEBUG", "logging.level.jdk.internal.httpclient=TRACE",
				"logging.level.jdk.httpclient=TRACE", "logging.level.com.zapigateway=TRACE",
				"logging.level.audit=TRACE", "spring.jpa.properties.hibernate.show_sql=false" })
@Import(PostgresTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class NoSecretInLogsTests {

	static final String PARTNER_TOKEN = "PARTNER-8d2f61c0e7a94b53";

	static final String CLIENT_TOKEN = "CLIENTTOKEN-71c4e0a9d2b8";

	static final String API_KEY = "client-api-key-3e9b51d7f0c2";

	static final String API_KEY_SHA256 = "ca9f9c9645c73f562dc1c0cf14bba978f3ffc6fcb97306c214ed898988af5b41";

	static final String WRONG_KEY = "wrong-api-key-5a1c9e7b3d";

	static final String INSTANCE_TOKEN = "INSTTOKEN" + UUID.randomUUID().toString().replace("-", "").toUpperCase();

	static final String GARBLED_TOKEN = "GARBLEDTOKEN7F3A9C1E";

	static final String CALLBACK_PASSWORD = "cb-pass-0e4d7a92";

	/** The test encryption key (src/test/resources/config/application.yml). */
	static final String ENCRYPTION_KEY = "bG9jYWwtdGVzdC1rZXktbmV2ZXItdXNlLWluLXByb2Q=";

	static final String INSTANCE_ID = "LOGINST" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

	@RegisterExtension
	static final WireMockExtension zapi = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void zapiProperties(DynamicPropertyRegistry registry) {
		registry.add("zapi.base-url", zapi::baseUrl);
		registry.add("zapi.partner-token", () -> PARTNER_TOKEN);
		registry.add("zapi.client-token", () -> CLIENT_TOKEN);
	}

	@AfterAll
	static void quietAgain() {
		LoggingSystem logging = LoggingSystem.get(NoSecretInLogsTests.class.getClassLoader());
		for (String logger : List.of("org.springframework.web", "org.springframework.security",
				"org.springframework.http", "org.springframework.jdbc", "org.springframework.orm",
				"org.springframework.transaction", "org.hibernate.SQL", "org.hibernate.orm.jdbc.bind",
				"org.hibernate.orm.jdbc.extract", "org.flywaydb", "org.apache.catalina", "org.apache.tomcat",
				"org.apache.coyote", "jdk.internal.httpclient", "jdk.httpclient", "com.zapigateway", "audit")) {
			logging.setLogLevel(logger, null);
		}
	}

	@Test
	void aFullCycleLogsNoSecret(CapturedOutput output) {
		assertThat(GatewayClient.sha256Hex(API_KEY)).isEqualTo(API_KEY_SHA256);
		zapi.stubFor(post(urlPathEqualTo("/instances/integrator/on-demand")).withRequestBody(containing("\"ok [gw:"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"" + INSTANCE_ID + "\",\"token\":\"" + INSTANCE_TOKEN + "\",\"due\":"
						+ (System.currentTimeMillis() + 86_400_000L) + "}")));
		zapi.stubFor(post(urlPathEqualTo("/instances/integrator/on-demand")).withRequestBody(containing("\"fail [gw:"))
			.willReturn(aResponse().withStatus(500)
				.withHeader("Content-Type", "application/json")
				.withBody(
						"{\"error\":\"boom for Bearer " + PARTNER_TOKEN + "\",\"token\":\"" + INSTANCE_TOKEN + "\"}")));
		zapi.stubFor(
				post(urlPathEqualTo("/instances/integrator/on-demand")).withRequestBody(containing("\"garbled [gw:"))
					.willReturn(aResponse().withStatus(200)
						.withHeader("Content-Type", "application/json")
						.withBody("{\"id\":\"GARBLED\",\"token\":\"" + GARBLED_TOKEN + "\",")));
		GatewayClient http = GatewayClient.onPort(this.port);
		String base = "/api/v1/tenants/log-t/instances";

		Response created = http.postJson(base, "{\"name\":\"ok\"}", "X-API-Key", API_KEY);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("token").asString()).isEqualTo(INSTANCE_TOKEN);
		assertThat(http.get(base + "/" + INSTANCE_ID, "X-API-Key", API_KEY).status()).isEqualTo(200);
		assertThat(http.get(base, "X-API-Key", API_KEY).status()).isEqualTo(200);
		Response credentials = http.get(base + "/" + INSTANCE_ID + "/credentials", "X-API-Key", API_KEY);
		assertThat(credentials.json().get("token").asString()).isEqualTo(INSTANCE_TOKEN);
		assertThat(http.get(base + "/NOSUCH/credentials", "X-API-Key", API_KEY).status()).isEqualTo(404);
		assertThat(http.postJson(base, "{\"name\":\"fail\"}", "X-API-Key", API_KEY).status()).isEqualTo(502);
		assertThat(http.postJson(base, "{\"name\":\"garbled\"}", "X-API-Key", API_KEY).status()).isEqualTo(502);
		// calls to the instance carry the Client-Token; one is refused as if it were
		// missing
		String instanceCalls = "/instances/" + INSTANCE_ID + "/token/" + INSTANCE_TOKEN + "/integrator/on-demand/";
		zapi.stubFor(
				post(urlPathEqualTo(instanceCalls + "subscription")).withHeader("Client-Token", equalTo(CLIENT_TOKEN))
					.willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(urlPathEqualTo(instanceCalls + "cancel")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"null not allowed\"}")));
		Response subscribed = http.postJson(base + "/" + INSTANCE_ID + "/subscription", "{}", "X-API-Key", API_KEY);
		assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(200);
		Response refused = http.postJson(base + "/" + INSTANCE_ID + "/cancellation", "{}", "X-API-Key", API_KEY);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
		assertThat(refused.body()).contains("zapi-client-token-required").doesNotContain(CLIENT_TOKEN);
		zapi.verify(postRequestedFor(urlPathEqualTo(instanceCalls + "cancel")).withHeader("Client-Token",
				equalTo(CLIENT_TOKEN)));
		assertThat(http.get(base, "X-API-Key", WRONG_KEY).status()).isEqualTo(401);
		assertThat(http.get("/api/v1/tenants/other-t/instances", "X-API-Key", API_KEY).status()).isEqualTo(403);
		assertThat(http
			.postJson(base,
					"{\"name\":\"cb\",\"receivedCallbackUrl\":\"https://user:" + CALLBACK_PASSWORD
							+ "@hooks.example.com/\"}",
					"X-API-Key", API_KEY)
			.status()).isEqualTo(400);
		assertThat(http.postJson(base, "{\"name\":\"x\",\"token\":\"" + INSTANCE_TOKEN + "\"}", "X-API-Key", API_KEY)
			.status()).isEqualTo(400);

		String logs = output.getAll();
		// the cycle really was logged at these levels
		assertThat(logs).contains("action=instance.create").contains(INSTANCE_ID);
		// bind values are logged (the token bound is the sealed one) and Z-API calls too
		assertThat(logs).contains("enc:v1:test1:").contains("/instances/integrator/on-demand -> 200");
		List<String> leaks = new ArrayList<>();
		for (String secret : List.of(PARTNER_TOKEN, CLIENT_TOKEN, API_KEY, WRONG_KEY, INSTANCE_TOKEN, GARBLED_TOKEN,
				CALLBACK_PASSWORD, ENCRYPTION_KEY)) {
			int at = logs.indexOf(secret);
			if (at >= 0) {
				leaks.add(secret + " in: " + logs.substring(Math.max(0, at - 300), Math.min(logs.length(), at + 100)));
			}
		}
		assertThat(leaks).isEmpty();
	}

}
