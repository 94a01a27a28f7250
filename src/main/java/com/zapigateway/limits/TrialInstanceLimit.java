package com.zapigateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

import com.zapigateway.limits.LimitsProperties;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

import org.springframework.stereotype.Component;

/**
 * The per-tenant cap on instances still in trial. Counts what is stored plus the creates
 * in flight on this replica, so concurrent creates of one tenant cannot all slip under
 * the cap (a create finishing meanwhile may be counted twice, refusing at the cap's edge
 * rather than passing it); across N replicas it may be exceeded by at most the creates in
 * flight on the other replicas.
 */
@Component
public class TrialInstanceLimit {

	private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final int max;

	TrialInstanceLimit(LimitsProperties properties) {
		this.max = properties.maxTrialInstancesPerTenant();
	}

	/**
	 * Reserves one slot for a create. The stored count is read and the slot taken under
	 * one per-tenant lock (held for that short query only, never during the Z-API call).
	 * @param tenantId the tenant
	 * @param storedInTrial counts the tenant's stored instances still in trial, up to the
	 * given number (a count that reaches the cap need not go further)
	 * @return the reservation, to close once the create has ended (stored or failed)
	 * @throws LimitReachedException if the tenant is at its cap
	 */
	public Reservation reserve(String tenantId, IntToLongFunction storedInTrial) {
		ReentrantLock lock = this.locks.computeIfAbsent(tenantId, (tenant) -> new ReentrantLock());
		lock.lock();
		try {
			// in-flight first: a create leaves it only after it is stored (or failed), so
			// one that finishes meanwhile is in the count or still here, never in neither
			int pending = this.inFlight.getOrDefault(tenantId, 0);
			long stored = storedInTrial.applyAsLong(this.max);
			if (stored + pending >= this.max) {
				throw new LimitReachedException(tenantId, this.max);
			}
			this.inFlight.merge(tenantId, 1, Integer::sum);
		}
		finally {
			lock.unlock();
		}
		return () -> this.inFlight.computeIfPresent(tenantId, (tenant, current) -> (current > 1) ? current - 1 : null);
	}

	int max() {
		return this.max;
	}

	public interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

	public static class LimitReachedException extends ProblemException {

		LimitReachedException(String tenantId, int max) {
			super(Problem.TRIAL_INSTANCE_LIMIT, tenantId, max);
		}

	}

}
