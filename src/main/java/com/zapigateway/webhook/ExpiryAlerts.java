package com.zapigateway.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zapigateway.instance.InstanceView;
import com.zapigateway.instance.Instances;
import com.zapigateway.shared.jobs.JobRuns;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds instances whose trial (or cancelled subscription) is about to end or has ended,
 * for tenants with a webhook, and records one event per instance, kind and due date in
 * the outbox (a later due date, after a sync, is a new event). One replica at a time;
 * duplicates are impossible anyway (unique dedup key).
 */
@Component
public class ExpiryAlerts {

	static final String EXPIRING_SOON = "instance.trial_expiring_soon";

	static final String EXPIRED = "instance.trial_expired";

	static final String JOB = "expiry-alerts";

	private static final int MAX_PER_SCAN = 10_000;

	private static final Logger log = LoggerFactory.getLogger(ExpiryAlerts.class);

	private final Instances instances;

	private final WebhookStore store;

	private final WebhookProperties properties;

	private final JsonMapper json;

	private final JobRuns runs;

	private final Clock clock;

	ExpiryAlerts(Instances instances, WebhookStore store, WebhookProperties properties, JsonMapper json, JobRuns runs,
			Clock clock) {
		this.instances = instances;
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.runs = runs;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${gateway.webhooks.scan-interval:1m}", initialDelayString = "30s")
	@SchedulerLock(name = JOB, lockAtMostFor = "10m")
	public void scheduled() {
		try {
			scan();
		}
		catch (RuntimeException ex) {
			log.warn("Expiry alert scan failed: {}", ex.getMessage());
		}
	}

	/**
	 * One scan.
	 * @return how many events were enqueued
	 */
	public int scan() {
		return this.runs.record(JOB, () -> {
			Map<String, WebhookStore.Webhook> webhooks = this.store.all();
			if (webhooks.isEmpty()) {
				return 0;
			}
			// to the microsecond PostgreSQL keeps: the event's occurredAt and created_at
			// agree
			Instant now = this.clock.instant();
			int enqueued = 0;
			enqueued += enqueue(EXPIRING_SOON,
					this.instances.runningOut(now, now.plus(this.instances.expiringSoonWindow()), MAX_PER_SCAN),
					webhooks, now);
			enqueued += enqueue(EXPIRED,
					this.instances.runningOut(now.minus(this.properties.expiredLookback()), now, MAX_PER_SCAN),
					webhooks, now);
			return enqueued;
		});
	}

	private int enqueue(String type, List<InstanceView> running, Map<String, WebhookStore.Webhook> webhooks,
			Instant now) {
		int enqueued = 0;
		for (InstanceView instance : running) {
			if (!webhooks.containsKey(instance.tenantId())) {
				continue;
			}
			UUID id = UUID.randomUUID();
			String dedup = type + ":" + instance.id() + ":" + instance.dueAt().toEpochMilli();
			if (this.store.enqueue(id, instance.tenantId(), type, instance.id(), dedup,
					payload(id, type, instance, now), now)) {
				enqueued++;
			}
		}
		return enqueued;
	}

	private String payload(UUID id, String type, InstanceView instance, Instant now) {
		Map<String, Object> about = new LinkedHashMap<>();
		about.put("id", instance.id());
		about.put("name", instance.name());
		about.put("dueAt", instance.dueAt().toString());
		about.put("lifecycle", instance.lifecycle().state().name());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("id", id.toString());
		event.put("type", type);
		event.put("occurredAt", now.toString());
		event.put("tenantId", instance.tenantId());
		event.put("instance", about);
		return this.json.writeValueAsString(event);
	}

}
