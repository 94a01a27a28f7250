package com.zapigateway;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zapigateway.support.GatewayHttp;
import com.zapigateway.support.PostgresTestConfiguration;
import com.zapigateway.support.ZapiSimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the gateway locally with no database and no Z-API account at hand:
 * {@code ./mvnw spring-boot:test-run}. It starts a throwaway PostgreSQL (or uses
 * {@code SPRING_DATASOURCE_URL}), a local Z-API simulator, and a demo client whose API
 * key is printed at start-up.
 */
public final class TestGatewayApplication {

	/** The demo client's API key: for local runs only, never configured in production. */
	static final String DEMO_API_KEY = "local-demo-key";

	/**
	 * The local runs' token encryption key (base64 of 32 fixed bytes): for local runs
	 * only. The main application has no default and refuses to start without a key.
	 */
	static final String LOCAL_ENCRYPTION_KEY = "bG9jYWwtdGVzdC1rZXktbmV2ZXItdXNlLWluLXByb2Q=";

	private TestGatewayApplication() {
	}

	public static void main(String[] args) throws IOException {
		List<String> arguments = new ArrayList<>(List.of(args));
		boolean useRealZapi = System.getenv("ZAPI_PARTNER_TOKEN") != null;
		ZapiSimulator simulator = null;
		if (!useRealZapi) {
			String partnerToken = UUID.randomUUID().toString();
			simulator = ZapiSimulator.start(partnerToken, Duration.ZERO);
			arguments.add("--zapi.base-url=" + simulator.baseUrl());
			arguments.add("--zapi.partner-token=" + partnerToken);
		}
		if (System.getenv("GATEWAY_ENCRYPTION_ACTIVEKEYID") == null) {
			arguments.add("--gateway.encryption.active-key-id=local");
			arguments.add("--gateway.encryption.keys.local=" + LOCAL_ENCRYPTION_KEY);
		}
		if (System.getenv("GATEWAY_CLIENTS_0_NAME") == null) {
			arguments.add("--gateway.clients[0].name=local-demo");
			arguments.add("--gateway.clients[0].api-key-sha256=" + GatewayHttp.sha256Hex(DEMO_API_KEY));
			arguments.add("--gateway.clients[0].tenants=*");
			arguments.add("--gateway.clients[0].operator=true");
		}
		ConfigurableApplicationContext context = SpringApplication.from(GatewayApplication::main)
			.with(PostgresTestConfiguration.class)
			.run(arguments.toArray(String[]::new))
			.getApplicationContext();
		String port = context.getEnvironment().getProperty("local.server.port", "8080");
		System.out.printf("%n  zapi-gateway is running on http://localhost:%s%n", port);
		if (simulator != null) {
			System.out.printf("  Z-API simulator on %s (set ZAPI_PARTNER_TOKEN to use the real Z-API)%n",
					simulator.baseUrl());
		}
		if (System.getenv("GATEWAY_CLIENTS_0_NAME") == null) {
			System.out.printf("  demo API key: X-API-Key: %s  (all tenants)%n%n", DEMO_API_KEY);
		}
	}

}
