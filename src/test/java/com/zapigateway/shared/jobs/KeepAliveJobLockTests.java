package com.zapigateway.shared.jobs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Two replicas on one database: while one runs a pass under a kept-alive lock, the other
 * runs none, even once the pass has lasted longer than the lock's first term (the lock
 * was extended); once the pass ends, the other may run.
 */
class KeepAliveJobLockTests {

	private static final String JOB = "long-job";

	private JdbcTemplate jdbc;

	private KeepAliveJobLock replicaA;

	private KeepAliveJobLock replicaB;

	@BeforeEach
	void setUp() {
		String url = TestDatabases.create("joblock");
		DataSource dataSource = TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url));
		this.jdbc = new JdbcTemplate(dataSource);
		// ShedLock's standard table, as Flyway V30 creates it
		this.jdbc.execute("""
				create table shedlock (name varchar(64) not null, lock_until timestamp not null,
				    locked_at timestamp not null, locked_by varchar(255) not null, primary key (name))
				""");
		this.replicaA = new KeepAliveJobLock(provider(dataSource));
		this.replicaB = new KeepAliveJobLock(provider(dataSource));
	}

	@AfterEach
	void tearDown() {
		this.replicaA.close();
		this.replicaB.close();
	}

	@Test
	void aPassLongerThanTheLockTermKeepsTheOtherReplicaOut() throws Exception {
		Duration term = KeepAliveJobLock.MIN_LOCK_AT_MOST_FOR;
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Optional<String>> pass = CompletableFuture
			.supplyAsync(() -> this.replicaA.runIfFree(JOB, term, () -> {
				started.countDown();
				await(finish);
				return "done";
			}));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		long startedAt = System.nanoTime();

		assertThat(this.replicaB.runIfFree(JOB, term, () -> "other")).isEmpty();
		assertThat(secondsLeft()).isBetween(term.toSeconds() - 5.0, term.toSeconds() + 1.0);

		// past the first extension (half the term): the lock now ends later than it first
		// did
		Thread.sleep(Math.max(0, term.dividedBy(2).plusSeconds(2).toMillis()
				- Duration.ofNanos(System.nanoTime() - startedAt).toMillis()));
		double elapsed = Duration.ofNanos(System.nanoTime() - startedAt).toMillis() / 1000.0;
		assertThat(secondsLeft()).as("extended while the pass runs").isGreaterThan(term.toSeconds() - elapsed + 5);
		assertThat(this.replicaB.runIfFree(JOB, term, () -> "other")).isEmpty();

		finish.countDown();
		assertThat(pass.get(10, TimeUnit.SECONDS)).contains("done");
		assertThat(secondsLeft()).as("released when the pass ends").isLessThanOrEqualTo(0);
		assertThat(this.replicaB.runIfFree(JOB, term, () -> "other")).contains("other");
	}

	@Test
	void refusesATermShorterThanShedLocksMinimum() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.replicaA.runIfFree(JOB, Duration.ofSeconds(5), () -> "never"));
	}

	private double secondsLeft() {
		Double left = this.jdbc.queryForObject(
				"select extract(epoch from lock_until - timezone('utc', clock_timestamp()))::float8 from shedlock"
						+ " where name = ?",
				Double.class, JOB);
		return (left != null) ? left : Double.NaN;
	}

	private static JdbcTemplateLockProvider provider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.build());
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
