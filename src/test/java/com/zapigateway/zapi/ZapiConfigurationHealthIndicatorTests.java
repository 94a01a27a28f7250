package com.zapigateway.zapi;

import java.net.URI;
import java.time.Duration;

import com.zapigateway.zapi.ZapiProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ZapiConfigurationHealthIndicatorTests {

	private static Health health(String baseUrl, String token) {
		return new ZapiConfigurationHealthIndicator(
				new ZapiProperties(URI.create(baseUrl), token, Duration.ofSeconds(1), Duration.ofSeconds(1), 10))
			.health(true);
	}

	@Test
	void upWithHttpsAndATokenShowingOnlyTheHost() {
		Health health = health("https://api.z-api.io", "partner-secret-1");

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("host", "api.z-api.io");
		assertThat(health.toString()).doesNotContain("partner-secret-1");
	}

	@Test
	void showsWhetherAClientTokenIsSetNeverItsValue() {
		assertThat(health("https://api.z-api.io", "partner-secret-1").getDetails()).containsEntry("clientTokenSet",
				false);
		Health health = new ZapiConfigurationHealthIndicator(new ZapiProperties(URI.create("https://api.z-api.io"),
				"partner-secret-1", Duration.ofSeconds(1), Duration.ofSeconds(1), 10, "client-secret-2"))
			.health(true);

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("clientTokenSet", true);
		assertThat(health.toString()).doesNotContain("client-secret-2");
	}

	@Test
	void downWithPlainHttpOffLoopback() {
		assertThat(health("http://api.z-api.io", "partner-secret-1").getStatus()).isEqualTo(Status.DOWN);
		assertThat(health("http://127.0.0.1:8089", "partner-secret-1").getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void downWithABlankToken() {
		Health health = health("https://api.z-api.io", " ");

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "partner token missing");
	}

}
