package com.zapigateway.creation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.ReliabilityFigures;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many callers racing on the same Idempotency-Keys, on one gateway and on two gateway
 * replicas (two application contexts) sharing one database: exactly one Z-API create per
 * key, and every caller ends up with the same answer.
 */
class ConcurrencyTests {

	static final String PARTNER_TOKEN = UUID.randomUUID().toString();

	static ZapiSimulator zapi;

	static RunningGateway replicaA;

	static RunningGateway replicaB;

	static JdbcClient direct;

	@BeforeAll
	static void start() throws Exception {
		String url = TestDatabases.create("concurrency");
		// each create takes a while on Z-API's side, so requests overlap
		zapi = ZapiSimulator.start(PARTNER_TOKEN, Duration.ofMillis(300));
		// generous read timeout and no circuit breaking: this test is about racing
		// callers on
		// a shared (and busy) CI machine, not about Z-API faults
		String[] settings = { "zapi.read-timeout=10s", "gateway.idempotency.lease=20s", "zapi.guard.minimum-calls=1000",
				"zapi.guard.sliding-window-size=1000" };
		replicaA = RunningGateway.start(url, zapi.baseUrl(), PARTNER_TOKEN, settings);
		replicaB = RunningGateway.start(url, zapi.baseUrl(), PARTNER_TOKEN, settings);
		direct = JdbcClient.create(TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url)));
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { replicaA, replicaB, zapi }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// stopping anyway
			}
		}
	}

	@Test
	void manyParallelRequestsWithOneKeyMakeOneCreate() throws Exception {
		int callers = 32;
		long unknownBefore = GatewayClient.UNKNOWN_OUTCOMES_RETRIED.get();
		List<Response> answers = race(callers, (i) -> replicaA.http(), (i) -> "one-key", (i) -> "One key shop");
		int unknownMet = (int) (GatewayClient.UNKNOWN_OUTCOMES_RETRIED.get() - unknownBefore);

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(201));
		assertThat(answers.stream().map(ConcurrencyTests::stable).distinct()).as("every caller got the same answer")
			.hasSize(1);
		assertThat(createsNamed("One key shop")).isOne();
		ReliabilityFigures.record("parallel-requests-one-key(callers=" + callers + ")", unknownMet,
				createsNamed("One key shop"), createsNamed("One key shop"), storedNamed("One key shop"),
				createsNamed("One key shop") - 1, createsNamed("One key shop") - storedNamed("One key shop"));
	}

	@Test
	void twoReplicasOnOneDatabaseRacingTheSameKeysMakeOneCreatePerKey() throws Exception {
		int keys = 10;
		int callersPerKey = 4;
		long unknownBefore = GatewayClient.UNKNOWN_OUTCOMES_RETRIED.get();
		List<Response> answers = race(keys * callersPerKey, (i) -> (i % 2 == 0) ? replicaA.http() : replicaB.http(),
				(i) -> "replica-key-" + (i % keys), (i) -> "Replica shop " + (i % keys));

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(201));
		Map<String, List<Response>> byKey = answers.stream()
			.collect(Collectors.groupingBy((answer) -> answer.text("name")));
		assertThat(byKey).hasSize(keys);
		long creates = 0;
		long stored = 0;
		for (int k = 0; k < keys; k++) {
			String name = "Replica shop " + k;
			assertThat(createsNamed(name)).as("Z-API creates for key %d", k).isOne();
			assertThat(byKey.get(name).stream().map(ConcurrencyTests::stable).distinct()).as("answers for key %d", k)
				.hasSize(1);
			creates += createsNamed(name);
			stored += storedNamed(name);
		}
		int unknownMet = (int) (GatewayClient.UNKNOWN_OUTCOMES_RETRIED.get() - unknownBefore);
		ReliabilityFigures.record("two-replicas-racing(keys=" + keys + ",callers=" + keys * callersPerKey + ")",
				unknownMet, creates, creates, stored, creates - keys, creates - stored);
	}

	/** Runs all callers at once; each retries (as told by Retry-After) until settled. */
	private static List<Response> race(int callers, java.util.function.IntFunction<GatewayClient> gateway,
			java.util.function.IntFunction<String> key, java.util.function.IntFunction<String> name) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				int caller = i;
				futures.add(pool.submit(() -> {
					start.await();
					return gateway.apply(caller)
						.createUntilSettled("acme", key.apply(caller), "{\"name\":\"" + name.apply(caller) + "\"}",
								Duration.ofSeconds(120));
				}));
			}
			start.countDown();
			List<Response> answers = new ArrayList<>();
			for (Future<Response> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * The answer without its live trial countdown ({@code trial} is computed at answer
	 * time; everything else is the stored instance).
	 */
	private static JsonNode stable(Response answer) {
		ObjectNode body = (ObjectNode) answer.json().deepCopy();
		body.remove("trial");
		return body;
	}

	private static long createsNamed(String name) {
		return zapi.created().stream().filter((made) -> made.name().startsWith(name + " [gw:")).count();
	}

	private static long storedNamed(String name) {
		return direct.sql("select count(*) from instances where name = ?").param(name).query(Long.class).single();
	}

}
