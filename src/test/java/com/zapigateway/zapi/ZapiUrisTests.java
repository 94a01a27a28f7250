package com.zapigateway.zapi;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ZapiUrisTests {

	@Test
	void redactsInstanceIdsAndTokensInPaths() {
		String redacted = ZapiUris.redact(URI
			.create("https://api.z-api.io/instances/3C4A9F/token/F00DBABE1234/send-text?phone=5511999&x=secret"));
		assertThat(redacted)
			.isEqualTo("https://api.z-api.io/instances/{redacted}/token/{redacted}/send-text?phone=…&x=…")
			.doesNotContain("3C4A9F")
			.doesNotContain("F00DBABE1234")
			.doesNotContain("5511999");
	}

	@Test
	void masksAPhoneNumberInAPath() {
		String redacted = ZapiUris
			.redact(URI.create("https://api.z-api.io/instances/3C4A9F/token/F00DBABE1234/phone-code/5511987654321"));
		assertThat(redacted)
			.isEqualTo("https://api.z-api.io/instances/{redacted}/token/{redacted}/phone-code/5511*******21")
			.doesNotContain("5511987654321")
			.doesNotContain("98765");
		assertThat(ZapiUris.maskPhone("123456789")).isEqualTo("*********");
		assertThat(ZapiUris.redact(URI.create("https://api.z-api.io/instances/3C4A9F/token/F00D/status")))
			.isEqualTo("https://api.z-api.io/instances/{redacted}/token/{redacted}/status");
	}

	@Test
	void keepsZapisFixedPaths() {
		assertThat(ZapiUris.redact(URI.create("https://api.z-api.io/instances/integrator/on-demand")))
			.isEqualTo("https://api.z-api.io/instances/integrator/on-demand");
		assertThat(ZapiUris.redact(URI.create("http://127.0.0.1:8080/instances?page=1&pageSize=10&query=3C4A9F")))
			.isEqualTo("http://127.0.0.1:8080/instances?page=…&pageSize=…&query=…");
	}

	@Test
	void refusesTheHttpClientsVerbatimLogging() {
		ZapiProperties properties = new ZapiProperties(URI.create("https://api.z-api.io"), "partner-token",
				Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
		assertThatIllegalStateException().isThrownBy(() -> ZapiClientConfiguration.httpClient(properties, true))
			.withMessageContaining("partner token")
			.withMessageContaining(ZapiClientConfiguration.APACHE_HTTP_CLIENT_LOG);
		assertThatNoException().isThrownBy(() -> ZapiClientConfiguration.httpClient(properties, false).close());
	}

}
