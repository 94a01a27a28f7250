package com.zapigateway.instance;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Trial rules, bound from {@code gateway.trial.*}.
 *
 * @param expiringSoonWindow less than this left before the due date reads as
 * {@code EXPIRING_SOON}
 * @param length Z-API's trial length, used to estimate the due date when Z-API's answer
 * has none
 */
@Validated
@ConfigurationProperties("gateway.trial")
record TrialProperties(@DefaultValue("12h") @NotNull Duration expiringSoonWindow,
		@DefaultValue("2d") @NotNull Duration length) {

	TrialProperties {
		if (expiringSoonWindow.isNegative() || length.isNegative() || length.isZero()) {
			throw new IllegalArgumentException(
					"gateway.trial.expiring-soon-window must be >= 0 and gateway.trial.length > 0");
		}
	}

}
