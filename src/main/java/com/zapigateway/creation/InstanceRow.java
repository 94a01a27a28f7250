package com.zapigateway.creation;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One new row of the {@code instances} table, as the instance feature built it.
 *
 * @param id the row's id
 * @param tenantId the tenant
 * @param zapiId Z-API's instance id
 * @param sealedToken the token as sealed by the instance feature (never plaintext)
 * @param name the caller's name for it
 * @param sessionName the session name sent, if any
 * @param zapiRequestJson exactly what was sent to Z-API, as JSON
 * @param dueAt the trial's due date
 * @param dueEstimated whether {@code dueAt} was estimated (Z-API's was unreadable)
 * @param createdAt when it was stored
 * @param createdBy the client that asked for it
 */
public record InstanceRow(UUID id, String tenantId, String zapiId, String sealedToken, String name,
		@Nullable String sessionName, String zapiRequestJson, Instant dueAt, boolean dueEstimated, Instant createdAt,
		String createdBy) {

	@Override
	public String toString() {
		return "InstanceRow[id=" + this.id + ", tenantId=" + this.tenantId + ", zapiId=" + this.zapiId
				+ ", sealedToken=<redacted>]";
	}

}
