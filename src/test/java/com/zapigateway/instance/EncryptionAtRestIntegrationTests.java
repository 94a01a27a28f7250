package com.zapigateway.instance;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayIntegrationTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens stored before encryption existed are encrypted by the migration; tokens under an
 * old key are rewritten by the operator's re-encryption, and stay readable throughout.
 */
class EncryptionAtRestIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TokenCipher cipher;

	@Test
	void flywayEncryptsTokensStoredBeforeEncryptionExisted() throws Exception {
		String schema = "legacy_" + UUID.randomUUID().toString().substring(0, 8);
		Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(schema)
			.locations("classpath:db/migration")
			.target("1")
			.load()
			.migrate();
		String zapiId = "LEGACY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		this.jdbc
			.sql("insert into " + schema + ".instances (id, tenant_id, zapi_id, token, name, zapi_request, due_at,"
					+ " created_at, created_by) values (?, 'alpha-t', ?, 'PLAINTEXT-LEGACY-TOKEN', 'old',"
					+ " '{\"name\":\"old\"}'::jsonb, now(), now(), 'alpha')")
			.params(UUID.randomUUID(), zapiId)
			.update();

		Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(schema)
			.locations("classpath:db/migration")
			.load()
			.migrate();

		String stored = this.jdbc.sql("select token from " + schema + ".instances where zapi_id = ?")
			.param(zapiId)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("enc:v1:test1:").doesNotContain("PLAINTEXT-LEGACY-TOKEN");
		assertThat(this.cipher.open(stored, zapiId)).isEqualTo("PLAINTEXT-LEGACY-TOKEN");
		assertThat(this.jdbc.sql("select success from " + schema + ".flyway_schema_history where version = '21'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void theMigrationNeedsNoKeyWhenThereIsNothingToEncrypt() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			// every row of the application's schema is already encrypted
			new db.migration.V21__encrypt_instance_tokens().migrate(context(connection));
		}
		assertThat(this.jdbc.sql("select count(*) from instances where token not like 'enc:v1:%'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theOperatorReencryptsEverythingUnderTheActiveKey() {
		String zapiId = insertUnderTest0("TOKEN-UNDER-OLD-KEY");
		Response credentialsBefore = this.http.get("/api/v1/tenants/alpha-t/instances/" + zapiId + "/credentials",
				"X-API-Key", ALPHA_KEY);
		assertThat(credentialsBefore.json().get("token").asString()).isEqualTo("TOKEN-UNDER-OLD-KEY");

		Response notAnOperator = this.http.send("POST", "/api/v1/admin/token-encryption/re-encrypt", null, "X-API-Key",
				ALPHA_KEY);
		assertThat(notAnOperator.status()).isEqualTo(403);
		assertThat(notAnOperator.json().get("detail").asString())
			.isEqualTo("This API key may not call operator endpoints");

		Response first = this.http.send("POST", "/api/v1/admin/token-encryption/re-encrypt", null, "X-API-Key", OPS_KEY,
				"X-Request-Id", "req-reencrypt-1");
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("activeKeyId").asString()).isEqualTo("test1");
		assertThat(first.json().get("reencrypted").asLong()).isPositive();
		assertThat(this.jdbc.sql("select count(*) from instances where token not like 'enc:v1:test1:%'")
			.query(Long.class)
			.single()).isZero();

		Response credentialsAfter = this.http.get("/api/v1/tenants/alpha-t/instances/" + zapiId + "/credentials",
				"X-API-Key", ALPHA_KEY);
		assertThat(credentialsAfter.json().get("token").asString()).isEqualTo("TOKEN-UNDER-OLD-KEY");

		Response second = this.http.send("POST", "/api/v1/admin/token-encryption/re-encrypt", null, "X-API-Key",
				OPS_KEY);
		assertThat(second.json().get("reencrypted").asLong()).isZero();
		assertThat(this.jdbc.sql("select outcome from audit_events where request_id = 'req-reencrypt-1'")
			.query(String.class)
			.single()).startsWith("reencrypted-");
	}

	private String insertUnderTest0(String token) {
		TokenCipher old = new TokenCipher(new EncryptionProperties("test0", Map.of("test0", TEST0_KEY)));
		String zapiId = "OLDKEY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		this.jdbc
			.sql("insert into instances (id, tenant_id, zapi_id, token, name, zapi_request, due_at, created_at,"
					+ " created_by) values (?, 'alpha-t', ?, ?, 'old', '{\"name\":\"old\"}'::jsonb, ?, now(), 'alpha')")
			.params(UUID.randomUUID(), zapiId, old.seal(token, zapiId),
					java.sql.Timestamp.from(Instant.now().minusSeconds(60)))
			.update();
		return zapiId;
	}

	private static Context context(Connection connection) {
		return new Context() {

			@Override
			public Configuration getConfiguration() {
				return Flyway.configure();
			}

			@Override
			public Connection getConnection() {
				return connection;
			}

		};
	}

}
