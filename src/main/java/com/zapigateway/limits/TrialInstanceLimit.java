package com.zapigateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

import org.springframework.stereotype.Component;

/**
 * The per-tenant cap on instances still in trial. Counts what is stored plus the creates
 * in flight on this replica, so concurrent creates of one tenant cannot all slip under
 * the cap (a create finishing meanwhile may be counted twice, refusing at the cap's edge
 * rather than passing it); across N replicas it may be exceeded by at most the creates in
 * flight on the other replicas.
 */
@Component
class TrialInstanceLimit {

	private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

	// striped rather than one lock per tenant ever seen, so memory stays bounded however
	// many tenants call; two tenants sharing a stripe only wait for each other's short
	// count
	private final ReentrantLock[] locks = new ReentrantLock[64];

	private final int max;

	TrialInstanceLimit(LimitsProperties properties) {
		this.max = properties.maxTrialInstancesPerTenant();
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * Reserves one slot for a create. The stored count is read and the slot taken under
	 * the tenant's lock (held for that short query only, never during the Z-API call).
	 * @param tenantId the tenant
	 * @param storedInTrial counts the tenant's stored instances still in trial, up to the
	 * given number (a count that reaches the cap need not go further)
	 * @return the reservation, to close once the create has ended (stored or failed)
	 * @throws TrialLimitReachedException if the tenant is at its cap
	 */
	CreateLimits.Reservation reserve(String tenantId, IntToLongFunction storedInTrial) {
		ReentrantLock lock = this.locks[Math.floorMod(tenantId.hashCode(), this.locks.length)];
		lock.lock();
		try {
			// in-flight first: a create leaves it only after it is stored (or failed), so
			// one that finishes meanwhile is in the count or still here, never in neither
			int pending = this.inFlight.getOrDefault(tenantId, 0);
			long stored = storedInTrial.applyAsLong(this.max);
			if (stored + pending >= this.max) {
				throw new TrialLimitReachedException(tenantId, this.max);
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

}
