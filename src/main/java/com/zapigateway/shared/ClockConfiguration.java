package com.zapigateway.shared;

import java.time.Clock;

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

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
