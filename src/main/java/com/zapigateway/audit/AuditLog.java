package com.zapigateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Security-relevant events (who did what to which tenant's instance, and how it ended),
 * written to the {@code audit} logger and to the {@code audit_events} table, with the
 * request id of the request that caused them, and counted in the
 * {@code gateway.operations} metric (tags {@code action} and {@code outcome}: creates by
 * outcome, subscriptions, ...). Never given a token or key.
 */
@Component
public class AuditLog {

	/** The MDC key under which the current request id is kept. */
	public static final String REQUEST_ID = "requestId";

	private static final Logger log = LoggerFactory.getLogger("audit");

	private final ObjectProvider<AuditEventStore> store;

	private final MeterRegistry meters;

	/**
	 * Creates the audit log.
	 * @param store the table writer; absent only in web slice tests without a database
	 * @param meters the meter registry; the global one where there is none (test slices)
	 */
	AuditLog(ObjectProvider<AuditEventStore> store, ObjectProvider<MeterRegistry> meters) {
		this.store = store;
		this.meters = meters.getIfAvailable(() -> Metrics.globalRegistry);
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
		logAndCount(action, client, tenantId, instanceId, outcome, requestId);
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

	/**
	 * Records one event that is true only if the caller's transaction commits (e.g. an
	 * instance stored): the row is written in that transaction (no round trip or commit
	 * of its own), the log line and the metric follow the commit. Outside a transaction
	 * it is {@link #record}.
	 * @param action what was done
	 * @param client the calling client's name
	 * @param tenantId the tenant acted for
	 * @param instanceId the Z-API instance id
	 * @param outcome how it ended
	 */
	public void recordOnCommit(Action action, @Nullable String client, @Nullable String tenantId,
			@Nullable String instanceId, String outcome) {
		AuditEventStore events = this.store.getIfAvailable();
		if (events == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			record(action, client, tenantId, instanceId, outcome);
			return;
		}
		String requestId = MDC.get(REQUEST_ID);
		events.insertInCurrentTransaction(action.key(), client, tenantId, instanceId, outcome, requestId);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				logAndCount(action, client, tenantId, instanceId, outcome, requestId);
			}
		});
	}

	private void logAndCount(Action action, @Nullable String client, @Nullable String tenantId,
			@Nullable String instanceId, String outcome, @Nullable String requestId) {
		log.info("action={} client={} tenant={} instance={} outcome={} requestId={}", action.key(), client, tenantId,
				instanceId, outcome, requestId);
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
		AUTHENTICATION("authentication"), AUTHORIZATION("authorization"), TOKEN_REENCRYPTION("token.reencryption"),
		INSTANCE_SUBSCRIBE("instance.subscribe"), INSTANCE_CANCEL("instance.cancel"),
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
