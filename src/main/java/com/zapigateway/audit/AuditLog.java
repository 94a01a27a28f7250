package com.zapigateway.audit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Security-relevant events (who did what to which tenant's instance, and how it ended),
 * written to the {@code audit} logger. Never given a token or key.
 */
@Component
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("audit");

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
	}

	/** Audited actions. */
	public enum Action {

		INSTANCE_CREATE("instance.create"), CREDENTIALS_READ("instance.credentials.read"),
		AUTHENTICATION("authentication");

		private final String key;

		Action(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

}
