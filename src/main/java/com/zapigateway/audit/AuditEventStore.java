package com.zapigateway.audit;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit events to the {@code audit_events} table, each on its own: inside a
 * caller's transaction in a new one (an audit row is kept even if the caller's
 * transaction rolls back), otherwise as one auto-committed statement; or, for an event
 * that must commit with what it records, in the caller's transaction.
 */
@Component
class AuditEventStore {

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	AuditEventStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	void insert(AuditLog.Event event) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			this.ownTransaction.executeWithoutResult((status) -> insertInCurrentTransaction(event));
		}
		else {
			insertInCurrentTransaction(event);
		}
	}

	void insertInCurrentTransaction(AuditLog.Event event) {
		this.jdbc.sql("""
				insert into audit_events (occurred_at, action, client, tenant_id, instance_id, outcome, request_id)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(Timestamp.from(event.occurredAt()), event.action().key(), event.client(), event.tenantId(),
					event.instanceId(), event.outcome(), event.requestId())
			.update();
	}

}
