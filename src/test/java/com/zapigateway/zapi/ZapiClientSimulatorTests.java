package com.zapigateway.zapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import javax.imageio.ImageIO;

import com.zapigateway.support.ZapiSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The gateway's {@link ZapiClient} against the {@link ZapiSimulator}: the simulator plays
 * every per-instance call the way the client reads Z-API, so the local run and the tests
 * behind {@code ZapiFake} show the whole journey (create, QR code, connected, subscribed,
 * upgraded).
 */
class ZapiClientSimulatorTests {

	private static final String PARTNER_TOKEN = "partner-token-for-the-simulator";

	private static final String CLIENT_TOKEN = "client-token-for-the-simulator";

	private ZapiSimulator simulator;

	@BeforeEach
	void start() throws IOException {
		this.simulator = ZapiSimulator.start(PARTNER_TOKEN, Duration.ZERO).connectAfter(Duration.ofMillis(300));
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void playsTheJourneyFromCreateToConnectedAndUpgraded() throws Exception {
		ZapiClient zapi = client(null);
		ZapiInstance instance = zapi.createInstance(OnDemandInstanceRequest.named("journey"));

		assertThat(zapi.status(instance.id(), instance.token()))
			.isEqualTo(new ZapiStatus(false, false, "You are not connected."));
		ZapiQrCode first = zapi.qrCode(instance.id(), instance.token());
		ZapiQrCode second = zapi.qrCode(instance.id(), instance.token());
		assertThat(first.alreadyConnected()).isFalse();
		assertThat(ImageIO.read(new ByteArrayInputStream(first.png()))).isNotNull();
		assertThat(second.png()).as("a fresh code each call").isNotEqualTo(first.png());
		assertThat(zapi.status(instance.id(), instance.token()).connected()).as("right after the code").isFalse();

		Thread.sleep(400);
		assertThat(zapi.status(instance.id(), instance.token())).isEqualTo(new ZapiStatus(true, true, null));
		assertThat(zapi.qrCode(instance.id(), instance.token())).isEqualTo(ZapiQrCode.connected())
			.satisfies((qrCode) -> assertThat(qrCode.alreadyConnected()).isTrue());
		assertThatNoException().isThrownBy(() -> zapi.restart(instance.id(), instance.token()));
		assertThat(zapi.status(instance.id(), instance.token()).connected()).as("after a restart").isTrue();

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> zapi.upgradeSubscription(instance.id(), instance.token()))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.REQUEST_REJECTED));
		zapi.subscribe(instance.id(), instance.token(), null);
		zapi.upgradeSubscription(instance.id(), instance.token());
		assertThat(this.simulator.state(instance.id())).isEqualTo(new ZapiSimulator.InstanceState(true, 2, true, true));

		zapi.disconnect(instance.id(), instance.token());
		assertThat(zapi.status(instance.id(), instance.token()).connected()).isFalse();
		zapi.cancel(instance.id(), instance.token());
		assertThat(this.simulator.state(instance.id()).subscribed()).isFalse();
	}

	@Test
	void connectsAfterAPhoneCodeToo() throws Exception {
		ZapiClient zapi = client(null);
		ZapiInstance instance = zapi.createInstance(OnDemandInstanceRequest.named("phone"));

		assertThat(zapi.phoneCode(instance.id(), instance.token(), "5511987654321").code())
			.matches("[0-9A-F]{4}-[0-9A-F]{4}");
		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> zapi.phoneCode(instance.id(), instance.token(), "12"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.REQUEST_REJECTED));
		Thread.sleep(400);

		assertThat(zapi.status(instance.id(), instance.token()).connected()).isTrue();
	}

	@Test
	void refusesAnUnknownInstanceOrAWrongToken() {
		ZapiClient zapi = client(null);
		ZapiInstance instance = zapi.createInstance(OnDemandInstanceRequest.named("other"));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> zapi.status("UNKNOWN", instance.token()))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.REQUEST_REJECTED));
		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> zapi.qrCode(instance.id(), "WRONG"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.REQUEST_REJECTED));
	}

	@Test
	void requiresTheClientTokenWhenStartedWithOne() {
		this.simulator.requireClientToken(CLIENT_TOKEN);
		ZapiInstance instance = client(null).createInstance(OnDemandInstanceRequest.named("secured"));

		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> client(null).status(instance.id(), instance.token()))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.CLIENT_TOKEN_REQUIRED));
		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> client(null).subscribe(instance.id(), instance.token(), null))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.CLIENT_TOKEN_REQUIRED));
		assertThatExceptionOfType(ZapiException.class)
			.isThrownBy(() -> client("not-the-client-token").status(instance.id(), instance.token()))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(ZapiException.Failure.CREDENTIALS_REJECTED));
		assertThat(client(CLIENT_TOKEN).status(instance.id(), instance.token()).connected()).isFalse();
		assertThat(client(CLIENT_TOKEN).listInstances(1, 10, null).content()).hasSize(1);
	}

	private ZapiClient client(@Nullable String clientToken) {
		ZapiProperties properties = new ZapiProperties(URI.create(this.simulator.baseUrl()), PARTNER_TOKEN,
				Duration.ofSeconds(1), Duration.ofSeconds(5), 10, clientToken);
		RestClient restClient = new ZapiClientConfiguration().zapiRestClient(RestClient.builder(), properties,
				ZapiClientConfiguration.httpClient(properties, false));
		return new ZapiClient(restClient, JsonMapper.builder().build());
	}

}
