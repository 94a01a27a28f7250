package com.zapigateway.webhook;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookPropertiesTests {

	private static WebhookProperties properties(Duration initial, Duration max) {
		return new WebhookProperties(Duration.ofMinutes(1), Duration.ofSeconds(5), 20, 12, initial, max,
				Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofDays(7), false);
	}

	@Test
	void backoffDoublesAfterEachFailureUpToTheMaximum() {
		WebhookProperties properties = properties(Duration.ofSeconds(10), Duration.ofMinutes(1));

		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(40));
		assertThat(properties.backoff(4)).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.backoff(100)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void refusesAMaximumBelowTheInitialBackoff() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofMinutes(2), Duration.ofMinutes(1)))
			.withMessageContaining("gateway.webhooks.initial-backoff");
	}

	@Test
	void signsTimestampAndBodyWithHmacSha256() {
		// RFC 4231 test case 2 ("Jefe" / "what do ya want for nothing?")
		assertThat(WebhookSigner.hmacHex("Jefe", "what do ya want for nothing?"))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
		assertThat(WebhookSigner.legacySignature("Jefe", 1700000000L, "{}"))
			.isEqualTo("t=1700000000,v1=" + WebhookSigner.hmacHex("Jefe", "1700000000.{}"));
	}

}
