package com.zapigateway.creation;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.zapigateway.GatewayApplication;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.ReliabilityFigures;
import com.zapigateway.support.RunningGateway;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kills the gateway process between Z-API's answer and the commit, restarts it, and shows
 * the instance adopted with its token: by the reconciler on its own, and as the answer to
 * the caller's retry with the same Idempotency-Key. Z-API is called once.
 */
class CrashRecoveryTests {

	static final String PARTNER_TOKEN = UUID.randomUUID().toString();

	private final List<Process> processes = new ArrayList<>();

	private ZapiSimulator zapi;

	@AfterEach
	void stop() {
		this.processes.forEach(Process::destroyForcibly);
		if (this.zapi != null) {
			this.zapi.close();
		}
	}

	@Test
	void gatewayKilledBeforeTheCommitAdoptsTheInstanceAfterRestart() throws Exception {
		String url = TestDatabases.create("crash");
		this.zapi = ZapiSimulator.start(PARTNER_TOKEN, Duration.ZERO);
		JdbcClient direct = JdbcClient.create(TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url)));
		String body = "{\"name\":\"Crash shop\"}";

		int port = freePort();
		Process crashing = startGateway(url, port, true, "crashing");
		GatewayClient http = GatewayClient.onPort(port).withApiKey(RunningGateway.API_KEY);
		assertThatThrownBy(() -> http.create("acme", "crash-key", body)).as("the process died mid-request")
			.isInstanceOf(UncheckedIOException.class);
		assertThat(crashing.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(crashing.exitValue()).isEqualTo(137);

		assertThat(this.zapi.createCount()).isOne();
		ZapiSimulator.Created made = this.zapi.created().get(0);
		assertThat(direct.sql("select state from idempotent_requests where idempotency_key = 'crash-key'")
			.query(String.class)
			.single()).isEqualTo("PENDING");
		assertThat(direct.sql("select count(*) from instances").query(Long.class).single()).isZero();

		int restartedPort = freePort();
		startGateway(url, restartedPort, false, "restarted");
		GatewayClient restarted = GatewayClient.onPort(restartedPort).withApiKey(RunningGateway.API_KEY);
		// the reconciler adopts it on its own once the dead owner's lease has run out
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		Response credentials;
		do {
			GatewayClient.sleep(Duration.ofMillis(500));
			credentials = restarted.get("/api/v1/tenants/acme/instances/" + made.id() + "/credentials");
		}
		while (credentials.status() != 200 && System.nanoTime() < deadline);
		assertThat(credentials.status()).isEqualTo(200);
		assertThat(credentials.text("token")).isEqualTo(made.token());

		Response retried = restarted.createUntilSettled("acme", "crash-key", body, Duration.ofSeconds(30));
		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).contains("true");
		assertThat(retried.text("id")).isEqualTo(made.id());
		assertThat(retried.text("token")).isEqualTo(made.token());
		assertThat(retried.text("name")).isEqualTo("Crash shop");
		assertThat(this.zapi.createCount()).as("adopted, not created again").isOne();
		long stored = direct.sql("select count(*) from instances").query(Long.class).single();
		assertThat(stored).isOne();
		ReliabilityFigures.record("process-killed-between-answer-and-commit", 1, this.zapi.createCount(),
				this.zapi.created().size(), stored, this.zapi.created().size() - 1,
				this.zapi.created().size() - stored);
	}

	private Process startGateway(String databaseUrl, int port, boolean crash, String name) throws IOException {
		String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
		String classpath = System.getProperty("java.class.path");
		if (crash) {
			classpath = haltBeforeCommitFactories() + File.pathSeparator + classpath;
		}
		List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
				GatewayApplication.class.getName()));
		command.addAll(
				List.of(RunningGateway.arguments(databaseUrl, this.zapi.baseUrl(), PARTNER_TOKEN, "server.port=" + port,
						"gateway.scheduling.enabled=" + !crash, "gateway.creation.reconcile-interval=1s")));
		Path log = Path.of("target", "crash-recovery-" + name + ".log");
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		awaitHealthy(port, process, log);
		return process;
	}

	/**
	 * A classpath entry registering {@link HaltBeforeCommit} with Spring Boot, for the
	 * crashing process only: the production main class then runs with that one hook.
	 */
	private static Path haltBeforeCommitFactories() throws IOException {
		Path entry = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "halt-before-commit");
		Path factories = entry.resolve("META-INF/spring.factories");
		Files.createDirectories(factories.getParent());
		Files.writeString(factories,
				ApplicationContextInitializer.class.getName() + "=" + HaltBeforeCommit.class.getName() + "\n");
		return entry.toAbsolutePath();
	}

	private static void awaitHealthy(int port, Process process, Path log) throws IOException {
		GatewayClient http = GatewayClient.onPort(port).withApiKey(RunningGateway.API_KEY);
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("gateway process exited; see %s", log).isTrue();
			try {
				if (http.get("/actuator/health").status() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			GatewayClient.sleep(Duration.ofMillis(500));
		}
		throw new AssertionError("gateway did not start within 180s; see " + log + ":\n" + Files.readString(log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
