package com.zapigateway.shared.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.zapigateway.support.GatewayClient.RawResponse;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests get a 4xx problem, never a 5xx but the two that say the request is not
 * HTTP the gateway speaks (501 for a method or transfer coding, 505 for a version);
 * nothing is stored and Z-API is not called.
 */
class HostileInputTests extends GatewayIntegrationTest {

	private static final String CREATE = "/api/v1/tenants/alpha-t/instances";

	@Test
	void oversizedBodiesAre413() throws Exception {
		String big = "{\"name\":\"" + "a".repeat(20_000) + "\"}";
		assertRefused(this.http.postJson(CREATE, big, "X-API-Key", ALPHA_KEY), 413);
		// chunked, no Content-Length
		expectNothingHappens(() -> {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + CREATE))
				.header("Content-Type", "application/json")
				.header("X-API-Key", ALPHA_KEY)
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			return null;
		});
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "deep-array", "deep-object", "huge-string", "huge-number", "duplicate-key", "trailing-garbage",
					"not-an-object", "empty", "null", "control-char", "lone-surrogate", "unknown-field", "wrong-type" })
	void malformedOrHostileJsonIs400(String kind) {
		String body = switch (kind) {
			case "deep-array" -> "{\"name\":\"x\",\"sessionName\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
			case "deep-object" -> "{\"name\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
			case "huge-string" -> "{\"name\":\"" + "n".repeat(15_000) + "\"}";
			case "huge-number" -> "{\"name\":\"x\",\"isDevice\":" + "9".repeat(10_000) + "}";
			case "duplicate-key" -> "{\"name\":\"a\",\"name\":\"b\"}";
			case "trailing-garbage" -> "{\"name\":\"a\"} {\"name\":\"b\"}";
			case "not-an-object" -> "[{\"name\":\"a\"}]";
			case "empty" -> "";
			case "null" -> "null";
			case "control-char" -> "{\"name\":\"a\\u0000b\"}";
			case "lone-surrogate" -> "{\"name\":\"a\\ud800b\"}";
			case "unknown-field" -> "{\"name\":\"a\",\"token\":\"mine\"}";
			case "wrong-type" -> "{\"name\":{\"$gt\":\"\"}}";
			default -> throw new IllegalArgumentException(kind);
		};
		assertRefused(this.http.postJson(CREATE, body, "X-API-Key", ALPHA_KEY), 400);
	}

	@Test
	void invalidUtf8Is400() {
		byte[] body = { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}' };
		assertRefused(this.http.send("POST", CREATE, body, "Content-Type", "application/json", "X-API-Key", ALPHA_KEY),
				400);
		byte[] overlong = { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' };
		assertRefused(
				this.http.send("POST", CREATE, overlong, "Content-Type", "application/json", "X-API-Key", ALPHA_KEY),
				400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=x", "application/json-patch+json", "text/html; charset=utf-8", "*/*",
			"application/*", "*/*; charset=utf-8", "json" })
	void wrongContentTypesAre415(String contentType) {
		byte[] body = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
		assertRefused(this.http.send("POST", CREATE, body, "Content-Type", contentType, "X-API-Key", ALPHA_KEY), 415);
	}

	@Test
	void aMissingContentTypeIs415() {
		byte[] body = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
		assertRefused(this.http.send("POST", CREATE, body, "X-API-Key", ALPHA_KEY), 415);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://user:pass@hooks.example.com/", "http://hooks.example.com/",
			"https://127.0.0.1/hook", "https://10.0.0.8/hook", "https://169.254.169.254/latest/meta-data",
			"https://[::1]/hook", "https://localhost/hook", "https://svc.localhost/hook", "javascript:alert(1)",
			"file:///etc/passwd", "gopher://hooks.example.com/", "https://2130706433/" })
	void callbackUrlsThatAreNotPublicHttpsAre400(String url) {
		Response response = this.http.postJson(CREATE, "{\"name\":\"cb\",\"receivedCallbackUrl\":\"" + url + "\"}",
				"X-API-Key", ALPHA_KEY);
		assertRefused(response, 400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("receivedCallbackUrl");
		assertThat(response.body()).doesNotContain("pass@");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/tenants/alpha-t/instances/..%2F..%2Fetc%2Fpasswd/credentials",
			"/api/v1/tenants/alpha-t/instances/%2e%2e/credentials", "/api/v1/tenants/alpha-t/instances/a%00b",
			"/api/v1/tenants/alpha-t/instances/a%0d%0aX-Injected:%20yes", "/api/v1/tenants/alpha-t/instances/a;b=c",
			"/api/v1/tenants/alpha-t/instances/a.b", "/api/v1/tenants/alpha-t/instances/%252e%252e",
			"/api/v1/tenants/alpha-t/instances/a%5Cb", "/api/v1/tenants/alpha-t/instances/%C0%AE%C0%AE" })
	void pathTraversalInIdsIsRefused(String path) {
		Response get = this.http.get(path, "X-API-Key", OPS_KEY);
		assertThat(get.status()).as(path + " -> " + get).isBetween(400, 499).isNotEqualTo(401).isNotEqualTo(403);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/api/v1/tenants/..%2Falpha-t/instances", "/api/v1/tenants/alpha-t%2F..%2Fbeta-t/instances",
					"/api/v1/tenants/%2e%2e/instances", "/api/v1/tenants/alpha-t;x=y/instances",
					"/api/v1/tenants/-bad/instances", "/api/v1/tenants/alpha%20t/instances" })
	void hostileTenantIdsOnCreateAreRefusedBeforeZapi(String path) {
		Response response = this.http.postJson(path, "{\"name\":\"a\"}", "X-API-Key", OPS_KEY);
		assertRefused(response, -1);
	}

	@Test
	void extremeLengthsAre4xx() {
		assertRefused(this.http.postJson("/api/v1/tenants/" + "t".repeat(65) + "/instances", "{\"name\":\"a\"}",
				"X-API-Key", OPS_KEY), 400);
		Response longId = this.http.get("/api/v1/tenants/alpha-t/instances/" + "I".repeat(256), "X-API-Key", OPS_KEY);
		assertThat(longId.status()).isEqualTo(400);
		Response hugeUrl = this.http.get("/api/v1/tenants/alpha-t/instances/" + "I".repeat(20_000), "X-API-Key",
				OPS_KEY);
		assertThat(hugeUrl.status()).isBetween(400, 499);
		assertRefused(this.http.postJson(CREATE, "{\"name\":\"" + "n".repeat(121) + "\"}", "X-API-Key", ALPHA_KEY),
				400);
		assertRefused(this.http.postJson(CREATE,
				"{\"name\":\"a\",\"receivedCallbackUrl\":\"https://h.example.com/" + "p".repeat(2100) + "\"}",
				"X-API-Key", ALPHA_KEY), 400);
	}

	/**
	 * Every boolean of the create body: an empty or blank string, a string or a number is
	 * not a boolean (and must not pass as an absent field).
	 */
	@ParameterizedTest
	@MethodSource("booleanFieldsWithNonBooleans")
	void booleansOfTheCreateBodyMustBeJsonBooleans(String field, String value) {
		Response response = this.http.postJson(CREATE, "{\"name\":\"b\",\"" + field + "\":" + value + "}", "X-API-Key",
				ALPHA_KEY);
		assertValidationOf(response, field);
	}

	static Stream<Arguments> booleanFieldsWithNonBooleans() {
		return Stream
			.of("callRejectAuto", "autoReadMessage", "autoReadStatus", "isDevice", "businessDevice",
					"disableEnqueueWhenDisconnected")
			.flatMap((field) -> Stream.of("\"\"", "\"  \"", "\"true\"", "\"false\"", "0", "1", "[]", "{}")
				.map((value) -> Arguments.of(field, value)));
	}

	/**
	 * An unpaired surrogate is not Unicode: it cannot be stored (PostgreSQL would keep a
	 * '?') or sent on as UTF-8. Written as a JSON escape, the body's bytes are
	 * well-formed, so the JSON value itself is checked, in every string field.
	 */
	@ParameterizedTest
	@MethodSource("stringFieldsWithUnpairedSurrogates")
	void unpairedSurrogatesInAnyStringOfTheCreateBodyAre400NamingTheField(String field, String value) {
		Response response = this.http.postJson(CREATE, "{\"name\":\"s\",\"" + field + "\":\"" + value + "\"}",
				"X-API-Key", ALPHA_KEY);
		assertValidationOf(response, field);
		assertThat(response.json().path("errors").get(0).path("message").asString()).contains("surrogate");
	}

	static Stream<Arguments> stringFieldsWithUnpairedSurrogates() {
		List<String> urls = List.of("deliveryCallbackUrl", "receivedCallbackUrl", "receivedAndDeliveryCallbackUrl",
				"presenceChatCallbackUrl", "disconnectedCallbackUrl", "connectedCallbackUrl",
				"messageStatusCallbackUrl");
		List<String> surrogates = List.of("\\ud800", "\\udc00", "\\udc00\\ud800", "\\ud83d");
		return Stream.concat(
				urls.stream()
					.flatMap((field) -> surrogates.stream()
						.map((bad) -> Arguments.of(field, "https://hooks.example.com/a" + bad))),
				Stream.of("sessionName", "callRejectMessage")
					.flatMap((field) -> surrogates.stream().map((bad) -> Arguments.of(field, "x" + bad + "y"))));
	}

	@Test
	void anUnpairedSurrogateInAWebhookUrlIs400NamingTheField() {
		Response response = this.http.send("PUT", "/api/v1/tenants/alpha-t/webhook",
				"{\"url\":\"https://hooks.example.com/w\\ud800\"}".getBytes(StandardCharsets.UTF_8), "Content-Type",
				"application/json", "X-API-Key", ALPHA_KEY);
		assertValidationOf(response, "url");
		assertThat(this.http.get("/api/v1/tenants/alpha-t/webhook", "X-API-Key", ALPHA_KEY).status()).isEqualTo(404);
	}

	/**
	 * {@code /error} is where the servlet container forwards failures; called directly it
	 * is a path like any other with nothing behind it: 404, never a Whitelabel page or
	 * the container's JSON.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "text/html", "text/html,application/xhtml+xml,*/*;q=0.8", "application/json",
			"application/xml", "*/*" })
	void theErrorPathIsANotFoundProblemWhateverTheAccept(String accept) {
		String[] headers = accept.isEmpty() ? new String[0] : new String[] { "Accept", accept };
		for (Response response : List.of(this.http.get("/error", headers),
				this.http.send("POST", "/error", "{}".getBytes(StandardCharsets.UTF_8), headers),
				this.http.get("/error", withKey(headers)))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
			assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:not-found");
			assertThat(response.body()).doesNotContain("Whitelabel").doesNotContain("timestamp");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "FOO / HTTP/1.1", "FOO /api/v1/tenants/alpha-t/instances HTTP/1.1", "PROPFIND / HTTP/1.1",
			"CONNECT /actuator/health HTTP/1.1" })
	void unknownMethodsAre501NotImplemented(String requestLine) {
		RawResponse response = this.http
			.raw(requestLine + "\r\nHost: localhost\r\nX-API-Key: " + ALPHA_KEY + "\r\nConnection: close\r\n\r\n");
		assertRawProblem(response, 501, "not-implemented");
	}

	@Test
	void anUnsupportedTransferCodingIs501NotImplemented() {
		RawResponse response = this.http.raw("POST " + CREATE + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
				+ ALPHA_KEY + "\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n"
				+ "Connection: close\r\n\r\n");
		assertRawProblem(response, 501, "not-implemented");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET / HTTP/2.5", "GET /actuator/health HTTP/3.0",
			"GET /api/v1/tenants/alpha-t/instances HTTP/9.9" })
	void httpVersionsTheConnectorDoesNotSpeakAre505(String requestLine) {
		RawResponse response = this.http
			.raw(requestLine + "\r\nHost: localhost\r\nX-API-Key: " + ALPHA_KEY + "\r\nConnection: close\r\n\r\n");
		assertRawProblem(response, 505, "http-version-not-supported");
	}

	private static void assertRawProblem(RawResponse response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
		assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:" + type);
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
	}

	private static String[] withKey(String... headers) {
		String[] all = new String[headers.length + 2];
		System.arraycopy(headers, 0, all, 0, headers.length);
		all[headers.length] = "X-API-Key";
		all[headers.length + 1] = ALPHA_KEY;
		return all;
	}

	private void assertValidationOf(Response response, String field) {
		assertRefused(response, 400);
		assertThat(response.json().path("type").asString()).isEqualTo("urn:zapi-gateway:problem:validation");
		assertThat(response.json().path("errors").findValuesAsString("field")).as(response.toString())
			.containsExactly(field);
	}

	private void assertRefused(Response response, int expectedStatus) {
		// nothing reached Z-API or the database (checked around the request by the
		// caller)
		if (expectedStatus > 0) {
			assertThat(response.status()).as(response.toString()).isEqualTo(expectedStatus);
		}
		else {
			assertThat(response.status()).as(response.toString()).isBetween(400, 499);
		}
		assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
	}

	private void expectNothingHappens(ThrowingSupplier action) throws Exception {
		long creates = SIMULATOR.createCount();
		long rows = storedRows();
		action.get();
		assertThat(SIMULATOR.createCount()).isEqualTo(creates);
		assertThat(storedRows()).isEqualTo(rows);
	}

	@org.junit.jupiter.api.BeforeEach
	void rememberCounts() {
		this.createsBefore = SIMULATOR.createCount();
		this.rowsBefore = storedRows();
	}

	@org.junit.jupiter.api.AfterEach
	void nothingReachedZapiOrTheDatabase() {
		assertThat(SIMULATOR.createCount()).as("Z-API creates").isEqualTo(this.createsBefore);
		assertThat(storedRows()).as("stored rows").isEqualTo(this.rowsBefore);
	}

	private long createsBefore;

	private long rowsBefore;

	@FunctionalInterface
	interface ThrowingSupplier {

		Object get() throws Exception;

	}

}
