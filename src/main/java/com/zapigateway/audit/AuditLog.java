package com.zapigateway.audit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.dao.DataAccessException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Security-relevant events (who did what to which tenant's instance, and how it ended),
 * written to the {@code audit} logger and to the {@code audit_events} table, with the
 * request id of the request that caused them. Never given a token or key.
 */
@Component
public class AuditLog {

	/** The MDC key under which the current request id is kept. */
	public static final String REQUEST_ID = "requestId";

	private static final Logger log = LoggerFactory.getLogger("audit");

	private final ObjectProvider<AuditEventStore> store;

	/**
	 * Creates the audit log.
	 * @param store the table writer; absent only in web slice tests without a database
	 */
	AuditLog(ObjectProvider<AuditEventStore> store) {
		this.store = store;
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
		String requestId = MDC.get(REQUEST_ID);
		log.info("action={} client={} tenant={} instance={} outcome={} requestId={}", action.key(), client, tenantId,
				instanceId, outcome, requestId);
		AuditEventStore events = this.store.getIfAvailable();
		if (events == null) {
			return;
		}
		try {
			events.insert(action.key(), client, tenantId, instanceId, outcome, requestId);
		}
		catch (DataAccessException | TransactionException ex) {
			log.error("Audit event action={} requestId={} could not be stored: {}", action.key(), requestId,
					ex.getClass().getSimpleName());
		}
	}

	/** Audited actions. */
	public enum Action {

		INSTANCE_CREATE("instance.create"), CREDENTIALS_READ("instance.credentials.read"),
		AUTHENTICATION("authentication"), AUTHORIZATION("authorization"), TOKEN_REENCRYPTION("token.reencryption");

		private final String key;

		Action(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

}
