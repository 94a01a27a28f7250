package com.zapigateway.idempotency;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code idempotent_requests}: a request recorded (and leased) before the
 * gateway acts on it, so that one request (on any replica) owns its key.
 *
 * @param id the row id
 * @param scope the kind of request, and the key space its key is unique in
 * @param tenantId the tenant (keys are scoped per tenant)
 * @param idempotencyKey the caller's key, or {@code null} (creates without a key)
 * @param subject what the request is about: a create's gateway reference, the instance a
 * subscribe or cancel is for
 * @param fingerprint SHA-256 of the caller's canonical request
 * @param requestJson the caller's request as JSON
 * @param createdBy the calling client
 * @param state where the request stands
 * @param leaseUntil until when the current owner holds the request (database clock)
 * @param attempts attempts made
 * @param result what a DONE request answered: a create's Z-API id, a subscribe's or
 * cancel's answer as JSON
 * @param failure the last failure, if any (a short reason, never a secret)
 * @param createdAt when the request was recorded
 * @param dbNow the database's clock when the row was read
 */
public record IdempotentRequest(UUID id, Scope scope, String tenantId, @Nullable String idempotencyKey, String subject,
		String fingerprint, String requestJson, String createdBy, State state, Instant leaseUntil, int attempts,
		@Nullable String result, @Nullable String failure, Instant createdAt, Instant dbNow) {

	/**
	 * Whether someone holds the request (its lease, or its unknown outcome's settle time,
	 * has not run out).
	 * @return {@code true} if held
	 */
	public boolean leased() {
		return this.leaseUntil.isAfter(this.dbNow);
	}

	/**
	 * The kinds of request, each with its own key space per tenant (a create's key and a
	 * subscribe's key never meet).
	 */
	public enum Scope {

		/**
		 * Creates. The subject (the gateway reference) is unique. An unresolved create
		 * (PENDING or UNKNOWN) is never forgotten: it is resolved against Z-API (adopted
		 * or failed) first, then purged like a finished one.
		 */
		CREATE,

		/**
		 * Subscribes and cancels (one key space: a key used for a subscribe cannot be
		 * used for a cancel). An unfinished one has nothing to adopt: once its lease ran
		 * out it may simply run again, so it is purged like a finished one.
		 */
		LIFECYCLE

	}

	/**
	 * Where a request stands.
	 */
	public enum State {

		/**
		 * Recorded; the gateway may be acting on it (Z-API may be being called), or its
		 * owner crashed while it was.
		 */
		PENDING,

		/** The request reached Z-API (or may have) and no usable answer came back. */
		UNKNOWN,

		/** Finished: its result is kept and replayed. */
		DONE,

		/** Provably nothing was done (or Z-API refused): the same key may try again. */
		FAILED

	}

}
