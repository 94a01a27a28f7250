package com.zapigateway.creation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zapigateway.support.ZapiSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property over the create endpoint, for generated requests (valid, subtly invalid and
 * hostile mixed): the answer is never a 5xx; a refused request stores no row and never
 * reaches Z-API; an accepted one stores exactly one row and calls Z-API exactly once.
 * Generated from a seed ({@code -Dproperty.seed=...} to replay one; every failure names
 * its seed and case). jqwik was not used: 1.10 is built on JUnit Platform 1.x (Boot 4.1
 * manages 6.x) and its licence now carries an anti-AI-usage clause.
 */
@GatewayTest
class CreateEndpointPropertyTests {

	static final String KEY = "property-key-4c1d";

	static final String KEY_SHA256 = "39b7de4edd89bd68cd9bc58f70adb79acc7f2e87fe2adb728e79fe0a0d8c45fa";

	static final int TRIES = 400;

	static final ZapiSimulator simulator = ZapiFake.simulator();

	private static final String[] FIELDS = { "name", "sessionName", "deliveryCallbackUrl", "receivedCallbackUrl",
			"receivedAndDeliveryCallbackUrl", "presenceChatCallbackUrl", "disconnectedCallbackUrl",
			"connectedCallbackUrl", "messageStatusCallbackUrl", "callRejectAuto", "callRejectMessage",
			"autoReadMessage", "autoReadStatus", "isDevice", "businessDevice", "disableEnqueueWhenDisconnected",
			"token", "id", "tenantId", "__proto__" };

	private static final String[] URLS = { "https://hooks.example.com/z", "https://8.8.8.8/x",
			"http://hooks.example.com/", "https://u:p@hooks.example.com/", "https://127.0.0.1/", "https://localhost/",
			"https://[::1]/", "https://169.254.169.254/", "https://10.0.0.1/", "javascript:alert(1)",
			"file:///etc/passwd", "", " ", "https://", "https://h.example.com/#f",
			"https://h.example.com/" + "p".repeat(3000) };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json", "application/json",
			"application/json;charset=UTF-8", "application/problem+json", "text/plain", "application/xml", null,
			"application/x-www-form-urlencoded", "application/json;charset=ISO-8859-1" };

	private static final String[] TENANTS = { "prop-t", "prop-t", "prop-t", "PROP_2", "-x", "..", "a%2Fb",
			"t".repeat(65), "%00", "x;y", "%C0%AE" };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void neverA5xxAndNothingStoredOrCalledForARefusedCreate() {
		assertThat(GatewayClient.sha256Hex(KEY)).isEqualTo(KEY_SHA256);
		long seed = Long.getLong("property.seed", 20261123L);
		Random random = new Random(seed);
		GatewayClient http = GatewayClient.onPort(this.port);
		int accepted = 0;
		int refused = 0;
		for (int i = 0; i < TRIES; i++) {
			boolean clean = random.nextInt(4) == 0;
			String tenant = clean ? "prop-t" : pick(random, TENANTS);
			String contentType = clean ? "application/json" : pick(random, CONTENT_TYPES);
			byte[] body = clean ? cleanBody(random) : body(random);
			long creates = simulator.createCount();
			long rows = rows();
			List<String> headers = new ArrayList<>(List.of("X-API-Key", KEY));
			if (contentType != null) {
				headers.add("Content-Type");
				headers.add(contentType);
			}
			Response response = http.send("POST", "/api/v1/tenants/" + tenant + "/instances", body,
					headers.toArray(String[]::new));
			String label = "seed " + seed + " case " + i + ": POST tenant=" + tenant + " type=" + contentType + " body="
					+ abbreviate(new String(body, StandardCharsets.UTF_8)) + " -> " + response;
			assertThat(response.status()).as(label).isLessThan(500);
			if (response.status() == 201) {
				accepted++;
				assertThat(simulator.createCount()).as(label).isEqualTo(creates + 1);
				assertThat(rows()).as(label).isEqualTo(rows + 1);
				assertThat(response.json().get("token").asString()).as(label).isNotBlank();
			}
			else {
				refused++;
				assertThat(response.status()).as(label).isBetween(400, 499);
				assertThat(response.contentType()).as(label).startsWith("application/problem+json");
				assertThat(simulator.createCount()).as(label).isEqualTo(creates);
				assertThat(rows()).as(label).isEqualTo(rows);
			}
		}
		// the generator exercises both sides of the property
		assertThat(accepted).isGreaterThan(TRIES / 10);
		assertThat(refused).isGreaterThan(TRIES / 2);
	}

	private static byte[] cleanBody(Random random) {
		String json = "{\"name\":" + quote("inst-" + random.nextInt(1_000_000))
				+ (random.nextBoolean() ? ",\"receivedCallbackUrl\":\"https://hooks.example.com/z\"" : "")
				+ (random.nextBoolean() ? ",\"isDevice\":" + random.nextBoolean() : "") + "}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] body(Random random) {
		int shape = random.nextInt(20);
		if (shape == 0) {
			byte[] junk = new byte[random.nextInt(200)];
			random.nextBytes(junk);
			return junk;
		}
		if (shape == 1) {
			int depth = 1 + random.nextInt(3000);
			return ("{\"name\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
		}
		if (shape == 2) {
			return ("{\"name\":\"" + "x".repeat(random.nextInt(40_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
		}
		if (shape == 3) {
			String json = object(random);
			return json.substring(0, random.nextInt(json.length() + 1)).getBytes(StandardCharsets.UTF_8);
		}
		if (shape == 4) {
			// a valid body with one byte flipped
			byte[] bytes = object(random).getBytes(StandardCharsets.UTF_8);
			bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
			return bytes;
		}
		return object(random).getBytes(StandardCharsets.UTF_8);
	}

	private static String object(Random random) {
		StringBuilder json = new StringBuilder("{");
		boolean first = true;
		// mostly start from a valid name
		if (random.nextInt(4) != 0) {
			json.append("\"name\":").append(quote("inst-" + random.nextInt(1_000_000)));
			first = false;
		}
		int extra = random.nextInt(4);
		for (int i = 0; i < extra; i++) {
			String field = pick(random, FIELDS);
			if (random.nextInt(8) == 0) {
				// a misspelt field
				field = field.substring(0, Math.min(4, field.length())) + "x";
			}
			else if (random.nextInt(3) != 0) {
				// usually one of the accepted fields
				field = FIELDS[random.nextInt(16)];
			}
			json.append(first ? "" : ",").append(quote(field)).append(':').append(value(random, field));
			first = false;
		}
		return json.append('}').toString();
	}

	private static String value(Random random, String field) {
		if (field.endsWith("CallbackUrl") && random.nextBoolean()) {
			return quote(pick(random, URLS));
		}
		return switch (random.nextInt(12)) {
			case 0 -> "null";
			case 1 -> Boolean.toString(random.nextBoolean());
			case 2 -> Integer.toString(random.nextInt());
			case 3 -> "1e" + random.nextInt(400);
			case 4 -> "[" + quote("a") + "]";
			case 5 -> "{\"$ne\":null}";
			case 6 -> quote("a\\u0000b");
			case 7 -> quote("\\ud800");
			case 8 -> quote("x".repeat(random.nextInt(3000)));
			case 9 -> quote("../../etc/passwd");
			case 10 -> quote("ação 😀 " + random.nextInt(1000));
			default -> quote("v" + random.nextInt(1000));
		};
	}

	private static String quote(String value) {
		return "\"" + value.replace("\"", "\\\"") + "\"";
	}

	private static <T> T pick(Random random, T[] values) {
		return values[random.nextInt(values.length)];
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from instances").query(Long.class).single();
	}

}
