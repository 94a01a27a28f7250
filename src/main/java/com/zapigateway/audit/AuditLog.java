package com.zapigateway.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		// an audit row is kept even if the caller's transaction rolls back
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
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
		try {
			this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql("""
					insert into audit_events (occurred_at, action, client, tenant_id, instance_id, outcome, request_id)
					values (?, ?, ?, ?, ?, ?, ?)
					""")
				.params(Timestamp.from(this.clock.instant()), action.key(), truncate(client, 100),
						truncate(tenantId, 64), truncate(instanceId, 255), truncate(outcome, 64),
						truncate(requestId, 64))
				.update());
		}
		catch (DataAccessException | org.springframework.transaction.TransactionException ex) {
			log.error("Audit event action={} requestId={} could not be stored: {}", action.key(), requestId,
					ex.getClass().getSimpleName());
		}
	}

	private static @Nullable String truncate(@Nullable String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
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
