package com.zapigateway.creation;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code instance_creations}.
 *
 * @param id the row id
 * @param reference the gateway reference sent to Z-API in the instance name
 * @param tenantId the tenant
 * @param idempotencyKey the caller's key, or {@code null}
 * @param fingerprint SHA-256 of the caller's canonical request
 * @param requestJson the caller's request as JSON
 * @param createdBy the calling client
 * @param state where the create stands
 * @param leaseUntil until when the current owner holds the row
 * @param attempts create calls attempted
 * @param zapiId Z-API's instance id once known
 * @param failure the last failure, if any
 * @param createdAt when the intent was recorded
 * @param dbNow the database's clock when the row was read
 */
record Creation(UUID id, String reference, String tenantId, @Nullable String idempotencyKey, String fingerprint,
		String requestJson, String createdBy, CreationState state, Instant leaseUntil, int attempts,
		@Nullable String zapiId, @Nullable String failure, Instant createdAt, Instant dbNow) {

	boolean leased() {
		return this.leaseUntil.isAfter(this.dbNow);
	}

}
