package com.zapigateway.instance;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Re-encrypts every stored token under the active key, for an operator after a key
 * rotation: configure the new key next to the old one, make it active, deploy, run this,
 * then remove the old key. Each batch commits on its own, so it can run while the gateway
 * serves and can be run again after an interruption.
 */
@Service
class TokenReencryptionService {

	private static final Logger log = LoggerFactory.getLogger(TokenReencryptionService.class);

	static final int BATCH = 200;

	private final DataSource dataSource;

	private final TokenCipher cipher;

	TokenReencryptionService(DataSource dataSource, TokenCipher cipher) {
		this.dataSource = dataSource;
		this.cipher = cipher;
	}

	ReencryptionResult reencryptAll() {
		long total = 0;
		int rewritten;
		do {
			rewritten = batch();
			total += rewritten;
		}
		while (rewritten == BATCH);
		log.info("Re-encrypted {} instance tokens under key '{}'", total, this.cipher.activeKeyId());
		return new ReencryptionResult(this.cipher.activeKeyId(), total);
	}

	private int batch() {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				int rewritten = TokenReencryption.batch(connection, this.cipher, false, BATCH);
				connection.commit();
				return rewritten;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Re-encryption failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * What a re-encryption did.
	 *
	 * @param activeKeyId the key every token is now encrypted under
	 * @param reencrypted how many tokens were rewritten
	 */
	record ReencryptionResult(String activeKeyId, long reencrypted) {
	}

}
