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
 * How unresolved creates are resolved ({@code gateway.creation.*}); how their requests
 * are held and kept is {@code gateway.idempotency.*}.
 *
 * @param reconcileInterval how often the reconciler looks for unresolved creates
 * @param lookupPageSize page size when searching Z-API's list for a reference
 * @param lookupMaxPages pages searched at most per reference
 */
@Validated
@ConfigurationProperties("gateway.creation")
record CreationProperties(@DefaultValue("30s") @NotNull Duration reconcileInterval,
		@DefaultValue("100") @Min(1) @Max(1000) int lookupPageSize,
		@DefaultValue("50") @Min(1) @Max(1000) int lookupMaxPages) {

	@AssertTrue(message = "gateway.creation.reconcile-interval must be positive")
	boolean isReconcileIntervalPositive() {
		return !this.reconcileInterval.isNegative() && !this.reconcileInterval.isZero();
	}

}
