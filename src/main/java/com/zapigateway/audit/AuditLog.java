package com.zapigateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

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

	private final Clock clock;

	/**
	 * Creates the audit log.
	 * @param store the table writer; absent only in web slice tests without a database
	 * @param meters the meter registry; the global one where there is none (test slices)
	 * @param clock the clock; the system's where there is none (test slices)
	 */
	AuditLog(ObjectProvider<AuditEventStore> store, ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
		this.store = store;
		this.meters = meters.getIfAvailable(() -> Metrics.globalRegistry);
		this.clock = clock.getIfAvailable(Clock::systemUTC);
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
			events.insert(event(action, client, tenantId, instanceId, outcome));
		}
		catch (DataAccessException | TransactionException ex) {
			log.error("Audit event action={} requestId={} could not be stored: {}", action.key(), requestId,
					ex.getClass().getSimpleName());
		}
	}

	/**
	 * Prepares an event whose row is written in the transaction that makes it true (see
	 * {@link #insert(Event)}). Once that transaction has committed,
	 * {@link #written(Event)} logs and counts it.
	 * @param action what was done
	 * @param client the calling client's name
	 * @param tenantId the tenant acted for
	 * @param instanceId the Z-API instance id
	 * @param outcome how it ended
	 * @return the event, with the current time and request id
	 */
	public Event event(Action action, @Nullable String client, @Nullable String tenantId, @Nullable String instanceId,
			String outcome) {
		return new Event(this.clock.instant(), action, client, tenantId, instanceId, outcome, MDC.get(REQUEST_ID));
	}

	/**
	 * Writes the row of an event from {@link #event} in the caller's transaction, so that
	 * it commits or rolls back with what it records (the transaction that stores an
	 * instance writes its "created" row). A failure propagates.
	 * @param event the event
	 */
	public void insert(Event event) {
		this.store.getObject().insertInCurrentTransaction(event);
	}

	/**
	 * Logs and counts an event from {@link #event} whose row the caller has written and
	 * committed.
	 * @param event the event
	 */
	public void written(Event event) {
		logAndCount(event.action(), event.client(), event.tenantId(), event.instanceId(), event.outcome(),
				event.requestId());
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

	/**
	 * One audit event, its values cut to the lengths of the columns of
	 * {@code audit_events} as it is made (a longer value is never refused).
	 *
	 * @param occurredAt when it happened
	 * @param action what was done
	 * @param client the calling client's name
	 * @param tenantId the tenant acted for
	 * @param instanceId the Z-API instance id
	 * @param outcome how it ended
	 * @param requestId the request that caused it
	 */
	public record Event(Instant occurredAt, Action action, @Nullable String client, @Nullable String tenantId,
			@Nullable String instanceId, String outcome, @Nullable String requestId) {

		public Event {
			client = bound(client, 100);
			tenantId = bound(tenantId, 64);
			instanceId = bound(instanceId, 255);
			outcome = Objects.requireNonNull(bound(outcome, 64));
			requestId = bound(requestId, 64);
		}

		private static @Nullable String bound(@Nullable String value, int max) {
			return (value != null && value.length() > max) ? value.substring(0, max) : value;
		}

	}

	/** Audited actions. */
	public enum Action {

		INSTANCE_CREATE("instance.create"), CREDENTIALS_READ("instance.credentials.read"),
		AUTHENTICATION("authentication"), AUTHORIZATION("authorization"), TOKEN_REENCRYPTION("token.reencryption"),
		INSTANCE_SUBSCRIBE("instance.subscribe"), INSTANCE_CANCEL("instance.cancel"),
		WEBHOOK_REGISTER("webhook.register"), WEBHOOK_DELETE("webhook.delete"),
		INSTANCE_SUBSCRIPTION_UPGRADE("instance.subscription.upgrade"), CONNECTION_STATUS("instance.connection.status"),
		CONNECTION_QR_CODE("instance.connection.qr-code"), CONNECTION_PHONE_CODE("instance.connection.phone-code"),
		CONNECTION_RESTART("instance.connection.restart"), CONNECTION_DISCONNECT("instance.connection.disconnect"),
		INSTANCE_ADOPT("instance.adopt");

		private final String key;

		Action(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

}
