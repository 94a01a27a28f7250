package com.zapigateway.instance;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token cipher, made available to the Flyway Java migration before Flyway runs.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	@Bean
	TokenCipher tokenCipher(EncryptionProperties properties) {
		TokenCipher cipher = new TokenCipher(properties);
		cipher.registerForMigrations();
		return cipher;
	}

	/**
	 * Makes Flyway depend on the cipher, so that the key is registered before
	 * {@code V21__encrypt_instance_tokens} runs.
	 */
	@Bean
	FlywayConfigurationCustomizer tokenCipherBeforeMigrations(TokenCipher cipher) {
		return (configuration) -> {
		};
	}

}
