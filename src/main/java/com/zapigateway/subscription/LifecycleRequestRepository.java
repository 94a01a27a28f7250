package com.zapigateway.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL on {@code lifecycle_requests}, and nothing else. Like create's intents: time comes
 * from the database's clock so replicas agree on leases, and statements commit at once
 * (the key is owned before Z-API is called).
 */
@Repository
class LifecycleRequestRepository {

	private static final String COLUMNS = """
			id, tenant_id, idempotency_key, operation, instance_id, fingerprint, state, lease_until, response,
			clock_timestamp() as db_now
			""";

	private final JdbcClient jdbc;

	LifecycleRequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a new request with a key, leased by the caller, unless the tenant already
	 * used the key.
	 * @return the new row, or empty if the key exists
	 */
	Optional<LifecycleRequest> insert(String tenantId, String idempotencyKey, String operation, String instanceId,
			String fingerprint, String createdBy, Duration lease) {
		return this.jdbc
			.sql("""
					insert into lifecycle_requests (id, tenant_id, idempotency_key, operation, instance_id, fingerprint,
					    created_by, state, lease_until, attempts, created_at, updated_at)
					values (:id, :tenantId, :key, :operation, :instanceId, :fingerprint, :createdBy, 'PENDING',
					    clock_timestamp() + :leaseMillis * interval '1 millisecond', 1, clock_timestamp(), clock_timestamp())
					on conflict do nothing
					returning\s"""
					+ COLUMNS)
			.param("id", UUID.randomUUID())
			.param("tenantId", tenantId)
			.param("key", idempotencyKey)
			.param("operation", operation)
			.param("instanceId", instanceId)
			.param("fingerprint", fingerprint)
			.param("createdBy", createdBy)
			.param("leaseMillis", lease.toMillis())
			.query(LifecycleRequestRepository::map)
			.optional();
	}

	Optional<LifecycleRequest> findByKey(String tenantId, String idempotencyKey) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from lifecycle_requests where tenant_id = :tenantId and idempotency_key = :key")
			.param("tenantId", tenantId)
			.param("key", idempotencyKey)
			.query(LifecycleRequestRepository::map)
			.optional();
	}

	/**
	 * Takes a request that is not done and whose lease ran out (its owner failed,
	 * crashed, or its unknown outcome has settled), starting another attempt. Of two
	 * callers racing for one row, exactly one gets it.
	 * @return the row as now leased, or empty if someone else holds it or it is done
	 */
	Optional<LifecycleRequest> claim(UUID id, Duration lease) {
		return this.jdbc
			.sql("""
					update lifecycle_requests
					set state = 'PENDING', failure = null, attempts = attempts + 1,
					    lease_until = clock_timestamp() + :leaseMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and lease_until <= clock_timestamp() and state in ('PENDING', 'UNKNOWN', 'FAILED')
					returning\s"""
					+ COLUMNS)
			.param("id", id)
			.param("leaseMillis", lease.toMillis())
			.query(LifecycleRequestRepository::map)
			.optional();
	}

	/** Z-API's outcome is unknown; the key is held for {@code settle}. */
	void markUnknown(UUID id, String failure, Duration settle) {
		this.jdbc
			.sql("""
					update lifecycle_requests
					set state = 'UNKNOWN', failure = :failure,
					    lease_until = clock_timestamp() + :settleMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.param("settleMillis", settle.toMillis())
			.update();
	}

	/** Nothing was done (or Z-API refused); the key may try again at once. */
	void markFailed(UUID id, String failure) {
		this.jdbc
			.sql("""
					update lifecycle_requests
					set state = 'FAILED', failure = :failure, lease_until = clock_timestamp(), updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.update();
	}

	/** Keeps the answer to replay. */
	int markDone(UUID id, String response) {
		return this.jdbc.sql("""
				update lifecycle_requests
				set state = 'DONE', response = :response, failure = null, lease_until = clock_timestamp(),
				    updated_at = clock_timestamp()
				where id = :id and state <> 'DONE'
				""").param("id", id).param("response", response).update();
	}

	/**
	 * Deletes keys older than {@code retention} that nobody holds. Unlike a create's
	 * intent, an unfinished subscribe or cancel has nothing to adopt: once its lease ran
	 * out it may simply run again, so it is purged like a finished one.
	 */
	int purgeExpired(Duration retention) {
		return this.jdbc.sql("""
				delete from lifecycle_requests
				where created_at < clock_timestamp() - :retentionMillis * interval '1 millisecond'
				    and lease_until <= clock_timestamp()
				""").param("retentionMillis", retention.toMillis()).update();
	}

	private static LifecycleRequest map(ResultSet rs, int row) throws SQLException {
		return new LifecycleRequest(rs.getObject("id", UUID.class), rs.getString("tenant_id"),
				rs.getString("idempotency_key"), rs.getString("operation"), rs.getString("instance_id"),
				rs.getString("fingerprint"), LifecycleRequest.State.valueOf(rs.getString("state")),
				rs.getTimestamp("lease_until").toInstant(), rs.getString("response"),
				rs.getTimestamp("db_now").toInstant());
	}

}
