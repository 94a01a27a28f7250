package com.zapigateway.creation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.zapigateway.audit.AuditLog;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL on {@code instance_creations}, and nothing else. Time comes from the database's
 * clock so replicas agree on leases. Statements outside a transaction commit at once: the
 * intent is durable before Z-API is called.
 */
@Repository
class CreationRepository {

	private static final String COLUMNS = """
			id, reference, tenant_id, idempotency_key, fingerprint, request::text as request_json, created_by, state,
			lease_until, attempts, zapi_id, failure, created_at, clock_timestamp() as db_now
			""";

	private final JdbcClient jdbc;

	CreationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a new intent, leased by the caller, unless the tenant already used the key.
	 * @return the new row, or empty if the key exists
	 */
	Optional<Creation> insert(String reference, String tenantId, @Nullable String idempotencyKey, String fingerprint,
			String requestJson, String createdBy, Duration lease) {
		return this.jdbc
			.sql("""
					insert into instance_creations (id, reference, tenant_id, idempotency_key, fingerprint, request,
					    created_by, state, lease_until, attempts, created_at, updated_at)
					values (:id, :reference, :tenantId, :key, :fingerprint, cast(:request as jsonb), :createdBy, 'PENDING',
					    clock_timestamp() + :leaseMillis * interval '1 millisecond', 1, clock_timestamp(), clock_timestamp())
					on conflict do nothing
					returning\s"""
					+ COLUMNS)
			.param("id", UUID.randomUUID())
			.param("reference", reference)
			.param("tenantId", tenantId)
			.param("key", idempotencyKey)
			.param("fingerprint", fingerprint)
			.param("request", requestJson)
			.param("createdBy", createdBy)
			.param("leaseMillis", lease.toMillis())
			.query(CreationRepository::map)
			.optional();
	}

	Optional<Creation> findByKey(String tenantId, String idempotencyKey) {
		return this.jdbc
			.sql("select " + COLUMNS + " from instance_creations where tenant_id = :tenantId"
					+ " and idempotency_key = :key")
			.param("tenantId", tenantId)
			.param("key", idempotencyKey)
			.query(CreationRepository::map)
			.optional();
	}

	Optional<Creation> findById(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from instance_creations where id = :id")
			.param("id", id)
			.query(CreationRepository::map)
			.optional();
	}

	/**
	 * Takes an unresolved (PENDING or UNKNOWN) create whose lease ran out, or a FAILED
	 * one. Of two callers racing for one row, exactly one gets it.
	 * @return the row as now leased, or empty if someone else holds it or it is done
	 */
	Optional<Creation> claim(UUID id, Duration lease) {
		return claim(id, lease, "('PENDING', 'UNKNOWN', 'FAILED')");
	}

	/** Like {@link #claim(UUID, Duration)}, for PENDING and UNKNOWN rows only. */
	Optional<Creation> claimUnresolved(UUID id, Duration lease) {
		return claim(id, lease, "('PENDING', 'UNKNOWN')");
	}

	private Optional<Creation> claim(UUID id, Duration lease, String states) {
		return this.jdbc
			.sql("""
					update instance_creations
					set lease_until = clock_timestamp() + :leaseMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and lease_until <= clock_timestamp() and state in\s"""
					+ states + "\nreturning " + COLUMNS)
			.param("id", id)
			.param("leaseMillis", lease.toMillis())
			.query(CreationRepository::map)
			.optional();
	}

	/** Marks the start of another create call for a row this caller holds. */
	void beginAttempt(UUID id, Duration lease) {
		this.jdbc
			.sql("""
					update instance_creations
					set state = 'PENDING', failure = null, attempts = attempts + 1,
					    lease_until = clock_timestamp() + :leaseMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("leaseMillis", lease.toMillis())
			.update();
	}

	/** The create call's outcome is unknown; nobody may resolve it for {@code settle}. */
	void markUnknown(UUID id, String failure, Duration settle) {
		this.jdbc
			.sql("""
					update instance_creations
					set state = 'UNKNOWN', failure = :failure,
					    lease_until = clock_timestamp() + :settleMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.param("settleMillis", settle.toMillis())
			.update();
	}

	/** Provably nothing was created; the key may try again at once. */
	void markFailed(UUID id, String failure) {
		this.jdbc
			.sql("""
					update instance_creations
					set state = 'FAILED', failure = :failure, lease_until = clock_timestamp(), updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.update();
	}

	/** Gives up the lease of an unresolved row (a lookup failed), keeping its state. */
	void release(UUID id) {
		this.jdbc.sql("""
				update instance_creations set lease_until = clock_timestamp(), updated_at = clock_timestamp()
				where id = :id and state in ('PENDING', 'UNKNOWN')
				""").param("id", id).update();
	}

	/**
	 * Finishes a create in one statement, so that it needs neither a transaction nor more
	 * than one round trip: marks the intent DONE, stores the instance (unless one with
	 * its Z-API id is already stored) and writes the audit row. If the intent was already
	 * finished, nothing is written.
	 * <p>
	 * The one statement here that writes other features' tables: {@code instances} from
	 * the row the instance feature prepared, {@code audit_events} from the audit log's
	 * event; atomicity is this feature's promise, so the statement lives with it.
	 * @return what the statement did
	 */
	Finish finish(UUID id, InstanceRow instance, AuditLog.Event audit) {
		return this.jdbc
			.sql("""
					with done as (
					    update instance_creations
					    set state = 'DONE', zapi_id = :zapiId, failure = null, lease_until = clock_timestamp(),
					        updated_at = clock_timestamp()
					    where id = :id and state <> 'DONE'
					    returning id
					), stored as (
					    insert into instances (id, tenant_id, zapi_id, token, name, session_name, zapi_request, due_at,
					        due_estimated, created_at, created_by)
					    select :instanceId, :tenantId, :zapiId, :token, :name, :sessionName, cast(:request as jsonb), :dueAt,
					        :dueEstimated, :createdAt, :createdBy
					    from done
					    on conflict (zapi_id) do nothing
					    returning id
					), audited as (
					    insert into audit_events (occurred_at, action, client, tenant_id, instance_id, outcome, request_id)
					    select :occurredAt, :action, :client, :auditTenantId, :auditInstanceId, :outcome, :requestId
					    from done
					)
					select (select count(*) from done) as finished, (select count(*) from stored) as stored
					""")
			.param("id", id)
			.param("zapiId", instance.zapiId())
			.param("instanceId", instance.id())
			.param("tenantId", instance.tenantId())
			.param("token", instance.sealedToken())
			.param("name", instance.name())
			.param("sessionName", varchar(instance.sessionName()))
			.param("request", instance.zapiRequestJson())
			.param("dueAt", Timestamp.from(instance.dueAt()))
			.param("dueEstimated", instance.dueEstimated())
			.param("createdAt", Timestamp.from(instance.createdAt()))
			.param("createdBy", instance.createdBy())
			.param("occurredAt", Timestamp.from(audit.occurredAt()))
			.param("action", audit.action().key())
			.param("client", varchar(audit.client()))
			.param("auditTenantId", varchar(audit.tenantId()))
			.param("auditInstanceId", varchar(audit.instanceId()))
			.param("outcome", audit.outcome())
			.param("requestId", varchar(audit.requestId()))
			.query((rs, row) -> (rs.getLong("finished") == 0) ? Finish.ALREADY_FINISHED
					: (rs.getLong("stored") == 1) ? Finish.STORED : Finish.ALREADY_STORED)
			.single();
	}

	/** What {@link #finish} did. */
	enum Finish {

		/** The intent is now DONE and the instance stored. */
		STORED,

		/**
		 * The intent is now DONE; an instance with that Z-API id was already stored (left
		 * as it was).
		 */
		ALREADY_STORED,

		/** The intent was already finished: nothing was written. */
		ALREADY_FINISHED

	}

	private static SqlParameterValue varchar(@Nullable String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	/** Unresolved creates whose lease ran out, oldest first. */
	List<UUID> findUnresolved(int limit) {
		return this.jdbc.sql("""
				select id from instance_creations
				where state in ('PENDING', 'UNKNOWN') and lease_until <= clock_timestamp()
				order by lease_until limit :limit
				""").param("limit", limit).query(UUID.class).list();
	}

	/**
	 * Deletes finished creates older than {@code retention}; unresolved ones are kept.
	 */
	int purgeFinished(Duration retention) {
		return this.jdbc
			.sql("""
					delete from instance_creations
					where state in ('DONE', 'FAILED') and created_at < clock_timestamp() - :retentionMillis * interval '1 millisecond'
					""")
			.param("retentionMillis", retention.toMillis())
			.update();
	}

	private static Creation map(ResultSet rs, int row) throws SQLException {
		return new Creation(rs.getObject("id", UUID.class), rs.getString("reference"), rs.getString("tenant_id"),
				rs.getString("idempotency_key"), rs.getString("fingerprint"), rs.getString("request_json"),
				rs.getString("created_by"), CreationState.valueOf(rs.getString("state")),
				instant(rs.getTimestamp("lease_until")), rs.getInt("attempts"), rs.getString("zapi_id"),
				rs.getString("failure"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("db_now")));
	}

	private static java.time.Instant instant(Timestamp timestamp) {
		return timestamp.toInstant();
	}

}
