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
 * Writes audit events to the {@code audit_events} table, each on its own: inside a
 * caller's transaction in a new one (an audit row is kept even if the caller's
 * transaction rolls back), otherwise as one auto-committed statement. (The statement that
 * finishes a create writes its row itself, from an {@link AuditLog.Event}.)
 */
@Component
class AuditEventStore {

	static final int CLIENT_LENGTH = 100;

	static final int TENANT_LENGTH = 64;

	static final int INSTANCE_LENGTH = 255;

	static final int OUTCOME_LENGTH = 64;

	static final int REQUEST_ID_LENGTH = 64;

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

	private void insertInCurrentTransaction(String action, @Nullable String client, @Nullable String tenantId,
			@Nullable String instanceId, String outcome, @Nullable String requestId) {
		this.jdbc.sql("""
				insert into audit_events (occurred_at, action, client, tenant_id, instance_id, outcome, request_id)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(Timestamp.from(this.clock.instant()), action, bound(client, CLIENT_LENGTH),
					bound(tenantId, TENANT_LENGTH), bound(instanceId, INSTANCE_LENGTH), bound(outcome, OUTCOME_LENGTH),
					bound(requestId, REQUEST_ID_LENGTH))
			.update();
	}

	/** Cuts a value to its column's length. */
	static @Nullable String bound(@Nullable String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

}
