package com.zapigateway.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of the latest delivery attempt to a tenant's webhook, so the tenant can see
 * why alerts do not arrive. Never the receiver's answer body.
 *
 * @param at when the attempt ended
 * @param eventId the event that was posted ({@code X-Webhook-Id})
 * @param status the receiver's HTTP status, or {@code null} if it never answered
 * @param error what went wrong ({@link DeliveryOutcome}'s kinds, e.g.
 * {@code refused-address}, {@code connect-timeout}, {@code http-status}), or {@code null}
 * if delivered
 * @param delivered whether the receiver accepted it (a 2xx answer)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record LastDelivery(Instant at, UUID eventId, @Nullable Integer status, @Nullable String error, boolean delivered) {
}
