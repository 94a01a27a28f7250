package com.zapigateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Security-relevant events (who did what to which tenant's instance, and how it ended),
 * written to the {@code audit} logger and counted in the {@code gateway.operations}
 * metric (tags {@code action} and {@code outcome}: creates by outcome, subscriptions,
 * ...). Never given a token or key.
 */
@Component
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("audit");

	private final MeterRegistry meters;

	public AuditLog() {
		this(Metrics.globalRegistry);
	}

	public AuditLog(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * The application's meter registry, or the global one where there is none (test
	 * slices).
	 * @param meters the registry, if any
	 */
	@Autowired
	public AuditLog(ObjectProvider<MeterRegistry> meters) {
		this(meters.getIfAvailable(() -> Metrics.globalRegistry));
	}

	/**
	 * Records one event.
	 * @param action what was attempted
	 * @param client the calling client's name, or {@code null} if unauthenticated
	 * @param tenantId the tenant acted for, if known
	 * @param instanceId the Z-API instance id, if known
	 * @param outcome how it ended, e.g. {@code created}, {@code failed}
	 */
	public void record(Action action, @Nullable String client, @Nullable String tenantId, @Nullable String instanceId,
			String outcome) {
		log.info("action={} client={} tenant={} instance={} outcome={}", action.key(), client, tenantId, instanceId,
				outcome);
		Counter.builder("gateway.operations")
			.description("Audited operations by action and outcome")
			.tag("action", action.key())
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	/** Audited actions. */
	public enum Action {

		INSTANCE_CREATE("instance.create"), CREDENTIALS_READ("instance.credentials.read"),
		AUTHENTICATION("authentication"), INSTANCE_SUBSCRIBE("instance.subscribe"), INSTANCE_CANCEL("instance.cancel"),
		WEBHOOK_REGISTER("webhook.register"), WEBHOOK_DELETE("webhook.delete");

		private final String key;

		Action(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

}
