package com.zapigateway.creation;

import org.jspecify.annotations.Nullable;

/**
 * A create that ended with a stored instance.
 *
 * @param tenantId the tenant
 * @param zapiId Z-API's instance id, to read the stored instance by
 * @param replayed {@code true} when this answers an Idempotency-Key used before (no new
 * Z-API create was made for this request)
 * @param recorded what this request stored, or {@code null} (a replay or an adoption:
 * read it back)
 */
public record CreationResult(String tenantId, String zapiId, boolean replayed,
		InstanceRecorder.@Nullable Recorded recorded) {

	CreationResult(String tenantId, String zapiId, boolean replayed) {
		this(tenantId, zapiId, replayed, null);
	}

}
