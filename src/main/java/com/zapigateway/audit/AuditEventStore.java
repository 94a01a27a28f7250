package com.zapigateway.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit events to the {@code audit_events} table. {@link #insert} writes each on
 * its own: inside a caller's transaction in a new one (an audit row is kept even if the
 * caller's transaction rolls back), otherwise as one auto-committed statement.
 * {@link #insertInCurrentTransaction} joins the caller's transaction, for events that are
 * true only if it commits.
 */
@Component
class AuditEventStore {

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	AuditEventStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	void insert(String action, @Nullable String client, @Nullable String tenantId, @Nullable String instanceId,
			String outcome, @Nullable String requestId) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			this.ownTransaction.executeWithoutResult(
					(status) -> insertInCurrentTransaction(action, client, tenantId, instanceId, outcome, requestId));
		}
		else {
			insertInCurrentTransaction(action, client, tenantId, instanceId, outcome, requestId);
		}
	}

	/**
	 * Writes the row in the caller's transaction (or auto-committed without one): it
	 * commits or rolls back with the caller's work.
	 */
	void insertInCurrentTransaction(String action, @Nullable String client, @Nullable String tenantId,
			@Nullable String instanceId, String outcome, @Nullable String requestId) {
		this.jdbc.sql("""
				insert into audit_events (occurred_at, action, client, tenant_id, instance_id, outcome, request_id)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(Timestamp.from(this.clock.instant()), action, truncate(client, 100), truncate(tenantId, 64),
					truncate(instanceId, 255), truncate(outcome, 64), truncate(requestId, 64))
			.update();
	}

	private static @Nullable String truncate(@Nullable String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

}
