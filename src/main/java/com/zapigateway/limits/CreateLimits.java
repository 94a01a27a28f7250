package com.zapigateway.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zapigateway.instance.Instances;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Service;

/**
 * The limits on creating instances: how fast each client may ask (every create request,
 * replays included), and how many instances in trial each tenant may have (checked only
 * just before a new Z-API create, see {@link TrialInstanceLimit}).
 * <p>
 * The rate is one in-memory token bucket per client (Bucket4j): the limit holds per
 * replica, so with N replicas a client may create up to N times the configured rate.
 */
@Service
public class CreateLimits {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final LimitsProperties.Rate rate;

	private final TrialInstanceLimit trial;

	private final Instances instances;

	CreateLimits(LimitsProperties properties, TrialInstanceLimit trial, Instances instances) {
		this.rate = properties.createRate();
		this.trial = trial;
		this.instances = instances;
	}

	/**
	 * Takes one create from the client's bucket.
	 * @param client the client's name (clients are configured, so the map stays bounded)
	 * @throws RateLimitedException if the client asked too fast
	 */
	public void takeCreate(String client) {
		ConsumptionProbe probe = this.buckets.computeIfAbsent(client, (name) -> newBucket())
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new RateLimitedException(Duration.ofNanos(probe.getNanosToWaitForRefill()), this.rate.capacity(),
					this.rate.period());
		}
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

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.rate.capacity())
				.refillGreedy(this.rate.capacity(), this.rate.period())
				.build())
			.build();
	}

	/**
	 * A trial slot held while a create is in flight.
	 */
	public interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

}
