package com.zapigateway;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every renamed setting is refused in every form a property source gives it, and the
 * message names the new one; the new names, and the settings that kept theirs, pass.
 */
class RenamedPropertiesTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyOldNameInEveryForm")
	void anOldNameIsRefusedNamingTheNewOne(String given, PropertySource<?> source, String newName) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(source);

		assertThatIllegalStateException().isThrownBy(() -> RenamedProperties.refuse(environment))
			.withMessageContaining(newName)
			.withMessageNotContaining("42");
	}

	static Stream<Arguments> everyOldNameInEveryForm() {
		return RenamedProperties.RENAMED.entrySet().stream().flatMap((renamed) -> {
			String old = renamed.getKey();
			String env = old.toUpperCase().replace('.', '_');
			String envWithoutDashes = env.replace("-", "");
			String envWithUnderscores = env.replace('-', '_');
			return Stream.of(Arguments.of(old, new MapPropertySource("yaml", Map.of(old, "42")), renamed.getValue()),
					Arguments.of(envWithoutDashes, environment(envWithoutDashes), renamed.getValue()),
					Arguments.of(envWithUnderscores, environment(envWithUnderscores), renamed.getValue()));
		});
	}

	@Test
	void newNamesAndNamesThatStayedPass() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("yaml",
					Map.of("zapi.guard.max-concurrent-calls", "4", "gateway.idempotency.lease", "2m",
							"gateway.creation.reconcile-interval", "30s", "gateway.creation.lookup-page-size", "100",
							"gateway.creation.lookup-max-pages", "50")));
		environment.getPropertySources()
			.addFirst(environment(
					Map.of("ZAPI_GUARD_MAX_CONCURRENT_CALLS", "4", "GATEWAY_CREATION_RECONCILEINTERVAL", "30s")));

		assertThatNoException().isThrownBy(() -> RenamedProperties.refuse(environment));
	}

	private static SystemEnvironmentPropertySource environment(String name) {
		return environment(Map.of(name, "42"));
	}

	private static SystemEnvironmentPropertySource environment(Map<String, Object> variables) {
		return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables);
	}

}
