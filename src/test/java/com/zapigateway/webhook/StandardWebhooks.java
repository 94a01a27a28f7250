package com.zapigateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification as the Standard Webhooks specification words it
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * written from the specification and independent of the gateway's signer, so a test
 * passes only if a receiver using the specification's libraries would accept the
 * delivery.
 */
final class StandardWebhooks {

	private static final Duration TOLERANCE = Duration.ofMinutes(5);

	private StandardWebhooks() {
	}

	/**
	 * The signing key: the secret without its {@code whsec_} prefix, base64-decoded with
	 * the standard alphabet (RFC 4648 section 4), strictly, as the libraries do.
	 */
	static byte[] key(String secret) {
		if (!secret.startsWith("whsec_")) {
			throw new IllegalArgumentException("not a whsec_ secret");
		}
		return Base64.getDecoder().decode(secret.substring("whsec_".length()));
	}

	/**
	 * @return whether the headers verify the body: a timestamp within five minutes, and
	 * among the space-separated signatures a {@code v1} one equal to base64 of
	 * HMAC-SHA256(key, id + "." + timestamp + "." + body)
	 */
	static boolean verify(String secret, String id, String timestamp, String signatures, String body) throws Exception {
		if (id == null || timestamp == null || signatures == null) {
			return false;
		}
		long seconds = Long.parseLong(timestamp);
		if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
			return false;
		}
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
		byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		for (String signature : signatures.split(" ")) {
			String[] versioned = signature.split(",", 2);
			if (versioned.length == 2 && versioned[0].equals("v1")
					&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(versioned[1]))) {
				return true;
			}
		}
		return false;
	}

}
