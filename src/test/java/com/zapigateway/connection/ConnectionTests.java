package com.zapigateway.connection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection routes through the whole gateway (HTTP, security, PostgreSQL) against
 * the shared Z-API fake, its answers stubbed per test. The shared property set asks QR
 * codes to be paced every 2 s.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTests {

	static final WireMockServer zapi = ZapiFake.wireMock();

	/** A 1x1 PNG. */
	static final byte[] PNG = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

	static final Duration INTERVAL = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private GatewayClient http;

	private final String tenant = "con-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
	}

	@Test
	void mapsZapiStatusToAStateAndRecordsItOnTheInstance() {
		Created created = create();
		assertThat(this.http.get(instancePath(created)).json().path("connection").path("state").isNull()).isTrue();

		stubStatus(created, "{\"connected\":false,\"smartphoneConnected\":false,\"error\":\"You are not connected.\"}");
		GatewayClient.Response disconnected = this.http.get(connectionPath(created));
		assertThat(disconnected.status()).isEqualTo(200);
		assertThat(disconnected.header("Cache-Control")).hasValue("no-store");
		assertThat(disconnected.json().path("state").asString()).isEqualTo("DISCONNECTED");
		assertThat(disconnected.json().path("connected").asBoolean()).isFalse();
		assertThat(disconnected.json().path("detail").asString()).isEqualTo("You are not connected.");
		JsonNode block = this.http.get(instancePath(created)).json().path("connection");
		assertThat(block.path("state").asString()).isEqualTo("DISCONNECTED");
		assertThat(block.path("checkedAt").asString()).isEqualTo(disconnected.json().path("checkedAt").asString());
		assertThat(block.path("firstConnectedAt").isNull()).isTrue();

		stubStatus(created,
				"{\"connected\":false,\"smartphoneConnected\":true,\"error\":\"You need to RESTORE the session.\"}");
		JsonNode restore = this.http.get(connectionPath(created)).json();
		assertThat(restore.path("state").asString()).isEqualTo("NEEDS_RESTORE");
		assertThat(restore.path("smartphoneConnected").asBoolean()).isTrue();

		stubStatus(created,
				"{\"connected\":true,\"smartphoneConnected\":true,\"error\":\"You are already connected.\"}");
		JsonNode connected = this.http.get(connectionPath(created)).json();
		assertThat(connected.path("state").asString()).isEqualTo("CONNECTED");
		assertThat(connected.path("connected").asBoolean()).isTrue();
		stubStatus(created, "{\"connected\":true,\"smartphoneConnected\":true}");
		JsonNode again = this.http.get(connectionPath(created)).json();
		assertThat(again.path("detail").isNull()).isTrue();

		block = this.http.get(instancePath(created)).json().path("connection");
		assertThat(block.path("state").asString()).isEqualTo("CONNECTED");
		assertThat(block.path("firstConnectedAt").asString()).isEqualTo(connected.path("checkedAt").asString());
		assertThat(block.path("lastConnectedAt").asString()).isEqualTo(again.path("checkedAt").asString());
		assertThat(Instant.parse(block.path("lastConnectedAt").asString()))
			.isAfter(Instant.parse(block.path("firstConnectedAt").asString()));
		// reading the view never calls Z-API
		zapi.verify(4, getRequestedFor(urlEqualTo(zapiPath(created, "/status"))));
		assertThat(audit(created)).containsExactly("instance.connection.status:disconnected",
				"instance.connection.status:needs-restore", "instance.connection.status:connected",
				"instance.connection.status:connected");
	}

	@Test
	void servesTheQrCodeAsPngOrAsADataUriAndRepeatsItFromMemoryWithinTheInterval() throws Exception {
		Created created = create();
		stubQrCode(created, PNG);

		HttpResponse<byte[]> png = getBytes(connectionPath(created) + "/qr-code", null);
		GatewayClient.Response json = this.http.get(connectionPath(created) + "/qr-code", "Accept", "application/json");
		HttpResponse<byte[]> explicit = getBytes(connectionPath(created) + "/qr-code", "image/png, */*;q=0.1");

		assertThat(png.statusCode()).isEqualTo(200);
		assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(png.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(png.body()).isEqualTo(PNG);
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.contentType()).startsWith("application/json");
		assertThat(json.header("Cache-Control")).hasValue("no-store");
		assertThat(json.json().path("image").asString())
			.isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
		assertThat(explicit.body()).isEqualTo(PNG);
		// one code from Z-API, the repeats from memory
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/qr-code/image"))));
		assertThat(audit(created)).containsExactly("instance.connection.qr-code:served",
				"instance.connection.qr-code:repeated", "instance.connection.qr-code:repeated");
		assertThat(this.http.get(connectionPath(created) + "/qr-code", "Accept", "text/html").status()).isEqualTo(406);
	}

	@Test
	void stopsAfterThreeCodesUntilTheCallerAsksForANewFlow() throws Exception {
		Created created = create();
		String path = connectionPath(created) + "/qr-code";
		for (int code = 1; code <= 3; code++) {
			stubQrCode(created, png(code));
			HttpResponse<byte[]> answer = getBytes(path, null);
			assertThat(answer.statusCode()).as("code %s", code).isEqualTo(200);
			assertThat(answer.body()).as("code %s", code).isEqualTo(png(code));
			GatewayClient.sleep(INTERVAL.plusMillis(200));
		}
		stubQrCode(created, png(4));

		GatewayClient.Response spent = this.http.get(path);

		assertThat(spent.status()).isEqualTo(429);
		assertThat(spent.contentType()).startsWith("application/problem+json");
		assertThat(spent.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:qr-code-limit");
		assertThat(spent.json().path("detail").asString()).contains("3 QR codes", created.id());
		assertThat(spent.header("Retry-After").map(Long::parseLong))
			.hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(1L, Duration.ofMinutes(10).toSeconds()));
		assertThat(spent.header("Cache-Control")).hasValue("no-store");
		zapi.verify(3, getRequestedFor(urlEqualTo(zapiPath(created, "/qr-code/image"))));

		HttpResponse<byte[]> fresh = getBytes(path + "?restart=true", null);
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.body()).isEqualTo(png(4));
		zapi.verify(4, getRequestedFor(urlEqualTo(zapiPath(created, "/qr-code/image"))));
		assertThat(audit(created)).containsExactly("instance.connection.qr-code:served",
				"instance.connection.qr-code:served", "instance.connection.qr-code:served",
				"instance.connection.qr-code:limit", "instance.connection.qr-code:served");
		assertThat(this.http.get(path + "?restart=maybe").status()).isEqualTo(400);
	}

	@Test
	void concurrentPollersOfOneInstanceShareOneZapiCall() throws Exception {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/qr-code/image")))
			.willReturn(okJson("{\"value\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}").withFixedDelay(500)));
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<HttpResponse<byte[]>> answers;
		try {
			List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(executor.submit(() -> getBytes(connectionPath(created) + "/qr-code", null)));
			}
			answers = new ArrayList<>();
			for (Future<HttpResponse<byte[]>> call : calls) {
				answers.add(call.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			executor.shutdownNow();
		}

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo(PNG);
		});
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/qr-code/image"))));
	}

	@Test
	void answersAlreadyConnectedAndRecordsTheConnection() {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/qr-code/image")))
			.willReturn(okJson("{\"error\":\"You are already connected.\"}")));

		GatewayClient.Response answer = this.http.get(connectionPath(created) + "/qr-code");

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:already-connected");
		assertThat(answer.header("Cache-Control")).hasValue("no-store");
		JsonNode block = this.http.get(instancePath(created)).json().path("connection");
		assertThat(block.path("state").asString()).isEqualTo("CONNECTED");
		assertThat(block.path("firstConnectedAt").asString()).isEqualTo(block.path("checkedAt").asString());
		assertThat(audit(created)).containsExactly("instance.connection.qr-code:already-connected");
	}

	@Test
	void answersAlreadyConnectedToAPhoneCodeAndRecordsTheConnection() {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/phone-code/5511999998888")))
			.willReturn(okJson("{\"connected\":true,\"error\":\"You are already connected.\"}")));

		GatewayClient.Response answer = this.http.post(connectionPath(created) + "/phone-code",
				"{\"phone\":\"5511999998888\"}");

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:already-connected");
		assertThat(this.http.get(instancePath(created)).json().path("connection").path("state").asString())
			.isEqualTo("CONNECTED");
		assertThat(audit(created)).containsExactly("instance.connection.phone-code:already-connected");
	}

	@Test
	void refusesAHeadOfTheQrCodeWithoutSpendingACode() throws Exception {
		Created created = create();
		stubQrCode(created, png(1));

		HttpResponse<Void> head = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.http.baseUrl() + connectionPath(created) + "/qr-code"))
				.header("X-API-Key", GatewayTest.LIFECYCLE_KEY)
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());

		assertThat(head.statusCode()).isEqualTo(405);
		assertThat(head.headers().firstValue("Allow")).hasValue("GET");
		zapi.verify(0, getRequestedFor(urlEqualTo(zapiPath(created, "/qr-code/image"))));
	}

	@Test
	void sendsAPhoneCodeForAValidNumberAndNeverLogsItInFull(CapturedOutput output) {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/phone-code/5511999998888")))
			.willReturn(okJson("{\"code\":\"ABCD-1234\"}")));

		GatewayClient.Response answer = this.http.post(connectionPath(created) + "/phone-code",
				"{\"phone\":\"+5511999998888\"}");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("code").asString()).isEqualTo("ABCD-1234");
		assertThat(answer.header("Cache-Control")).hasValue("no-store");
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/phone-code/5511999998888"))));
		assertThat(output.getAll()).doesNotContain("5511999998888").contains("***8888");
		assertThat(audit(created)).containsExactly("instance.connection.phone-code:served");

		for (String invalid : List.of("{\"phone\":\"123456789\"}", "{\"phone\":\"1234567890123456\"}",
				"{\"phone\":\"55 11 99999 8888\"}", "{\"phone\":\"++5511999998888\"}", "{\"phone\":\"55119999a8888\"}",
				"{\"phone\":5511999998888}", "{}", "{\"phone\":\"5511999998888\",\"other\":1}")) {
			GatewayClient.Response refused = this.http.post(connectionPath(created) + "/phone-code", invalid);
			assertThat(refused.status()).as(invalid).isEqualTo(400);
			assertThat(refused.json().path("type").asString()).as(invalid)
				.isEqualTo("urn:zapi-gateway:problem:validation");
			assertThat(refused.header("Cache-Control")).as(invalid).hasValue("no-store");
		}
		GatewayClient.Response refused = this.http.post(connectionPath(created) + "/phone-code",
				"{\"phone\":\"55 11 99999 8888\"}");
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("phone");
		assertThat(refused.body()).doesNotContain("99999");
		zapi.verify(1, getRequestedFor(urlPathMatching(".*/phone-code/.*")));
		assertThat(output.getAll()).doesNotContain("5511999998888");
	}

	@Test
	void restartsThenReadsTheStatusAndDisconnects() {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/restart"))).willReturn(okJson("{\"value\":true}")));
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/disconnect"))).willReturn(okJson("{\"value\":true}")));
		stubStatus(created, "{\"connected\":true,\"smartphoneConnected\":true}");

		GatewayClient.Response restarted = this.http.post(connectionPath(created) + "/restart");

		assertThat(restarted.status()).isEqualTo(200);
		assertThat(restarted.header("Cache-Control")).hasValue("no-store");
		assertThat(restarted.json().path("state").asString()).isEqualTo("CONNECTED");
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/restart"))));
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/status"))));

		GatewayClient.Response disconnected = this.http.post(connectionPath(created) + "/disconnect");

		assertThat(disconnected.status()).isEqualTo(200);
		assertThat(disconnected.json().path("state").asString()).isEqualTo("DISCONNECTED");
		assertThat(disconnected.json().path("connected").asBoolean()).isFalse();
		assertThat(disconnected.json().path("detail").isNull()).isTrue();
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/disconnect"))));
		zapi.verify(1, getRequestedFor(urlEqualTo(zapiPath(created, "/status"))));
		JsonNode block = this.http.get(instancePath(created)).json().path("connection");
		assertThat(block.path("state").asString()).isEqualTo("DISCONNECTED");
		assertThat(block.path("lastConnectedAt").asString()).isEqualTo(restarted.json().path("checkedAt").asString());
		assertThat(audit(created)).containsExactly("instance.connection.restart:restarted-connected",
				"instance.connection.disconnect:disconnected");
	}

	@Test
	void refusesADeletedInstanceWithoutCallingZapi() {
		Created created = create();
		this.jdbc.update("update instances set lifecycle = 'DELETED', deleted_at = now() where zapi_id = ?",
				created.id());

		List<GatewayClient.Response> answers = List.of(this.http.get(connectionPath(created)),
				this.http.get(connectionPath(created) + "/qr-code"),
				this.http.post(connectionPath(created) + "/phone-code", "{\"phone\":\"5511999998888\"}"),
				this.http.post(connectionPath(created) + "/restart"),
				this.http.post(connectionPath(created) + "/disconnect"));

		for (GatewayClient.Response answer : answers) {
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:instance-deleted");
			assertThat(answer.json().path("detail").asString()).contains("no phone can be connected");
			assertThat(answer.header("Cache-Control")).hasValue("no-store");
		}
		zapi.verify(0, anyRequestedFor(urlPathMatching("/instances/" + created.id() + "/.*")));
		assertThat(audit(created)).containsExactly("instance.connection.status:deleted",
				"instance.connection.qr-code:deleted", "instance.connection.phone-code:deleted",
				"instance.connection.restart:deleted", "instance.connection.disconnect:deleted");
	}

	@Test
	void isolatesTenants() {
		Created created = create();
		String otherTenant = "/api/v1/tenants/other-" + this.tenant + "/instances/" + created.id() + "/connection";

		GatewayClient.Response notFound = this.http.get(otherTenant);
		GatewayClient.Response forbidden = this.http.get(connectionPath(created), "X-API-Key", GatewayTest.ACME_KEY);
		GatewayClient.Response forbiddenPost = this.http.post(connectionPath(created) + "/restart", null, "X-API-Key",
				GatewayTest.ACME_KEY);
		GatewayClient.Response unauthenticated = GatewayClient.onPort(this.port).get(connectionPath(created));
		GatewayClient.Response badId = this.http.get(tenantPath() + "/bad%20id/connection");

		assertThat(notFound.status()).isEqualTo(404);
		assertThat(notFound.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:not-found");
		assertThat(notFound.header("Cache-Control")).hasValue("no-store");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbiddenPost.status()).isEqualTo(403);
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(badId.status()).isEqualTo(400);
		assertThat(badId.header("Cache-Control")).hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		zapi.verify(0, anyRequestedFor(urlPathMatching("/instances/" + created.id() + "/.*")));
		assertThat(audit(created)).isEmpty();
		assertThat(this.jdbc.queryForList(
				"select outcome from audit_events where tenant_id = ? and action = 'instance.connection.status'",
				String.class, "other-" + this.tenant))
			.containsExactly("not-found");
	}

	@Test
	void mapsZapiFailures() {
		Created created = create();
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/status"))).willReturn(aResponse().withStatus(500)));
		GatewayClient.Response serverError = this.http.get(connectionPath(created));
		assertThat(serverError.status()).isEqualTo(502);
		assertThat(serverError.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
		assertThat(serverError.header("Cache-Control")).hasValue("no-store");

		zapi.stubFor(
				get(urlEqualTo(zapiPath(created, "/status"))).willReturn(okJson("{\"error\":\"null not allowed\"}")));
		GatewayClient.Response noClientToken = this.http.get(connectionPath(created));
		assertThat(noClientToken.status()).isEqualTo(502);
		assertThat(noClientToken.json().path("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:zapi-client-token-required");

		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/qr-code/image")))
			.willReturn(okJson("{\"value\":\"x\"}").withFixedDelay(6500)));
		GatewayClient.Response timeout = this.http.get(connectionPath(created) + "/qr-code");
		assertThat(timeout.status()).isEqualTo(504);
		assertThat(timeout.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:zapi-timeout");
		assertThat(timeout.header("Cache-Control")).hasValue("no-store");

		// a failed call is not a code served: the next one asks Z-API again
		stubQrCode(created, PNG);
		assertThat(this.http.get(connectionPath(created) + "/qr-code").status()).isEqualTo(200);
		assertThat(this.http.get(instancePath(created)).json().path("connection").path("state").isNull()).isTrue();
		// a 5xx or a timeout may hide an answer: audited as uncertain, as every Z-API
		// call is
		assertThat(audit(created)).containsExactly("instance.connection.status:uncertain",
				"instance.connection.status:failed", "instance.connection.qr-code:uncertain",
				"instance.connection.qr-code:served");
	}

	@Test
	void summarisesConnectionsAndTheTrialInstancesNeverConnected() {
		Created connected = create();
		Created disconnected = create();
		Created never = create();
		Created deleted = create();
		this.jdbc.update("update instances set due_at = now() + interval '1 hour' where zapi_id = ?", never.id());
		this.jdbc.update("update instances set lifecycle = 'DELETED', deleted_at = now() where zapi_id = ?",
				deleted.id());
		stubStatus(connected, "{\"connected\":true,\"smartphoneConnected\":true}");
		stubStatus(disconnected, "{\"connected\":false,\"smartphoneConnected\":false}");
		assertThat(this.http.get(connectionPath(connected)).status()).isEqualTo(200);
		assertThat(this.http.get(connectionPath(disconnected)).status()).isEqualTo(200);

		JsonNode summary = this.http.get("/api/v1/tenants/" + this.tenant + "/summary").json();

		assertThat(summary.path("connections").path("byState").path("CONNECTED").asLong()).isEqualTo(1);
		assertThat(summary.path("connections").path("byState").path("DISCONNECTED").asLong()).isEqualTo(1);
		assertThat(summary.path("connections").path("byState").path("NEEDS_RESTORE").asLong()).isZero();
		assertThat(summary.path("connections").path("neverChecked").asLong()).isEqualTo(1);
		// soonest due first; the connected and the deleted instance are not at risk
		assertThat(summary.path("neverConnectedTrials").findValuesAsString("id")).containsExactly(never.id(),
				disconnected.id());
		assertThat(this.http.get("/api/v1/tenants/" + this.tenant + "/summary?next=1")
			.json()
			.path("neverConnectedTrials")
			.findValuesAsString("id")).containsExactly(never.id());
		assertThat(this.http.get("/api/v1/tenants/" + this.tenant + "/summary?next=0")
			.json()
			.path("neverConnectedTrials")
			.isEmpty()).isTrue();
	}

	@Test
	void playsTheWholeJourneyAgainstTheSimulator() throws Exception {
		ZapiSimulator simulator = ZapiFake.simulator().connectAfter(Duration.ofSeconds(1));
		GatewayClient.Response response = this.http.post(tenantPath(), "{\"name\":\"Loja journey\"}");
		assertThat(response.status()).isEqualTo(201);
		String id = response.json().path("id").asString();
		String connection = tenantPath() + "/" + id + "/connection";

		assertThat(this.http.get(connection).json().path("state").asString()).isEqualTo("DISCONNECTED");
		HttpResponse<byte[]> code = getBytes(connection + "/qr-code", null);
		HttpResponse<byte[]> repeated = getBytes(connection + "/qr-code", null);
		assertThat(code.statusCode()).isEqualTo(200);
		assertThat(Arrays.copyOf(code.body(), 4)).containsExactly(0x89, 'P', 'N', 'G');
		assertThat(repeated.body()).isEqualTo(code.body());
		// the repeat was answered from memory: the simulator gave one code
		assertThat(simulator.state(id).codesFetched()).isEqualTo(1);

		GatewayClient.sleep(Duration.ofMillis(1500));
		JsonNode connected = this.http.get(connection).json();
		assertThat(connected.path("state").asString()).isEqualTo("CONNECTED");
		assertThat(connected.path("connected").asBoolean()).isTrue();
		GatewayClient.Response already = this.http.get(connection + "/qr-code");
		assertThat(already.status()).isEqualTo(409);
		assertThat(already.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:already-connected");
		assertThat(this.http.post(connection + "/restart").json().path("state").asString()).isEqualTo("CONNECTED");

		assertThat(this.http.post(connection + "/disconnect").json().path("state").asString())
			.isEqualTo("DISCONNECTED");
		assertThat(simulator.state(id).connected()).isFalse();
		assertThat(this.http.get(connection).json().path("state").asString()).isEqualTo("DISCONNECTED");
		GatewayClient.Response phoneCode = this.http.post(connection + "/phone-code", "{\"phone\":\"5511999998888\"}");
		assertThat(phoneCode.status()).isEqualTo(200);
		assertThat(phoneCode.json().path("code").asString()).isNotBlank();
		JsonNode block = this.http.get(tenantPath() + "/" + id).json().path("connection");
		assertThat(block.path("state").asString()).isEqualTo("DISCONNECTED");
		assertThat(block.path("firstConnectedAt").asString()).isEqualTo(connected.path("checkedAt").asString());
	}

	private Created create() {
		String id = "CON" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
		String token = "TOK" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		zapi.stubFor(post("/instances/integrator/on-demand")
			.willReturn(okJson("{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"due\":" + due + "}")));
		GatewayClient.Response response = this.http.post(tenantPath(), "{\"name\":\"Loja " + id + "\"}");
		assertThat(response.status()).isEqualTo(201);
		return new Created(id, token);
	}

	private void stubStatus(Created created, String body) {
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/status"))).willReturn(okJson(body)));
	}

	private void stubQrCode(Created created, byte[] png) {
		zapi.stubFor(get(urlEqualTo(zapiPath(created, "/qr-code/image"))).willReturn(
				okJson("{\"value\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"}")));
	}

	/** A distinct PNG per code (what follows the image's end is not read). */
	private static byte[] png(int code) {
		byte[] png = Arrays.copyOf(PNG, PNG.length + 1);
		png[PNG.length] = (byte) code;
		return png;
	}

	private HttpResponse<byte[]> getBytes(String path, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.http.baseUrl() + path))
			.header("X-API-Key", GatewayTest.LIFECYCLE_KEY)
			.timeout(Duration.ofSeconds(60));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private List<String> audit(Created created) {
		return this.jdbc.queryForList(
				"select action || ':' || outcome from audit_events where tenant_id = ? and instance_id = ?"
						+ " and action like 'instance.connection.%' order by id",
				String.class, this.tenant, created.id());
	}

	private String tenantPath() {
		return "/api/v1/tenants/" + this.tenant + "/instances";
	}

	private String instancePath(Created created) {
		return tenantPath() + "/" + created.id();
	}

	private String connectionPath(Created created) {
		return instancePath(created) + "/connection";
	}

	private static String zapiPath(Created created, String call) {
		return "/instances/" + created.id() + "/token/" + created.token() + call;
	}

	record Created(String id, String token) {
	}

}
