package com.zapigateway.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.clients} binds from configuration (including environment-style names)
 * and fails fast on anything incomplete.
 */
class ClientsPropertiesTests {

	private static final String HASH = "a".repeat(64);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void bindsClientsWithTheirTenants() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].tenants=acme,globex")
			.run((context) -> {
				ClientsProperties.Client client = context.getBean(ClientsProperties.class).clients().get(0);
				assertThat(client.name()).isEqualTo("crm");
				assertThat(client.tenants()).containsExactly("acme", "globex");
				assertThat(client.toString()).doesNotContain(HASH);
			});
	}

	@Test
	void refusesToStartWithoutClients() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("configure at least one client");
		});
	}

	@Test
	void refusesAKeyThatIsNotASha256() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=secret",
					"gateway.clients[0].tenants=*")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("apiKeySha256");
			});
	}

	@Test
	void refusesAClientWithoutTenants() {
		this.runner.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=" + HASH)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesTwoClientsWithOneKey() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=a", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].tenants=*", "gateway.clients[1].name=b",
					"gateway.clients[1].api-key-sha256=" + HASH.toUpperCase(), "gateway.clients[1].tenants=*")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("reuses another client's api-key-sha256"));
	}

	@Test
	void bindsASecondKeyForRotationAndTheOperatorFlag() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=ops", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].secondary-api-key-sha256=" + "b".repeat(64), "gateway.clients[0].tenants=*",
					"gateway.clients[0].operator=true")
			.run((context) -> {
				ClientsProperties.Client client = context.getBean(ClientsProperties.class).clients().get(0);
				assertThat(client.apiKeyHashes()).containsExactly(HASH, "b".repeat(64));
				assertThat(client.isOperator()).isTrue();
				assertThat(client.toString()).doesNotContain(HASH).doesNotContain("b".repeat(64));
			});
	}

	@Test
	void aClientIsNoOperatorAndHasOneKeyByDefault() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].tenants=*")
			.run((context) -> {
				ClientsProperties.Client client = context.getBean(ClientsProperties.class).clients().get(0);
				assertThat(client.apiKeyHashes()).containsExactly(HASH);
				assertThat(client.isOperator()).isFalse();
			});
	}

	@Test
	void refusesASecondKeyThatIsNotASha256OrRepeatsAKey() {
		this.runner
			.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].secondary-api-key-sha256=secret", "gateway.clients[0].tenants=*")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("secondaryApiKeySha256"));
		this.runner
			.withPropertyValues("gateway.clients[0].name=crm", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].secondary-api-key-sha256=" + HASH, "gateway.clients[0].tenants=*")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("has the same hash"));
		this.runner
			.withPropertyValues("gateway.clients[0].name=a", "gateway.clients[0].api-key-sha256=" + HASH,
					"gateway.clients[0].tenants=*", "gateway.clients[1].name=b",
					"gateway.clients[1].api-key-sha256=" + "c".repeat(64),
					"gateway.clients[1].secondary-api-key-sha256=" + HASH, "gateway.clients[1].tenants=*")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("reuses another client's api-key-sha256"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClientsProperties.class)
	static class Config {

	}

}
