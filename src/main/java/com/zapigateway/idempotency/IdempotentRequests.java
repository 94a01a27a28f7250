package com.zapigateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.zapigateway.idempotency.IdempotentRequest.Scope;
import com.zapigateway.idempotency.IdempotentRequest.State;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one mechanism behind every {@code Idempotency-Key}: requests recorded in
 * {@code idempotent_requests} before the gateway acts, leased by one owner at a time,
 * their results kept for replays. The only writer of that table.
 * <p>
 * Time (leases, settle times, retention) comes from the database's clock, so replicas
 * agree. Each method is one statement; outside a transaction it commits at once (a
 * request is durable before Z-API is called). {@link #markDone} joins the caller's
 * transaction when there is one, so a request can be finished together with what it made.
 * <p>
 * A typical request: {@link #open} (new: act; replay: answer the kept result; taken over:
 * its earlier owner is gone), then exactly one of {@link #markDone}, {@link #markFailed}
 * (provably nothing done: the key may try again at once) or {@link #markUnknown} (Z-API
 * may have acted: the key is held for {@code gateway.idempotency.settle-time}).
 */
@Service
public class IdempotentRequests {

	private static final String COLUMNS = """
			id, scope, tenant_id, idempotency_key, subject, fingerprint, request::text as request_json, created_by,
			state, lease_until, attempts, result, failure, created_at, clock_timestamp() as db_now
			""";

	private static final String LEASE = "clock_timestamp() + :leaseMillis * interval '1 millisecond'";

	private final JdbcClient jdbc;

	private final IdempotencyProperties properties;

	IdempotentRequests(JdbcClient jdbc, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Records a request, or finds the one its key was used for.
	 * <ul>
	 * <li>New (also every request without a key): recorded PENDING and leased by the
	 * caller, who now acts on it.</li>
	 * <li>The key was used for another request (another fingerprint):
	 * {@link IdempotencyKeyReusedException}.</li>
	 * <li>The key's request is DONE: {@link Opening#REPLAY}, answer its result.</li>
	 * <li>Its request is held by someone (or its unknown outcome is settling):
	 * {@link IdempotentRequestInProgressException} with a {@code Retry-After} hint.</li>
	 * <li>Otherwise its lease ran out: {@link Opening#TAKEN_OVER}, the caller holds it in
	 * the state it was in (PENDING with a vanished owner, UNKNOWN, FAILED) and calls
	 * {@link #beginAttempt} before acting again.</li>
	 * </ul>
	 * @param scope the kind of request (its key space)
	 * @param tenantId the tenant (keys are scoped per tenant)
	 * @param idempotencyKey the caller's key, or {@code null}
	 * @param subject what the request is about; drawn again if the scope's subjects are
	 * unique and this one is taken
	 * @param requestJson the request as JSON
	 * @param createdBy the calling client
	 * @return the request and how it was opened
	 */
	public Opened open(Scope scope, String tenantId, @Nullable String idempotencyKey, Supplier<String> subject,
			String requestJson, String createdBy) {
		String fingerprint = fingerprint(requestJson);
		for (int tries = 0; tries < 3; tries++) {
			Optional<IdempotentRequest> inserted = insert(scope, tenantId, idempotencyKey, subject.get(), fingerprint,
					requestJson, createdBy);
			if (inserted.isPresent()) {
				return new Opened(inserted.get(), Opening.NEW);
			}
			if (idempotencyKey == null) {
				continue; // a unique subject was taken (64 random bits): draw another
			}
			Optional<IdempotentRequest> existing = findByKey(scope, tenantId, idempotencyKey);
			if (existing.isPresent()) {
				return reuse(existing.get(), fingerprint);
			}
			// purged between the insert and the read: insert again
		}
		throw new IllegalStateException("Could not record the request");
	}

	private Opened reuse(IdempotentRequest existing, String fingerprint) {
		if (!existing.fingerprint().equals(fingerprint)) {
			throw new IdempotencyKeyReusedException();
		}
		if (existing.state() == State.DONE) {
			return new Opened(existing, Opening.REPLAY);
		}
		if (!existing.leased()) {
			Optional<IdempotentRequest> claimed = claim(existing.id());
			if (claimed.isPresent()) {
				return new Opened(claimed.get(), Opening.TAKEN_OVER);
			}
			existing = find(existing.id()).orElse(existing);
			if (existing.state() == State.DONE) {
				return new Opened(existing, Opening.REPLAY);
			}
		}
		throw new IdempotentRequestInProgressException(retryAfter(existing));
	}

	/**
	 * Records a new request, leased by the caller, unless the tenant already used the key
	 * in the scope (or the scope's subjects are unique and this one is taken).
	 * @return the new row, or empty if the key (or subject) exists
	 */
	private Optional<IdempotentRequest> insert(Scope scope, String tenantId, @Nullable String idempotencyKey,
			String subject, String fingerprint, String requestJson, String createdBy) {
		return this.jdbc.sql("""
				insert into idempotent_requests (id, scope, tenant_id, idempotency_key, subject, fingerprint, request,
				    created_by, state, lease_until, attempts, created_at, updated_at)
				values (:id, :scope, :tenantId, :key, :subject, :fingerprint, cast(:request as jsonb), :createdBy,
				    'PENDING', %s, 1, clock_timestamp(), clock_timestamp())
				on conflict do nothing
				returning %s""".formatted(LEASE, COLUMNS))
			.param("id", UUID.randomUUID())
			.param("scope", scope.name())
			.param("tenantId", tenantId)
			.param("key", idempotencyKey)
			.param("subject", subject)
			.param("fingerprint", fingerprint)
			.param("request", requestJson)
			.param("createdBy", createdBy)
			.param("leaseMillis", this.properties.lease().toMillis())
			.query(IdempotentRequests::map)
			.optional();
	}

	/**
	 * The request a tenant made with a key in a scope.
	 * @return the request, if the key is kept
	 */
	private Optional<IdempotentRequest> findByKey(Scope scope, String tenantId, String idempotencyKey) {
		return this.jdbc
			.sql("select " + COLUMNS + " from idempotent_requests"
					+ " where tenant_id = :tenantId and scope = :scope and idempotency_key = :key")
			.param("tenantId", tenantId)
			.param("scope", scope.name())
			.param("key", idempotencyKey)
			.query(IdempotentRequests::map)
			.optional();
	}

	/**
	 * A request by its id.
	 * @return the request, unless purged
	 */
	public Optional<IdempotentRequest> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from idempotent_requests where id = :id")
			.param("id", id)
			.query(IdempotentRequests::map)
			.optional();
	}

	/**
	 * The create whose subject is a gateway reference (unique among creates).
	 * @param reference the gateway reference
	 * @return the create's request, unless there never was one or it was purged
	 */
	public Optional<IdempotentRequest> findCreate(String reference) {
		return this.jdbc
			.sql("select " + COLUMNS + " from idempotent_requests where scope = 'CREATE' and subject = :subject")
			.param("subject", reference)
			.query(IdempotentRequests::map)
			.optional();
	}

	/**
	 * Takes a request that is not DONE and whose lease ran out, keeping its state (like a
	 * retry with its key taking it over), so that the caller may finish it with what it
	 * found. Of two callers racing for one row, exactly one gets it.
	 * @return the row as now leased, or empty if someone else holds it or it is done
	 */
	public Optional<IdempotentRequest> claimUnfinished(UUID id) {
		return claim(id);
	}

	/**
	 * Takes a request that is not DONE and whose lease ran out, keeping its state. Of two
	 * callers racing for one row, exactly one gets it.
	 * @return the row as now leased, or empty if someone else holds it or it is done
	 */
	private Optional<IdempotentRequest> claim(UUID id) {
		return claim(id, "('PENDING', 'UNKNOWN', 'FAILED')");
	}

	/**
	 * Like {@link #claim(UUID)}, for unresolved (PENDING or UNKNOWN) requests only.
	 * @return the row as now leased, or empty if someone else holds it or it is resolved
	 */
	public Optional<IdempotentRequest> claimUnresolved(UUID id) {
		return claim(id, "('PENDING', 'UNKNOWN')");
	}

	private Optional<IdempotentRequest> claim(UUID id, String states) {
		return this.jdbc.sql("""
				update idempotent_requests set lease_until = %s, updated_at = clock_timestamp()
				where id = :id and lease_until <= clock_timestamp() and state in %s
				returning %s""".formatted(LEASE, states, COLUMNS))
			.param("id", id)
			.param("leaseMillis", this.properties.lease().toMillis())
			.query(IdempotentRequests::map)
			.optional();
	}

	/**
	 * Unresolved (PENDING or UNKNOWN) requests of a scope whose lease ran out, oldest
	 * first.
	 * @return their ids
	 */
	public List<UUID> findUnresolved(Scope scope, int limit) {
		return this.jdbc.sql("""
				select id from idempotent_requests
				where scope = :scope and state in ('PENDING', 'UNKNOWN') and lease_until <= clock_timestamp()
				order by lease_until limit :limit
				""").param("scope", scope.name()).param("limit", limit).query(UUID.class).list();
	}

	/**
	 * Starts another attempt of a request the caller holds: PENDING, leased anew.
	 */
	public void beginAttempt(UUID id) {
		this.jdbc.sql("""
				update idempotent_requests
				set state = 'PENDING', failure = null, attempts = attempts + 1, lease_until = %s,
				    updated_at = clock_timestamp()
				where id = :id and state <> 'DONE'
				""".formatted(LEASE)).param("id", id).param("leaseMillis", this.properties.lease().toMillis()).update();
	}

	/**
	 * Z-API's outcome is unknown: nobody may resolve or repeat the request for
	 * {@code gateway.idempotency.settle-time}.
	 * @param failure a short reason (never a secret)
	 */
	public void markUnknown(UUID id, String failure) {
		this.jdbc
			.sql("""
					update idempotent_requests
					set state = 'UNKNOWN', failure = :failure,
					    lease_until = clock_timestamp() + :settleMillis * interval '1 millisecond', updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.param("settleMillis", this.properties.settleTime().toMillis())
			.update();
	}

	/**
	 * Provably nothing was done (or Z-API refused): the key may try again at once.
	 * @param failure a short reason (never a secret)
	 */
	public void markFailed(UUID id, String failure) {
		this.jdbc
			.sql("""
					update idempotent_requests
					set state = 'FAILED', failure = :failure, lease_until = clock_timestamp(), updated_at = clock_timestamp()
					where id = :id and state <> 'DONE'
					""")
			.param("id", id)
			.param("failure", failure)
			.update();
	}

	/**
	 * Finishes a request, keeping its result to replay. Joins the caller's transaction,
	 * if any.
	 * @param result what to replay: a create's Z-API id, a subscribe's or cancel's answer
	 * as JSON
	 * @return {@code false} if the request was already DONE (nothing written)
	 */
	public boolean markDone(UUID id, String result) {
		return this.jdbc.sql("""
				update idempotent_requests
				set state = 'DONE', result = :result, failure = null, lease_until = clock_timestamp(),
				    updated_at = clock_timestamp()
				where id = :id and state <> 'DONE'
				""").param("id", id).param("result", result).update() == 1;
	}

	/**
	 * Gives up the lease of an unresolved request (it could not be resolved now), keeping
	 * its state.
	 */
	public void release(UUID id) {
		this.jdbc.sql("""
				update idempotent_requests set lease_until = clock_timestamp(), updated_at = clock_timestamp()
				where id = :id and state in ('PENDING', 'UNKNOWN')
				""").param("id", id).update();
	}

	/**
	 * The {@code Retry-After} hint for a request held by another one: the configured
	 * hint, or less if the holder's lease ends sooner.
	 * @return the hint
	 */
	private Duration retryAfter(IdempotentRequest held) {
		return retryAfter(held.dbNow(), held.leaseUntil(), this.properties.retryAfter());
	}

	/**
	 * Deletes the requests older than {@code gateway.idempotency.key-retention} that need
	 * nothing more: finished creates (an unresolved one is kept until resolved), and
	 * subscribes and cancels nobody holds. The purge job runs it every
	 * {@code gateway.idempotency.purge-interval}; any number of replicas may.
	 * @return how many
	 */
	public int purgeExpired() {
		return this.jdbc.sql("""
				delete from idempotent_requests
				where created_at < clock_timestamp() - :retentionMillis * interval '1 millisecond'
				    and case when scope = 'CREATE' then state in ('DONE', 'FAILED')
				        else lease_until <= clock_timestamp() end
				""").param("retentionMillis", this.properties.keyRetention().toMillis()).update();
	}

	private static IdempotentRequest map(ResultSet rs, int row) throws SQLException {
		return new IdempotentRequest(rs.getObject("id", UUID.class), Scope.valueOf(rs.getString("scope")),
				rs.getString("tenant_id"), rs.getString("idempotency_key"), rs.getString("subject"),
				rs.getString("fingerprint"), rs.getString("request_json"), rs.getString("created_by"),
				State.valueOf(rs.getString("state")), rs.getTimestamp("lease_until").toInstant(), rs.getInt("attempts"),
				rs.getString("result"), rs.getString("failure"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("db_now").toInstant());
	}

	/**
	 * How {@link #open} found a request.
	 */
	public enum Opening {

		/** Recorded by this call: act on it. */
		NEW,

		/** Its key's request is DONE: answer its result, do nothing. */
		REPLAY,

		/**
		 * Its key's earlier request is not done and its owner is gone (or its outcome has
		 * settled): this caller holds it, in the state it was left in.
		 */
		TAKEN_OVER

	}

	/**
	 * A request as {@link #open} found it.
	 *
	 * @param request the request (leased by the caller unless {@link Opening#REPLAY})
	 * @param opening how it was found
	 */
	public record Opened(IdempotentRequest request, Opening opening) {
	}

	/**
	 * The fingerprint stored with a key: SHA-256 (hex) of the request's canonical form.
	 * @param canonicalRequest the validated request, serialized canonically
	 * @return 64 hex digits
	 */
	static String fingerprint(String canonicalRequest) {
		try {
			return HexFormat.of()
				.formatHex(
						MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The {@code Retry-After} hint for a request whose key is held by another one: the
	 * configured hint, or less if the holder's lease ends sooner.
	 * @param dbNow the database's clock
	 * @param leaseUntil when the holder's lease ends
	 * @param hint the configured hint
	 * @return the hint
	 */
	static Duration retryAfter(Instant dbNow, Instant leaseUntil, Duration hint) {
		Duration left = Duration.between(dbNow, leaseUntil);
		return (left.compareTo(hint) > 0) ? hint : (positive(left) ? left : hint);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
