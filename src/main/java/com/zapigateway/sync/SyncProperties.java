package com.zapigateway.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sync with Z-API's listing, bound from {@code gateway.sync.*}.
 *
 * @param interval pause between the end of one run and the start of the next
 * @param pageSize instances asked per page
 * @param maxPages a listing longer than this is cut short (then nothing is marked
 * deleted)
 * @param subscribedPaymentStatuses the values of Z-API's {@code paymentStatus} that mean
 * "subscribed" (compared exactly as Z-API sends them); an instance on trial listed with
 * one of them is marked subscribed (outside the gateway). Z-API does not document the
 * values, so there is no default: empty, nothing is inferred from the payment status
 */
@Validated
@ConfigurationProperties("gateway.sync")
record SyncProperties(@DefaultValue("5m") @NotNull Duration interval,
		@DefaultValue("100") @Min(1) @Max(1000) int pageSize, @DefaultValue("1000") @Min(1) int maxPages,
		@DefaultValue @NotNull List<@NotNull @Pattern(regexp = PAYMENT_STATUS,
				message = "must be 1 to 64 printable ASCII characters, no leading or trailing space") String> subscribedPaymentStatuses) {

	/**
	 * What a payment status may be (the column keeps 64 characters): 1 to 64 printable
	 * ASCII characters, no leading or trailing space.
	 */
	static final String PAYMENT_STATUS = "[\\x21-\\x7E]([\\x20-\\x7E]{0,62}[\\x21-\\x7E])?";

	/**
	 * The configured subscribed payment statuses, for lookups.
	 * @return the set
	 */
	Set<String> subscribedPaymentStatusSet() {
		return Set.copyOf(this.subscribedPaymentStatuses);
	}

}
