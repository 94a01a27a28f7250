package com.zapigateway;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sampling of the traces the gateway starts itself (requests without a
 * {@code traceparent}, job passes), when nothing sets
 * {@code management.tracing.sampling.probability}: every one ({@code 1.0}) once spans are
 * exported ({@code management.opentelemetry.tracing.export.otlp.endpoint} set), none
 * ({@code 0.0}) otherwise, since nothing would receive them. Boot's own default (0.1)
 * suits neither: a tenant following one create would find nine in ten missing, and
 * without export it records spans for nobody. Trace ids are propagated and logged either
 * way, and a caller's sampled flag decides for its own trace (parent-based sampler).
 * <p>
 * The lowest-precedence property source, added last: any setting (YAML, environment,
 * {@code OTEL_TRACES_SAMPLER_ARG}) wins over it.
 */
class TracingSamplingDefault implements EnvironmentPostProcessor, Ordered {

	static final String PROBABILITY = "management.tracing.sampling.probability";

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String SOURCE = "gatewayTracingSamplingDefault";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (binder.bind(PROBABILITY, Double.class).isBound()) {
			return;
		}
		boolean exported = !binder.bind(ENDPOINT, String.class).orElse("").isBlank();
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE, Map.of(PROBABILITY, exported ? "1.0" : "0.0")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
