package com.zapigateway.scheduling;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Scheduled} jobs unless {@code gateway.scheduling.enabled=false} (tests
 * call jobs directly). The creation reconciler and the idempotency-key purge take a
 * PostgreSQL advisory lock themselves; the Z-API sync and the expiry-alert scan use
 * ShedLock ({@code @SchedulerLock}) with its standard {@code shedlock} table (Flyway V30)
 * and the database's clock, so replicas' clocks need not agree. Locks also apply to
 * direct calls of {@code @SchedulerLock} methods.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class SchedulingConfiguration {

	@Bean
	LockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.build());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnBooleanProperty(name = "gateway.scheduling.enabled", matchIfMissing = true)
	static class Enabled {

	}

}
