package com.zapigateway.zapi;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One instance from Z-API's partner list ({@code GET /instances}).
 *
 * @param id Z-API's instance id
 * @param token the instance token (a secret: never logged)
 * @param name the instance name
 * @param due when the trial or subscription ends, or {@code null} if unreadable
 * @param paymentStatus Z-API's payment status, as sent (undocumented values)
 */
public record ZapiListedInstance(String id, String token, @Nullable String name, @Nullable Instant due,
		@Nullable String paymentStatus) {

	@Override
	public String toString() {
		return "ZapiListedInstance[id=" + this.id + ", token=<redacted>, name=" + this.name + ", due=" + this.due
				+ ", paymentStatus=" + this.paymentStatus + "]";
	}

}
