package com.zapigateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class TracingSamplingDefaultTests {

	@Test
	void samplesNoneOfItsOwnTracesWhenNothingExportsThem() {
		assertThat(probability(Map.of())).isEqualTo("0.0");
		assertThat(probability(Map.of(TracingSamplingDefault.ENDPOINT, " "))).isEqualTo("0.0");
	}

	@Test
	void samplesEveryTraceWhenSpansAreExported() {
		assertThat(probability(Map.of(TracingSamplingDefault.ENDPOINT, "http://collector:4318/v1/traces")))
			.isEqualTo("1.0");
	}

	@Test
	void anEnvironmentVariableEndpointCountsToo() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map
				.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://collector:4318/v1/traces")));
		new TracingSamplingDefault().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TracingSamplingDefault.PROBABILITY)).isEqualTo("1.0");
	}

	@Test
	void anExplicitProbabilityWins() {
		assertThat(probability(Map.of(TracingSamplingDefault.ENDPOINT, "http://collector:4318",
				TracingSamplingDefault.PROBABILITY, "0.25")))
			.isEqualTo("0.25");
		assertThat(probability(Map.of(TracingSamplingDefault.PROBABILITY, "0.5"))).isEqualTo("0.5");
	}

	private static String probability(Map<String, Object> given) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("given", given));
		new TracingSamplingDefault().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(TracingSamplingDefault.PROBABILITY);
	}

}
