package com.zapigateway.creation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.support.GatewayTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The statement that finishes a create, against a real PostgreSQL with the Flyway schema:
 * the DONE mark, the instance and the audit row are written together or not at all, and
 * never twice. Runs without a test transaction, as the gateway does (auto-commit).
 */
@GatewayTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class CreationRepositoryTests {

	private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

	@Autowired
	private CreationRepository creations;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void finishMarksTheIntentDoneStoresTheInstanceAndAuditsItInOneStatement() {
		Creation intent = intent("finish-1");
		String zapiId = "Z-" + intent.reference();

		CreationRepository.Finish finish = this.creations.finish(intent.id(), row(zapiId, "Loja 1", "loja"),
				event(zapiId, "created", "req-" + intent.reference()));

		assertThat(finish).isEqualTo(CreationRepository.Finish.STORED);
		Creation done = this.creations.findById(intent.id()).orElseThrow();
		assertThat(done.state()).isEqualTo(CreationState.DONE);
		assertThat(done.zapiId()).isEqualTo(zapiId);
		assertThat(this.jdbc.sql("""
				select tenant_id, token, name, session_name, zapi_request ->> 'name', due_at, due_estimated, created_at,
				       created_by, lifecycle
				from instances where zapi_id = :zapiId
				""")
			.param("zapiId", zapiId)
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getTimestamp(6).toInstant().toString(), rs.getString(7),
					rs.getTimestamp(8).toInstant().toString(), rs.getString(9), rs.getString(10)))
			.single())
			.isEqualTo("acme|sealed-" + zapiId + "|Loja 1|loja|Loja 1 [gw:x]|" + T0.plus(Duration.ofDays(2)) + "|f|"
					+ T0 + "|svc|TRIAL");
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-" + intent.reference());
	}

	@Test
	void aSecondFinishOfTheSameIntentWritesNothing() {
		Creation intent = intent("finish-2");
		String zapiId = "Z-" + intent.reference();
		this.creations.finish(intent.id(), row(zapiId, "first", null), event(zapiId, "created", "req-first"));

		CreationRepository.Finish again = this.creations.finish(intent.id(), row(zapiId, "second", null),
				event(zapiId, "adopted", "req-second"));

		assertThat(again).isEqualTo(CreationRepository.Finish.ALREADY_FINISHED);
		assertThat(instanceNames(zapiId)).containsExactly("first");
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-first");
	}

	@Test
	void anInstanceAlreadyStoredIsKeptAndTheIntentStillFinishes() {
		Creation first = intent("finish-3a");
		Creation second = intent("finish-3b");
		String zapiId = "Z-" + first.reference();
		this.creations.finish(first.id(), row(zapiId, "first", null), event(zapiId, "created", "req-3a"));

		CreationRepository.Finish finish = this.creations.finish(second.id(), row(zapiId, "second", null),
				event(zapiId, "adopted", "req-3b"));

		assertThat(finish).isEqualTo(CreationRepository.Finish.ALREADY_STORED);
		assertThat(this.creations.findById(second.id()).orElseThrow().state()).isEqualTo(CreationState.DONE);
		assertThat(instanceNames(zapiId)).containsExactly("first");
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-3a",
				"instance.create|svc|acme|adopted|req-3b");
	}

	@Test
	void whenThePartThatStoresTheInstanceFailsNothingIsWritten() {
		Creation intent = intent("finish-4");
		String zapiId = "Z-" + intent.reference();

		// instances.name holds 120 characters: the insert fails inside the statement
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.creations
			.finish(intent.id(), row(zapiId, "n".repeat(121), null), event(zapiId, "created", "req-4")));

		Creation after = this.creations.findById(intent.id()).orElseThrow();
		assertThat(after.state()).isEqualTo(CreationState.PENDING);
		assertThat(after.zapiId()).isNull();
		assertThat(this.jdbc.sql("select count(*) from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query(Long.class)
			.single()).isZero();
		assertThat(auditRows(zapiId)).isEmpty();
	}

	private Creation intent(String key) {
		String reference = GatewayReference.next();
		return this.creations
			.insert(reference, "acme", key + "-" + reference, "fingerprint", "{\"name\":\"Loja 1\"}", "svc",
					Duration.ofMinutes(1))
			.orElseThrow();
	}

	private static InstanceRow row(String zapiId, String name, @Nullable String sessionName) {
		String json = "{\"name\":\"" + name + " [gw:x]\"" + ((sessionName != null) ? ",\"sessionName\":\"loja\"" : "")
				+ "}";
		return new InstanceRow(UUID.randomUUID(), "acme", zapiId, "sealed-" + zapiId, name, sessionName, json,
				T0.plus(Duration.ofDays(2)), false, T0, "svc");
	}

	private static AuditLog.Event event(String zapiId, String outcome, String requestId) {
		return new AuditLog.Event(T0, AuditLog.Action.INSTANCE_CREATE, "svc", "acme", zapiId, outcome, requestId);
	}

	private java.util.List<String> instanceNames(String zapiId) {
		return this.jdbc.sql("select name from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query(String.class)
			.list();
	}

	private java.util.List<String> auditRows(String zapiId) {
		return this.jdbc
			.sql("select action, client, tenant_id, outcome, request_id from audit_events where instance_id = :zapiId"
					+ " order by id")
			.param("zapiId", zapiId)
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
	}

}
