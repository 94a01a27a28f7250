package com.zapigateway.zapi;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An instance as Z-API reported it after creating it.
 *
 * @param id Z-API's instance id
 * @param token the instance token (a secret: never logged)
 * @param due when the trial ends, or {@code null} when Z-API's {@code due} was missing or
 * unreadable
 */
public record ZapiInstance(String id, String token, @Nullable Instant due) {

	@Override
	public String toString() {
		return "ZapiInstance[id=" + this.id + ", token=<redacted>, due=" + this.due + "]";
	}

}
