package com.zapigateway.sync;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

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
 */
@Validated
@ConfigurationProperties("gateway.sync")
record SyncProperties(@DefaultValue("5m") @NotNull Duration interval,
		@DefaultValue("100") @Min(1) @Max(1000) int pageSize, @DefaultValue("1000") @Min(1) int maxPages) {
}
