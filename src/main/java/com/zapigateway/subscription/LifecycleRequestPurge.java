package com.zapigateway.subscription;

import com.zapigateway.idempotency.IdempotencyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets the Idempotency-Keys of subscribes and cancels like create's keys: older than
 * {@code gateway.creation.key-retention} (at least 24 h), every
 * {@code gateway.creation.purge-interval}. A plain delete: any number of replicas may run
 * it.
 */
@Component
class LifecycleRequestPurge {

	private static final Logger log = LoggerFactory.getLogger(LifecycleRequestPurge.class);

	private final LifecycleRequestRepository requests;

	private final IdempotencyProperties properties;

	LifecycleRequestPurge(LifecycleRequestRepository requests, IdempotencyProperties properties) {
		this.requests = requests;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${gateway.creation.purge-interval:1h}",
			initialDelayString = "${gateway.creation.purge-interval:1h}")
	void scheduledPurge() {
		try {
			int purged = purgeOnce();
			if (purged > 0) {
				log.info("Purged {} subscribe/cancel Idempotency-Keys older than {}", purged,
						this.properties.keyRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Subscribe/cancel Idempotency-Key purge failed: {}", ex.getMessage());
		}
	}

	/**
	 * Deletes the keys older than the retention that nobody holds.
	 * @return how many
	 */
	int purgeOnce() {
		return this.requests.purgeExpired(this.properties.keyRetention());
	}

}
