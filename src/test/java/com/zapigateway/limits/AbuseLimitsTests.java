package com.zapigateway.limits;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-tenant trial cap and the per-client create rate (stored in the database, see
 * {@code ThreeReplicaTests} for several replicas) stop creates before Z-API is called,
 * with clear problems; reads beyond the most a replica answers at once are refused at
 * once.
 */
@GatewayTest
@ActiveProfiles({ GatewayTest.PROFILE, "small-limits" })
class AbuseLimitsTests {

	static final String CAPPED = "capped-key-1";

	static final String CAPPED_SHA256 = "585fb798193b9b27c7bd46c978e38d450ea9d8a4f190f3f2369d73c7a063f986";

	static final String RUNAWAY = "runaway-key-2";

	static final String RUNAWAY_SHA256 = "f21d82a83558db044b738026d0ef344c33d2acce44788058ea5d3aeb76e15e8b";

	static final String BURST = "burst-key-3";

	static final String BURST_SHA256 = "0540514e43c59b2461d4884e876ef8977ff6e6214c085e5c0967f9f47d905bc2";

	static final ZapiSimulator simulator = ZapiFake.simulator();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	GatewayClient http;

	@BeforeEach
	void client() {
		this.http = GatewayClient.onPort(this.port);
		// slow enough that concurrent creates overlap
		ZapiFake.delayAnswers(Duration.ofMillis(300));
	}

	@Test
	void configuredHashesAreTheKeysHashes() {
		assertThat(GatewayClient.sha256Hex(CAPPED)).isEqualTo(CAPPED_SHA256);
		assertThat(GatewayClient.sha256Hex(RUNAWAY)).isEqualTo(RUNAWAY_SHA256);
		assertThat(GatewayClient.sha256Hex(BURST)).isEqualTo(BURST_SHA256);
	}

	@Test
	void aTenantAtItsTrialCapGetsAConflictAndZapiIsNotCalled() {
		assertThat(create(CAPPED, "cap-t").status()).isEqualTo(201);
		assertThat(create(CAPPED, "cap-t").status()).isEqualTo(201);
		long before = simulator.createCount();
		Response refused = create(CAPPED, "cap-t");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString())
			.isEqualTo("urn:zapi-gateway:problem:trial-instance-limit-reached");
		assertThat(simulator.createCount()).isEqualTo(before);
		assertThat(rows("cap-t")).isEqualTo(2);
		// expired instances no longer count
		this.jdbc.sql("update instances set due_at = now() - interval '1 minute' where tenant_id = 'cap-t'").update();
		assertThat(create(CAPPED, "cap-t").status()).isEqualTo(201);
	}

	@Test
	void concurrentCreatesCannotSlipPastTheCap() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Response>> creates = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				creates.add(() -> create(BURST, "race-t"));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Response> result : pool.invokeAll(creates)) {
				statuses.add(result.get().status());
			}
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(2);
			assertThat(statuses).filteredOn((status) -> status == 409).hasSize(2);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(rows("race-t")).isEqualTo(2);
	}

	@Test
	void aRunawayClientIsRateLimitedWithRetryAfter() {
		long before = simulator.createCount();
		for (int i = 0; i < 4; i++) {
			assertThat(create(RUNAWAY, "run-t" + i).status()).isEqualTo(201);
		}
		Response limited = create(RUNAWAY, "run-t9");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.contentType()).startsWith("application/problem+json");
		assertThat(limited.json().get("type").asString()).isEqualTo("urn:zapi-gateway:problem:rate-limited");
		long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
		// 4 per hour: the next create is let through one emission interval (15 min) after
		// the burst began
		assertThat(retryAfter).isBetween(Duration.ofMinutes(15).toSeconds() - 60, Duration.ofMinutes(15).toSeconds());
		assertThat(simulator.createCount()).isEqualTo(before + 4);
		assertThat(rows("run-t9")).isZero();
		// one emission interval later (the stored bucket moved back by as much) exactly
		// one more is let through, and the next waits a whole interval again
		this.jdbc
			.sql("update create_rate_limits set full_at = full_at - interval '15 minutes' where client = 'runaway'")
			.update();
		assertThat(create(RUNAWAY, "run-t4").status()).isEqualTo(201);
		Response again = create(RUNAWAY, "run-t9");
		assertThat(again.status()).isEqualTo(429);
		assertThat(Long.parseLong(again.header("Retry-After").orElseThrow()))
			.isBetween(Duration.ofMinutes(15).toSeconds() - 60, Duration.ofMinutes(15).toSeconds());
		assertThat(simulator.createCount()).isEqualTo(before + 5);
		// reads are not limited
		assertThat(this.http.get("/api/v1/tenants/run-t0/instances", "X-API-Key", RUNAWAY).status()).isEqualTo(200);
	}

	@Test
	void theRateBucketsAreWrittenWithoutWaitingForTheWal() {
		// an unlogged table: a create's rate statement commits without a WAL flush
		assertThat(this.jdbc.sql("select relpersistence from pg_class where relname = 'create_rate_limits'")
			.query(String.class)
			.single()).isEqualTo("u");
	}

	@Test
	void aReadBeyondTheConcurrentLimitIsRefusedAtOnceWithRetryAfter() throws Exception {
		String instances = "/api/v1/tenants/busy-t/instances";
		ExecutorService pool = Executors.newSingleThreadExecutor();
		List<Connection> held = new ArrayList<>();
		try {
			// with every pool connection held, a read waits for one, keeping its place
			// (the only one)
			for (int i = 0; i < 2; i++) {
				held.add(this.dataSource.getConnection());
			}
			Future<Response> waiting = pool.submit(() -> this.http.get(instances, "X-API-Key", CAPPED));
			HikariPoolMXBean connections = this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
			for (int i = 0; i < 200 && connections.getThreadsAwaitingConnection() == 0; i++) {
				Thread.sleep(25);
			}
			assertThat(connections.getThreadsAwaitingConnection()).isOne();
			Response refused = this.http.get(instances, "X-API-Key", CAPPED);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("type").asString()).isEqualTo("urn:zapi-gateway:problem:overloaded");
			assertThat(refused.header("Retry-After")).contains("1");
			assertThat(refused.header("X-Request-Id")).isPresent();
			// not even authenticated: refused before anything else
			assertThat(this.http.get(instances).status()).isEqualTo(503);
			// probes still answer
			assertThat(this.http.get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(waiting).isNotDone();
			held.forEach(AbuseLimitsTests::close);
			held.clear();
			assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
			assertThat(this.http.get(instances, "X-API-Key", CAPPED).status()).isEqualTo(200);
		}
		finally {
			held.forEach(AbuseLimitsTests::close);
			pool.shutdownNow();
		}
	}

	private static void close(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Response create(String key, String tenant) {
		return this.http.postJson("/api/v1/tenants/" + tenant + "/instances", "{\"name\":\"limits\"}", "X-API-Key",
				key);
	}

	private long rows(String tenant) {
		return this.jdbc.sql("select count(*) from instances where tenant_id = ?")
			.param(tenant)
			.query(Long.class)
			.single();
	}

}
