package com.zapigateway.creation;

/**
 * A create that ended with a stored instance.
 *
 * @param tenantId the tenant
 * @param zapiId Z-API's instance id, to read the stored instance by
 * @param replayed {@code true} when this answers an Idempotency-Key used before (no new
 * Z-API create was made for this request)
 */
public record CreationResult(String tenantId, String zapiId, boolean replayed) {
}
