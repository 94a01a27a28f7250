package com.zapigateway.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zapigateway.support.LifecycleHttp;
import com.zapigateway.support.PostgresTestConfiguration;
import com.zapigateway.zapi.ZapiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sync with Z-API's listing, paged, against a real HTTP server playing Z-API, with
 * the gateway's real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresTestConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class ZapiSyncTests {

	private static final int PAGE_SIZE = 2;

	private static final String SUBSCRIBED_STATUS = "test-subscribed";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static WireMockExtension zapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void zapiProperties(DynamicPropertyRegistry registry) {
		LifecycleHttp.properties(zapi.baseUrl()).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("gateway.sync.page-size", () -> PAGE_SIZE);
		// made-up values: Z-API does not document its payment statuses
		registry.add("gateway.sync.subscribed-payment-statuses", () -> SUBSCRIBED_STATUS + ",test-renewed");
	}

	@LocalServerPort
	int port;

	@Autowired
	ZapiSync sync;

	@Autowired
	JdbcTemplate jdbc;

	private LifecycleHttp http;

	private final String tenant = "sync-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		this.http = new LifecycleHttp(this.port);
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
		LifecycleHttp.Response subscribe = this.http.post(tenantPath() + "/" + gone + "/subscription");
		assertThat(subscribe.status()).isEqualTo(409);
		assertThat(subscribe.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:instance-deleted");
		JsonNode summary = this.http.get("/api/v1/tenants/" + this.tenant + "/summary?next=2").json();
		assertThat(summary.path("countsByTrialStatus").path("DELETED").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("EXPIRED").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("EXPIRING_SOON").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("ACTIVE").asLong()).isEqualTo(1);
		assertThat(summary.path("countsByTrialStatus").path("SUBSCRIBED").asLong()).isZero();
		assertThat(summary.path("nextExpiries").findValuesAsString("id")).containsExactly(notYetDue, renewed);
		String metrics = this.http.get("/actuator/prometheus").body();
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
		LifecycleHttp.Response subscribe = this.http.post(tenantPath() + "/" + outside + "/subscription");
		assertThat(subscribe.status()).isEqualTo(200);
		assertThat(subscribe.json().path("lifecycle").path("subscribedVia").asString()).isEqualTo("SYNC");
		zapi.verify(0, postRequestedFor(urlPathMatching("/instances/" + outside + "/.*")));
		assertThat(
				this.http.get(tenantPath() + "?trialStatus=SUBSCRIBED").json().path("content").findValuesAsString("id"))
			.containsExactly(outside);
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
		assertThat(this.http.get("/actuator/prometheus").body()).contains("job=\"zapi-sync\",outcome=\"failure\"");
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
		LifecycleHttp.Response response = this.http.get(tenantPath() + "/" + id);
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
