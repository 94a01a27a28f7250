package com.zapigateway.instance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites stored instance tokens under the active key, a batch at a time, over plain
 * JDBC (shared by the Flyway migration and the operator's re-encryption). Each row is
 * updated only if its token is still the value read, so concurrent writers never lose an
 * update; values already under the active key are left alone, so running it twice or on
 * two replicas at once is harmless.
 */
public final class TokenReencryption {

	private TokenReencryption() {
	}

	/**
	 * Re-encrypts one batch.
	 * @param connection the connection; the caller owns its transaction
	 * @param cipher the cipher (its active key is the target)
	 * @param plaintextOnly {@code true} to touch only values not encrypted yet
	 * @param batchSize the most rows to rewrite
	 * @return how many rows were rewritten; fewer than {@code batchSize} means done
	 * @throws SQLException on a database error
	 * @throws TokenCipherException if a stored value does not decrypt with any configured
	 * key
	 */
	public static int batch(Connection connection, TokenCipher cipher, boolean plaintextOnly, int batchSize)
			throws SQLException {
		String keep = plaintextOnly ? TokenCipher.PREFIX + "%" : TokenCipher.PREFIX + cipher.activeKeyId() + ":%";
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement select = connection
			.prepareStatement("select id, zapi_id, token from instances where token not like ? order by id limit ?")) {
			select.setString(1, keep);
			select.setInt(2, batchSize);
			try (ResultSet result = select.executeQuery()) {
				while (result.next()) {
					rows.add(new Row(result.getObject(1), result.getString(2), result.getString(3)));
				}
			}
		}
		if (rows.isEmpty()) {
			return 0;
		}
		try (PreparedStatement update = connection
			.prepareStatement("update instances set token = ? where id = ? and token = ?")) {
			for (Row row : rows) {
				String plaintext = (TokenCipher.keyIdOf(row.token()) != null) ? cipher.open(row.token(), row.zapiId())
						: row.token();
				update.setString(1, cipher.seal(plaintext, row.zapiId()));
				update.setObject(2, row.id());
				update.setString(3, row.token());
				update.addBatch();
			}
			update.executeBatch();
		}
		return rows.size();
	}

	private record Row(Object id, String zapiId, String token) {

		@Override
		public String toString() {
			return "Row[id=" + this.id + ", zapiId=" + this.zapiId + ", token=<redacted>]";
		}

	}

}
