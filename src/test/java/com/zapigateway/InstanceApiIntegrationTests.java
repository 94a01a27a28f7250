package com.zapigateway;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path over real HTTP: caller -> gateway -> Z-API (a local WireMock server) ->
 * PostgreSQL -> caller.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class InstanceApiIntegrationTests {

	private static final String PARTNER_TOKEN = "test-partner-token-7c1f0e";

	private static final String CREATE = "/instances/integrator/on-demand";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private RestTestClient http;

	@BeforeEach
	void setUp() {
		this.http = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		this.jdbc.update("delete from instances");
	}

	@Test
	void aFreshCreateAnswersWhatAReadOfTheStoredInstanceGives() {
		long due = Instant.now().plus(2, ChronoUnit.DAYS).toEpochMilli();
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\":\"ZAPI-SAME\",\"token\":\"t-same\",\"due\":" + due + "}")));

		ObjectNode created = (ObjectNode) JSON.readTree(this.http.post()
			.uri("/api/v1/tenants/acme/instances")
			.header("X-API-Key", "test-key-all")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"Same\",\"sessionName\":\"S\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		ObjectNode read = (ObjectNode) JSON.readTree(this.http.get()
			.uri("/api/v1/tenants/acme/instances/ZAPI-SAME")
			.header("X-API-Key", "test-key-all")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());

		assertThat(created.remove("token").asString()).isEqualTo("t-same");
		((ObjectNode) created.get("trial")).remove("remainingSeconds");
		((ObjectNode) read.get("trial")).remove("remainingSeconds");
		assertThat(created).isEqualTo(read);
	}

	@Test
	void createsReadsListsAndRecoversCredentials(CapturedOutput output) {
		long due = Instant.now().plus(2, ChronoUnit.DAYS).toEpochMilli();
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\":\"ZAPI-1\",\"token\":\"instance-secret-1\",\"due\":\"" + due + "\"}")));

		this.http.post()
			.uri("/api/v1/tenants/acme/instances")
			.header("X-API-Key", "test-key-all")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"Loja 1\",\"sessionName\":\"Loja\",\"callRejectAuto\":false}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueMatches("Location", ".*/api/v1/tenants/acme/instances/ZAPI-1$")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo("ZAPI-1")
			.jsonPath("$.token")
			.isEqualTo("instance-secret-1")
			.jsonPath("$.dueAt")
			.isEqualTo(Instant.ofEpochMilli(due).toString())
			.jsonPath("$.dueEstimated")
			.isEqualTo(false)
			.jsonPath("$.trial.status")
			.isEqualTo("ACTIVE");

		zapi.verify(1,
				postRequestedFor(urlPathEqualTo(CREATE)).withHeader("Authorization", equalTo("Bearer " + PARTNER_TOKEN))
					// the name sent carries the gateway reference (see
					// docs/reliability.md)
					.withRequestBody(matchingJsonPath("$.name", matching("Loja 1 \\[gw:[0-9a-f]{16}]")))
					.withRequestBody(matchingJsonPath("$.sessionName", equalTo("Loja")))
					.withRequestBody(matchingJsonPath("$.callRejectAuto", equalTo("false")))
					.withRequestBody(matchingJsonPath("$.size()", equalTo("3"))));
		assertThat(this.jdbc.queryForObject("select created_by from instances where zapi_id = 'ZAPI-1'", String.class))
			.isEqualTo("all-tenants");

		this.http.get()
			.uri("/api/v1/tenants/acme/instances/ZAPI-1")
			.header("X-API-Key", "test-key-acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Loja 1")
			.jsonPath("$.tenantId")
			.isEqualTo("acme")
			.jsonPath("$.token")
			.doesNotExist();

		this.http.get()
			.uri("/api/v1/tenants/acme/instances?trialStatus=ACTIVE")
			.header("X-API-Key", "test-key-acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content[0].id")
			.isEqualTo("ZAPI-1")
			.jsonPath("$.totalElements")
			.isEqualTo(1);
		this.http.get()
			.uri("/api/v1/tenants/acme/instances?trialStatus=EXPIRED")
			.header("X-API-Key", "test-key-acme")
			.exchange()
			.expectBody()
			.jsonPath("$.totalElements")
			.isEqualTo(0);

		this.http.get()
			.uri("/api/v1/tenants/acme/instances/ZAPI-1/credentials")
			.header("X-API-Key", "test-key-acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.token")
			.isEqualTo("instance-secret-1");

		assertThat(output).contains("action=instance.credentials.read client=acme-only tenant=acme instance=ZAPI-1");
		assertThat(output).contains("action=instance.create client=all-tenants tenant=acme instance=ZAPI-1");
		assertThat(output).doesNotContain("instance-secret-1").doesNotContain(PARTNER_TOKEN);
	}

	@Test
	void anotherTenantsInstanceIsNotFound() {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"ZAPI-2\",\"token\":\"t2\",\"due\":1648565999675}")));
		createFor("acme").expectStatus().isCreated();

		this.http.get()
			.uri("/api/v1/tenants/globex/instances/ZAPI-2")
			.header("X-API-Key", "test-key-all")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.http.get()
			.uri("/api/v1/tenants/globex/instances/ZAPI-2/credentials")
			.header("X-API-Key", "test-key-all")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.http.get()
			.uri("/api/v1/tenants/globex/instances")
			.header("X-API-Key", "test-key-all")
			.exchange()
			.expectBody()
			.jsonPath("$.totalElements")
			.isEqualTo(0);
	}

	@Test
	void keepsAnInstanceWithUnreadableDueWithAnEstimatedDueDate() {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"ZAPI-3\",\"token\":\"t3\",\"due\":\"tomorrow\"}")));

		createFor("acme").expectStatus().isCreated().expectBody().jsonPath("$.dueEstimated").isEqualTo(true);

		assertThat(this.jdbc.queryForObject(
				"select extract(epoch from (due_at - created_at)) from instances where zapi_id = 'ZAPI-3'",
				Double.class))
			.isEqualTo(2 * 24 * 3600.0);
	}

	@Test
	void zapiFailuresAreMappedAndStoreNothing(CapturedOutput output) {
		zapi.stubFor(
				post(CREATE).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"" + PARTNER_TOKEN + "\"}")));
		createFor("acme").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-credentials-rejected");

		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(500).withBody("stack trace " + PARTNER_TOKEN)));
		createFor("acme").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-server-error");

		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(429)));
		createFor("acme").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-rate-limited");

		zapi.stubFor(post(CREATE).willReturn(okJson("{\"value\":false}")));
		createFor("acme").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-create-failed");

		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\"}").withFixedDelay(6500)));
		createFor("acme").expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-timeout");

		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		createFor("acme").expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:zapi-gateway:problem:zapi-connection-lost");

		assertThat(this.jdbc.queryForObject("select count(*) from instances", Integer.class)).isZero();
		assertThat(output).doesNotContain(PARTNER_TOKEN);
	}

	@Test
	void rejectedRequestsNeverReachZapi() {
		this.http.post()
			.uri("/api/v1/tenants/acme/instances")
			.header("X-API-Key", "test-key-all")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"x\",\"receivedCallbackUrl\":\"http://insecure.example.com\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("receivedCallbackUrl");
		this.http.post()
			.uri("/api/v1/tenants/globex/instances")
			.header("X-API-Key", "test-key-acme")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"x\"}")
			.exchange()
			.expectStatus()
			.isForbidden();

		zapi.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
	}

	@Test
	void holdsNoDatabaseConnectionWhileZapiIsCalled(@Autowired DataSource dataSource) throws Exception {
		zapi.stubFor(post(CREATE)
			.willReturn(okJson("{\"id\":\"ZAPI-4\",\"token\":\"t4\",\"due\":1648565999675}").withFixedDelay(1000)));
		HikariPoolMXBean pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();
		CompletableFuture<Void> create = CompletableFuture.runAsync(() -> createFor("acme").expectStatus().isCreated());

		// wait until Z-API has the request (the gateway is now blocked on the upstream
		// call)
		while (zapi.findAll(postRequestedFor(urlPathEqualTo(CREATE))).isEmpty()) {
			Thread.sleep(10);
		}
		int activeDuringCall = pool.getActiveConnections();
		create.get(10, TimeUnit.SECONDS);

		assertThat(activeDuringCall).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from instances where zapi_id = 'ZAPI-4'", Integer.class))
			.isOne();
	}

	@Test
	void hasNoUserStoreWhoseGeneratedPasswordWouldBeLogged(@Autowired ApplicationContext context) {
		assertThat(context.getBeanProvider(UserDetailsService.class).getIfAvailable()).isNull();
	}

	@Test
	void healthIsOpenButOtherActuatorEndpointsAreNot() {
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/info").exchange().expectStatus().isUnauthorized();
	}

	private RestTestClient.ResponseSpec createFor(String tenant) {
		return this.http.post()
			.uri("/api/v1/tenants/" + tenant + "/instances")
			.header("X-API-Key", "test-key-all")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"Loja\"}")
			.exchange();
	}

}
