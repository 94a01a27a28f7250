package com.zapigateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zapigateway.GatewayApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole gateway started in this JVM on a free port, for tests that need several
 * replicas on one database or a database they can take away.
 */
public final class RunningGateway implements AutoCloseable {

	/**
	 * The API key of client {@code reliability-tests} (tenants {@code acme} and
	 * {@code globex}), configured by {@link #clientProperties()}.
	 */
	public static final String API_KEY = "reliability-test-key";

	private final ConfigurableApplicationContext context;

	private RunningGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a gateway.
	 * @param databaseUrl its JDBC URL (user and password {@code postgres})
	 * @param zapiBaseUrl where Z-API is
	 * @param partnerToken the partner token
	 * @param extra more properties, {@code name=value}
	 * @return the running gateway
	 */
	public static RunningGateway start(String databaseUrl, String zapiBaseUrl, String partnerToken, String... extra) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
			.run(arguments(databaseUrl, zapiBaseUrl, partnerToken, extra));
		return new RunningGateway(context);
	}

	/**
	 * The command-line arguments of a test gateway (they win over application.yml, which
	 * default properties would not).
	 * @param databaseUrl its JDBC URL (user and password {@code postgres})
	 * @param zapiBaseUrl where Z-API is
	 * @param partnerToken the partner token
	 * @param extra more properties, {@code name=value}; later ones win
	 * @return the arguments, {@code --name=value}
	 */
	public static String[] arguments(String databaseUrl, String zapiBaseUrl, String partnerToken, String... extra) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + databaseUrl,
				"spring.datasource.username=postgres", "spring.datasource.password=postgres",
				"zapi.base-url=" + zapiBaseUrl, "zapi.partner-token=" + partnerToken, "zapi.connect-timeout=500ms",
				"zapi.read-timeout=2s", "gateway.scheduling.enabled=false", "gateway.idempotency.lease=5s",
				"zapi.guard.retry-initial-backoff=20ms", "zapi.guard.retry-max-backoff=100ms",
				"gateway.idempotency.settle-time=1s", "gateway.idempotency.retry-after=1s",
				"spring.main.banner-mode=off", "gateway.limits.create-rate.capacity=100000",
				"gateway.limits.max-trial-instances-per-tenant=100000"));
		properties.addAll(List.of(clientProperties()));
		properties.addAll(List.of(extra));
		Map<String, String> byName = new LinkedHashMap<>();
		for (String property : properties) {
			String[] pair = property.split("=", 2);
			byName.put(pair[0], pair[1]);
		}
		return byName.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

	/**
	 * Properties that configure client {@code reliability-tests} for tenants {@code acme}
	 * and {@code globex}.
	 * @return the properties, {@code name=value}
	 */
	public static String[] clientProperties() {
		return new String[] { "gateway.clients[0].name=reliability-tests",
				"gateway.clients[0].api-key-sha256=" + GatewayClient.sha256Hex(API_KEY),
				"gateway.clients[0].tenants=acme,globex" };
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
	}

	public GatewayClient http() {
		return GatewayClient.onPort(port()).withApiKey(API_KEY);
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
