package com.zapigateway.zapi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ZapiClient} against a real HTTP server playing Z-API, with the quirks of its
 * docs and its failures.
 */
class ZapiClientTests {

	private static final String PARTNER_TOKEN = "partner-secret-9f2c";

	private static final String CREATE = "/instances/integrator/on-demand";

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
		ZapiProperties properties = new ZapiProperties(baseUrl, PARTNER_TOKEN, Duration.ofSeconds(1), readTimeout,
				maxConnections);
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
