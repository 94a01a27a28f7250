package com.zapigateway.idempotency;

import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The settings of {@link IdempotencyProperties} were {@code gateway.creation.*} settings;
 * one still set under its old name stops the start, naming the new one, rather than being
 * silently ignored.
 */
@Component
class MovedIdempotencySettings {

	static final List<String> MOVED = List.of("key-retention", "lease", "settle-time", "retry-after", "purge-interval");

	MovedIdempotencySettings(Environment environment) {
		check(environment);
	}

	static void check(Environment environment) {
		for (String name : MOVED) {
			if (environment.containsProperty("gateway.creation." + name)) {
				throw new IllegalStateException(
						"gateway.creation." + name + " is now gateway.idempotency." + name + ": rename the setting");
			}
		}
	}

}
