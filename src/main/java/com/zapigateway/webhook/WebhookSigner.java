package com.zapigateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries as the Standard Webhooks specification
 * (https://www.standardwebhooks.com/) says, so receivers can verify them with its
 * libraries:
 * <ul>
 * <li>{@code webhook-id}: the event's id, the same on every attempt (receivers
 * deduplicate on it);</li>
 * <li>{@code webhook-timestamp}: when this attempt was signed, in unix seconds (receivers
 * reject old ones: replays);</li>
 * <li>{@code webhook-signature: v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "."
 * + body)>}, where the key is the base64-decoded part of the secret after
 * {@code whsec_}.</li>
 * </ul>
 * Beside them, until the release CHANGELOG.md names, the signature tenants verify today:
 * {@code X-Webhook-Signature: t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, t + "." +
 * body)>}, keyed with the whole secret's UTF-8 bytes (prefix included), as before.
 */
final class WebhookSigner {

	static final String ID = "webhook-id";

	static final String TIMESTAMP = "webhook-timestamp";

	static final String SIGNATURE = "webhook-signature";

	/** Deprecated: the signature before Standard Webhooks. */
	static final String LEGACY_HEADER = "X-Webhook-Signature";

	static final String SECRET_PREFIX = "whsec_";

	private WebhookSigner() {
	}

	/**
	 * The signature headers of one delivery attempt.
	 * @param secret the tenant's secret ({@code whsec_<base64>})
	 * @param id the event's id
	 * @param timestamp unix seconds
	 * @param body the exact body sent
	 * @return header name to value, in a stable order
	 */
	static Map<String, String> headers(String secret, String id, long timestamp, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(ID, id);
		headers.put(TIMESTAMP, String.valueOf(timestamp));
		headers.put(SIGNATURE, standardSignature(secret, id, timestamp, body));
		headers.put(LEGACY_HEADER, legacySignature(secret, timestamp, body));
		return headers;
	}

	static String standardSignature(String secret, String id, long timestamp, String body) {
		byte[] mac = hmac(key(secret), id + "." + timestamp + "." + body);
		return "v1," + Base64.getEncoder().encodeToString(mac);
	}

	static String legacySignature(String secret, long timestamp, String body) {
		return "t=" + timestamp + ",v1=" + hmacHex(secret, timestamp + "." + body);
	}

	static String hmacHex(String secret, String message) {
		return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), message));
	}

	/**
	 * The HMAC key a secret stands for: the base64 after {@code whsec_}. Secrets issued
	 * before the gateway followed Standard Webhooks are URL-safe base64 without padding,
	 * so both alphabets are read (they differ only in {@code -_} against {@code +/}); new
	 * ones are standard base64, which the specification's libraries decode.
	 */
	static byte[] key(String secret) {
		if (!secret.startsWith(SECRET_PREFIX)) {
			throw new IllegalStateException("webhook secret without the " + SECRET_PREFIX + " prefix");
		}
		String encoded = secret.substring(SECRET_PREFIX.length()).replace('-', '+').replace('_', '/');
		return Base64.getDecoder().decode(encoded);
	}

	private static byte[] hmac(byte[] key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
