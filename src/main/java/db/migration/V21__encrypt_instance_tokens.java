package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.zapigateway.instance.TokenCipher;
import com.zapigateway.instance.TokenReencryption;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Encrypts the instance tokens stored in plaintext before encryption at rest existed.
 * Flyway instantiates this class itself (so every context resolves the same migrations,
 * test slices included); the key comes from the application's {@link TokenCipher}. With
 * no row to encrypt it needs no key.
 */
public class V21__encrypt_instance_tokens extends BaseJavaMigration {

	private static final int BATCH = 500;

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		if (!hasPlaintextTokens(connection)) {
			return;
		}
		TokenCipher cipher = TokenCipher.forMigrations();
		if (cipher == null) {
			throw new FlywayException("instances holds plaintext tokens but no encryption key is configured "
					+ "(gateway.encryption.*): refusing to migrate");
		}
		while (TokenReencryption.batch(connection, cipher, true, BATCH) == BATCH) {
			// next batch
		}
	}

	private static boolean hasPlaintextTokens(Connection connection) throws SQLException {
		try (PreparedStatement select = connection
			.prepareStatement("select exists (select 1 from instances where token not like 'enc:v1:%')");
				ResultSet result = select.executeQuery()) {
			return result.next() && result.getBoolean(1);
		}
	}

}
