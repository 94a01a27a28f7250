package com.zapigateway.limits;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Abuse limits, bound from {@code gateway.limits.*}.
 *
 * @param maxTrialInstancesPerTenant the most instances a tenant may have whose trial has
 * not ended (creates beyond it are refused before Z-API is called)
 * @param createRate how fast one client may create instances, across all replicas (the
 * buckets are stored in the database)
 * @param maxConcurrentReads the most reads ({@code GET}/{@code HEAD} under {@code /api/})
 * one replica answers at once; more are refused at once with 503 {@code overloaded}
 */
@Validated
@ConfigurationProperties("gateway.limits")
public record LimitsProperties(@DefaultValue("50") @Min(1) int maxTrialInstancesPerTenant,
		@DefaultValue @Valid @NotNull Rate createRate, @DefaultValue("64") @Min(1) int maxConcurrentReads) {

	/**
	 * A token bucket: {@code capacity} creates at once, refilled evenly over
	 * {@code period}.
	 *
	 * @param capacity creates allowed per period (and in a burst)
	 * @param period the refill period
	 */
	public record Rate(@DefaultValue("20") @Min(1) int capacity, @DefaultValue("1m") @NotNull Duration period) {

		public Rate {
			if (period.isNegative() || period.isZero()) {
				throw new IllegalArgumentException("gateway.limits.create-rate.period must be positive");
			}
		}

	}

}
