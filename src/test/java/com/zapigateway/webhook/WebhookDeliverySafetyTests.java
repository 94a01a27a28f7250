package com.zapigateway.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.outbound.HostLookup;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.TestHostNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where deliveries may go: registration refuses local targets, a name that resolves to
 * loopback is never connected to, stored URLs the policy refuses are refused at delivery,
 * a broken webhook does not hold up other tenants, and the tenant sees each attempt's
 * outcome. Receivers are real servers on loopback; the name {@value #REBIND_NAME} is
 * mapped to 127.0.0.1 by a test {@link HostLookup}, as a DNS answer (or a rebinding one)
 * could map any public-looking name.
 */
@GatewayTest
class WebhookDeliverySafetyTests {

	static final String REBIND_NAME = TestHostNames.REBIND_NAME;

	@RegisterExtension
	static WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@LocalServerPort
	int port;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	WebhookStore store;

	@Autowired
	JdbcTemplate jdbc;

	private GatewayClient http;

	private final String tenant = "safe-" + UUID.randomUUID().toString().substring(0, 8);

	private Listener listener;

	@BeforeEach
	void setUp() throws IOException {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
		this.listener = new Listener(this::answer204);
	}

	@AfterEach
	void tearDown() throws IOException {
		this.listener.close();
	}

	/**
	 * Every URL measured to be stored, and then posted to, by a gateway without the
	 * policy; also with the loopback opt-in on, which only ever allows plain http.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1:8443/x", "https://localhost", "https://localhost./x", "https://[::1]",
			"https://[::ffff:7f00:1]", "https://2130706433", "https://0x7f000001", "https://0177.0.0.1", "https://0",
			"https://0.0.0.0", "https://169.254.169.254/latest/meta-data", "https://metadata.google.internal",
			"https://10.0.0.1", "https://[fd00::1]", "https://[fe80::1%25eth0]", "https://[2002:7f00:1::]/x",
			"https://runsc/", "https://vm/", "https://ip6-localhost/", "https://127.1/", "https://100.100.100.200/",
			"https://[fd00:ec2::254]/", "https://[64:ff9b::a9fe:a9fe]/", "https://hooks.example.com:99999/x",
			"https://hooks.example.com:0/x", "https://user:pw@hooks.example.com/", "https://hooks.example.com/#f",
			"http://hooks.example.com/x", "http://localhost./x", "http://127.0.0.2:8080/", "https://printer.local/",
			"https://router.home.arpa/", "https://nas.lan/" })
	void registrationRefusesLocalAndMalformedTargets(String url) {
		String path = "/api/v1/tenants/" + this.tenant + "/webhook";

		GatewayClient.Response refused = this.http.put(path, "{\"url\":\"" + url + "\"}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:validation");
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("url");
		assertThat(this.http.get(path).status()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:1/x", "http://127.0.0.1:1/x", "http://[::1]:1/x" })
	void theLoopbackOptInAcceptsPlainHttpToLoopback(String url) {
		String path = "/api/v1/tenants/" + this.tenant + "/webhook";

		assertThat(this.http.put(path, "{\"url\":\"" + url + "\"}").status()).isEqualTo(200);
	}

	@Test
	void aPublicLookingNameThatResolvesToLoopbackIsNeverConnectedTo() {
		register("https://" + REBIND_NAME + ":" + this.listener.port() + "/hooks");
		UUID event = enqueue(this.tenant, Instant.now());

		this.dispatcher.dispatch();

		assertThat(this.listener.connections()).isZero();
		Map<String, Object> row = outboxRow(event);
		assertThat(row.get("status")).isEqualTo("PENDING");
		assertThat(row.get("last_error")).isEqualTo("refused-address");
		JsonNode last = webhook(this.tenant).path("lastDelivery");
		assertThat(last.path("eventId").asString()).isEqualTo(event.toString());
		assertThat(last.path("delivered").asBoolean()).isFalse();
		assertThat(last.path("error").asString()).isEqualTo("refused-address");
		assertThat(last.has("status")).isTrue();
		assertThat(last.path("status").isNull()).isTrue();
		assertThat(Instant.parse(last.path("at").asString())).isBefore(Instant.now().plusSeconds(1));
	}

	@Test
	void storedUrlsThatThePolicyRefusesAreNeverConnectedTo() {
		int port = this.listener.port();
		String[] urls = { "https://127.0.0.1:" + port + "/x", "https://localhost:" + port + "/x",
				"https://[::ffff:127.0.0.1]:" + port + "/x", "https://2130706433:" + port + "/x",
				"http://vm:" + port + "/x" };
		for (int i = 0; i < urls.length; i++) {
			String url = urls[i];
			String tenantId = this.tenant + "-" + i;
			storeWebhook(tenantId, url);
			UUID event = enqueue(tenantId, Instant.now());

			this.dispatcher.dispatch();

			assertThat(outboxRow(event).get("last_error")).as(url).isIn("refused-address", "invalid-url");
			assertThat(webhook(tenantId).path("lastDelivery").path("delivered").asBoolean()).isFalse();
		}
		assertThat(this.listener.connections()).isZero();
	}

	@Test
	void aBrokenWebhookDoesNotHoldUpOtherTenants() {
		String broken = this.tenant + "-port";
		String rebound = this.tenant + "-rebind";
		String refused = this.tenant + "-closed";
		String healthy = this.tenant + "-ok";
		// stored without the policy: not even a valid port
		storeWebhook(broken, "https://hooks.example.com:99999/x");
		storeWebhook(rebound, "https://" + REBIND_NAME + ":" + this.listener.port() + "/x");
		storeWebhook(refused, "http://127.0.0.1:" + closedPort() + "/x");
		receiver.stubFor(post("/hooks/" + healthy).willReturn(aResponse().withStatus(204)));
		register(healthy, receiver.baseUrl() + "/hooks/" + healthy);
		Instant now = Instant.now();
		// the broken ones come first in the batch
		UUID brokenEvent = enqueue(broken, now.minusSeconds(3));
		UUID reboundEvent = enqueue(rebound, now.minusSeconds(2));
		UUID refusedEvent = enqueue(refused, now.minusSeconds(1));
		UUID healthyEvent = enqueue(healthy, now);

		this.dispatcher.dispatch();

		assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hooks/" + healthy)))).hasSize(1);
		assertThat(outboxRow(healthyEvent).get("status")).isEqualTo("DELIVERED");
		assertThat(outboxRow(brokenEvent).get("last_error")).isEqualTo("invalid-url");
		assertThat(outboxRow(reboundEvent).get("last_error")).isEqualTo("refused-address");
		assertThat(outboxRow(refusedEvent).get("last_error")).isEqualTo("connection-refused");
		for (UUID retried : new UUID[] { brokenEvent, reboundEvent, refusedEvent }) {
			Map<String, Object> row = outboxRow(retried);
			assertThat(row.get("status")).isEqualTo("PENDING");
			assertThat(row.get("attempts")).isEqualTo(1);
			// retried after the backoff, as any failed delivery
			assertThat(((java.sql.Timestamp) row.get("next_attempt_at")).toInstant())
				.isAfter(Instant.now().plusSeconds(30));
		}
		assertThat(webhook(broken).path("lastDelivery").path("error").asString()).isEqualTo("invalid-url");
		assertThat(webhook(refused).path("lastDelivery").path("error").asString()).isEqualTo("connection-refused");
		JsonNode delivered = webhook(healthy).path("lastDelivery");
		assertThat(delivered.path("delivered").asBoolean()).isTrue();
		assertThat(delivered.path("status").asInt()).isEqualTo(204);
		assertThat(delivered.path("error").isNull()).isTrue();
		assertThat(delivered.path("eventId").asString()).isEqualTo(healthyEvent.toString());
	}

	@Test
	void theTenantSeesTheStatusButNeverTheBodyAndReRegisteringClearsIt() {
		receiver.stubFor(post("/hooks/" + this.tenant)
			.willReturn(aResponse().withStatus(500).withBody("receiver-internal-detail-7f3a")));
		String url = receiver.baseUrl() + "/hooks/" + this.tenant;
		register(url);
		assertThat(webhook(this.tenant).has("lastDelivery")).isFalse();
		UUID event = enqueue(this.tenant, Instant.now());

		this.dispatcher.dispatch();

		assertThat(outboxRow(event).get("last_error")).isEqualTo("HTTP 500");
		GatewayClient.Response read = this.http.get("/api/v1/tenants/" + this.tenant + "/webhook");
		assertThat(read.body()).doesNotContain("receiver-internal-detail");
		JsonNode last = read.json().path("lastDelivery");
		assertThat(last.path("status").asInt()).isEqualTo(500);
		assertThat(last.path("error").asString()).isEqualTo("http-status");
		assertThat(last.path("delivered").asBoolean()).isFalse();

		register(url);

		assertThat(webhook(this.tenant).has("lastDelivery")).isFalse();
	}

	@Test
	void theAnswersBodyIsNeverRead() throws IOException {
		// a 200 whose announced body never comes: reading it would wait for the
		// read timeout
		this.listener.close();
		this.listener = new Listener((socket) -> {
			write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\nContent-Type: text/plain\r\n\r\npartial");
			sleep(Duration.ofSeconds(10));
		});
		register("http://127.0.0.1:" + this.listener.port() + "/x");
		UUID event = enqueue(this.tenant, Instant.now());
		long start = System.nanoTime();

		this.dispatcher.dispatch();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(outboxRow(event).get("status")).isEqualTo("DELIVERED");
	}

	@Test
	void aReceiverTricklingItsAnswerIsCutOffAfterConnectPlusReadTimeout() throws IOException {
		// a header byte every 300 ms: no single read ever times out
		this.listener.close();
		this.listener = new Listener((socket) -> {
			write(socket, "HTTP/1.1 200 OK\r\nX-Slow: ");
			for (int i = 0; i < 40; i++) {
				sleep(Duration.ofMillis(300));
				write(socket, "a");
			}
		});
		register("http://127.0.0.1:" + this.listener.port() + "/x");
		UUID event = enqueue(this.tenant, Instant.now());
		long start = System.nanoTime();

		this.dispatcher.dispatch();

		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(6));
		assertThat(outboxRow(event).get("last_error")).isEqualTo("timeout");
	}

	private void register(String url) {
		register(this.tenant, url);
	}

	private void register(String tenantId, String url) {
		GatewayClient.Response response = this.http.put("/api/v1/tenants/" + tenantId + "/webhook",
				"{\"url\":\"" + url + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	/** A webhook stored without the policy: straight into the table. */
	private void storeWebhook(String tenantId, String url) {
		this.jdbc.update("""
				insert into webhooks (tenant_id, url, secret, created_at, created_by)
				values (?, ?, 'whsec_test', now(), 'before-the-policy')
				""", tenantId, url);
	}

	private UUID enqueue(String tenantId, Instant at) {
		UUID id = UUID.randomUUID();
		String payload = "{\"id\":\"" + id + "\",\"type\":\"instance.trial_expired\",\"tenantId\":\"" + tenantId
				+ "\"}";
		assertThat(this.store.enqueue(id, tenantId, ExpiryAlerts.EXPIRED, "I" + id, "test:" + id, payload, at))
			.isTrue();
		return id;
	}

	private Map<String, Object> outboxRow(UUID id) {
		return this.jdbc.queryForMap("select * from webhook_outbox where id = ?", id);
	}

	private JsonNode webhook(String tenantId) {
		GatewayClient.Response response = this.http.get("/api/v1/tenants/" + tenantId + "/webhook");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private void answer204(Socket socket) {
		write(socket, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void write(Socket socket, String text) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(text.getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A plain TCP listener on loopback that counts the connections it accepts and answers
	 * each on its own thread.
	 */
	static final class Listener implements AutoCloseable {

		private final ServerSocket server;

		private final AtomicInteger connections = new AtomicInteger();

		Listener(Consumer<Socket> answer) throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket socket = this.server.accept();
						this.connections.incrementAndGet();
						Thread handler = new Thread(() -> {
							try (socket) {
								answer.accept(socket);
							}
							catch (IOException ex) {
								// closed
							}
						});
						handler.setDaemon(true);
						handler.start();
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "test-listener");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		int connections() {
			return this.connections.get();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
