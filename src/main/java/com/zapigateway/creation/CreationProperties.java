package com.zapigateway.creation;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How creates are protected ({@code gateway.creation.*}).
 *
 * @param keyRetention how long a finished Idempotency-Key is kept (at least 24 hours)
 * @param lease how long a caller or replica owns a create in flight; must exceed the
 * whole Z-API call (connect and read timeouts, retries included)
 * @param settleTime after an unknown outcome, how long to wait before Z-API's list is
 * trusted to show (or not show) the instance
 * @param retryAfter the {@code Retry-After} hint of a 409 while another request is in
 * flight
 * @param reconcileInterval how often the reconciler looks for unresolved creates
 * @param purgeInterval how often expired keys are purged
 * @param lookupPageSize page size when searching Z-API's list for a reference
 * @param lookupMaxPages pages searched at most per reference
 */
@Validated
@ConfigurationProperties("gateway.creation")
public record CreationProperties(@DefaultValue("24h") @NotNull Duration keyRetention,
		@DefaultValue("2m") @NotNull Duration lease, @DefaultValue("30s") @NotNull Duration settleTime,
		@DefaultValue("2s") @NotNull Duration retryAfter, @DefaultValue("30s") @NotNull Duration reconcileInterval,
		@DefaultValue("1h") @NotNull Duration purgeInterval, @DefaultValue("100") @Min(1) @Max(1000) int lookupPageSize,
		@DefaultValue("50") @Min(1) @Max(1000) int lookupMaxPages) {

	@AssertTrue(message = "gateway.creation.key-retention must be at least 24h")
	boolean isKeyRetentionAtLeastADay() {
		return this.keyRetention.compareTo(Duration.ofHours(24)) >= 0;
	}

	@AssertTrue(message = "gateway.creation durations must be positive")
	boolean isDurationsValid() {
		return positive(this.lease) && !this.settleTime.isNegative() && positive(this.retryAfter)
				&& positive(this.reconcileInterval) && positive(this.purgeInterval);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
