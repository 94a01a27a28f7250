package com.zapigateway.zapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zapi.*} binds from configuration and fails fast, naming what is missing.
 */
class ZapiPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void bindsWithDefaults() {
		this.runner.withPropertyValues("zapi.partner-token=secret").run((context) -> {
			ZapiProperties properties = context.getBean(ZapiProperties.class);
			assertThat(properties.baseUrl()).hasToString("https://api.z-api.io");
			assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void refusesToStartWithoutAPartnerToken() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("partnerToken")
				.hasMessageContaining("ZAPI_PARTNER_TOKEN");
		});
	}

	@Test
	void refusesABlankPartnerToken() {
		this.runner.withPropertyValues("zapi.partner-token= ").run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void bindsAnOptionalClientToken() {
		this.runner.withPropertyValues("zapi.partner-token=secret")
			.run((context) -> assertThat(context.getBean(ZapiProperties.class).clientToken()).isNull());
		this.runner.withPropertyValues("zapi.partner-token=secret", "zapi.client-token=F1a2b3c4d5e6")
			.run((context) -> assertThat(context.getBean(ZapiProperties.class).clientToken())
				.isEqualTo("F1a2b3c4d5e6"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "F1a2b3 c4d5e6", "F1a2b3\nc4d5e6", "F1a2b3\tc4", "  ", "F1a2b3c4d5e6é" })
	void refusesAMalformedClientTokenNamingTheSettingButNotTheToken(String token) {
		this.runner.withPropertyValues("zapi.partner-token=secret")
			.withPropertyValues("zapi.client-token=" + token)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("zapi.client-token")
					.contains("ZAPI_CLIENT_TOKEN")
					.doesNotContain("F1a2b3");
			});
	}

	@Test
	void refusesAClientTokenLongerThanAHeaderNeeds() {
		this.runner.withPropertyValues("zapi.partner-token=secret", "zapi.client-token=" + "a".repeat(257))
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("zapi.partner-token=secret", "zapi.client-token=" + "a".repeat(256))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ZapiProperties.class)
	static class Config {

	}

}
