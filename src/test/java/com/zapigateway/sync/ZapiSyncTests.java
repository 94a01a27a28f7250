package com.zapigateway.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zapigateway.zapi.ZapiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sync with Z-API's listing, paged, against a real HTTP server playing Z-API, with
 * the gateway's real database.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ZapiSyncTests {

	/** gateway.sync.page-size of the shared property set. */
	private static final int PAGE_SIZE = 2;

	/** One of gateway.sync.subscribed-payment-statuses of the shared property set. */
	private static final String SUBSCRIBED_STATUS = "test-subscribed";

	/** Escapes what is not ASCII, so that the stubs can send unpaired surrogates. */
	private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	static final WireMockServer zapi = ZapiFake.wireMock();

	@LocalServerPort
	int port;

	@Autowired
	ZapiSync sync;

	@Autowired
	JdbcTemplate jdbc;

	private GatewayClient http;

	private final String tenant = "sync-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.LIFECYCLE_KEY);
		releaseLock();
	}

	/**
	 * As a replica's lock expires (ShedLock remembers the row exists: never delete it).
	 */
	private void releaseLock() {
		this.jdbc.update("update shedlock set lock_until = timezone('utc', now()) - interval '1 second' where name = ?",
				ZapiSync.JOB);
	}

	@Test
	void updatesDueAndPaymentStatusAndMarksDeletedOnlyAfterTwoCompleteListings() {
		Instant now = Instant.now();
		String renewed = create(now.plus(Duration.ofDays(1)));
		String stillListed = create(now.minus(Duration.ofHours(1)));
		String gone = create(now.minus(Duration.ofHours(2)));
		String notYetDue = create(now.plus(Duration.ofHours(5)));
		Instant newDue = now.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		Map<String, Map<String, Object>> listing = listingOfEverythingStored();
		listing.get(renewed).put("due", newDue.toEpochMilli());
		listing.get(renewed).put("paymentStatus", "PAID");
		listing.remove(gone);
		listing.remove(notYetDue);
		listing.put("NOT-OURS-1", item("NOT-OURS-1", now.plus(Duration.ofDays(3)), "TRIAL"));
		stubListing(new ArrayList<>(listing.values()));

		ZapiSync.Result first = this.sync.run();

		assertThat(first.complete()).isTrue();
		assertThat(first.pages()).isGreaterThan(1);
		assertThat(first.listed()).isEqualTo(listing.size());
		assertThat(first.deleted()).isZero();
		JsonNode renewedView = view(renewed);
		assertThat(Instant.parse(renewedView.path("dueAt").asString())).isEqualTo(newDue);
		assertThat(renewedView.path("lifecycle").path("paymentStatus").asString()).isEqualTo("PAID");
		assertThat(renewedView.path("lifecycle").path("confirmedAt").isNull()).isFalse();
		assertThat(view(gone).path("trial").path("status").asString()).isEqualTo("EXPIRED");

		ZapiSync.Result second = this.sync.run();

		assertThat(second.deleted()).isEqualTo(1);
		JsonNode goneView = view(gone);
		assertThat(goneView.path("trial").path("status").asString()).isEqualTo("DELETED");
		assertThat(goneView.path("lifecycle").path("deletedAt").isNull()).isFalse();
		assertThat(view(stillListed).path("trial").path("status").asString()).isEqualTo("EXPIRED");
		// not due yet: never taken for deleted, whatever the listing says
		assertThat(view(notYetDue).path("trial").path("status").asString()).isEqualTo("EXPIRING_SOON");
		assertThat(this.http.get(tenantPath() + "?trialStatus=DELETED").json().path("content").findValuesAsString("id"))
			.containsExactly(gone);
		GatewayClient.Response subscribe = this.http.post(tenantPath() + "/" + gone + "/subscription");
		assertThat(subscribe.status()).isEqualTo(409);
		assertThat(subscribe.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:instance-deleted");
		JsonNode summary = this.http.get("/api/v1/tenants/" + this.tenant + "/summary?next=2").json();
		assertThat(summary.path("countsByTrialStatus").path("DELETED").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("EXPIRED").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("EXPIRING_SOON").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("ACTIVE").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("SUBSCRIBED").asLong()).isZero();
		assertThat(summary.path("nextExpiries").findValuesAsString("id")).containsExactly(notYetDue, renewed);
		String metrics = this.http.metrics();
		assertThat(metrics).contains("gateway_job_runs_seconds_count{application=\"zapi-gateway\",job=\"zapi-sync\","
				+ "outcome=\"success\"}");
	}

	@Test
	void marksTrialInstancesListedWithAConfiguredPaymentStatusAsSubscribedOutsideTheGateway(CapturedOutput output) {
		Instant due = Instant.now().plus(Duration.ofDays(1));
		String outside = create(due);
		String trial = create(due);
		String cancelled = create(due);
		zapi.stubFor(post(urlPathMatching("/instances/" + cancelled + "/token/.+/integrator/on-demand/.+"))
			.willReturn(aResponse().withStatus(201).withBody("OK")));
		assertThat(this.http.post(tenantPath() + "/" + cancelled + "/subscription").status()).isEqualTo(200);
		assertThat(this.http.post(tenantPath() + "/" + cancelled + "/cancellation").status()).isEqualTo(200);
		Map<String, Map<String, Object>> listing = listingOfEverythingStored();
		listing.get(outside).put("paymentStatus", SUBSCRIBED_STATUS);
		listing.get(trial).put("paymentStatus", SUBSCRIBED_STATUS.toUpperCase(java.util.Locale.ROOT));
		listing.get(cancelled).put("paymentStatus", SUBSCRIBED_STATUS);
		stubListing(new ArrayList<>(listing.values()));

		ZapiSync.Result first = this.sync.run();

		assertThat(first.subscribed()).isOne();
		JsonNode outsideView = view(outside);
		assertThat(outsideView.path("trial").path("status").asString()).isEqualTo("SUBSCRIBED");
		assertThat(outsideView.path("lifecycle").path("state").asString()).isEqualTo("SUBSCRIBED");
		assertThat(outsideView.path("lifecycle").path("subscribedVia").asString()).isEqualTo("SYNC");
		assertThat(outsideView.path("lifecycle").path("paymentStatus").asString()).isEqualTo(SUBSCRIBED_STATUS);
		assertThat(outsideView.path("lifecycle").path("subscribedAt").isNull()).isFalse();
		// the listing does not say whether the subscription includes calls
		assertThat(outsideView.path("lifecycle").has("withCalls")).isTrue();
		assertThat(outsideView.path("lifecycle").path("withCalls").isNull()).isTrue();
		// values are compared exactly as Z-API sends them: nothing guessed
		JsonNode trialView = view(trial);
		assertThat(trialView.path("lifecycle").path("state").asString()).isEqualTo("TRIAL");
		assertThat(trialView.path("lifecycle").path("subscribedVia").isNull()).isTrue();
		// only instances on trial: a cancelled subscription stays cancelled
		JsonNode cancelledView = view(cancelled);
		assertThat(cancelledView.path("lifecycle").path("state").asString()).isEqualTo("CANCELLED");
		assertThat(cancelledView.path("lifecycle").path("subscribedVia").asString()).isEqualTo("GATEWAY");
		assertThat(output.getAll()).contains("action=instance.subscribe client=null tenant=" + this.tenant
				+ " instance=" + outside + " outcome=subscribed-outside-gateway");
		assertThat(
				this.jdbc.queryForObject(
						"select count(*) from audit_events where action = 'instance.subscribe' and instance_id = ?"
								+ " and outcome = 'subscribed-outside-gateway' and client is null",
						Long.class, outside))
			.isOne();

		// seen again: nothing more to do
		assertThat(this.sync.run().subscribed()).isZero();
		// a subscribe through the gateway finds it subscribed: Z-API is not called
		GatewayClient.Response subscribe = this.http.post(tenantPath() + "/" + outside + "/subscription");
		assertThat(subscribe.status()).isEqualTo(200);
		assertThat(subscribe.json().path("lifecycle").path("subscribedVia").asString()).isEqualTo("SYNC");
		zapi.verify(0, postRequestedFor(urlPathMatching("/instances/" + outside + "/.*")));
		assertThat(
				this.http.get(tenantPath() + "?trialStatus=SUBSCRIBED").json().path("content").findValuesAsString("id"))
			.containsExactly(outside);
	}

	@Test
	void overlongAndOddValuesFromZapiAreStoredBoundedWithoutLosingTheirPage(CapturedOutput output) {
		Instant due = Instant.now().plus(Duration.ofDays(1));
		String overlong = create(due);
		String neighbour = create(due);
		String controls = create(due);
		String nearlySubscribed = create(due);
		String emoji = create(due);
		String unreadableDue = create(due);
		Map<String, Map<String, Object>> stored = listingOfEverythingStored();
		// the odd values share their pages with ordinary ones
		Map<String, Map<String, Object>> listing = new LinkedHashMap<>();
		for (String id : List.of(overlong, neighbour, controls, nearlySubscribed, emoji, unreadableDue)) {
			listing.put(id, stored.remove(id));
		}
		listing.get(overlong).put("paymentStatus", "X".repeat(200));
		listing.get(neighbour).put("paymentStatus", "PAID");
		listing.get(controls).put("paymentStatus", "PAID\u0000\u001b[31m\u202e\ud800 ");
		listing.get(nearlySubscribed).put("paymentStatus", SUBSCRIBED_STATUS + "\n");
		listing.get(emoji).put("paymentStatus", "\ud83d\ude00".repeat(70));
		listing.get(unreadableDue).put("due", "soon");
		listing.get(unreadableDue).put("paymentStatus", "y".repeat(64));
		listing.put("GHOST\u0000ID", item("GHOST\u0000ID", due, "TRIAL"));
		listing.putAll(stored);
		stubListing(new ArrayList<>(listing.values()));

		ZapiSync.Result first = this.sync.run();
		ZapiSync.Result second = this.sync.run();

		assertThat(first.complete()).isTrue();
		assertThat(first.sanitised()).isEqualTo(4);
		assertThat(first.skipped()).isZero();
		assertThat(first.listed()).isEqualTo(listing.size());
		assertThat(paymentStatus(overlong)).isEqualTo("X".repeat(63) + "\u2026");
		assertThat(paymentStatus(neighbour)).isEqualTo("PAID");
		assertThat(paymentStatus(controls)).isEqualTo("PAID\ufffd\ufffd[31m\ufffd\ufffd ");
		// changed, so never equal to a configured status: exact comparisons stay exact
		assertThat(paymentStatus(nearlySubscribed)).isEqualTo(SUBSCRIBED_STATUS + "\ufffd");
		assertThat(view(nearlySubscribed).path("lifecycle").path("state").asString()).isEqualTo("TRIAL");
		// 64 characters as PostgreSQL counts them (code points), never half an emoji
		assertThat(paymentStatus(emoji)).isEqualTo("\ud83d\ude00".repeat(63) + "\u2026");
		assertThat(this.jdbc.queryForObject("select char_length(payment_status) from instances where zapi_id = ?",
				Integer.class, emoji))
			.isEqualTo(64);
		// exactly 64: stored as sent; an unreadable due keeps the one stored
		assertThat(paymentStatus(unreadableDue)).isEqualTo("y".repeat(64));
		assertThat(Instant.parse(view(unreadableDue).path("dueAt").asString()))
			.isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		for (String id : List.of(overlong, neighbour, controls, nearlySubscribed, emoji, unreadableDue)) {
			assertThat(view(id).path("lifecycle").path("confirmedAt").isNull()).as(id).isFalse();
		}
		assertThat(second.sanitised()).isEqualTo(4);
		// one warning per pass, whatever the number of values, without control characters
		String warning = "Z-API listed 4 payment status(es) longer than 64 characters";
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(3);
		assertThat(output.getAll()).contains("whose id contains a NUL character")
			.doesNotContain("\u0000")
			.doesNotContain("\u001b");
	}

	@Test
	void aPageTheDatabaseStillRefusesIsStoredOneByOneSkippingOnlyTheRefusedInstance(CapturedOutput output) {
		String poison = "poison-" + UUID.randomUUID();
		Instant pastDue = Instant.now().minus(Duration.ofHours(1));
		String refused = create(pastDue);
		String neighbour = create(pastDue);
		Map<String, Map<String, Object>> stored = listingOfEverythingStored();
		Map<String, Map<String, Object>> listing = new LinkedHashMap<>();
		listing.put(refused, stored.remove(refused));
		listing.put(neighbour, stored.remove(neighbour));
		listing.putAll(stored);
		listing.get(refused).put("paymentStatus", poison);
		listing.get(neighbour).put("paymentStatus", "PAID");
		stubListing(new ArrayList<>(listing.values()));
		// a rule of the database the sync cannot know about (a value it does not expect)
		this.jdbc.execute("alter table instances add constraint ck_sync_test_poison check (payment_status is distinct"
				+ " from '" + poison + "')");
		try {
			ZapiSync.Result first = this.sync.run();
			ZapiSync.Result second = this.sync.run();

			assertThat(first.complete()).isTrue();
			assertThat(first.skipped()).isOne();
			assertThat(first.confirmed()).isEqualTo(listing.size() - 1);
			assertThat(paymentStatus(neighbour)).isEqualTo("PAID");
			assertThat(view(neighbour).path("lifecycle").path("confirmedAt").isNull()).isFalse();
			JsonNode refusedView = view(refused);
			assertThat(refusedView.path("lifecycle").path("paymentStatus").isNull()).isTrue();
			assertThat(refusedView.path("lifecycle").path("confirmedAt").isNull()).isTrue();
			// listed, so never taken for deleted
			assertThat(second.deleted()).isZero();
			assertThat(refusedView.path("trial").path("status").asString()).isEqualTo("EXPIRED");
			assertThat(view(refused).path("trial").path("status").asString()).isEqualTo("EXPIRED");
			assertThat(output.getAll())
				.contains("Instance " + refused + " from Z-API's listing not updated: the database refused it"
						+ " (SQL state 23514)")
				.doesNotContain("not updated: the database refused it (" + poison);
		}
		finally {
			this.jdbc.execute("alter table instances drop constraint ck_sync_test_poison");
		}
	}

	private String paymentStatus(String id) {
		return view(id).path("lifecycle").path("paymentStatus").asString();
	}

	@Test
	void aFailedListingMarksNothingDeleted() {
		String gone = create(Instant.now().minus(Duration.ofHours(3)));
		Map<String, Map<String, Object>> listing = listingOfEverythingStored();
		listing.remove(gone);
		stubListing(new ArrayList<>(listing.values()));
		this.sync.run();
		// the second listing fails on its last page
		int lastPage = Math.max(1, (listing.size() + PAGE_SIZE - 1) / PAGE_SIZE);
		zapi.stubFor(get(urlPathEqualTo("/instances")).withQueryParam("page", equalTo(String.valueOf(lastPage)))
			.willReturn(aResponse().withStatus(503)));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(this.sync::run);

		assertThat(view(gone).path("trial").path("status").asString()).isEqualTo("EXPIRED");
		assertThat(this.http.metrics()).contains("job=\"zapi-sync\",outcome=\"failure\"");
	}

	@Test
	void runsOnOneReplicaAtATime() {
		stubListing(List.of());
		// another replica holds the lock
		this.jdbc.update(
				"insert into shedlock (name, lock_until, locked_at, locked_by) values (?, "
						+ "timezone('utc', now()) + interval '1 hour', timezone('utc', now()), 'other-replica')",
				ZapiSync.JOB);

		this.sync.scheduled();

		zapi.verify(0, getRequestedFor(urlPathEqualTo("/instances")));
		releaseLock();

		this.sync.scheduled();

		zapi.verify(1, getRequestedFor(urlPathEqualTo("/instances")));
		Timestamp lockedUntil = this.jdbc.queryForObject("select lock_until from shedlock where name = ?",
				Timestamp.class, ZapiSync.JOB);
		assertThat(lockedUntil).isNotNull();
	}

	private JsonNode view(String id) {
		GatewayClient.Response response = this.http.get(tenantPath() + "/" + id);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private String create(Instant due) {
		String id = "SYNC" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
		zapi.stubFor(post("/instances/integrator/on-demand").willReturn(
				okJson("{\"id\":\"" + id + "\",\"token\":\"T" + id + "\",\"due\":" + due.toEpochMilli() + "}")));
		assertThat(this.http.post(tenantPath(), "{\"name\":\"Loja " + id + "\"}").status()).isEqualTo(201);
		return id;
	}

	/** What Z-API would list: every instance stored (other tests' too), as stored. */
	private Map<String, Map<String, Object>> listingOfEverythingStored() {
		Map<String, Map<String, Object>> listing = new LinkedHashMap<>();
		this.jdbc.query("select zapi_id, due_at from instances where lifecycle <> 'DELETED' order by created_at",
				(row) -> {
					String id = row.getString("zapi_id");
					listing.put(id, item(id, row.getTimestamp("due_at").toInstant(), "TRIAL"));
				});
		return listing;
	}

	private static Map<String, Object> item(String id, Instant due, String paymentStatus) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", id);
		item.put("token", "T" + id);
		item.put("name", "Loja " + id);
		item.put("due", due.toEpochMilli());
		item.put("paymentStatus", paymentStatus);
		return item;
	}

	private static void stubListing(List<Map<String, Object>> items) {
		int totalPages = Math.max(1, (items.size() + PAGE_SIZE - 1) / PAGE_SIZE);
		for (int page = 1; page <= totalPages; page++) {
			List<Map<String, Object>> content = items.subList((page - 1) * PAGE_SIZE,
					Math.min(items.size(), page * PAGE_SIZE));
			Map<String, Object> body = Map.of("total", items.size(), "totalPage", totalPages, "pageSize", PAGE_SIZE,
					"page", page, "content", content);
			zapi.stubFor(get(urlPathEqualTo("/instances")).withQueryParam("page", equalTo(String.valueOf(page)))
				.withQueryParam("pageSize", equalTo(String.valueOf(PAGE_SIZE)))
				.willReturn(okJson(JSON.writeValueAsString(body))));
		}
	}

	private String tenantPath() {
		return "/api/v1/tenants/" + this.tenant + "/instances";
	}

}
