package com.zapigateway.zapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

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

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ZapiProperties.class)
	static class Config {

	}

}
