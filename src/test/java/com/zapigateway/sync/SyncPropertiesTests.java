package com.zapigateway.sync;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.sync.*} binds with safe defaults and refuses malformed payment statuses
 * at start-up, naming the property.
 */
class SyncPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void infersNoSubscriptionFromThePaymentStatusByDefault() {
		this.runner.run((context) -> {
			SyncProperties properties = context.getBean(SyncProperties.class);
			assertThat(properties.subscribedPaymentStatuses()).isEmpty();
			assertThat(properties.subscribedPaymentStatusSet()).isEmpty();
		});
		// as application.yml's "[]" (or an empty environment variable) binds
		this.runner.withPropertyValues("gateway.sync.subscribed-payment-statuses=")
			.run((context) -> assertThat(context.getBean(SyncProperties.class).subscribedPaymentStatuses()).isEmpty());
	}

	@Test
	void bindsSubscribedPaymentStatusesAsAListFromOneVariable() {
		this.runner.withPropertyValues("gateway.sync.subscribed-payment-statuses=ok-1,OK 2,ok-1").run((context) -> {
			SyncProperties properties = context.getBean(SyncProperties.class);
			assertThat(properties.subscribedPaymentStatuses()).containsExactly("ok-1", "OK 2", "ok-1");
			assertThat(properties.subscribedPaymentStatusSet()).containsExactlyInAnyOrder("ok-1", "OK 2");
		});
	}

	@Test
	void refusesBlankOrOverlongOrNonAsciiStatuses() {
		for (String bad : new String[] { "gateway.sync.subscribed-payment-statuses[0]= ",
				"gateway.sync.subscribed-payment-statuses[0]=" + "x".repeat(65),
				"gateway.sync.subscribed-payment-statuses[0]=pago\u00e9" }) {
			this.runner.withPropertyValues(bad).run((context) -> {
				assertThat(context).as(bad).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("subscribedPaymentStatuses");
			});
		}
		this.runner.withPropertyValues("gateway.sync.subscribed-payment-statuses[0]=" + "x".repeat(64))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SyncProperties.class)
	static class Config {

	}

}
