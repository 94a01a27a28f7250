package com.zapigateway.instance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Encrypts and decrypts secrets stored in the database with AES-256-GCM. A sealed value
 * is self-describing text: {@code enc:v1:<keyId>:<base64(nonce || ciphertext || tag)>},
 * with a fresh random 96-bit nonce per value. The caller's context (e.g. the instance id)
 * is bound as associated data, so a sealed value copied onto another row does not open.
 * Any configured key opens a value; new values are sealed under the active key, which is
 * what makes rotation possible without downtime.
 */
public final class TokenCipher {

	static final String PREFIX = "enc:v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static volatile @Nullable TokenCipher forMigrations;

	private final SecureRandom random = new SecureRandom();

	private final String activeKeyId;

	private final Map<String, SecretKey> keys;

	public TokenCipher(EncryptionProperties properties) {
		Map<String, String> configured = (properties.keys() != null) ? properties.keys() : Map.of();
		Map<String, SecretKey> keys = new TreeMap<>();
		configured
			.forEach((id, base64) -> keys.put(id, new SecretKeySpec(EncryptionProperties.decode(id, base64), "AES")));
		this.keys = Map.copyOf(keys);
		this.activeKeyId = (properties.activeKeyId() != null) ? properties.activeKeyId() : "";
	}

	/**
	 * The id of the key new values are sealed under.
	 * @return the active key id
	 */
	public String activeKeyId() {
		return this.activeKeyId;
	}

	/**
	 * Encrypts a value under the active key.
	 * @param plaintext the secret
	 * @param context what the value belongs to (bound as associated data)
	 * @return the sealed value
	 */
	public String seal(String plaintext, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.keys.get(this.activeKeyId), nonce, context);
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[NONCE_BYTES + sealed.length];
			System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
			System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
			return PREFIX + this.activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new TokenCipherException("Could not encrypt a value (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Decrypts a sealed value with the key it names.
	 * @param sealed the value as stored
	 * @param context the same context it was sealed with
	 * @return the secret
	 * @throws TokenCipherException if the value is not sealed, names an unknown key, or
	 * does not authenticate (tampered, or moved to another context)
	 */
	public String open(String sealed, String context) {
		String keyId = keyIdOf(sealed);
		if (keyId == null) {
			throw new TokenCipherException("The stored value is not encrypted");
		}
		SecretKey key = this.keys.get(keyId);
		if (key == null) {
			throw new TokenCipherException("The stored value is encrypted under key '" + keyId
					+ "', which is not configured in gateway.encryption.keys");
		}
		try {
			byte[] data = Base64.getDecoder().decode(sealed.substring(PREFIX.length() + keyId.length() + 1));
			if (data.length < NONCE_BYTES + TAG_BITS / 8) {
				throw new TokenCipherException("The stored value is truncated");
			}
			byte[] nonce = new byte[NONCE_BYTES];
			System.arraycopy(data, 0, nonce, 0, NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, context);
			return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			throw new TokenCipherException("The stored value under key '" + keyId + "' does not decrypt ("
					+ ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Whether a stored value must be (re-)encrypted: plaintext, or under another key.
	 * @param stored the value as stored
	 * @return {@code true} unless sealed under the active key
	 */
	public boolean needsReencryption(String stored) {
		return !this.activeKeyId.equals(keyIdOf(stored));
	}

	/**
	 * The key id a stored value names.
	 * @param stored the value as stored
	 * @return the key id, or {@code null} for a value that is not sealed (plaintext)
	 */
	public static @Nullable String keyIdOf(String stored) {
		if (!stored.startsWith(PREFIX)) {
			return null;
		}
		int end = stored.indexOf(':', PREFIX.length());
		return (end > PREFIX.length()) ? stored.substring(PREFIX.length(), end) : null;
	}

	private static Cipher cipher(int mode, @Nullable SecretKey key, byte[] nonce, String context)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * Makes this cipher available to the Flyway Java migration, which Flyway instantiates
	 * itself (see {@code db.migration.V21__encrypt_instance_tokens}).
	 */
	void registerForMigrations() {
		forMigrations = this;
	}

	/**
	 * The cipher of the running application, for Flyway Java migrations only.
	 * @return the cipher, or {@code null} when none is configured (e.g. a test slice)
	 */
	public static @Nullable TokenCipher forMigrations() {
		return forMigrations;
	}

	@Override
	public String toString() {
		return "TokenCipher[activeKeyId=" + this.activeKeyId + ", keys=" + this.keys.keySet() + " <redacted>]";
	}

}
