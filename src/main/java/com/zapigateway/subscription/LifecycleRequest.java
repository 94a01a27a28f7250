package com.zapigateway.subscription;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code lifecycle_requests}: a subscribe or cancel made with an
 * Idempotency-Key.
 *
 * @param id the row id
 * @param tenantId the tenant (keys are scoped per tenant)
 * @param idempotencyKey the caller's key
 * @param operation {@code SUBSCRIBE} or {@code CANCEL}
 * @param instanceId the instance it is about
 * @param fingerprint SHA-256 of the canonical request
 * @param state where it stands
 * @param leaseUntil until when the current owner holds the key
 * @param response the first successful answer as JSON, once done
 * @param dbNow the database's clock when the row was read
 */
record LifecycleRequest(UUID id, String tenantId, String idempotencyKey, String operation, String instanceId,
		String fingerprint, State state, Instant leaseUntil, @Nullable String response, Instant dbNow) {

	boolean leased() {
		return this.leaseUntil.isAfter(this.dbNow);
	}

	/**
	 * Where a request with a key stands (the states of a create's intent).
	 */
	enum State {

		/** Being processed; Z-API may be being called (or its owner crashed). */
		PENDING,

		/** Z-API was called and its outcome is unknown. */
		UNKNOWN,

		/** Answered 200; the answer is kept and replayed. */
		DONE,

		/** Ended without acting, or Z-API refused: the same key may try again. */
		FAILED

	}

}
