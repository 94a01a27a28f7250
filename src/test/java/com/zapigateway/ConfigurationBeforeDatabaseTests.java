package com.zapigateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.TestDatabases;
import com.zapigateway.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway started without a required setting, with a malformed one, or with one under a
 * name that changed, refuses to start before it touches its database: the message names
 * the setting, and the fresh database it was given has no table afterwards (Flyway did
 * not run). Only the main {@code application.yml} is read, not the tests' encryption key.
 */
class ConfigurationBeforeDatabaseTests {

	private static final String KEY = "bG9jYWwtdGVzdC1rZXktbmV2ZXItdXNlLWluLXByb2Q=";

	@ParameterizedTest(name = "{0}")
	@MethodSource("missingOrMalformedSettings")
	void refusesToStartBeforeMigratingTheDatabase(String setting, Map<String, String> changes,
			String namedInTheFailure) {
		String url = TestDatabases.create("config");
		Map<String, String> properties = complete(url);
		changes.forEach((name, value) -> {
			if (value.isEmpty()) {
				properties.keySet().removeIf((key) -> key.equals(name) || key.startsWith(name + "."));
			}
			else {
				properties.put(name, value);
			}
		});

		assertThatThrownBy(() -> start(properties).close())
			.satisfies((ex) -> assertThat(messages(ex)).contains(namedInTheFailure));
		assertThat(tables(url)).as("tables after a refused start").isEmpty();
	}

	static Stream<Arguments> missingOrMalformedSettings() {
		return Stream.of(Arguments.of("no partner token", Map.of("zapi.partner-token", ""), "partnerToken"),
				Arguments.of("a blank partner token", Map.of("zapi.partner-token", " "), "partnerToken"),
				Arguments.of("a Client-Token with whitespace", Map.of("zapi.client-token", "client token"),
						"ZAPI_CLIENT_TOKEN"),
				Arguments.of("no clients", Map.of("gateway.clients[0]", ""), "gateway.clients"),
				Arguments.of("a client key hash that is no hash",
						Map.of("gateway.clients[0].api-key-sha256", "not-a-hash"), "apiKeySha256"),
				Arguments.of("no encryption key", Map.of("gateway.encryption", ""), "gateway.encryption"),
				Arguments.of("no active encryption key id", Map.of("gateway.encryption.active-key-id", ""),
						"gateway.encryption.active-key-id"),
				Arguments.of("an active key id naming no key", Map.of("gateway.encryption.active-key-id", "k2"),
						"gateway.encryption.active-key-id"),
				Arguments.of("an encryption key that is not base64",
						Map.of("gateway.encryption.keys.k1", "not base64!"), "gateway.encryption.keys.k1"),
				Arguments.of("an encryption key of the wrong length", Map.of("gateway.encryption.keys.k1", "c2hvcnQ="),
						"gateway.encryption.keys.k1"),
				Arguments.of("a renamed setting given as an argument",
						Map.of("gateway.creation.max-concurrent-calls", "4"), "zapi.guard.max-concurrent-calls"),
				Arguments.of("a renamed Idempotency-Key setting given as an argument",
						Map.of("gateway.creation.settle-time", "10s"), "gateway.idempotency.settle-time"),
				Arguments.of("a renamed setting in a YAML file",
						Map.of("spring.config.additional-location", "classpath:/renamed-settings.yml"),
						"zapi.guard.open-duration"));
	}

	/**
	 * A renamed setting in the environment, in the form a container sets it, is refused
	 * too, before the database is touched.
	 */
	@Test
	void refusesARenamedSettingFromTheEnvironmentBeforeMigratingTheDatabase() {
		String url = TestDatabases.create("config");
		Map<String, Object> variables = new LinkedHashMap<>(System.getenv());
		variables.put("GATEWAY_CREATION_MAX_CONCURRENT_CALLS", "4");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));

		assertThatThrownBy(() -> start(complete(url), environment).close()).satisfies((ex) -> assertThat(messages(ex))
			.contains("GATEWAY_CREATION_MAX_CONCURRENT_CALLS", "zapi.guard.max-concurrent-calls"));
		assertThat(tables(url)).as("tables after a refused start").isEmpty();
	}

	/**
	 * The same settings, complete, start and migrate: the refusals above are no accident.
	 */
	@Test
	void startsAndMigratesWithEverySettingGiven() {
		String url = TestDatabases.create("config");
		try (ConfigurableApplicationContext context = start(complete(url))) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(tables(url)).contains("flyway_schema_history", "instances");
	}

	private static Map<String, String> complete(String url) {
		Map<String, String> properties = new LinkedHashMap<>();
		// only the main application.yml: the tests' one supplies an encryption key
		properties.put("spring.config.location", "classpath:/application.yml");
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "postgres");
		properties.put("zapi.base-url", "http://127.0.0.1:9");
		properties.put("zapi.partner-token", "partner-token-for-start-up-tests");
		properties.put("gateway.clients[0].name", "start-up");
		properties.put("gateway.clients[0].api-key-sha256", GatewayClient.sha256Hex("start-up-key"));
		properties.put("gateway.clients[0].tenants", "acme");
		properties.put("gateway.encryption.active-key-id", "k1");
		properties.put("gateway.encryption.keys.k1", KEY);
		properties.put("gateway.scheduling.enabled", "false");
		return properties;
	}

	private static ConfigurableApplicationContext start(Map<String, String> properties) {
		return start(properties, new StandardEnvironment());
	}

	private static ConfigurableApplicationContext start(Map<String, String> properties,
			ConfigurableEnvironment environment) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(GatewayApplication.class).environment(environment)
			.run(arguments.toArray(String[]::new));
	}

	private static List<String> tables(String url) {
		return JdbcClient.create(TestPostgres.embedded().getDatabase("postgres", TestDatabases.name(url)))
			.sql("select table_name from information_schema.tables where table_schema = 'public'")
			.query(String.class)
			.list();
	}

	private static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
			if (cause.getCause() == cause) {
				break;
			}
		}
		return messages.toString();
	}

}
