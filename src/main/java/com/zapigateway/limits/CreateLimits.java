package com.zapigateway.limits;

import com.zapigateway.instance.Instances;

import org.springframework.stereotype.Service;

/**
 * The limits on creating instances: how fast each client may ask (every create request,
 * replays included), and how many instances in trial each tenant may have (checked only
 * just before a new Z-API create).
 */
@Service
public class CreateLimits {

	private final CreateRateLimiter rate;

	private final TrialInstanceLimit trial;

	private final Instances instances;

	CreateLimits(CreateRateLimiter rate, TrialInstanceLimit trial, Instances instances) {
		this.rate = rate;
		this.trial = trial;
		this.instances = instances;
	}

	/**
	 * Takes one create from the client's bucket.
	 * @param client the client's name
	 * @throws RateLimitedException if the client asked too fast
	 */
	public void takeCreate(String client) {
		this.rate.acquire(client);
	}

	/**
	 * Reserves one of the tenant's trial slots for a new Z-API create.
	 * @param tenantId the tenant
	 * @return the reservation, to close once the create has ended (stored or failed)
	 * @throws TrialLimitReachedException if the tenant is at its cap
	 */
	public Reservation reserveTrialSlot(String tenantId) {
		return this.trial.reserve(tenantId, (upTo) -> this.instances.countInTrialUpTo(tenantId, upTo));
	}

	/**
	 * A trial slot held while a create is in flight.
	 */
	public interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

}
