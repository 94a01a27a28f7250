package com.zapigateway.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's webhook. The signing secret is only in the answer to a registration.
 *
 * @param url where events are posted
 * @param createdAt when it was registered
 * @param secret the HMAC-SHA256 signing secret, only when just registered
 * @param events the event types it receives
 * @param lastDelivery the latest delivery attempt since it was registered; absent until
 * the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookView(String url, Instant createdAt, @Nullable String secret, List<String> events,
		@Nullable LastDelivery lastDelivery) {

	static final List<String> EVENTS = List.of(ExpiryAlerts.EXPIRING_SOON, ExpiryAlerts.EXPIRED,
			WebhookEvents.DUPLICATE_ADOPTED);

	@Override
	public String toString() {
		return "WebhookView[url=" + this.url + ", createdAt=" + this.createdAt + ", secret=<redacted>, lastDelivery="
				+ this.lastDelivery + "]";
	}

}
