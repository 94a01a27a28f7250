package com.zapigateway.scheduling;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Scheduled} jobs (the creation reconciler and the idempotency-key
 * purge) unless {@code gateway.scheduling.enabled=false}. Jobs that must run on one
 * replica at a time take a PostgreSQL advisory lock themselves.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "gateway.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {

}
