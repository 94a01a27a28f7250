package com.zapigateway.shared.jobs;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Scheduled} jobs unless {@code gateway.scheduling.enabled=false} (tests
 * call jobs directly), and provides the one lock mechanism of every job that runs on one
 * replica at a time: ShedLock, with its standard {@code shedlock} table (Flyway V30) and
 * the database's clock, so replicas' clocks need not agree. Locks also apply to direct
 * calls of the jobs.
 * <ul>
 * <li>The Z-API sync and the expiry-alert scan use {@code @SchedulerLock}: a lock held
 * for the pass, with a fixed {@code lockAtMostFor} after which a holder that died (or
 * hangs) no longer blocks the other replicas.</li>
 * <li>The creation reconciler uses the same provider through {@link KeepAliveJobLock}, a
 * lock taken for one minute and extended every half minute while its pass runs. Its pass
 * has no useful upper bound (up to 100 unresolved creates, each possibly scanning Z-API's
 * whole list page by page, every call up to its timeouts), so no fixed
 * {@code lockAtMostFor} would do: a short one lets a second replica start a pass while
 * the first still runs (every Z-API list scan done twice, against Z-API's rate limit and
 * the circuit breaker creates share), a long one keeps a crashed replica's lock, and so
 * stops the adoption of billed instances, for as long as the longest pass. Kept alive,
 * the lock is held exactly as long as the pass, and free within a minute after its holder
 * dies (the rows it was resolving stay leased for {@code gateway.idempotency.lease}
 * anyway). Not a PostgreSQL session advisory lock: it would have the same two properties
 * but pin a pooled connection for the whole pass, Z-API calls included.</li>
 * <li>The Idempotency-Key purges (creates, subscribes and cancels) are plain deletes and
 * take no lock; webhook delivery runs on every replica with per-event leases.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class SchedulingConfiguration {

	@Bean
	JdbcTemplateLockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.build());
	}

	@Bean
	KeepAliveJobLock keepAliveJobLock(JdbcTemplateLockProvider lockProvider) {
		return new KeepAliveJobLock(lockProvider);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnBooleanProperty(name = "gateway.scheduling.enabled", matchIfMissing = true)
	static class Enabled {

	}

}
