package com.zapigateway.creation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.instance.TokenCipher;
import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.instance.NewInstance;
import com.zapigateway.support.GatewayIntegrationTest;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The transaction that finishes a create, against a real PostgreSQL with the Flyway
 * schema: the DONE mark, the instance and the audit row are written together or not at
 * all, and never twice.
 */
class CreationFinishTests extends GatewayIntegrationTest {

	private static final Instant DUE = Instant.parse("2026-03-03T12:00:00.123456Z");

	@Autowired
	private CreationService creations;

	@Autowired
	private IdempotentRequests requests;

	@Autowired
	private TokenCipher cipher;

	@AfterEach
	void clearRequestId() {
		MDC.remove(AuditLog.REQUEST_ID);
	}

	@Test
	void finishMarksTheIntentDoneStoresTheInstanceAndAuditsItInOneTransaction() {
		IdempotentRequest intent = intent("finish-1");
		String zapiId = "Z-" + intent.subject();
		MDC.put(AuditLog.REQUEST_ID, "req-" + intent.subject());

		CreatedInstance answer = this.creations.finish(intent, instance(zapiId, "Loja 1", "loja"), "created");

		IdempotentRequest done = this.requests.find(intent.id()).orElseThrow();
		assertThat(done.state()).isEqualTo(IdempotentRequest.State.DONE);
		assertThat(done.result()).isEqualTo(zapiId);
		assertThat(this.jdbc
			.sql("""
					select tenant_id, name, session_name, zapi_request ->> 'name', due_at, due_estimated, created_by, lifecycle
					from instances where zapi_id = :zapiId
					""")
			.param("zapiId", zapiId)
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant().toString(), rs.getString(6), rs.getString(7), rs.getString(8)))
			.single()).isEqualTo("acme|Loja 1|loja|Loja 1 [gw:x]|" + DUE + "|f|svc|TRIAL");
		String sealed = this.jdbc.sql("select token from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query(String.class)
			.single();
		assertThat(sealed).isNotEqualTo("tok-" + zapiId);
		assertThat(this.cipher.open(sealed, zapiId)).isEqualTo("tok-" + zapiId);
		Instant createdAt = this.jdbc.sql("select created_at from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.single();
		assertThat(answer.token()).isEqualTo("tok-" + zapiId);
		assertThat(answer.instance().id()).isEqualTo(zapiId);
		assertThat(answer.instance().createdAt()).as("answered as a later read returns it").isEqualTo(createdAt);
		assertThat(answer.instance().dueAt()).isEqualTo(DUE);
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-" + intent.subject());
	}

	@Test
	void aSecondFinishOfTheSameIntentWritesNothing() {
		IdempotentRequest intent = intent("finish-2");
		String zapiId = "Z-" + intent.subject();
		MDC.put(AuditLog.REQUEST_ID, "req-first");
		this.creations.finish(intent, instance(zapiId, "first", null), "created");
		MDC.put(AuditLog.REQUEST_ID, "req-second");

		assertThatIllegalStateException()
			.isThrownBy(() -> this.creations.finish(intent, instance(zapiId, "second", null), "adopted"));

		assertThat(instanceNames(zapiId)).containsExactly("first");
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-first");
	}

	@Test
	void anInstanceAlreadyStoredIsKeptAndTheIntentStillFinishes() {
		IdempotentRequest first = intent("finish-3a");
		IdempotentRequest second = intent("finish-3b");
		String zapiId = "Z-" + first.subject();
		MDC.put(AuditLog.REQUEST_ID, "req-3a");
		this.creations.finish(first, instance(zapiId, "first", null), "created");
		MDC.put(AuditLog.REQUEST_ID, "req-3b");

		CreatedInstance answer = this.creations.finish(second, instance(zapiId, "second", null), "adopted");

		assertThat(answer.instance().name()).as("the stored one").isEqualTo("first");
		assertThat(this.requests.find(second.id()).orElseThrow().state()).isEqualTo(IdempotentRequest.State.DONE);
		assertThat(instanceNames(zapiId)).containsExactly("first");
		assertThat(auditRows(zapiId)).containsExactly("instance.create|svc|acme|created|req-3a",
				"instance.create|svc|acme|adopted|req-3b");
	}

	@Test
	void whenThePartThatStoresTheInstanceFailsNothingIsWritten() {
		IdempotentRequest intent = intent("finish-4");
		String zapiId = "Z-" + intent.subject();

		// instances.name holds 120 characters: the insert fails inside the transaction
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.creations.finish(intent, instance(zapiId, "n".repeat(121), null), "created"));

		IdempotentRequest after = this.requests.find(intent.id()).orElseThrow();
		assertThat(after.state()).isEqualTo(IdempotentRequest.State.PENDING);
		assertThat(after.result()).isNull();
		assertThat(this.jdbc.sql("select count(*) from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query(Long.class)
			.single()).isZero();
		assertThat(auditRows(zapiId)).isEmpty();
	}

	private IdempotentRequest intent(String key) {
		String reference = GatewayReference.next();
		IdempotentRequests.Opened opened = this.requests.open(IdempotentRequest.Scope.CREATE, "acme",
				key + "-" + reference, () -> reference, "{\"name\":\"Loja 1\"}", "svc");
		assertThat(opened.opening()).isEqualTo(IdempotentRequests.Opening.NEW);
		return opened.request();
	}

	private static NewInstance instance(String zapiId, String name, @Nullable String sessionName) {
		OnDemandInstanceRequest named = OnDemandInstanceRequest.named(name + " [gw:x]");
		OnDemandInstanceRequest sent = new OnDemandInstanceRequest(named.name(), sessionName, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null);
		return new NewInstance("acme", zapiId, "tok-" + zapiId, name, sent, DUE.plus(Duration.ZERO), "svc");
	}

	private List<String> instanceNames(String zapiId) {
		return this.jdbc.sql("select name from instances where zapi_id = :zapiId")
			.param("zapiId", zapiId)
			.query(String.class)
			.list();
	}

	private List<String> auditRows(String zapiId) {
		return this.jdbc
			.sql("select action, client, tenant_id, outcome, request_id from audit_events where instance_id = :zapiId"
					+ " order by id")
			.param("zapiId", zapiId)
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
	}

}
