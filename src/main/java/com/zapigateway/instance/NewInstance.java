package com.zapigateway.instance;

import java.time.Instant;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.jspecify.annotations.Nullable;

/**
 * An instance to store.
 *
 * @param tenantId the tenant
 * @param zapiId Z-API's instance id
 * @param token the instance token (a secret: never logged)
 * @param name the caller's name for it (without the gateway reference)
 * @param sentRequest exactly what was sent to Z-API (its name carries the reference)
 * @param due Z-API's due date, or {@code null} if unreadable
 * @param createdBy the client that asked for it
 */
public record NewInstance(String tenantId, String zapiId, String token, String name,
		OnDemandInstanceRequest sentRequest, @Nullable Instant due, String createdBy) {

	@Override
	public String toString() {
		return "NewInstance[tenantId=" + this.tenantId + ", zapiId=" + this.zapiId + ", token=<redacted>, name="
				+ this.name + ", due=" + this.due + "]";
	}

}
