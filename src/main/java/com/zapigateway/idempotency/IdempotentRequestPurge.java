package com.zapigateway.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets Idempotency-Keys (of every scope) older than
 * {@code gateway.idempotency.key-retention} (at least 24 h), every
 * {@code gateway.idempotency.purge-interval}. A plain delete: any number of replicas may
 * run it.
 */
@Component
class IdempotentRequestPurge {

	private static final Logger log = LoggerFactory.getLogger(IdempotentRequestPurge.class);

	private final IdempotentRequests requests;

	private final IdempotencyProperties properties;

	IdempotentRequestPurge(IdempotentRequests requests, IdempotencyProperties properties) {
		this.requests = requests;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${gateway.idempotency.purge-interval:1h}",
			initialDelayString = "${gateway.idempotency.purge-interval:1h}")
	void scheduledPurge() {
		try {
			int purged = this.requests.purgeExpired();
			if (purged > 0) {
				log.info("Purged {} Idempotency-Keys older than {}", purged, this.properties.keyRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency-Key purge failed: {}", ex.getMessage());
		}
	}

}
