package com.zapigateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The one Z-API stand-in of a test run: a WireMock server, started once per JVM, whose
 * address every {@link GatewayTest} context shares. A test stubs Z-API's quirks and
 * failures on it and verifies what was sent; whatever it does not stub is answered by a
 * {@link ZapiSimulator} behind it (creates, lists, subscribes as Z-API documents them).
 * Stubs and the request journal are reset before each test of a {@link GatewayTest}
 * class.
 */
public final class ZapiFake {

	/** The partner token of the shared property set; the simulator accepts only it. */
	public static final String PARTNER_TOKEN = "test-partner-token-7c1f0e";

	/**
	 * The Client-Token of the shared property set. The simulator behind requires none
	 * unless a test asks it to ({@link ZapiSimulator#requireClientToken}).
	 */
	public static final String CLIENT_TOKEN = "test-client-token-2b9d4e";

	/** Below every stub a test adds (WireMock's default priority is 5). */
	private static final int FALLBACK_PRIORITY = 1000;

	private static ZapiSimulator simulator;

	private static WireMockServer wireMock;

	private ZapiFake() {
	}

	/**
	 * The WireMock server (started on first use).
	 * @return the server
	 */
	public static synchronized WireMockServer wireMock() {
		if (wireMock == null) {
			ZapiSimulator behind = simulator();
			WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
			server.start();
			wireMock = server;
			fallBackTo(behind);
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "zapi-fake-shutdown"));
		}
		return wireMock;
	}

	/**
	 * The simulator answering what no stub does (started on first use).
	 * @return the simulator
	 */
	public static synchronized ZapiSimulator simulator() {
		if (simulator == null) {
			try {
				simulator = ZapiSimulator.start(PARTNER_TOKEN, Duration.ZERO);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			ZapiSimulator started = simulator;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "zapi-simulator-shutdown"));
		}
		return simulator;
	}

	public static String baseUrl() {
		return wireMock().baseUrl();
	}

	/**
	 * Drops every stub and recorded request, keeping the simulator behind (with its
	 * default connection options).
	 */
	public static synchronized void reset() {
		WireMockServer server = wireMock();
		server.resetAll();
		simulator().resetConnectionOptions();
		fallBackTo(simulator());
	}

	/**
	 * Makes the simulator take {@code delay} over every answer until the next reset (e.g.
	 * so that concurrent creates overlap).
	 * @param delay the delay
	 */
	public static synchronized void delayAnswers(Duration delay) {
		wireMock().stubFor(any(anyUrl()).atPriority(FALLBACK_PRIORITY - 1)
			.willReturn(aResponse().proxiedFrom(simulator().baseUrl()).withFixedDelay((int) delay.toMillis())));
	}

	private static void fallBackTo(ZapiSimulator behind) {
		wireMock
			.stubFor(any(anyUrl()).atPriority(FALLBACK_PRIORITY).willReturn(aResponse().proxiedFrom(behind.baseUrl())));
	}

	/**
	 * Makes {@code zapi-fake.base-url} the fake's address (the shared property set's
	 * {@code zapi.base-url} points there).
	 */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("zapiFake", Map.of("zapi-fake.base-url", baseUrl())));
		}

	}

	/** Resets the fake before each test. */
	public static final class ResetBeforeEach implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			reset();
		}

	}

}
