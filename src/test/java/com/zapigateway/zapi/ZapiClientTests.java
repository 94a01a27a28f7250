package com.zapigateway.zapi;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link ZapiClient} against a real HTTP server playing Z-API, with the quirks of its
 * docs and its failures.
 */
class ZapiClientTests {

	private static final String PARTNER_TOKEN = "partner-secret-9f2c";

	private static final String CREATE = "/instances/integrator/on-demand";

	private static final String CLIENT_TOKEN = "client-token-5e8a71";

	private static final String ID = "3C8A1F0E";

	private static final String TOKEN = "instance-token-d41b";

	private static final String INSTANCE = "/instances/" + ID + "/token/" + TOKEN;

	private static final String PHONE = "5511987654321";

	private static final byte[] PNG = png();

	@RegisterExtension
	static WireMockExtension zapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private ZapiClient client;

	@BeforeEach
	void setUp() {
		// generous: only the deliberate timeout test may time out, even on a loaded
		// machine
		this.client = client(URI.create(zapi.baseUrl()), Duration.ofSeconds(5));
	}

	private static ZapiClient client(URI baseUrl, Duration readTimeout) {
		return client(baseUrl, readTimeout, 1000);
	}

	private static ZapiClient client(URI baseUrl, Duration readTimeout, int maxConnections) {
		return client(baseUrl, readTimeout, maxConnections, null);
	}

	private static ZapiClient client(URI baseUrl, Duration readTimeout, int maxConnections,
			@Nullable String clientToken) {
		ZapiProperties properties = new ZapiProperties(baseUrl, PARTNER_TOKEN, Duration.ofSeconds(1), readTimeout,
				maxConnections, clientToken);
		RestClient restClient = new ZapiClientConfiguration().zapiRestClient(RestClient.builder(), properties,
				ZapiClientConfiguration.httpClient(properties, false));
		return new ZapiClient(restClient, JsonMapper.builder().build());
	}

	@ParameterizedTest
	@ValueSource(ints = { 200, 201 })
	void createsWithAnySuccessStatusAndDueAsNumber(int status) {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\":\"3C8A1\",\"token\":\"F00D\",\"due\":1648565999675}")));

		ZapiInstance created = this.client.createInstance(OnDemandInstanceRequest.named("Loja 1"));

		assertThat(created.id()).isEqualTo("3C8A1");
		assertThat(created.token()).isEqualTo("F00D");
		assertThat(created.due()).isEqualTo(Instant.ofEpochMilli(1648565999675L));
	}

	@Test
	void sendsOnlyTheGivenFieldsWithThePartnerToken() {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\",\"due\":1648565999675}")));
		OnDemandInstanceRequest request = new OnDemandInstanceRequest("Loja 1", null, null,
				"https://hooks.example.com/received", null, null, null, null, null, true, null, null, null, false, null,
				null);

		this.client.createInstance(request);

		zapi.verify(
				postRequestedFor(urlPathEqualTo(CREATE)).withHeader("Authorization", equalTo("Bearer " + PARTNER_TOKEN))
					.withHeader("Content-Type", equalTo("application/json"))
					.withRequestBody(equalToJson("""
							{"name":"Loja 1","receivedCallbackUrl":"https://hooks.example.com/received",
							 "callRejectAuto":true,"isDevice":false}""")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"1648565999675\"", "\"2022-03-29T14:59:59.675Z\"", "\"2022-03-29T11:59:59.675-03:00\"",
			"1.648565999675E12" })
	void readsDueAsNumericStringOrIsoString(String due) {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\",\"due\":" + due + "}")));

		assertThat(this.client.createInstance(OnDemandInstanceRequest.named("x")).due())
			.isEqualTo(Instant.parse("2022-03-29T14:59:59.675Z"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", ",\"due\":null", ",\"due\":\"soon\"", ",\"due\":{}", ",\"due\":-5", ",\"due\":\"329000\"" })
	void keepsAnInstanceWhoseDueIsMissingOrUnreadable(String due) {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\"" + due + "}")));

		ZapiInstance created = this.client.createInstance(OnDemandInstanceRequest.named("x"));

		assertThat(created.id()).isEqualTo("A");
		assertThat(created.due()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"error\":\"Instance limit reached\"}", "{\"value\":false}", "{\"id\":\"A\"}",
			"{\"token\":\"T\"}", "{\"id\":\"\",\"token\":\"T\"}", "{\"id\":{},\"token\":\"T\"}",
			"{\"id\":\"A\",\"token\":\"T\",\"error\":\"quota\"}" })
	void treatsSuccessWithoutIdAndTokenOrWithErrorAsFailedCreate(String body) {
		zapi.stubFor(post(CREATE).willReturn(okJson(body)));

		assertFailure(ZapiException.Failure.CREATE_FAILED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[1,2]", "", "{\"id\":\"A\",\"token\":" })
	void treatsUnreadableSuccessAsMalformed(String body) {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(200).withBody(body)));

		assertFailure(ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@Test
	void acceptsTheDocsExampleWithMissingCommasAsMalformedNotAsSuccess() {
		// The English docs' example body has no commas; it is not JSON and must not be
		// half-read.
		zapi.stubFor(post(CREATE).willReturn(okJson("""
				{
				    "id": "8823XWIE982KII99012K2L"
				    "token": "8900LS009W0011OOOPPIPIP00912OOLCKAOOOE009919"
				    "due": "329000002121"
				}""")));

		assertFailure(ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403 })
	void mapsRejectedPartnerCredentials(int status) {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(status).withBody("{\"error\":\"bad token\"}")));

		assertFailure(ZapiException.Failure.CREDENTIALS_REJECTED);
	}

	@Test
	void mapsClientErrorsRateLimitsAndServerErrors() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(415)));
		assertFailure(ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
		assertFailure(ZapiException.Failure.RATE_LIMITED);

		zapi.stubFor(post(CREATE).willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));
		assertFailure(ZapiException.Failure.SERVER_ERROR);
	}

	@Test
	void failureMessagesNeverCarryZapisBodyOrTheToken() {
		zapi.stubFor(post(CREATE)
			.willReturn(aResponse().withStatus(400).withBody("{\"error\":\"echo " + PARTNER_TOKEN + "\"}")));

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> this.client.createInstance(OnDemandInstanceRequest.named("x")))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(PARTNER_TOKEN).doesNotContain("echo"));
	}

	@Test
	void readTimeoutIsATimeoutWithUnknownOutcome() {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\"}").withFixedDelay(6500)));

		ZapiException ex = assertFailure(ZapiException.Failure.TIMEOUT);
		assertThat(ex.failure().outcomeUncertain()).isTrue();
		zapi.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
	}

	@Test
	void connectionResetAfterSendingIsConnectionLost() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(assertFailure(ZapiException.Failure.CONNECTION_LOST).failure().outcomeUncertain()).isTrue();
	}

	@Test
	void emptyResponseIsConnectionLost() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

		assertFailure(ZapiException.Failure.CONNECTION_LOST);
	}

	@Test
	void garbageResponseIsNotASuccess() {
		zapi.stubFor(post(CREATE).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> this.client.createInstance(OnDemandInstanceRequest.named("x")))
			.satisfies((ex) -> assertThat(ex.failure().outcomeUncertain()).isTrue());
	}

	@Test
	void refusedConnectionIsUnreachableAndProvablyNotSent() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ZapiClient unreachable = client(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1));

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> unreachable.createInstance(OnDemandInstanceRequest.named("x")))
			.satisfies((ex) -> {
				assertThat(ex.failure()).isEqualTo(ZapiException.Failure.UNREACHABLE);
				assertThat(ex.failure().outcomeUncertain()).isFalse();
			});
	}

	@Test
	void unknownHostIsUnreachableAndProvablyNotSent() {
		ZapiClient unresolvable = client(URI.create("http://zapi-gateway-test.invalid"), Duration.ofSeconds(1));

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> unresolvable.createInstance(OnDemandInstanceRequest.named("x")))
			.satisfies((ex) -> {
				assertThat(ex.failure()).isEqualTo(ZapiException.Failure.UNREACHABLE);
				assertThat(ex.failure().outcomeUncertain()).isFalse();
			});
	}

	@Test
	void aCallThatFindsEveryConnectionBusyIsUnreachableAndNotSent() throws Exception {
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\"}").withFixedDelay(3000)));
		ZapiClient oneConnection = client(URI.create(zapi.baseUrl()), Duration.ofSeconds(5), 1);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<ZapiInstance> first = executor
				.submit(() -> oneConnection.createInstance(OnDemandInstanceRequest.named("first")));
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (zapi.findAll(postRequestedFor(urlPathEqualTo(CREATE))).isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}

			assertThatExceptionOfType(ZapiException.class)
				.isThrownBy(() -> oneConnection.createInstance(OnDemandInstanceRequest.named("second")))
				.satisfies((ex) -> {
					assertThat(ex.failure()).isEqualTo(ZapiException.Failure.UNREACHABLE);
					assertThat(ex.failure().outcomeUncertain()).isFalse();
				});
			assertThat(first.get().id()).isEqualTo("A");
		}
		finally {
			executor.shutdownNow();
		}
		zapi.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
	}

	@Test
	void listsInstancesWithPagingAndQuery() {
		zapi.stubFor(get(urlPathEqualTo("/instances")).willReturn(okJson("""
				{"total":3,"totalPage":2,"pageSize":2,"page":1,"content":[
				 {"id":"A","token":"TA","name":"one","due":1648565999675,"paymentStatus":"TRIAL"},
				 {"id":"B","token":"TB","name":"two","due":"1648565999675","paymentStatus":""},
				 {"token":"orphan"}]}""")));

		ZapiInstancePage page = this.client.listInstances(1, 2, "gw-123");

		assertThat(page.content()).extracting(ZapiListedInstance::id).containsExactly("A", "B");
		assertThat(page.content().get(0).paymentStatus()).isEqualTo("TRIAL");
		assertThat(page.content().get(1).paymentStatus()).isNull();
		assertThat(page.hasNext()).isTrue();
		zapi.verify(getRequestedFor(urlPathEqualTo("/instances")).withQueryParam("page", equalTo("1"))
			.withQueryParam("pageSize", equalTo("2"))
			.withQueryParam("query", equalTo("gw-123"))
			.withHeader("Authorization", equalTo("Bearer " + PARTNER_TOKEN)));
	}

	@Test
	void listWithoutContentIsMalformed() {
		zapi.stubFor(get(urlPathEqualTo("/instances")).willReturn(okJson("{\"total\":0}")));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> this.client.listInstances(1, 10, null))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.MALFORMED_RESPONSE));
	}

	@Test
	void partnerTokenIsNotInPropertiesToString() {
		assertThat(new ZapiProperties(URI.create("https://api.z-api.io"), PARTNER_TOKEN, Duration.ofSeconds(1),
				Duration.ofSeconds(1), 10)
			.toString()).doesNotContain(PARTNER_TOKEN);
		assertThat(new ZapiInstance("A", "instance-token-1", null).toString()).doesNotContain("instance-token-1");
	}

	// The calls to one instance: /instances/{id}/token/{token}/...

	@Test
	void readsTheDocumentedStatus() {
		zapi.stubFor(get(INSTANCE + "/status")
			.willReturn(okJson("{\"connected\":true,\"error\":\"\",\"smartphoneConnected\":true}")));

		assertThat(this.client.status(ID, TOKEN)).isEqualTo(new ZapiStatus(true, true, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"connected\":null,\"smartphoneConnected\":\"true\"}",
			"{\"connected\":\"yes\",\"smartphoneConnected\":1}" })
	void readsMissingOrNonBooleanFlagsAsFalse(String body) {
		zapi.stubFor(get(INSTANCE + "/status").willReturn(okJson(body)));

		assertThat(this.client.status(ID, TOKEN)).isEqualTo(new ZapiStatus(false, false, null));
	}

	@Test
	void boundsTheStatusErrorAndStripsControlCharacters() {
		zapi.stubFor(get(INSTANCE + "/status").willReturn(okJson(
				"{\"connected\":false,\"error\":\"You need to\\u0007 restore\\n the session.\",\"smartphoneConnected\":false}")));
		assertThat(this.client.status(ID, TOKEN).error()).isEqualTo("You need to restore the session.");

		zapi.stubFor(get(INSTANCE + "/status").willReturn(okJson("{\"error\":\"" + "x".repeat(5000) + "\"}")));
		assertThat(this.client.status(ID, TOKEN).error()).hasSize(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[true]", "", "\"connected\"" })
	void anUnreadableStatusIsMalformed(String body) {
		zapi.stubFor(get(INSTANCE + "/status").willReturn(aResponse().withStatus(200).withBody(body)));

		assertCallFails(() -> this.client.status(ID, TOKEN), ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@Test
	void mapsFailedStatusCallsLikeTheOthers() {
		zapi.stubFor(get(INSTANCE + "/status").willReturn(aResponse().withStatus(404)));
		assertCallFails(() -> this.client.status(ID, TOKEN), ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(get(INSTANCE + "/status").willReturn(aResponse().withStatus(502).withBody("<html>")));
		assertCallFails(() -> this.client.status(ID, TOKEN), ZapiException.Failure.SERVER_ERROR);

		zapi.stubFor(get(INSTANCE + "/status").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertCallFails(() -> this.client.status(ID, TOKEN), ZapiException.Failure.CONNECTION_LOST);
	}

	@Test
	void aSlowCallToAnInstanceTimesOut() {
		ZapiClient impatient = client(URI.create(zapi.baseUrl()), Duration.ofMillis(500));
		zapi.stubFor(get(INSTANCE + "/restart").willReturn(okJson("{\"value\":true}").withFixedDelay(1500)));
		zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(okJson(qrJson("value")).withFixedDelay(1500)));

		assertCallFails(() -> impatient.restart(ID, TOKEN), ZapiException.Failure.TIMEOUT);
		assertCallFails(() -> impatient.qrCode(ID, TOKEN), ZapiException.Failure.TIMEOUT);
		zapi.verify(1, getRequestedFor(urlPathEqualTo(INSTANCE + "/restart")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("qrCodeShapes")
	void readsTheQrCodeInEveryShapeZapiMaySend(String shape, String contentType, String body) {
		zapi.stubFor(get(INSTANCE + "/qr-code/image")
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));

		ZapiQrCode qrCode = this.client.qrCode(ID, TOKEN);

		assertThat(qrCode.alreadyConnected()).isFalse();
		assertThat(qrCode.png()).isEqualTo(PNG);
	}

	static Stream<Arguments> qrCodeShapes() {
		String base64 = Base64.getEncoder().encodeToString(PNG);
		String json = "application/json";
		String text = "text/plain";
		return Stream.of(Arguments.of("value: data URI", json, qrJson("value")),
				Arguments.of("image: data URI", json, qrJson("image")),
				Arguments.of("qrcode: bare base64", json, "{\"qrcode\":\"" + base64 + "\"}"),
				Arguments.of("value: bare base64", json, "{\"value\":\"" + base64 + "\"}"),
				Arguments.of("a JSON string", json, "\"data:image/png;base64," + base64 + "\""),
				Arguments.of("a bare data URI", text, "data:image/png;base64," + base64),
				Arguments.of("bare base64", text, base64), Arguments.of("MIME base64 with line breaks", text,
						Base64.getMimeEncoder().encodeToString(PNG) + "\r\n"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"connected\":true}", "{\"error\":\"You are already connected.\"}",
			"{\"value\":null,\"message\":\"Instance already connected\"}", "\"You are already connected.\"",
			"You are already connected." })
	void readsAlreadyConnectedAnswersAsNoQrCode(String body) {
		for (int status : new int[] { 200, 400, 409 }) {
			zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(aResponse().withStatus(status).withBody(body)));

			assertThat(this.client.qrCode(ID, TOKEN)).as("status %d", status).satisfies((qrCode) -> {
				assertThat(qrCode.alreadyConnected()).isTrue();
				assertThat(qrCode.png()).isEmpty();
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"value\":null}", "{\"value\":\"!!not base64!!\"}", "[1]", "",
			"data:image/png,notbase64", "{\"value\":\"data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ\"}" })
	void anUnreadableQrCodeIsMalformed(String body) {
		zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(aResponse().withStatus(200).withBody(body)));

		assertCallFails(() -> this.client.qrCode(ID, TOKEN), ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@Test
	void aQrCodeAboveTheLimitIsMalformed() {
		byte[] huge = Arrays.copyOf(PNG, ZapiClient.MAX_QR_CODE_BYTES + 1);
		zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(
				okJson("{\"value\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(huge) + "\"}")));

		assertCallFails(() -> this.client.qrCode(ID, TOKEN), ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@Test
	void aQrCodeAnswerWithAnErrorIsARefusal() {
		zapi.stubFor(get(INSTANCE + "/qr-code/image")
			.willReturn(okJson("{\"error\":\"You need to restore the session.\"}")));
		assertCallFails(() -> this.client.qrCode(ID, TOKEN), ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(aResponse().withStatus(500)));
		assertCallFails(() -> this.client.qrCode(ID, TOKEN), ZapiException.Failure.SERVER_ERROR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"code\":\"ABCD-1234\"}", "{\"value\":\"ABCD-1234\"}", "\"ABCD-1234\"", "ABCD-1234",
			" ABCD-1234\n" })
	void readsThePhoneCodeInEveryShapeZapiMaySend(String body) {
		zapi.stubFor(get(INSTANCE + "/phone-code/" + PHONE).willReturn(aResponse().withStatus(200).withBody(body)));

		assertThat(this.client.phoneCode(ID, TOKEN, PHONE).code()).isEqualTo("ABCD-1234");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"code\":null}", "{\"code\":42}", "", "\"AB\\u0000CD\"", "[\"ABCD\"]" })
	void anUnreadablePhoneCodeIsMalformed(String body) {
		zapi.stubFor(get(INSTANCE + "/phone-code/" + PHONE).willReturn(aResponse().withStatus(200).withBody(body)));

		assertCallFails(() -> this.client.phoneCode(ID, TOKEN, PHONE), ZapiException.Failure.MALFORMED_RESPONSE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "200:{\"connected\":true,\"error\":\"You are already connected.\"}",
			"400:{\"error\":\"You are already connected.\"}", "200:{\"message\":\"Already connected\"}" })
	void aPhoneCodeForAConnectedInstanceSaysSo(String answer) {
		String[] parts = answer.split(":", 2);
		zapi.stubFor(get(INSTANCE + "/phone-code/" + PHONE)
			.willReturn(aResponse().withStatus(Integer.parseInt(parts[0])).withBody(parts[1])));

		assertThat(this.client.phoneCode(ID, TOKEN, PHONE)).isEqualTo(ZapiPhoneCode.connected());
	}

	@Test
	void aPhoneCodeTooLongToTypeIsMalformedAndAnErrorIsARefusal() {
		zapi.stubFor(
				get(INSTANCE + "/phone-code/" + PHONE).willReturn(okJson("{\"code\":\"" + "A".repeat(40) + "\"}")));
		assertCallFails(() -> this.client.phoneCode(ID, TOKEN, PHONE), ZapiException.Failure.MALFORMED_RESPONSE);

		zapi.stubFor(get(INSTANCE + "/phone-code/" + PHONE).willReturn(okJson("{\"error\":\"Invalid phone\"}")));
		assertCallFails(() -> this.client.phoneCode(ID, TOKEN, PHONE), ZapiException.Failure.REQUEST_REJECTED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "restart", "disconnect" })
	void restartAndDisconnectAcceptAnySuccessWithoutAnError(String call) {
		for (String body : new String[] { "{\"value\":true}", "", "OK", "{}" }) {
			zapi.stubFor(get(INSTANCE + "/" + call).willReturn(aResponse().withStatus(200).withBody(body)));

			assertThatNoException().as(body).isThrownBy(() -> restartOrDisconnect(call));
		}
		zapi.verify(4, getRequestedFor(urlPathEqualTo(INSTANCE + "/" + call)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "restart", "disconnect" })
	void restartAndDisconnectRefusedOrFailed(String call) {
		zapi.stubFor(get(INSTANCE + "/" + call).willReturn(okJson("{\"value\":false}")));
		assertCallFails(() -> restartOrDisconnect(call), ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(get(INSTANCE + "/" + call).willReturn(okJson("{\"error\":\"Instance not found\"}")));
		assertCallFails(() -> restartOrDisconnect(call), ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(get(INSTANCE + "/" + call).willReturn(aResponse().withStatus(503)));
		assertCallFails(() -> restartOrDisconnect(call), ZapiException.Failure.SERVER_ERROR);
	}

	@Test
	void upgradesTheSubscriptionWithCalls() {
		zapi.stubFor(put(INSTANCE + "/integrator/on-demand/subscription/update")
			.willReturn(aResponse().withStatus(201).withBody("OK")));

		this.client.upgradeSubscription(ID, TOKEN);

		zapi.verify(putRequestedFor(urlPathEqualTo(INSTANCE + "/integrator/on-demand/subscription/update"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson("{\"withCalls\":true}")));
	}

	@Test
	void aRefusedUpgradeIsRejected() {
		zapi.stubFor(put(INSTANCE + "/integrator/on-demand/subscription/update")
			.willReturn(aResponse().withStatus(400).withBody("{\"error\":\"Instance not subscribed\"}")));
		assertCallFails(() -> this.client.upgradeSubscription(ID, TOKEN), ZapiException.Failure.REQUEST_REJECTED);

		zapi.stubFor(put(INSTANCE + "/integrator/on-demand/subscription/update")
			.willReturn(okJson("{\"error\":\"calls not enabled for this account\"}")));
		assertCallFails(() -> this.client.upgradeSubscription(ID, TOKEN), ZapiException.Failure.REQUEST_REJECTED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 200, 400, 401, 403, 500 })
	void nullNotAllowedMeansTheClientTokenIsRequired(int status) {
		ResponseDefinitionBuilder answer = aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"null not allowed\"}");
		zapi.stubFor(any(urlPathMatching(INSTANCE + "/.*")).willReturn(answer));

		for (ThrowingCallable call : instanceCalls()) {
			assertThatExceptionOfType(ZapiException.class).isThrownBy(call).satisfies((ex) -> {
				assertThat(ex.failure()).isEqualTo(ZapiException.Failure.CLIENT_TOKEN_REQUIRED);
				assertThat(ex.failure().outcomeUncertain()).isFalse();
				assertThat(ex.upstreamStatus()).isEqualTo(status);
				assertThat(ex.getMessage()).contains("zapi.client-token");
			});
		}
	}

	@Test
	void sendsTheClientTokenOnEveryCallToAnInstanceAndNeverOnPartnerCalls() throws Throwable {
		ZapiClient withClientToken = client(URI.create(zapi.baseUrl()), Duration.ofSeconds(5), 10, CLIENT_TOKEN);
		stubEveryCall();

		for (ThrowingCallable call : instanceCalls(withClientToken)) {
			call.call();
		}
		withClientToken.createInstance(OnDemandInstanceRequest.named("x"));
		withClientToken.listInstances(1, 10, null);

		List<LoggedRequest> requests = zapi.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(10);
		assertThat(requests).filteredOn((request) -> request.getUrl().startsWith(INSTANCE))
			.hasSize(8)
			.allSatisfy((request) -> assertThat(request.getHeader("Client-Token")).isEqualTo(CLIENT_TOKEN));
		assertThat(requests).filteredOn((request) -> !request.getUrl().startsWith(INSTANCE))
			.hasSize(2)
			.allSatisfy((request) -> assertThat(request.containsHeader("Client-Token")).isFalse());
		assertThat(requests).allSatisfy(
				(request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + PARTNER_TOKEN));
	}

	@Test
	void sendsNoClientTokenWhenNoneIsConfigured() throws Throwable {
		stubEveryCall();

		for (ThrowingCallable call : instanceCalls()) {
			call.call();
		}

		assertThat(zapi.findAll(anyRequestedFor(anyUrl()))).hasSize(8)
			.allSatisfy((request) -> assertThat(request.containsHeader("Client-Token")).isFalse());
	}

	@Test
	void failuresOfCallsToAnInstanceNeverCarryATokenThePhoneOrZapisBody() {
		ZapiClient withClientToken = client(URI.create(zapi.baseUrl()), Duration.ofSeconds(5), 10, CLIENT_TOKEN);
		String echo = "echo " + TOKEN + " " + CLIENT_TOKEN + " " + PHONE + " " + PARTNER_TOKEN;
		for (int status : new int[] { 200, 400, 403, 500 }) {
			zapi.stubFor(any(urlPathMatching(INSTANCE + "/.*"))
				.willReturn(aResponse().withStatus(status).withBody("{\"error\":\"" + echo + "\",\"value\":false}")));

			for (ThrowingCallable call : instanceCalls(withClientToken)) {
				try {
					call.call();
				}
				catch (ZapiException ex) {
					assertThat(ex.getMessage()).as("status %d", status)
						.doesNotContain(TOKEN, CLIENT_TOKEN, PHONE, PARTNER_TOKEN, "echo", ID);
					continue;
				}
				catch (Throwable ex) {
					throw new AssertionError(ex);
				}
				// only the status may succeed, its error text is Z-API's explanation
				assertThat(status).isEqualTo(200);
			}
		}
	}

	@Test
	void clientTokenIsNotInPropertiesToString() {
		ZapiProperties properties = new ZapiProperties(URI.create("https://api.z-api.io"), PARTNER_TOKEN,
				Duration.ofSeconds(1), Duration.ofSeconds(1), 10, CLIENT_TOKEN);
		assertThat(properties.toString()).doesNotContain(CLIENT_TOKEN).contains("clientToken=<redacted>");
	}

	private void stubEveryCall() {
		zapi.stubFor(get(INSTANCE + "/status").willReturn(okJson("{\"connected\":false}")));
		zapi.stubFor(get(INSTANCE + "/qr-code/image").willReturn(okJson(qrJson("value"))));
		zapi.stubFor(get(INSTANCE + "/phone-code/" + PHONE).willReturn(okJson("{\"code\":\"ABCD-1234\"}")));
		zapi.stubFor(get(INSTANCE + "/restart").willReturn(okJson("{\"value\":true}")));
		zapi.stubFor(get(INSTANCE + "/disconnect").willReturn(okJson("{\"value\":true}")));
		zapi.stubFor(put(INSTANCE + "/integrator/on-demand/subscription/update")
			.willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(INSTANCE + "/integrator/on-demand/subscription")
			.willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(
				post(INSTANCE + "/integrator/on-demand/cancel").willReturn(aResponse().withStatus(201).withBody("OK")));
		zapi.stubFor(post(CREATE).willReturn(okJson("{\"id\":\"A\",\"token\":\"T\"}")));
		zapi.stubFor(get(urlPathEqualTo("/instances")).willReturn(okJson("{\"content\":[]}")));
	}

	private List<ThrowingCallable> instanceCalls() {
		return instanceCalls(this.client);
	}

	private static List<ThrowingCallable> instanceCalls(ZapiClient client) {
		return List.of(() -> client.status(ID, TOKEN), () -> client.qrCode(ID, TOKEN),
				() -> client.phoneCode(ID, TOKEN, PHONE), () -> client.restart(ID, TOKEN),
				() -> client.disconnect(ID, TOKEN), () -> client.upgradeSubscription(ID, TOKEN),
				() -> client.subscribe(ID, TOKEN, true), () -> client.cancel(ID, TOKEN));
	}

	private void restartOrDisconnect(String call) {
		if (call.equals("restart")) {
			this.client.restart(ID, TOKEN);
		}
		else {
			this.client.disconnect(ID, TOKEN);
		}
	}

	private static String qrJson(String field) {
		return "{\"" + field + "\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(PNG) + "\"}";
	}

	private static byte[] png() {
		BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
		image.setRGB(1, 1, 0xFFFFFF);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static ZapiException assertCallFails(ThrowingCallable call, ZapiException.Failure expected) {
		ZapiException[] thrown = new ZapiException[1];
		assertThatExceptionOfType(ZapiException.class).isThrownBy(call).satisfies((ex) -> {
			assertThat(ex.failure()).isEqualTo(expected);
			thrown[0] = ex;
		});
		return thrown[0];
	}

	private ZapiException assertFailure(ZapiException.Failure expected) {
		try {
			this.client.createInstance(OnDemandInstanceRequest.named("x"));
		}
		catch (ZapiException ex) {
			assertThat(ex.failure()).isEqualTo(expected);
			return ex;
		}
		throw new AssertionError("expected a ZapiException with " + expected);
	}

}
