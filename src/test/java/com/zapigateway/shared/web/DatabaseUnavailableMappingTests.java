package com.zapigateway.shared.web;

import java.io.EOFException;
import java.sql.SQLException;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;

import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that drops its connection mid-transaction surfaces as all sorts of
 * exceptions; each must read as "database unavailable" (503), not as a bug (500).
 */
class DatabaseUnavailableMappingTests {

	@Test
	void failedRollbackOnAClosedConnectionIsDatabaseUnavailable() {
		// as seen when PostgreSQL was cut during a transaction (Hikari: SQLState 08003)
		JpaSystemException ex = new JpaSystemException(new TransactionException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed", "08003")));

		assertThat(GatewayExceptionHandler.databaseUnavailable(ex)).isTrue();
	}

	@Test
	void failedRollbackOnAnEvictedConnectionIsDatabaseUnavailable() {
		// as seen in CI: Hikari had already evicted the broken connection, and its closed
		// connection's SQLException carries no SQLState
		JpaSystemException ex = new JpaSystemException(new TransactionException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

		assertThat(GatewayExceptionHandler.databaseUnavailable(ex)).isTrue();
	}

	@Test
	void driverIoErrorIsDatabaseUnavailable() {
		SQLException io = new SQLException("An I/O error occurred while sending to the backend.", "08006",
				new EOFException());

		assertThat(GatewayExceptionHandler.databaseUnavailable(new RuntimeException(io))).isTrue();
	}

	@Test
	void otherSqlErrorsAreNot() {
		assertThat(GatewayExceptionHandler.databaseUnavailable(
				new JpaSystemException(new RuntimeException(new SQLException("syntax error", "42601")))))
			.isFalse();
		assertThat(GatewayExceptionHandler.databaseUnavailable(new IllegalStateException("bug"))).isFalse();
	}

}
