package com.zapigateway.instance;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.instances} gauges, one per {@code trial_status}, over all tenants.
 * Refreshed on a schedule (one grouped query) rather than per scrape, so scrapes never
 * load the database; every replica reports the same global numbers (use {@code max} in
 * queries, not {@code sum}).
 */
@Component
class InstanceMetrics {

	private static final Logger log = LoggerFactory.getLogger(InstanceMetrics.class);

	private final Instances instances;

	private final Map<TrialStatus, AtomicLong> counts = new EnumMap<>(TrialStatus.class);

	InstanceMetrics(Instances instances, MeterRegistry meters) {
		this.instances = instances;
		for (TrialStatus status : TrialStatus.values()) {
			AtomicLong count = new AtomicLong();
			this.counts.put(status, count);
			Gauge.builder("gateway.instances", count, AtomicLong::get)
				.description("Instances by trial status (all tenants)")
				.tag("trial_status", status.name())
				.register(meters);
		}
	}

	@Scheduled(fixedDelayString = "${gateway.metrics.instances-refresh:1m}", initialDelayString = "10s")
	void scheduledRefresh() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh instance metrics: {}", ex.getMessage());
		}
	}

	void refresh() {
		this.instances.countsByTrialStatus().forEach((status, count) -> this.counts.get(status).set(count));
	}

}
