package com.zapigateway.support;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link GatewayTest} with helpers for the tests of the HTTP edge: a client, the
 * simulator behind the Z-API fake, and the keys of three clients of the shared property
 * set: {@code alpha} (tenant {@code alpha-t}, two valid keys), {@code beta} (tenant
 * {@code beta-t}) and {@code ops} (all tenants, operator).
 */
@GatewayTest
public abstract class GatewayIntegrationTest {

	public static final String PARTNER_TOKEN = ZapiFake.PARTNER_TOKEN;

	public static final String ALPHA_KEY = "alpha-key-0b5e7c1d9a";

	public static final String ALPHA_NEXT_KEY = "alpha-next-key-77e2f0a4c3";

	public static final String BETA_KEY = "beta-key-6f1c2d8e4b";

	public static final String OPS_KEY = "ops-key-a9d3e5f7c1";

	// SHA-256 of the keys above (checked by
	// SecurityIntegrationTests#configuredHashesAreTheKeysHashes)
	public static final String ALPHA_KEY_SHA256 = "6c6a9dd71068f97a543758a67f2955a820f538fee32d8dfa71561911c8ab79bc";

	public static final String ALPHA_NEXT_KEY_SHA256 = "fb383a72b9e188eb7998537b113adf3f400e6449263f09c73acc18cbbf5e471c";

	public static final String BETA_KEY_SHA256 = "0dc2ca0539e1730683cc3e25848d240523316eccc41ca9696334dd4432a19431";

	public static final String OPS_KEY_SHA256 = "d7ebfc55016e1223efe8d863c6a02fbe4086715a2f2a4d1a7a4d442ccf36caac";

	/** A second, inactive key ("test-key-zero-only-for-rotation" padded to 32 bytes). */
	public static final String TEST0_KEY = "dGVzdC1rZXktemVyby1vbmx5LWZvci1yb3RhdGlvbjA=";

	protected static final ZapiSimulator SIMULATOR = ZapiFake.simulator();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	protected GatewayClient http;

	@org.junit.jupiter.api.BeforeEach
	void gatewayHttp() {
		this.http = GatewayClient.onPort(this.port);
	}

	protected static String uniqueName() {
		return "inst-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected JsonNode create(String apiKey, String tenant) {
		GatewayClient.Response response = this.http.postJson("/api/v1/tenants/" + tenant + "/instances",
				"{\"name\":\"" + uniqueName() + "\"}", "X-API-Key", apiKey);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	protected long storedRows() {
		return this.jdbc.sql("select count(*) from instances").query(Long.class).single();
	}

}
