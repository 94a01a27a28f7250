package com.zapigateway.shared.jobs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

/**
 * Runs a one-replica job whose pass has no useful upper bound under a ShedLock lock (the
 * shared lock provider and {@code shedlock} table) that is kept alive while the job runs:
 * taken for {@code lockAtMostFor} and extended every half of it by a heartbeat until the
 * job ends (ShedLock's {@link KeepAliveLockProvider}). However long the pass, no other
 * replica starts one meanwhile; if the holder dies, the lock is free within
 * {@code lockAtMostFor}. Also applies to direct calls (tests), which learn whether the
 * job ran.
 */
public final class KeepAliveJobLock implements AutoCloseable {

	/** ShedLock's smallest {@code lockAtMostFor} for a kept-alive lock. */
	public static final Duration MIN_LOCK_AT_MOST_FOR = Duration.ofSeconds(30);

	private final ScheduledExecutorService heartbeats;

	private final LockingTaskExecutor executor;

	KeepAliveJobLock(ExtensibleLockProvider locks) {
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "job-lock-keep-alive");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = new DefaultLockingTaskExecutor(new KeepAliveLockProvider(locks, this.heartbeats));
	}

	/**
	 * Runs the job unless another replica holds its lock, holding the lock until the job
	 * ends.
	 * @param <T> the job's result
	 * @param name the lock's name (a row of {@code shedlock})
	 * @param lockAtMostFor how long the lock outlives a holder that died (at least
	 * {@link #MIN_LOCK_AT_MOST_FOR}); extended every half of it while the job runs
	 * @param job the job; must not return {@code null}
	 * @return the job's result, or empty if another replica holds the lock
	 */
	public <T> Optional<T> runIfFree(String name, Duration lockAtMostFor, Supplier<T> job) {
		try {
			LockingTaskExecutor.TaskResult<T> result = this.executor.executeWithLock(job::get,
					new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, Duration.ZERO));
			return result.wasExecuted() ? Optional.of(result.getResult()) : Optional.empty();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.heartbeats.shutdownNow();
	}

}
