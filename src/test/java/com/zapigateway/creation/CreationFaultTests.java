package com.zapigateway.creation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.ReliabilityFigures;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
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
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent creates and every Z-API fault on the create path, against a real local HTTP
 * server (WireMock) playing Z-API: delays past the read timeout, connection resets before
 * and after the answer, empty and malformed answers, 429 and 5xx bursts. Each scenario
 * checks what Z-API received, what the caller was told, and what the gateway holds after
 * resolution: no duplicate, nothing lost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "zapi.partner-token=test-partner-token", "zapi.connect-timeout=500ms", "zapi.read-timeout=2s",
				"gateway.scheduling.enabled=false", "gateway.idempotency.lease=5s",
				"gateway.idempotency.settle-time=0s", "gateway.idempotency.retry-after=1s",
				"zapi.guard.retry-initial-backoff=20ms", "zapi.guard.retry-max-backoff=100ms",
				"zapi.guard.minimum-calls=1000", "zapi.guard.sliding-window-size=1000",
				"spring.datasource.username=postgres", "spring.datasource.password=postgres",
				// these tests are about Z-API faults, not the abuse limits
				"gateway.limits.create-rate.capacity=100000", "gateway.limits.max-trial-instances-per-tenant=100000" })
class CreationFaultTests {

	static final String CREATE = "/instances/integrator/on-demand";

	static final String DATABASE = TestDatabases.create("faults");

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

	@Autowired
	CreationReconciler reconciler;

	@Autowired
	IdempotentRequests requests;

	GatewayClient gateway;

	@BeforeEach
	void setUp() {
		this.gateway = GatewayClient.onPort(this.port).withApiKey(RunningGateway.API_KEY);
		this.jdbc.sql("delete from idempotent_requests").update();
		this.jdbc.sql("delete from instances").update();
		releaseReconcilerLock();
	}

	@Test
	void sameKeyAndBodyReplaysTheStoredAnswerWithoutCallingZapiAgain() {
		stubCreated("ZREPLAY1", "TOKEN-REPLAY-1");
		Response first = this.gateway.create("acme", "key-replay", body("Shop 1"));
		Response second = this.gateway.create("acme", "key-replay", body("Shop 1"));

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEmpty();
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.header("Idempotent-Replayed")).contains("true");
		second.assertReplays(first);
		assertThat(first.text("token")).isEqualTo("TOKEN-REPLAY-1");
		assertThat(first.text("name")).isEqualTo("Shop 1");
		assertThat(posts()).hasSize(1);
		// the name sent to Z-API carries the gateway reference, the stored name does not
		assertThat(sentName(posts().get(0))).isEqualTo("Shop 1 [gw:" + reference("acme", "key-replay") + "]");
		assertThat(state("acme", "key-replay")).isEqualTo("DONE");
		figures("idempotent-replay", 0, 1, 1);
	}

	@Test
	void sameKeyWithAnotherBodyIs422AndKeysAreScopedPerTenant() {
		stubCreated("ZSCOPE1", "TOKEN-SCOPE-1");
		assertThat(this.gateway.create("acme", "key-scope", body("Shop A")).status()).isEqualTo(201);

		Response reused = this.gateway.create("acme", "key-scope", body("Shop B"));
		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.text("type")).isEqualTo("urn:zapi-gateway:problem:idempotency-key-reused");
		assertThat(posts()).hasSize(1);

		stubCreated("ZSCOPE2", "TOKEN-SCOPE-2");
		Response otherTenant = this.gateway.create("globex", "key-scope", body("Shop B"));
		assertThat(otherTenant.status()).isEqualTo(201);
		assertThat(otherTenant.text("id")).isEqualTo("ZSCOPE2");
		assertThat(posts()).hasSize(2);
		figures("key-reuse-and-tenant-scope", 0, 2, 2);
	}

	@Test
	void invalidRequestsAndKeysAreRejectedAndNotRecorded() {
		Response tooLong = this.gateway.create("acme", "k".repeat(256), body("Shop"));
		assertThat(tooLong.status()).isEqualTo(400);
		Response blankName = this.gateway.create("acme", "key-invalid", "{\"name\":\" \"}");
		assertThat(blankName.status()).isEqualTo(400);
		assertThat(count("select count(*) from idempotent_requests")).isZero();
		assertThat(posts()).isEmpty();

		stubCreated("ZVALID1", "TOKEN-VALID-1");
		Response valid = this.gateway.create("acme", "key-invalid", body("Shop"));
		assertThat(valid.status()).isEqualTo(201);
		figures("validation-not-recorded", 0, 1, 1);
	}

	@Test
	void readTimeoutLeavesTheOutcomeUnknownAndARetryWithTheKeyAdoptsTheInstance() {
		zapi.stubFor(post(CREATE).willReturn(createdAnswer("ZSLOW1", "TOKEN-SLOW-1").withFixedDelay(4000)));
		Response timedOut = this.gateway.create("acme", "key-timeout", body("Slow shop"));

		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.text("type")).isEqualTo("urn:zapi-gateway:problem:zapi-timeout");
		assertThat(state("acme", "key-timeout")).isEqualTo("UNKNOWN");
		assertThat(posts()).hasSize(1);

		// Z-API did create it: its list shows the instance under the reference
		awaitServed(1);
		stubListed(reference("acme", "key-timeout"), "ZSLOW1", "TOKEN-SLOW-1", sentName(posts().get(0)));
		Response retried = this.gateway.create("acme", "key-timeout", body("Slow shop"));

		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).as("made by the first request").contains("true");
		assertThat(retried.text("id")).isEqualTo("ZSLOW1");
		assertThat(retried.text("token")).isEqualTo("TOKEN-SLOW-1");
		assertThat(retried.text("name")).isEqualTo("Slow shop");
		assertThat(posts()).as("never re-sent the create").hasSize(1);
		assertThat(state("acme", "key-timeout")).isEqualTo("DONE");
		figures("read-timeout-then-retry-adopts", 1, 1, 1);
	}

	@Test
	void connectionResetBeforeTheAnswerIsUnknownAndCreatedOnceWhenZapiConfirmsAbsence() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		Response reset = this.gateway.create("acme", "key-reset", body("Reset shop"));

		assertThat(reset.status()).isEqualTo(504);
		assertThat(state("acme", "key-reset")).isEqualTo("UNKNOWN");
		assertThat(posts()).hasSize(1);

		stubListEmpty();
		stubCreated("ZRESET1", "TOKEN-RESET-1");
		Response retried = this.gateway.create("acme", "key-reset", body("Reset shop"));

		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).as("made by this request").isEmpty();
		assertThat(retried.text("token")).isEqualTo("TOKEN-RESET-1");
		assertThat(posts()).hasSize(2);
		// the same reference both times: Z-API's list would show both if both had been
		// made
		assertThat(posts()).extracting(CreationFaultTests::sentName).containsOnly(sentName(posts().get(0)));
		figures("reset-before-answer-then-absent", 1, 2, 1);
	}

	@Test
	void connectionBrokenAfterTheAnswerStartedIsUnknownAndTheReconcilerAdoptsIt() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		Response broken = this.gateway.create("acme", null, body("Chunk shop"));

		assertThat(broken.status()).isIn(502, 504);
		assertThat(count("select count(*) from idempotent_requests where state = 'UNKNOWN'")).isOne();

		String sent = sentName(posts().get(0));
		stubListed(referenceIn(sent), "ZCHUNK1", "TOKEN-CHUNK-1", sent);
		CreationReconciler.Result result = this.reconciler.reconcileOnce();

		assertThat(result.adopted()).isOne();
		Response stored = this.gateway.get("/api/v1/tenants/acme/instances/ZCHUNK1/credentials");
		assertThat(stored.status()).isEqualTo(200);
		assertThat(stored.text("token")).isEqualTo("TOKEN-CHUNK-1");
		assertThat(this.gateway.get("/api/v1/tenants/acme/instances/ZCHUNK1").text("name")).isEqualTo("Chunk shop");
		figures("reset-after-answer-started-reconciler-adopts", 1, 1, 1);
	}

	@Test
	void emptyAnswerIsUnknownAndTheReconcilerAdoptsIt() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		Response empty = this.gateway.create("acme", null, body("Empty shop"));

		assertThat(empty.status()).isEqualTo(504);
		String sent = sentName(posts().get(0));
		stubListed(referenceIn(sent), "ZEMPTY1", "TOKEN-EMPTY-1", sent);

		assertThat(this.reconciler.reconcileOnce().adopted()).isOne();
		assertThat(this.reconciler.reconcileOnce().total()).as("nothing left to resolve").isZero();
		assertThat(count("select count(*) from instances where zapi_id = 'ZEMPTY1'")).isOne();
		figures("empty-answer-reconciler-adopts", 1, 1, 1);
	}

	@Test
	void malformedAnswerIsUnknownAndAbsenceConfirmedByTheReconcilerLetsTheKeyCreate() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\": \"ZBAD\", \"token\": ")));
		Response malformed = this.gateway.create("acme", "key-malformed", body("Garbled shop"));

		assertThat(malformed.status()).isEqualTo(502);
		assertThat(malformed.text("type")).isEqualTo("urn:zapi-gateway:problem:zapi-malformed-response");
		assertThat(state("acme", "key-malformed")).isEqualTo("UNKNOWN");

		stubListEmpty();
		assertThat(this.reconciler.reconcileOnce().absent()).isOne();
		assertThat(state("acme", "key-malformed")).isEqualTo("FAILED");

		stubCreated("ZGOOD1", "TOKEN-GOOD-1");
		Response retried = this.gateway.create("acme", "key-malformed", body("Garbled shop"));
		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.text("id")).isEqualTo("ZGOOD1");
		figures("malformed-answer-then-absent", 1, 2, 1);
	}

	@Test
	void rateLimitBurstIsNeverRetriedAndTheKeysMayTryAgain() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(429).withBody("{\"error\":\"Too many\"}")));
		for (int i = 0; i < 5; i++) {
			Response limited = this.gateway.create("acme", "key-429-" + i, body("Busy shop " + i));
			assertThat(limited.status()).isEqualTo(502);
			assertThat(limited.text("type")).isEqualTo("urn:zapi-gateway:problem:zapi-rate-limited");
			assertThat(state("acme", "key-429-" + i)).isEqualTo("FAILED");
		}
		assertThat(posts()).as("one call per request, no retries").hasSize(5);

		stubCreated("ZAFTER429", "TOKEN-AFTER-429");
		Response retried = this.gateway.create("acme", "key-429-0", body("Busy shop 0"));
		assertThat(retried.status()).isEqualTo(201);
		assertThat(posts()).hasSize(6);
		figures("429-burst", 5, 6, 1);
	}

	@Test
	void serverErrorBurstIsUnknownAndResolvedAsAbsent() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));
		for (int i = 0; i < 5; i++) {
			Response failed = this.gateway.create("acme", "key-5xx-" + i, body("Down shop " + i));
			assertThat(failed.status()).isEqualTo(502);
			assertThat(failed.text("type")).isEqualTo("urn:zapi-gateway:problem:zapi-server-error");
			assertThat(failed.body()).doesNotContain("html");
		}
		assertThat(posts()).hasSize(5);
		assertThat(count("select count(*) from idempotent_requests where state = 'UNKNOWN'")).isEqualTo(5);

		stubListEmpty();
		assertThat(this.reconciler.reconcileOnce().absent()).isEqualTo(5);
		assertThat(count("select count(*) from idempotent_requests where state = 'FAILED'")).isEqualTo(5);
		figures("5xx-burst", 5, 5, 0);
	}

	@Test
	void aRequestWhileTheFirstIsInFlightGets409WithRetryAfterThenTheSameAnswer() throws Exception {
		zapi.stubFor(post(CREATE).willReturn(createdAnswer("ZFLIGHT1", "TOKEN-FLIGHT-1").withFixedDelay(700)));
		CompletableFuture<Response> first = CompletableFuture
			.supplyAsync(() -> this.gateway.create("acme", "key-flight", body("Flight shop")));
		awaitServed(1);
		Response second = this.gateway.create("acme", "key-flight", body("Flight shop"));

		assertThat(second.status()).isEqualTo(409);
		assertThat(second.header("Retry-After")).contains("1");
		assertThat(second.text("type")).isEqualTo("urn:zapi-gateway:problem:create-in-progress");
		Response firstAnswer = first.get();
		assertThat(firstAnswer.status()).isEqualTo(201);
		Response later = this.gateway.createUntilSettled("acme", "key-flight", body("Flight shop"),
				Duration.ofSeconds(30));
		later.assertReplays(firstAnswer);
		assertThat(posts()).hasSize(1);
		figures("in-flight-409", 0, 1, 1);
	}

	@Test
	void finishedKeysArePurgedAfterTheRetentionAndUnresolvedOnesAreKept() {
		stubCreated("ZOLD1", "TOKEN-OLD-1");
		assertThat(this.gateway.create("acme", "key-old", body("Old shop")).status()).isEqualTo(201);
		stubCreated("ZNEW1", "TOKEN-NEW-1");
		assertThat(this.gateway.create("acme", "key-new", body("New shop")).status()).isEqualTo(201);
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(this.gateway.create("acme", "key-unresolved", body("Lost shop")).status()).isEqualTo(504);
		this.jdbc
			.sql("update idempotent_requests set created_at = created_at - interval '25 hours'"
					+ " where idempotency_key in ('key-old', 'key-unresolved')")
			.update();

		assertThat(this.requests.purgeExpired()).isOne();
		assertThat(this.jdbc.sql("select idempotency_key from idempotent_requests order by idempotency_key")
			.query(String.class)
			.list()).containsExactly("key-new", "key-unresolved");
		// the instance itself stays; only the key is forgotten
		assertThat(count("select count(*) from instances where zapi_id = 'ZOLD1'")).isOne();
	}

	@Test
	void anInstanceZapisSearchDoesNotFindIsStillFoundInTheFullListAndAdopted() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(this.gateway.create("acme", "key-search", body("Search shop")).status()).isEqualTo(504);
		String sent = sentName(posts().get(0));
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		// Z-API's search does not match the reference; its unfiltered list (two pages)
		// does
		zapi.stubFor(get(urlPathEqualTo("/instances")).withQueryParam("query", matching(".+"))
			.willReturn(okJson("{\"total\": 0, \"totalPage\": 0, \"page\": 1, \"content\": []}")));
		zapi.stubFor(get(urlPathEqualTo("/instances")).withQueryParam("query", absent())
			.withQueryParam("page", equalTo("1"))
			.willReturn(okJson("""
					{"total": 2, "totalPage": 2, "page": 1, "content": [
					  {"id": "ZOTHER", "token": "TOKEN-OTHER", "name": "Someone else's", "due": %d}]}
					""".formatted(due))));
		zapi.stubFor(get(urlPathEqualTo("/instances")).withQueryParam("query", absent())
			.withQueryParam("page", equalTo("2"))
			.willReturn(okJson("""
					{"total": 2, "totalPage": 2, "page": 2, "content": [
					  {"id": "ZSEARCH1", "token": "TOKEN-SEARCH-1", "name": "%s", "due": %d}]}
					""".formatted(sent, due))));

		Response retried = this.gateway.create("acme", "key-search", body("Search shop"));

		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.text("id")).isEqualTo("ZSEARCH1");
		assertThat(retried.text("token")).isEqualTo("TOKEN-SEARCH-1");
		figures("search-misses-full-scan-adopts", 1, 1, 1);
	}

	@Test
	void onlyOneReconcilerPassRunsAtATimeAcrossReplicas() {
		// another replica holds the reconciler's lock
		this.jdbc.sql("""
				insert into shedlock (name, lock_until, locked_at, locked_by)
				values (:name, timezone('utc', now()) + interval '1 hour', timezone('utc', now()), 'other-replica')
				on conflict (name) do update set lock_until = excluded.lock_until, locked_by = excluded.locked_by
				""").param("name", CreationReconciler.LOCK).update();
		assertThat(this.reconciler.reconcileOnce().skipped()).isTrue();

		releaseReconcilerLock();

		assertThat(this.reconciler.reconcileOnce().skipped()).isFalse();
		assertThat(reconcilerLockSecondsLeft()).as("released when the pass ends").isLessThanOrEqualTo(0);
	}

	@Test
	void theReconcilerLockIsHeldForTheWholePassAndOutlivesADeadHolderByAMinuteAtMost() throws Exception {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(this.gateway.create("acme", "key-slow-pass", body("Slow pass shop")).status()).isEqualTo(504);
		// Z-API's list answers slowly: the pass takes a while
		zapi.stubFor(get(urlPathEqualTo("/instances"))
			.willReturn(okJson("{\"total\": 0, \"totalPage\": 0, \"pageSize\": 100, \"page\": 1, \"content\": []}")
				.withFixedDelay(1000)));
		CompletableFuture<CreationReconciler.Result> pass = CompletableFuture
			.supplyAsync(this.reconciler::reconcileOnce);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (zapi.getAllServeEvents()
			.stream()
			.noneMatch((event) -> event.getRequest().getUrl().startsWith("/instances?"))) {
			assertThat(System.nanoTime()).as("the pass asked Z-API's list").isLessThan(deadline);
			Thread.sleep(20);
		}

		assertThat(this.reconciler.reconcileOnce().skipped()).as("a second pass meanwhile").isTrue();
		assertThat(reconcilerLockSecondsLeft()).as("a dead holder would block others for at most a minute")
			.isBetween(1.0, 61.0);
		CreationReconciler.Result result = pass.get(60, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(result.skipped()).isFalse();
		assertThat(result.absent()).isOne();
		assertThat(reconcilerLockSecondsLeft()).as("released when the pass ends").isLessThanOrEqualTo(0);
	}

	private void releaseReconcilerLock() {
		this.jdbc
			.sql("update shedlock set lock_until = timezone('utc', now()) - interval '1 second' where name = :name")
			.param("name", CreationReconciler.LOCK)
			.update();
	}

	private double reconcilerLockSecondsLeft() {
		return this.jdbc
			.sql("select extract(epoch from lock_until - timezone('utc', clock_timestamp()))::float8 from shedlock"
					+ " where name = :name")
			.param("name", CreationReconciler.LOCK)
			.query(Double.class)
			.single();
	}

	private static void stubCreated(String id, String token) {
		zapi.stubFor(post(CREATE).willReturn(createdAnswer(id, token)));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder createdAnswer(String id,
			String token) {
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		return okJson("{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"due\":" + due + "}");
	}

	private static void stubListed(String reference, String id, String token, String name) {
		long due = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
		zapi.stubFor(get(urlPathEqualTo("/instances")).willReturn(okJson("""
				{"total": 1, "totalPage": 1, "pageSize": 100, "page": 1, "content": [
				  {"id": "%s", "token": "%s", "name": "%s", "due": %d, "paymentStatus": "TRIAL"}]}
				""".formatted(id, token, name, due))));
		assertThat(reference).isNotBlank();
	}

	private static void stubListEmpty() {
		zapi.stubFor(get(urlPathEqualTo("/instances"))
			.willReturn(okJson("{\"total\": 0, \"totalPage\": 0, \"pageSize\": 100, \"page\": 1, \"content\": []}")));
	}

	private static List<LoggedRequest> posts() {
		return zapi.findAll(postRequestedFor(urlPathEqualTo(CREATE)));
	}

	private static void awaitServed(int posts) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (posts().size() < posts && System.nanoTime() < deadline) {
			GatewayClient.sleep(Duration.ofMillis(20));
		}
		assertThat(posts()).hasSizeGreaterThanOrEqualTo(posts);
	}

	private static String sentName(LoggedRequest request) {
		Matcher name = java.util.regex.Pattern.compile("\"name\":\"([^\"]*)\"").matcher(request.getBodyAsString());
		assertThat(name.find()).isTrue();
		return name.group(1);
	}

	private static String referenceIn(String sentName) {
		Matcher reference = java.util.regex.Pattern.compile("\\[gw:([0-9a-f]{16})]$").matcher(sentName);
		assertThat(reference.find()).as("reference in %s", sentName).isTrue();
		return reference.group(1);
	}

	private static String body(String name) {
		return "{\"name\":\"" + name + "\"}";
	}

	private String reference(String tenant, String key) {
		return this.jdbc.sql("select subject from idempotent_requests where tenant_id = ? and idempotency_key = ?")
			.params(tenant, key)
			.query(String.class)
			.single();
	}

	private String state(String tenant, String key) {
		return this.jdbc.sql("select state from idempotent_requests where tenant_id = ? and idempotency_key = ?")
			.params(tenant, key)
			.query(String.class)
			.single();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	/**
	 * Records the scenario's figures; duplicates and lost are measured from the database,
	 * not assumed.
	 */
	private void figures(String scenario, int faults, int expectedPosts, int upstreamInstances) {
		assertThat(posts()).hasSize(expectedPosts);
		long stored = count("select count(*) from instances");
		long intents = count("select count(*) from idempotent_requests");
		long storedPerIntentMax = count("select coalesce(max(c), 0) from (select count(*) c from instances i"
				+ " join idempotent_requests k on k.result = i.zapi_id group by k.id) x");
		long duplicates = Math.max(0, storedPerIntentMax - 1) + Math.max(0, stored - intents);
		long lost = upstreamInstances - stored;
		assertThat(duplicates).isZero();
		assertThat(lost).isZero();
		ReliabilityFigures.record(scenario, faults, posts().size(), upstreamInstances, stored, duplicates, lost);
	}

}
