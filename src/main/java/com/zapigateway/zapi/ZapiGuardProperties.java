package com.zapigateway.zapi;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every Z-API call is guarded ({@code zapi.guard.*}), per replica.
 *
 * @param maxConcurrentCalls Z-API calls in flight at once (per replica); more fail fast
 * with 503
 * @param maxWait how long a call may wait for a free slot before failing with 503
 * @param maxAttempts attempts of a call that provably never reached Z-API (connection
 * refused, connect timeout)
 * @param retryInitialBackoff first backoff between such attempts (jittered, doubled)
 * @param retryMaxBackoff cap of that backoff
 * @param failureRateThreshold failure rate (percent) that opens the circuit breaker
 * @param minimumCalls calls needed before the failure rate counts
 * @param slidingWindowSize calls the failure rate is computed over
 * @param openDuration how long the breaker stays open (fail fast with 503) before one
 * trial call
 */
@Validated
@ConfigurationProperties("zapi.guard")
public record ZapiGuardProperties(@DefaultValue("16") @Min(1) @Max(1000) int maxConcurrentCalls,
		@DefaultValue("0s") @NotNull Duration maxWait, @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
		@DefaultValue("200ms") @NotNull Duration retryInitialBackoff,
		@DefaultValue("2s") @NotNull Duration retryMaxBackoff,
		@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
		@DefaultValue("10") @Min(1) int minimumCalls, @DefaultValue("20") @Min(1) int slidingWindowSize,
		@DefaultValue("30s") @NotNull Duration openDuration) {

	@AssertTrue(message = "zapi.guard durations must be positive (retry-initial-backoff <= retry-max-backoff)")
	boolean isDurationsValid() {
		return !this.maxWait.isNegative() && positive(this.retryInitialBackoff)
				&& this.retryInitialBackoff.compareTo(this.retryMaxBackoff) <= 0 && positive(this.openDuration);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
