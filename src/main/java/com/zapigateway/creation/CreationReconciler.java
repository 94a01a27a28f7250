package com.zapigateway.creation;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.shared.jobs.JobRuns;
import com.zapigateway.shared.jobs.KeepAliveJobLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resolves creates left PENDING (their owner crashed or lost the database) or UNKNOWN (a
 * timeout or reset after the request was sent). One replica at a time: each pass holds a
 * ShedLock lock kept alive for as long as the pass runs (see
 * {@code SchedulingConfiguration} for why it is kept alive), and each row is additionally
 * claimed through its lease.
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

	private final IdempotentRequests requests;

	private final CreationService service;

	private final KeepAliveJobLock lock;

	private final JobRuns runs;

	CreationReconciler(IdempotentRequests requests, CreationService service, KeepAliveJobLock lock, JobRuns runs) {
		this.requests = requests;
		this.service = service;
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

	/**
	 * One pass, if no other replica is running one.
	 * @return what was done ({@link Result#skipped()} if another replica holds the lock)
	 */
	Result reconcileOnce() {
		return this.lock.runIfFree(LOCK, LOCK_AT_MOST_FOR, this::pass).orElse(Result.SKIPPED);
	}

	private Result pass() {
		int adopted = 0;
		int absent = 0;
		int failed = 0;
		for (UUID id : this.requests.findUnresolved(IdempotentRequest.Scope.CREATE, BATCH)) {
			Optional<IdempotentRequest> claimed = this.requests.claimUnresolved(id);
			if (claimed.isEmpty()) {
				continue;
			}
			IdempotentRequest creation = claimed.get();
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
				log.warn("Could not resolve create {}: {}", creation.subject(), ex.getMessage());
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
