package com.zapigateway.creation;

import java.time.Duration;
import java.util.UUID;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.ReliabilityFigures;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TcpProxy;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL taken away from a running gateway (through a TCP proxy the test cuts) and
 * given back: requests fail with a clear 503 and nothing half-written, the gateway
 * recovers by itself, and an instance Z-API made while the database was gone (the cut
 * lands between Z-API's answer and the commit) is adopted, not duplicated.
 */
class DatabaseOutageTests {

	static final String PARTNER_TOKEN = UUID.randomUUID().toString();

	static ZapiSimulator zapi;

	static TcpProxy proxy;

	static RunningGateway gateway;

	static JdbcClient direct;

	@BeforeAll
	static void start() throws Exception {
		String url = TestDatabases.create("outage");
		proxy = TcpProxy.to(TestPostgres.embedded().getPort());
		zapi = ZapiSimulator.start(PARTNER_TOKEN, Duration.ZERO);
		gateway = RunningGateway.start(TestDatabases.url(proxy.port(), TestDatabases.name(url)), zapi.baseUrl(),
				PARTNER_TOKEN, "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500", "gateway.idempotency.lease=3s",
				"zapi.read-timeout=1s");
		direct = JdbcClient.create(TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url)));
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (proxy != null) {
			proxy.close();
		}
		if (zapi != null) {
			zapi.close();
		}
	}

	@Test
	void withoutItsDatabaseTheGatewayAnswers503WritesNothingAndRecoversByItself() {
		GatewayClient http = gateway.http();
		assertThat(http.create("acme", "outage-1", body("Before")).status()).isEqualTo(201);
		long createsBefore = zapi.createCount();

		proxy.cut();
		try {
			Response create = http.create("acme", "outage-2", body("During"));
			assertThat(create.status()).isEqualTo(503);
			assertThat(create.text("type")).isEqualTo("urn:zapi-gateway:problem:database-unavailable");
			assertThat(create.header("Retry-After")).isPresent();
			Response read = http.get("/api/v1/tenants/acme/instances");
			assertThat(read.status()).isEqualTo(503);
			assertThat(zapi.createCount()).as("no intent recorded, Z-API not called").isEqualTo(createsBefore);
		}
		finally {
			proxy.restore();
		}

		// the first call after the cut may still meet a pooled connection the cut broke
		// (503)
		Response after = http.createUntilSettled("acme", "outage-2", body("During"), Duration.ofSeconds(30));
		assertThat(after.status()).as("recovered without a restart").isEqualTo(201);
		assertThat(http.get("/api/v1/tenants/acme/instances").status()).isEqualTo(200);
		assertConsistent();
		ReliabilityFigures.record("database-down-before-call", 1, zapi.createCount(), zapi.createCount(), stored(),
				duplicates(), lost());
	}

	@Test
	void databaseLostBetweenZapisAnswerAndTheCommitIsAdoptedOnRetry() {
		GatewayClient http = gateway.http();
		zapi.onCreated(proxy::cut);
		Response cut;
		try {
			cut = http.create("globex", "outage-commit", body("Cut at commit"));
		}
		finally {
			zapi.onCreated(null);
			proxy.restore();
		}
		assertThat(cut.status()).isEqualTo(503);
		ZapiSimulator.Created made = zapi.created().get(zapi.created().size() - 1);
		assertThat(made.name()).startsWith("Cut at commit [gw:");
		assertThat(direct.sql("select state from idempotent_requests where idempotency_key = 'outage-commit'")
			.query(String.class)
			.single()).isEqualTo("PENDING");
		assertThat(direct.sql("select count(*) from instances where zapi_id = ?")
			.param(made.id())
			.query(Long.class)
			.single()).as("nothing half-written").isZero();
		long createsBefore = zapi.createCount();

		Response retried = http.createUntilSettled("globex", "outage-commit", body("Cut at commit"),
				Duration.ofSeconds(60));

		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.text("id")).isEqualTo(made.id());
		assertThat(retried.text("token")).isEqualTo(made.token());
		assertThat(retried.text("name")).isEqualTo("Cut at commit");
		assertThat(zapi.createCount()).as("adopted, not created again").isEqualTo(createsBefore);
		assertConsistent();
		ReliabilityFigures.record("database-cut-between-answer-and-commit", 1, zapi.createCount(), zapi.createCount(),
				stored(), duplicates(), lost());
	}

	private static void assertConsistent() {
		assertThat(direct
			.sql("select count(*) from instances i where not exists (select 1 from idempotent_requests c"
					+ " where c.result = i.zapi_id and c.state = 'DONE')")
			.query(Long.class)
			.single()).as("every stored instance has its finished intent").isZero();
		assertThat(direct
			.sql("select count(*) from idempotent_requests c where c.state = 'DONE' and not exists"
					+ " (select 1 from instances i where i.zapi_id = c.result)")
			.query(Long.class)
			.single()).as("every finished intent has its instance").isZero();
		assertThat(duplicates()).isZero();
		assertThat(lost()).isZero();
	}

	private static long stored() {
		return direct.sql("select count(*) from instances").query(Long.class).single();
	}

	/** Instances Z-API made beyond one per gateway reference. */
	static long duplicates() {
		return zapi.created().size() - zapi.created().stream().map(ZapiSimulator.Created::name).distinct().count();
	}

	/** Instances Z-API made that the gateway does not hold. */
	static long lost() {
		return zapi.created()
			.stream()
			.filter((made) -> direct.sql("select count(*) from instances where zapi_id = ?")
				.param(made.id())
				.query(Long.class)
				.single() == 0)
			.count();
	}

	private static String body(String name) {
		return "{\"name\":\"" + name + "\"}";
	}

}
