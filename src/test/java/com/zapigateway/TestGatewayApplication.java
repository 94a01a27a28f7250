package com.zapigateway;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.PostgresTestConfiguration;
import com.zapigateway.support.ZapiSimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Runs the gateway locally with no database and no Z-API account at hand:
 * {@code ./mvnw spring-boot:test-run}. It starts a throwaway PostgreSQL (or uses
 * {@code SPRING_DATASOURCE_URL}), a local Z-API simulator, and a demo client whose API
 * key is printed at start-up.
 * <p>
 * The local run is the production application with production settings: every scheduled
 * job runs (reconciler, sync, expiry alerts, webhook delivery, purges), against the
 * simulator. It reads the main {@code application.yml} only, never the tests'
 * {@code config/application.yml} (which switches the jobs off for test contexts sharing a
 * database). What differs is said here: the expiry scan and (against the simulator) the
 * sync run more often, so a change on the simulator reaches a webhook within a minute,
 * and webhooks may be plain {@code http} on loopback, so a receiver can run on this
 * machine without a certificate.
 */
public final class TestGatewayApplication {

	/** The demo client's API key: for local runs only, never configured in production. */
	static final String DEMO_API_KEY = "local-demo-key";

	/**
	 * The local runs' token encryption key (base64 of 32 fixed bytes): for local runs
	 * only. The main application has no default and refuses to start without a key.
	 */
	static final String LOCAL_ENCRYPTION_KEY = "bG9jYWwtdGVzdC1rZXktbmV2ZXItdXNlLWluLXByb2Q=";

	/** Where the simulator listens unless {@code ZAPI_SIMULATOR_PORT} says otherwise. */
	static final int SIMULATOR_PORT = 8081;

	/**
	 * Spring Boot's default configuration locations less {@code classpath:/config/},
	 * where the tests keep their settings.
	 */
	private static final String CONFIG_LOCATIONS = "optional:classpath:/,optional:file:./,optional:file:./config/,"
			+ "optional:file:./config/*/";

	private TestGatewayApplication() {
	}

	public static void main(String[] args) throws IOException {
		List<String> arguments = new ArrayList<>();
		if (System.getenv("SPRING_CONFIG_LOCATION") == null) {
			arguments.add("--spring.config.location=" + CONFIG_LOCATIONS);
		}
		arguments.add("--gateway.webhooks.scan-interval=10s");
		arguments.add("--gateway.webhooks.allow-http-loopback=true");
		boolean useRealZapi = System.getenv("ZAPI_PARTNER_TOKEN") != null;
		ZapiSimulator simulator = null;
		if (!useRealZapi) {
			// the simulator can be listed often; the real Z-API keeps the production
			// interval
			arguments.add("--gateway.sync.initial-delay=5s");
			arguments.add("--gateway.sync.interval=15s");
			String partnerToken = UUID.randomUUID().toString();
			String port = System.getenv("ZAPI_SIMULATOR_PORT");
			simulator = ZapiSimulator.start(partnerToken, Duration.ZERO,
					(port != null) ? Integer.parseInt(port) : SIMULATOR_PORT);
			arguments.add("--zapi.base-url=" + simulator.baseUrl());
			arguments.add("--zapi.partner-token=" + partnerToken);
			// the local run plays an account that requires its Client-Token, so the
			// gateway's handling of it is exercised
			String clientToken = UUID.randomUUID().toString();
			simulator.requireClientToken(clientToken);
			arguments.add("--zapi.client-token=" + clientToken);
		}
		if (System.getenv("GATEWAY_ENCRYPTION_ACTIVEKEYID") == null) {
			arguments.add("--gateway.encryption.active-key-id=local");
			arguments.add("--gateway.encryption.keys.local=" + LOCAL_ENCRYPTION_KEY);
		}
		boolean demoClient = System.getenv("GATEWAY_CLIENTS_0_NAME") == null;
		if (demoClient) {
			arguments.add("--gateway.clients[0].name=local-demo");
			arguments.add("--gateway.clients[0].api-key-sha256=" + GatewayClient.sha256Hex(DEMO_API_KEY));
			arguments.add("--gateway.clients[0].tenants=*");
			arguments.add("--gateway.clients[0].operator=true");
		}
		// the caller's own arguments come last and win
		arguments.addAll(List.of(args));
		ConfigurableApplicationContext context = SpringApplication.from(GatewayApplication::main)
			.with(PostgresTestConfiguration.class)
			.run(arguments.toArray(String[]::new))
			.getApplicationContext();
		Environment environment = context.getEnvironment();
		System.out.printf("%n  zapi-gateway is running on http://localhost:%s%n",
				environment.getProperty("local.server.port", "8080"));
		if (simulator != null) {
			System.out.printf("  Z-API simulator on %s (set ZAPI_PARTNER_TOKEN to use the real Z-API)%n",
					simulator.baseUrl());
		}
		System.out.printf("  database: %s%n", database(context));
		if (demoClient) {
			System.out.printf("  demo API key: X-API-Key: %s  (all tenants, operator)%n", DEMO_API_KEY);
		}
		System.out.printf("  jobs: sync every %s, expiry scan every %s, webhook delivery every %s%n%n",
				environment.getProperty("gateway.sync.interval"),
				environment.getProperty("gateway.webhooks.scan-interval"),
				environment.getProperty("gateway.webhooks.dispatch-interval", "5s"));
	}

	/**
	 * The database the gateway uses, without its query string (where a password could be
	 * given).
	 */
	private static String database(ConfigurableApplicationContext context) {
		String url = context.getBean(JdbcConnectionDetails.class).getJdbcUrl();
		int query = url.indexOf('?');
		return (query < 0) ? url : url.substring(0, query);
	}

}
