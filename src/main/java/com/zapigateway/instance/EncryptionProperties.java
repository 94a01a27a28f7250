package com.zapigateway.instance;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys instance tokens are encrypted with, bound from {@code gateway.encryption.*}
 * ({@code GATEWAY_ENCRYPTION_ACTIVEKEYID=k2},
 * {@code GATEWAY_ENCRYPTION_KEYS_K1=<base64>},
 * {@code GATEWAY_ENCRYPTION_KEYS_K2=<base64>}). New values are encrypted under the active
 * key; any configured key decrypts. There is no default: the gateway refuses to start
 * without a key.
 *
 * @param activeKeyId the id of the key new values are encrypted with
 * @param keys key id ({@code [a-z0-9]{1,32}}) to a base64 AES-256 key (32 bytes)
 */
@ConfigurationProperties("gateway.encryption")
record EncryptionProperties(@Nullable String activeKeyId, @Nullable Map<String, String> keys) {

	private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");

	static final String HOW_TO = "set gateway.encryption.active-key-id and gateway.encryption.keys.<id> to a base64 "
			+ "AES-256 key, e.g. GATEWAY_ENCRYPTION_ACTIVEKEYID=k1 and GATEWAY_ENCRYPTION_KEYS_K1=$(openssl rand "
			+ "-base64 32)";

	public EncryptionProperties {
		if (keys == null || keys.isEmpty()) {
			throw new IllegalArgumentException("No encryption key for instance tokens is configured: " + HOW_TO);
		}
		if (activeKeyId == null || activeKeyId.isBlank()) {
			throw new IllegalArgumentException("gateway.encryption.active-key-id is not set: " + HOW_TO);
		}
		if (!keys.containsKey(activeKeyId)) {
			throw new IllegalArgumentException("gateway.encryption.active-key-id '" + activeKeyId
					+ "' names no key in gateway.encryption.keys (configured ids: " + keys.keySet() + ")");
		}
		for (Map.Entry<String, String> key : keys.entrySet()) {
			if (!KEY_ID.matcher(key.getKey()).matches()) {
				throw new IllegalArgumentException("gateway.encryption.keys: key id '" + key.getKey()
						+ "' must be 1 to 32 lower-case letters or digits");
			}
			decode(key.getKey(), key.getValue());
		}
		keys = new TreeMap<>(keys);
	}

	static byte[] decode(String id, @Nullable String base64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode((base64 != null) ? base64.strip() : "");
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("gateway.encryption.keys." + id + " is not valid base64");
		}
		if (key.length != 32) {
			throw new IllegalArgumentException("gateway.encryption.keys." + id
					+ " must be 32 bytes (AES-256) encoded in base64, not " + key.length);
		}
		return key;
	}

	@Override
	public String toString() {
		return "EncryptionProperties[activeKeyId=" + this.activeKeyId + ", keys="
				+ ((this.keys != null) ? this.keys.keySet() : "[]") + " <redacted>]";
	}

}
