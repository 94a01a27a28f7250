package com.zapigateway.creation;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.zapigateway.shared.jobs.JobRuns;
import com.zapigateway.shared.jobs.KeepAliveJobLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resolves creates left PENDING (their owner crashed or lost the database) or UNKNOWN (a
 * timeout or reset after the request was sent), and purges finished Idempotency-Keys past
 * their retention. One replica at a time: each pass holds a ShedLock lock kept alive for
 * as long as the pass runs (see {@code SchedulingConfiguration} for why it is kept
 * alive), and each row is additionally claimed through its lease.
 */
@Component
class CreationReconciler {

	private static final Logger log = LoggerFactory.getLogger(CreationReconciler.class);

	/** The reconcile pass's lock (a row of {@code shedlock}) and job name. */
	static final String LOCK = "creation-reconciler";

	/**
	 * How long the lock outlives a replica that died mid-pass; extended every half of it
	 * while the pass runs.
	 */
	static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(1);

	private static final int BATCH = 100;

	private final CreationRepository creations;

	private final CreationService service;

	private final CreationProperties properties;

	private final KeepAliveJobLock lock;

	private final JobRuns runs;

	CreationReconciler(CreationRepository creations, CreationService service, CreationProperties properties,
			KeepAliveJobLock lock, JobRuns runs) {
		this.creations = creations;
		this.service = service;
		this.properties = properties;
		this.lock = lock;
		this.runs = runs;
	}

	@Scheduled(fixedDelayString = "${gateway.creation.reconcile-interval:30s}",
			initialDelayString = "${gateway.creation.reconcile-interval:30s}")
	void scheduledReconcile() {
		try {
			// timed as gateway.job.runs{job="creation-reconciler"}
			Result result = this.runs.record(LOCK, this::reconcileOnce);
			if (result.total() > 0) {
				log.info("Reconciled creates: {}", result);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Reconciliation pass failed: {}", ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "${gateway.creation.purge-interval:1h}",
			initialDelayString = "${gateway.creation.purge-interval:1h}")
	void scheduledPurge() {
		try {
			int purged = purgeOnce();
			if (purged > 0) {
				log.info("Purged {} finished creates older than {}", purged, this.properties.keyRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency-key purge failed: {}", ex.getMessage());
		}
	}

	/**
	 * One pass, if no other replica is running one.
	 * @return what was done ({@link Result#skipped()} if another replica holds the lock)
	 */
	Result reconcileOnce() {
		return this.lock.runIfFree(LOCK, LOCK_AT_MOST_FOR, this::pass).orElse(Result.SKIPPED);
	}

	/**
	 * Deletes finished creates older than the key retention (unresolved ones are kept).
	 */
	int purgeOnce() {
		return this.creations.purgeFinished(this.properties.keyRetention());
	}

	private Result pass() {
		int adopted = 0;
		int absent = 0;
		int failed = 0;
		for (UUID id : this.creations.findUnresolved(BATCH)) {
			Optional<Creation> claimed = this.creations.claimUnresolved(id, this.properties.lease());
			if (claimed.isEmpty()) {
				continue;
			}
			Creation creation = claimed.get();
			try {
				if (this.service.resolve(creation).isPresent()) {
					adopted++;
				}
				else {
					this.service.markAbsent(creation);
					absent++;
				}
			}
			catch (RuntimeException ex) {
				failed++;
				log.warn("Could not resolve create {}: {}", creation.reference(), ex.getMessage());
			}
		}
		return new Result(false, adopted, absent, failed);
	}

	/**
	 * What one pass did.
	 *
	 * @param skipped another replica held the lock
	 * @param adopted creates found on Z-API and stored
	 * @param absent creates Z-API confirmed absent (marked failed: safe to create again)
	 * @param failed creates that could not be resolved this time
	 */
	record Result(boolean skipped, int adopted, int absent, int failed) {

		static final Result SKIPPED = new Result(true, 0, 0, 0);

		int total() {
			return this.adopted + this.absent + this.failed;
		}

	}

}
