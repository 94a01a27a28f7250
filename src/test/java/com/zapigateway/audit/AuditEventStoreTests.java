package com.zapigateway.audit;

import java.time.Instant;

import com.zapigateway.support.PostgresTestConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Audit rows against a real PostgreSQL: written with or without a caller's transaction,
 * kept when the caller's transaction rolls back, values cut to their columns.
 */
// the audit module alone: its beans, the database and the auto-configuration (the
// readiness group names a health indicator that lives in another module)
@ApplicationModuleTest
@Import(PostgresTestConfiguration.class)
@TestPropertySource(properties = "management.endpoint.health.validate-group-membership=false")
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AuditEventStoreTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@Autowired
	private AuditEventStore store;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void writesARowWithoutATransaction() {
		this.store.insert(
				new AuditLog.Event(NOW, AuditLog.Action.INSTANCE_CREATE, "svc", "acme", "Z1", "created", "req-no-tx"));

		assertThat(this.jdbc
			.sql("select action, client, tenant_id, instance_id, outcome, occurred_at"
					+ " from audit_events where request_id = 'req-no-tx'")
			.query((rs, row) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
					+ "|" + rs.getString(5) + "|" + rs.getTimestamp(6).toInstant())
			.list()).containsExactly("instance.create|svc|acme|Z1|created|" + NOW);
	}

	@Test
	void keepsTheRowWhenTheCallersTransactionRollsBack() {
		TransactionTemplate callers = new TransactionTemplate(this.transactionManager);
		assertThatIllegalStateException().isThrownBy(() -> callers.executeWithoutResult((status) -> {
			this.store.insert(new AuditLog.Event(NOW, AuditLog.Action.INSTANCE_CANCEL, "svc", "acme", "Z2", "failed",
					"req-rolled-back"));
			throw new IllegalStateException("the caller fails after auditing");
		}));

		assertThat(this.jdbc.sql("select count(*) from audit_events where request_id = 'req-rolled-back'")
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void cutsOverlongValuesToTheirColumns() {
		this.store.insert(new AuditLog.Event(NOW, AuditLog.Action.INSTANCE_CREATE, "c".repeat(150), "t".repeat(100),
				"i".repeat(300), "o".repeat(80), "req-long"));

		assertThat(this.jdbc
			.sql("select length(client), length(tenant_id), length(instance_id), length(outcome)"
					+ " from audit_events where request_id = 'req-long'")
			.query((rs, row) -> rs.getInt(1) + "," + rs.getInt(2) + "," + rs.getInt(3) + "," + rs.getInt(4))
			.single()).isEqualTo("100,64,255,64");
	}

}
