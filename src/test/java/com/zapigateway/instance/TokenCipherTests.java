package com.zapigateway.instance;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTests {

	private static final String K1 = randomKey();

	private static final String K2 = randomKey();

	private final TokenCipher cipher = new TokenCipher(new EncryptionProperties("k1", Map.of("k1", K1)));

	@Test
	void sealsWithTheActiveKeyIdAndOpensToThePlaintext() {
		String sealed = this.cipher.seal("3B1F0A-TOKEN", "instance-1");
		assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("3B1F0A-TOKEN");
		assertThat(TokenCipher.keyIdOf(sealed)).isEqualTo("k1");
		assertThat(this.cipher.open(sealed, "instance-1")).isEqualTo("3B1F0A-TOKEN");
	}

	@Test
	void usesAFreshNonceForEveryValue() {
		Set<String> sealed = new HashSet<>();
		Set<String> nonces = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			String value = this.cipher.seal("same-token", "instance-1");
			sealed.add(value);
			byte[] raw = Base64.getDecoder().decode(value.substring("enc:v1:k1:".length()));
			nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, 12)));
		}
		assertThat(sealed).hasSize(200);
		assertThat(nonces).hasSize(200);
	}

	@Test
	void aValueMovedToAnotherInstanceDoesNotOpen() {
		String sealed = this.cipher.seal("token-of-a", "instance-a");
		assertThatThrownBy(() -> this.cipher.open(sealed, "instance-b")).isInstanceOf(TokenCipherException.class)
			.hasMessageNotContaining("token-of-a");
	}

	@Test
	void aTamperedValueDoesNotOpen() {
		String sealed = this.cipher.seal("token", "instance-1");
		byte[] raw = Base64.getDecoder().decode(sealed.substring("enc:v1:k1:".length()));
		raw[raw.length - 1] ^= 1;
		String tampered = "enc:v1:k1:" + Base64.getEncoder().encodeToString(raw);
		assertThatThrownBy(() -> this.cipher.open(tampered, "instance-1")).isInstanceOf(TokenCipherException.class);
		assertThatThrownBy(() -> this.cipher.open("enc:v1:k1:AAAA", "instance-1"))
			.isInstanceOf(TokenCipherException.class);
		assertThatThrownBy(() -> this.cipher.open("plaintext-token", "instance-1"))
			.isInstanceOf(TokenCipherException.class)
			.hasMessageNotContaining("plaintext-token");
	}

	@Test
	void rotationKeepsOldValuesReadableAndSealsNewOnesUnderTheNewKey() {
		String underK1 = this.cipher.seal("old-token", "instance-1");
		TokenCipher rotated = new TokenCipher(new EncryptionProperties("k2", Map.of("k1", K1, "k2", K2)));
		assertThat(rotated.open(underK1, "instance-1")).isEqualTo("old-token");
		assertThat(rotated.needsReencryption(underK1)).isTrue();
		String underK2 = rotated.seal("old-token", "instance-1");
		assertThat(TokenCipher.keyIdOf(underK2)).isEqualTo("k2");
		assertThat(rotated.needsReencryption(underK2)).isFalse();
		assertThat(rotated.needsReencryption("plaintext")).isTrue();
		assertThatThrownBy(() -> this.cipher.open(underK2, "instance-1")).isInstanceOf(TokenCipherException.class)
			.hasMessageContaining("'k2'")
			.hasMessageNotContaining(K2);
	}

	@Test
	void toStringShowsNoKeyMaterial() {
		EncryptionProperties properties = new EncryptionProperties("k1", Map.of("k1", K1));
		assertThat(properties.toString()).doesNotContain(K1).contains("k1");
		assertThat(this.cipher.toString()).doesNotContain(K1);
	}

	@Test
	void startUpFailsWithAClearMessageWithoutAKey() {
		new ApplicationContextRunner().withUserConfiguration(CryptoOnly.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("No encryption key for instance tokens is configured")
				.hasMessageContaining("GATEWAY_ENCRYPTION_KEYS_K1"));
	}

	@Test
	void startUpFailsOnABadKey() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(CryptoOnly.class);
		runner.withPropertyValues("gateway.encryption.active-key-id=k1", "gateway.encryption.keys.k1=c2hvcnQ=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("must be 32 bytes"));
		runner.withPropertyValues("gateway.encryption.active-key-id=k9", "gateway.encryption.keys.k1=" + K1)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("names no key"));
		runner.withPropertyValues("gateway.encryption.active-key-id=k1", "gateway.encryption.keys.k1=" + K1)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TokenCipher.class));
	}

	static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	@EnableConfigurationProperties(EncryptionProperties.class)
	static class CryptoOnly {

		@org.springframework.context.annotation.Bean
		TokenCipher tokenCipher(EncryptionProperties properties) {
			return new TokenCipher(properties);
		}

	}

}
