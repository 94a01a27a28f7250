package com.zapigateway.limits;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.limits.*} binds with the documented defaults and refuses nonsense at
 * start-up, naming the property.
 */
class LimitsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaults() {
		this.runner.run((context) -> {
			LimitsProperties limits = context.getBean(LimitsProperties.class);
			assertThat(limits.maxTrialInstancesPerTenant()).isEqualTo(50);
			assertThat(limits.createRate().capacity()).isEqualTo(20);
			assertThat(limits.createRate().period()).isEqualTo(Duration.ofMinutes(1));
			assertThat(limits.maxConcurrentReads()).isEqualTo(64);
		});
	}

	@Test
	void refusesNoReadsAtOnceOrAnEmptyRatePeriod() {
		this.runner.withPropertyValues("gateway.limits.max-concurrent-reads=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxConcurrentReads");
		});
		this.runner.withPropertyValues("gateway.limits.create-rate.period=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("gateway.limits.create-rate.period");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LimitsProperties.class)
	static class Config {

	}

}
