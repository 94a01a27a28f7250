package com.zapigateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The signer against the Standard Webhooks specification's own test vector, and the
 * deprecated header as tenants verify it today.
 */
class WebhookSignerTests {

	@Test
	void signsTheSpecificationsTestVector() {
		// the example the specification's libraries test themselves with
		assertThat(WebhookSigner.standardSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
				"msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void sendsTheStandardHeadersAndTheDeprecatedOneUnchanged() throws Exception {
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		var headers = WebhookSigner.headers(secret, "evt-1", 1700000000L, "{}");
		assertThat(headers).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature",
				"X-Webhook-Signature");
		assertThat(headers.get("webhook-id")).isEqualTo("evt-1");
		assertThat(headers.get("webhook-timestamp")).isEqualTo("1700000000");
		// as before: keyed with the whole secret string, hex, over t + "." + body
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		assertThat(headers.get("X-Webhook-Signature")).isEqualTo("t=1700000000,v1="
				+ HexFormat.of().formatHex(mac.doFinal("1700000000.{}".getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void readsSecretsIssuedInUrlSafeBase64AsTheKeyTheyEncode() {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (0xF8 + i * 7);
		}
		String old = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
		String standard = "whsec_" + Base64.getEncoder().encodeToString(key);
		assertThat(old).containsAnyOf("-", "_");
		assertThat(WebhookSigner.key(old)).isEqualTo(key);
		assertThat(WebhookSigner.key(standard)).isEqualTo(key);
		assertThat(WebhookSigner.standardSignature(old, "e", 1, "b"))
			.isEqualTo(WebhookSigner.standardSignature(standard, "e", 1, "b"));
		assertThatIllegalStateException().isThrownBy(() -> WebhookSigner.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
			.withMessageNotContaining("MfKQ");
	}

}
