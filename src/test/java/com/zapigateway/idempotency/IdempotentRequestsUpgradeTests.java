package com.zapigateway.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zapigateway.idempotency.IdempotentRequest.Scope;
import com.zapigateway.idempotency.IdempotentRequest.State;
import com.zapigateway.idempotency.IdempotentRequests.Opening;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An existing database upgrades in place: a schema at V34 with creates in every state and
 * subscribe/cancel keys with stored answers is migrated to the latest schema, every row
 * lands in {@code idempotent_requests} as it was, and the keys made before the upgrade
 * still replay, refuse a different request, and keep their key spaces apart.
 */
class IdempotentRequestsUpgradeTests {

	/** What every pre-upgrade row was asked with. */
	private static final String REQUEST = "{\"name\":\"Loja\"}";

	private static final String FINGERPRINT = IdempotentRequests.fingerprint(REQUEST);

	private static final String OTHER_REQUEST = "{\"name\":\"Other\"}";

	private static final String ANSWER = "{\"id\":\"ZSUB1\",\"tenantId\":\"acme\",\"name\":\"Loja\"}";

	private static final UUID DONE = UUID.randomUUID();

	private static final UUID UNKNOWN = UUID.randomUUID();

	private static final UUID PENDING = UUID.randomUUID();

	private static final UUID FAILED = UUID.randomUUID();

	private static final UUID NO_KEY = UUID.randomUUID();

	private static final UUID SUBSCRIBED = UUID.randomUUID();

	private static final UUID CANCELLING = UUID.randomUUID();

	@Test
	void rowsOfTheOldTablesMoveAndTheirKeysStillReplay() {
		String name = TestDatabases.name(TestDatabases.create("upgrade"));
		DataSource dataSource = TestPostgres.embedded().getDatabase("postgres", name);
		Flyway.configure().dataSource(dataSource).target("34").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql(
				"""
						insert into instances (id, tenant_id, zapi_id, token, name, zapi_request, due_at, created_at, created_by)
						values (gen_random_uuid(), 'acme', 'ZDONE1', 'sealed', 'Loja', '{"name":"Loja [gw:00000000000000d1]"}',
						    now() + interval '2 days', now(), 'svc')
						""")
			.update();
		creation(jdbc, DONE, "00000000000000d1", "done-key", "DONE", "ZDONE1", null, "0 seconds");
		creation(jdbc, UNKNOWN, "00000000000000a2", "unknown-key", "UNKNOWN", null, "READ_TIMEOUT", "0 seconds");
		creation(jdbc, PENDING, "00000000000000a3", "shared-key", "PENDING", null, null, "1 hour");
		creation(jdbc, FAILED, "00000000000000a4", "failed-key", "FAILED", null, "HTTP_4XX", "0 seconds");
		creation(jdbc, NO_KEY, "00000000000000a5", null, "FAILED", null, "HTTP_4XX", "0 seconds");
		lifecycle(jdbc, SUBSCRIBED, "sub-key", "SUBSCRIBE", "DONE", ANSWER);
		// the same key as a create's: another key space
		lifecycle(jdbc, CANCELLING, "shared-key", "CANCEL", "PENDING", null);

		Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(jdbc
			.sql("select to_regclass('instance_creations') is null and to_regclass('lifecycle_requests') is null")
			.query(Boolean.class)
			.single()).as("the old tables are gone").isTrue();
		assertThat(jdbc
			.sql("""
					select id, scope, tenant_id, coalesce(idempotency_key, '-'), subject, state, attempts, coalesce(result, '-'),
					       coalesce(failure, '-'), request::text, created_by
					from idempotent_requests order by scope, subject
					""")
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
					rs.getString(10), rs.getString(11)))
			.list())
			.containsExactly(
					row(UNKNOWN,
							"CREATE|acme|unknown-key|00000000000000a2|UNKNOWN|1|-|READ_TIMEOUT|{\"name\": \"Loja\"}"),
					row(PENDING, "CREATE|acme|shared-key|00000000000000a3|PENDING|1|-|-|{\"name\": \"Loja\"}"),
					row(FAILED, "CREATE|acme|failed-key|00000000000000a4|FAILED|1|-|HTTP_4XX|{\"name\": \"Loja\"}"),
					row(NO_KEY, "CREATE|acme|-|00000000000000a5|FAILED|1|-|HTTP_4XX|{\"name\": \"Loja\"}"),
					row(DONE, "CREATE|acme|done-key|00000000000000d1|DONE|1|ZDONE1|-|{\"name\": \"Loja\"}"),
					row(SUBSCRIBED,
							"LIFECYCLE|acme|sub-key|ZSUB1|DONE|1|" + ANSWER
									+ "|-|{\"operation\": \"SUBSCRIBE\", \"instanceId\": \"ZSUB1\"}"),
					row(CANCELLING,
							"LIFECYCLE|acme|shared-key|ZSUB1|PENDING|1|-|-|{\"operation\": \"CANCEL\", \"instanceId\": \"ZSUB1\"}"));

		IdempotentRequests requests = new IdempotentRequests(jdbc, new IdempotencyProperties(Duration.ofHours(24),
				Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(1)));
		IdempotentRequests.Opened replayed = requests.open(Scope.CREATE, "acme", "done-key", () -> "00000000000000ff",
				REQUEST, "svc");
		assertThat(replayed.opening()).isEqualTo(Opening.REPLAY);
		assertThat(replayed.request().result()).isEqualTo("ZDONE1");
		IdempotentRequests.Opened answer = requests.open(Scope.LIFECYCLE, "acme", "sub-key", () -> "ZSUB1", REQUEST,
				"svc");
		assertThat(answer.opening()).isEqualTo(Opening.REPLAY);
		assertThat(answer.request().result()).isEqualTo(ANSWER);
		assertThatExceptionOfType(IdempotencyKeyReusedException.class).isThrownBy(
				() -> requests.open(Scope.CREATE, "acme", "done-key", () -> "00000000000000fe", OTHER_REQUEST, "svc"));
		assertThatExceptionOfType(IdempotentRequestInProgressException.class).as("still leased for an hour")
			.isThrownBy(
					() -> requests.open(Scope.CREATE, "acme", "shared-key", () -> "00000000000000fd", REQUEST, "svc"));
		IdempotentRequests.Opened failed = requests.open(Scope.CREATE, "acme", "failed-key", () -> "00000000000000fc",
				REQUEST, "svc");
		assertThat(failed.opening()).isEqualTo(Opening.TAKEN_OVER);
		assertThat(failed.request().state()).isEqualTo(State.FAILED);
		assertThat(failed.request().subject()).as("the reference sent before").isEqualTo("00000000000000a4");
		List<UUID> unresolved = requests.findUnresolved(Scope.CREATE, 10);
		assertThat(unresolved).containsExactly(UNKNOWN);
		assertThat(requests.claimUnresolved(UNKNOWN))
			.hasValueSatisfying((claimed) -> assertThat(claimed.failure()).isEqualTo("READ_TIMEOUT"));
	}

	private static String row(UUID id, String rest) {
		return id + "|" + rest + "|svc";
	}

	private static void creation(JdbcClient jdbc, UUID id, String reference, @Nullable String key, String state,
			@Nullable String zapiId, @Nullable String failure, String lease) {
		jdbc.sql(
				"""
						insert into instance_creations (id, reference, tenant_id, idempotency_key, fingerprint, request, created_by,
						    state, lease_until, attempts, zapi_id, failure, created_at, updated_at)
						values (:id, :reference, 'acme', :key, :fingerprint, '{"name":"Loja"}', 'svc', :state,
						    now() + cast(:lease as interval), 1, :zapiId, :failure, now(), now())
						""")
			.param("id", id)
			.param("reference", reference)
			.param("key", key)
			.param("fingerprint", FINGERPRINT)
			.param("state", state)
			.param("lease", lease)
			.param("zapiId", zapiId)
			.param("failure", failure)
			.update();
	}

	private static void lifecycle(JdbcClient jdbc, UUID id, String key, String operation, String state,
			@Nullable String response) {
		jdbc.sql("""
				insert into lifecycle_requests (id, tenant_id, idempotency_key, operation, instance_id, fingerprint,
				    created_by, state, lease_until, attempts, response, created_at, updated_at)
				values (:id, 'acme', :key, :operation, 'ZSUB1', :fingerprint, 'svc', :state,
				    now() + interval '1 hour', 1, :response, now(), now())
				""")
			.param("id", id)
			.param("key", key)
			.param("operation", operation)
			.param("fingerprint", FINGERPRINT)
			.param("state", state)
			.param("response", response)
			.update();
	}

}
