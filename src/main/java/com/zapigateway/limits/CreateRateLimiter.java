package com.zapigateway.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Limits how fast each client may create instances, with one in-memory token bucket per
 * client (Bucket4j). The limit holds per replica: with N replicas a client may create up
 * to N times the configured rate.
 */
@Component
@EnableConfigurationProperties(LimitsProperties.class)
class CreateRateLimiter {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final LimitsProperties.Rate rate;

	CreateRateLimiter(LimitsProperties properties) {
		this.rate = properties.createRate();
	}

	/**
	 * Takes one create from the client's bucket.
	 * @param client the client's name (clients are configured, so the map stays bounded)
	 * @throws RateLimitedException if the bucket is empty
	 */
	void acquire(String client) {
		ConsumptionProbe probe = this.buckets.computeIfAbsent(client, (name) -> newBucket())
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new RateLimitedException(Duration.ofNanos(probe.getNanosToWaitForRefill()), this.rate.capacity(),
					this.rate.period());
		}
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.rate.capacity())
				.refillGreedy(this.rate.capacity(), this.rate.period())
				.build())
			.build();
	}

}
