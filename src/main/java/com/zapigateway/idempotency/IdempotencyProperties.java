package com.zapigateway.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How requests with an {@code Idempotency-Key} are held and kept
 * ({@code gateway.idempotency.*}), for creates, subscribes and cancels alike.
 *
 * @param keyRetention how long a request's key is kept (at least 24 hours)
 * @param lease how long a caller or replica owns a request in flight; must exceed the
 * whole Z-API call (connect and read timeouts, retries included)
 * @param settleTime after an unknown outcome, how long the key is held before the request
 * may be resolved or run again
 * @param retryAfter the {@code Retry-After} hint of a 409 while another request holds the
 * key
 * @param purgeInterval how often expired keys are purged
 */
@Validated
@ConfigurationProperties("gateway.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration keyRetention,
		@DefaultValue("2m") @NotNull Duration lease, @DefaultValue("30s") @NotNull Duration settleTime,
		@DefaultValue("2s") @NotNull Duration retryAfter, @DefaultValue("1h") @NotNull Duration purgeInterval) {

	@AssertTrue(message = "gateway.idempotency.key-retention must be at least 24h")
	boolean isKeyRetentionAtLeastADay() {
		return this.keyRetention.compareTo(Duration.ofHours(24)) >= 0;
	}

	@AssertTrue(message = "gateway.idempotency durations must be positive")
	boolean isDurationsValid() {
		return positive(this.lease) && !this.settleTime.isNegative() && positive(this.retryAfter)
				&& positive(this.purgeInterval);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
