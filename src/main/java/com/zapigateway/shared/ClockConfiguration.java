package com.zapigateway.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of the current time for what the gateway records and computes (trial
 * status, due dates, audit, webhook events and deliveries), so tests can pin it. Leases
 * (idempotent requests, operations in flight, the webhook outbox, job locks) use the
 * database's clock instead: one clock for every replica.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	/**
	 * UTC, ticking in microseconds: PostgreSQL keeps microseconds, so a time the gateway
	 * answers or compares is the one a later read of the row returns.
	 */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
	}

}
