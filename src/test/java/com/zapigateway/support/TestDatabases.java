package com.zapigateway.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Fresh, empty databases on the embedded PostgreSQL server, so a test class can own its
 * data (and its reconciler sees nothing from other classes).
 */
public final class TestDatabases {

	private TestDatabases() {
	}

	/**
	 * Creates a new database.
	 * @param prefix a readable prefix
	 * @return its JDBC URL (user and password {@code postgres})
	 */
	public static String create(String prefix) {
		String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
			.toLowerCase(Locale.ROOT);
		DataSource admin = TestPostgres.embedded().getPostgresDatabase();
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return url(TestPostgres.embedded().getPort(), name);
	}

	public static String url(int port, String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	/** The database name of a URL made by {@link #create(String)}. */
	public static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

}
