package com.zapigateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries: {@code X-Webhook-Signature: t=<unix seconds>,v1=<hex>} where
 * {@code hex = HMAC-SHA256(secret, t + "." + body)}. Receivers recompute it over the raw
 * body, compare in constant time and reject old timestamps (replays).
 */
final class WebhookSigner {

	static final String HEADER = "X-Webhook-Signature";

	private WebhookSigner() {
	}

	static String signature(String secret, long timestamp, String body) {
		return "t=" + timestamp + ",v1=" + hmacHex(secret, timestamp + "." + body);
	}

	static String hmacHex(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
