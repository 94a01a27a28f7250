package com.zapigateway.connection;

import com.zapigateway.instance.ConnectionState;
import com.zapigateway.zapi.ZapiStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection module's rules without a server: the state Z-API's status means, the
 * choice between PNG and JSON, the phone's masking, and the settings' validation.
 */
class ConnectionRulesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void readsTheStateFromZapisStatus() {
		assertThat(ConnectionService.stateOf(new ZapiStatus(true, true, null))).isEqualTo(ConnectionState.CONNECTED);
		assertThat(ConnectionService.stateOf(new ZapiStatus(true, false, "You need to restore the session.")))
			.isEqualTo(ConnectionState.CONNECTED);
		assertThat(ConnectionService.stateOf(new ZapiStatus(false, true, "You need to restore the session.")))
			.isEqualTo(ConnectionState.NEEDS_RESTORE);
		assertThat(ConnectionService.stateOf(new ZapiStatus(false, false, "Você precisa RESTORE a sessão")))
			.isEqualTo(ConnectionState.NEEDS_RESTORE);
		assertThat(ConnectionService.stateOf(new ZapiStatus(false, false, "You are not connected.")))
			.isEqualTo(ConnectionState.DISCONNECTED);
		assertThat(ConnectionService.stateOf(new ZapiStatus(false, false, null)))
			.isEqualTo(ConnectionState.DISCONNECTED);
	}

	@Test
	void answersJsonOnlyWhenTheCallerPrefersIt() {
		assertThat(ConnectionController.prefersJson(null)).isFalse();
		assertThat(ConnectionController.prefersJson("*/*")).isFalse();
		assertThat(ConnectionController.prefersJson("image/png")).isFalse();
		assertThat(ConnectionController.prefersJson("*/*, application/json")).isTrue();
		assertThat(ConnectionController.prefersJson("image/png, application/json")).isFalse();
		assertThat(ConnectionController.prefersJson("application/*, image/*")).isFalse();
		assertThat(ConnectionController.prefersJson("application/json;q=0.9, image/png")).isFalse();
		assertThat(ConnectionController.prefersJson("application/json")).isTrue();
		assertThat(ConnectionController.prefersJson("application/json, */*;q=0.5")).isTrue();
		assertThat(ConnectionController.prefersJson("image/png;q=0.5, application/json")).isTrue();
		assertThat(ConnectionController.prefersJson("application/json;q=0, image/png")).isFalse();
		assertThat(ConnectionController.prefersJson("not a type")).isFalse();
	}

	@Test
	void masksThePhoneAndTakesItsDigits() {
		PhoneCodeRequest request = new PhoneCodeRequest("+5511999998888");
		assertThat(request.digits()).isEqualTo("5511999998888");
		assertThat(PhoneCodeRequest.masked(request.digits())).isEqualTo("***8888");
		assertThat(request.toString()).doesNotContain("55119999").contains("***8888");
		assertThat(new PhoneCodeRequest("5511999998888").digits()).isEqualTo("5511999998888");
	}

	@Test
	void bindsDefaultsAndRefusesIntervalsZapiWouldNotScan() {
		this.runner.run((context) -> {
			ConnectionProperties properties = context.getBean(ConnectionProperties.class);
			assertThat(properties.qrCodeInterval()).hasSeconds(10);
			assertThat(properties.maxQrCodes()).isEqualTo(3);
			assertThat(properties.maxQrFlows()).isEqualTo(1000);
		});
		for (String bad : new String[] { "gateway.connection.qr-code-interval=21s",
				"gateway.connection.qr-code-interval=500ms", "gateway.connection.qr-flow-expiry=5s",
				"gateway.connection.max-qr-codes=0", "gateway.connection.max-qr-flows=0" }) {
			this.runner.withPropertyValues(bad).run((context) -> {
				assertThat(context).as(bad).hasFailed();
				assertThat(context.getStartupFailure()).as(bad).rootCause().hasMessageContaining("gateway.connection");
			});
		}
		this.runner.withPropertyValues("gateway.connection.qr-code-interval=20s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ConnectionProperties.class)
	static class Config {

	}

}
