package com.zapigateway.creation;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import com.zapigateway.support.ZapiSimulator;
import com.zapigateway.sync.ZapiSync;
import com.zapigateway.webhook.WebhookDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Z-API listing new instances late, end to end: creates whose connection is lost after
 * Z-API made the instance, a listing that shows instances only {@link #LIST_DELAY} after
 * they were made (longer than the gateway's settle time), retries with the same keys that
 * therefore make second billed instances, and the sync that adopts every one of them once
 * Z-API lists it: 0 instances the stand-in made for the gateway are left untracked.
 */
class LateListingTests {

	static final String PARTNER_TOKEN = UUID.randomUUID().toString();

	static final String OPERATOR_KEY = "late-listing-operator-key";

	static final Duration SETTLE_TIME = Duration.ofSeconds(1);

	static final Duration LIST_DELAY = Duration.ofSeconds(5);

	static final String TENANT = "acme";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ZapiSimulator zapi;

	static RunningGateway gateway;

	static JdbcClient direct;

	static HttpServer receiver;

	static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		String url = TestDatabases.create("late_listing");
		zapi = ZapiSimulator.start(PARTNER_TOKEN, Duration.ZERO);
		zapi.listLate(LIST_DELAY);
		gateway = RunningGateway.start(url, zapi.baseUrl(), PARTNER_TOKEN,
				"gateway.idempotency.settle-time=" + SETTLE_TIME.toMillis() + "ms",
				"gateway.webhooks.allow-http-loopback=true", "zapi.guard.minimum-calls=1000",
				"zapi.guard.sliding-window-size=1000", "gateway.clients[1].name=late-listing-operator",
				"gateway.clients[1].api-key-sha256=" + GatewayClient.sha256Hex(OPERATOR_KEY),
				"gateway.clients[1].tenants=*", "gateway.clients[1].operator=true");
		direct = JdbcClient.create(TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url)));
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hooks", (exchange) -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Webhook-Event"),
						exchange.getRequestHeaders().getFirst("X-Webhook-Signature"), body));
				exchange.sendResponseHeaders(204, -1);
			}
		});
		receiver.start();
	}

	@AfterAll
	static void stop() {
		if (receiver != null) {
			receiver.stop(0);
		}
		for (AutoCloseable closeable : new AutoCloseable[] { gateway, zapi }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// stopping anyway
			}
		}
	}

	@Test
	void everyInstanceZapiListsLateIsAdoptedAndDuplicatesAreMarkedAndAnnounced() throws Exception {
		GatewayClient http = gateway.http();
		Response registered = http.put("/api/v1/tenants/" + TENANT + "/webhook",
				"{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/" + TENANT + "\"}");
		assertThat(registered.status()).isEqualTo(200);
		String secret = registered.json().path("secret").asString();

		// Z-API makes the first create of each shop, but the connection is lost before
		// its answer
		Set<String> lost = ConcurrentHashMap.newKeySet();
		zapi.resetAfterCreate((name) -> name.startsWith("Late shop") && lost.add(name));
		for (int k = 1; k <= 4; k++) {
			assertThat(create(http, k).status()).as("create %d, its answer lost", k).isIn(502, 504);
		}
		assertThat(zapi.createCount()).isEqualTo(4);

		// after the settle time, Z-API still does not list them: the gateway concludes
		// "absent" and the retries with keys 1-3 create again (second billed instances);
		// key 4 is never retried, the reconciler marks it failed
		GatewayClient.sleep(SETTLE_TIME.plusMillis(300));
		Map<Integer, String> produced = new LinkedHashMap<>();
		for (int k = 1; k <= 3; k++) {
			Response retried = create(http, k);
			assertThat(retried.status()).as("retry %d", k).isEqualTo(201);
			assertThat(retried.header("Idempotent-Replayed")).as("retry %d made a new create", k).isEmpty();
			produced.put(k, retried.text("id"));
		}
		CreationReconciler.Result reconciled = gateway.bean(CreationReconciler.class).reconcileOnce();
		assertThat(reconciled.absent()).isEqualTo(1);
		assertThat(intentState(4)).isEqualTo("FAILED");
		assertThat(zapi.createCount()).as("3 duplicates billed").isEqualTo(7);

		// instances made outside the gateway: one without a reference, one with a
		// reference no create of this gateway has
		String outside = zapi.createOutside("Made in Z-API's panel");
		String unknownReference = zapi.createOutside("Purged shop [gw:0123456789abcdef]");

		ZapiSync sync = gateway.bean(ZapiSync.class);
		ZapiSync.Result early = sync.run();
		assertThat(early.adoptedDuplicates() + early.adoptedAsIntent()).as("nothing listed late yet").isZero();
		assertThat(untracked()).as("before Z-API lists them").hasSize(6);

		// once Z-API lists every instance, the sync adopts the ones the gateway missed
		int duplicates = 0;
		int own = 0;
		ZapiSync.Result pass;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		do {
			GatewayClient.sleep(Duration.ofMillis(500));
			pass = sync.run();
			duplicates += pass.adoptedDuplicates();
			own += pass.adoptedAsIntent();
		}
		while (pass.listed() < zapi.created().size() && System.nanoTime() < deadline);
		assertThat(pass.complete()).isTrue();
		assertThat(pass.listed()).isEqualTo(9);
		assertThat(duplicates).isEqualTo(3);
		assertThat(own).isEqualTo(1);
		assertThat(pass.unreferenced()).isEqualTo(1);
		assertThat(pass.unknownReference()).isEqualTo(1);

		// every instance the stand-in made for the gateway is held
		assertThat(untracked()).as("Z-API instances the gateway does not hold")
			.containsExactlyInAnyOrder(outside, unknownReference);

		// the first instance of each retried key is a marked duplicate of what the retry
		// made
		Map<Integer, String> late = new LinkedHashMap<>();
		for (int k = 1; k <= 4; k++) {
			late.put(k, firstMadeFor(k));
		}
		for (int k = 1; k <= 3; k++) {
			JsonNode lifecycle = view(http, late.get(k)).path("lifecycle");
			assertThat(lifecycle.path("adoptedAs").asString()).isEqualTo("LATE_LISTED");
			assertThat(lifecycle.path("duplicateOf").asString()).isEqualTo(produced.get(k));
			JsonNode original = view(http, produced.get(k)).path("lifecycle");
			assertThat(original.path("adoptedAs").isNull()).isTrue();
			assertThat(original.path("duplicateOf").isNull()).isTrue();
		}

		// key 4's instance is its own: a retry replays it, Z-API is not called again
		JsonNode ownLifecycle = view(http, late.get(4)).path("lifecycle");
		assertThat(ownLifecycle.path("adoptedAs").asString()).isEqualTo("LATE_LISTED");
		assertThat(ownLifecycle.path("duplicateOf").isNull()).isTrue();
		Response replayed = create(http, 4);
		assertThat(replayed.status()).isEqualTo(201);
		assertThat(replayed.header("Idempotent-Replayed")).contains("true");
		assertThat(replayed.text("id")).isEqualTo(late.get(4));
		assertThat(zapi.createCount()).isEqualTo(7);

		// announced to the tenant's webhook, signed
		WebhookDispatcher dispatcher = gateway.bean(WebhookDispatcher.class);
		long webhookDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (deliveries.size() < 3 && System.nanoTime() < webhookDeadline) {
			dispatcher.dispatch();
			GatewayClient.sleep(Duration.ofMillis(200));
		}
		assertThat(deliveries).hasSize(3);
		Map<String, String> announced = new LinkedHashMap<>();
		for (Delivery delivery : deliveries) {
			assertThat(delivery.event()).isEqualTo("instance.duplicate_adopted");
			String timestamp = delivery.signature().substring(2, delivery.signature().indexOf(','));
			assertThat(delivery.signature())
				.isEqualTo("t=" + timestamp + ",v1=" + hmacSha256(secret, timestamp + "." + delivery.body()));
			JsonNode event = JSON.readTree(delivery.body());
			assertThat(event.path("type").asString()).isEqualTo("instance.duplicate_adopted");
			assertThat(event.path("tenantId").asString()).isEqualTo(TENANT);
			assertThat(event.path("instance").path("dueAt").asString()).isNotBlank();
			announced.put(event.path("instance").path("id").asString(),
					event.path("instance").path("duplicateOf").asString());
		}
		assertThat(announced).containsExactlyInAnyOrderEntriesOf(
				Map.of(late.get(1), produced.get(1), late.get(2), produced.get(2), late.get(3), produced.get(3)));

		// audited and counted
		assertThat(adoptions("late-listed-duplicate")).containsExactlyInAnyOrder(late.get(1), late.get(2), late.get(3));
		assertThat(adoptions("late-listed")).containsExactly(late.get(4));
		MeterRegistry meters = gateway.bean(MeterRegistry.class);
		assertThat(meters.get("gateway.instances.adopted").tag("duplicate", "true").counter().count()).isEqualTo(3);
		assertThat(meters.get("gateway.instances.adopted").tag("duplicate", "false").counter().count()).isEqualTo(1);
		assertThat(meters.get("gateway.zapi.untracked.instances").tag("kind", "unreferenced").gauge().value())
			.isEqualTo(1);
		assertThat(meters.get("gateway.zapi.untracked.instances").tag("kind", "unknown_reference").gauge().value())
			.isEqualTo(1);

		// operators see what was never assigned to a tenant; tenants' callers do not
		GatewayClient operator = GatewayClient.onPort(gateway.port()).withApiKey(OPERATOR_KEY);
		Response census = operator.get("/api/v1/admin/zapi-listing/untracked");
		assertThat(census.status()).isEqualTo(200);
		assertThat(census.json().path("listed").asInt()).isEqualTo(9);
		assertThat(census.json().path("listingCompletedAt").asString()).isNotBlank();
		assertThat(census.json().path("unreferenced").path("count").asInt()).isEqualTo(1);
		assertThat(census.json().path("unreferenced").path("sample").get(0).asString()).isEqualTo(outside);
		assertThat(census.json().path("unknownReference").path("count").asInt()).isEqualTo(1);
		assertThat(census.json().path("unknownReference").path("sample").get(0).asString()).isEqualTo(unknownReference);
		assertThat(http.get("/api/v1/admin/zapi-listing/untracked").status()).isEqualTo(403);

		// another pass adopts nothing more and announces nothing again
		ZapiSync.Result again = sync.run();
		assertThat(again.adoptedDuplicates() + again.adoptedAsIntent()).isZero();
		assertThat(again.unreferenced()).isEqualTo(1);
		assertThat(direct.sql("select count(*) from webhook_outbox").query(Integer.class).single()).isEqualTo(3);
	}

	private static Response create(GatewayClient http, int key) {
		return http.create(TENANT, "late-key-" + key, "{\"name\":\"Late shop " + key + "\"}");
	}

	private static String intentState(int key) {
		return direct.sql("select state from idempotent_requests where idempotency_key = :key")
			.param("key", "late-key-" + key)
			.query(String.class)
			.single();
	}

	/** The first instance Z-API made for a key (the one whose answer was lost). */
	private static String firstMadeFor(int key) {
		return zapi.created()
			.stream()
			.filter((instance) -> instance.name().startsWith("Late shop " + key + " [gw:"))
			.findFirst()
			.orElseThrow()
			.id();
	}

	private static Set<String> untracked() {
		Set<String> held = new HashSet<>(direct.sql("select zapi_id from instances").query(String.class).list());
		return zapi.created()
			.stream()
			.map(ZapiSimulator.Created::id)
			.filter((id) -> !held.contains(id))
			.collect(Collectors.toSet());
	}

	private static JsonNode view(GatewayClient http, String instanceId) {
		Response response = http.get("/api/v1/tenants/" + TENANT + "/instances/" + instanceId);
		assertThat(response.status()).as("instance %s", instanceId).isEqualTo(200);
		return response.json();
	}

	private static List<String> adoptions(String outcome) {
		return direct
			.sql("select instance_id from audit_events where action = 'instance.adopt' and outcome = :outcome"
					+ " and tenant_id = :tenant")
			.param("outcome", outcome)
			.param("tenant", TENANT)
			.query(String.class)
			.list();
	}

	private static String hmacSha256(String secret, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

	record Delivery(String event, String signature, String body) {
	}

}
