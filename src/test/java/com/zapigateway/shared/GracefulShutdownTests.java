package com.zapigateway.shared;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import com.zapigateway.GatewayApplication;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.PostgresTestConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create in flight when the gateway is asked to stop finishes: Z-API's answer is stored
 * and the caller gets 201 ({@code server.shutdown=graceful}). Z-API here is a local
 * server that answers only when the test says so.
 */
class GracefulShutdownTests {

	private final CountDownLatch zapiReceived = new CountDownLatch(1);

	private final CountDownLatch zapiMayAnswer = new CountDownLatch(1);

	private HttpServer zapi;

	@AfterEach
	void stopZapi() {
		this.zapiMayAnswer.countDown();
		if (this.zapi != null) {
			this.zapi.stop(0);
		}
	}

	@Test
	void finishesAnInFlightCreateBeforeStopping() throws Exception {
		this.zapi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		this.zapi.createContext("/instances/integrator/on-demand", (exchange) -> {
			this.zapiReceived.countDown();
			try {
				this.zapiMayAnswer.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] body = ("{\"id\":\"GRACEFUL1\",\"token\":\"TGRACEFUL1\",\"due\":"
					+ Instant.now().plus(Duration.ofDays(2)).toEpochMilli() + "}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.zapi.start();
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--spring.lifecycle.timeout-per-shutdown-phase=20s"));
		// the shared test property set, with this test's own Z-API
		args.add("--spring.profiles.active=" + GatewayTest.PROFILE);
		args.add("--zapi-fake.base-url=http://127.0.0.1:" + this.zapi.getAddress().getPort());
		// Z-API answers only once shutdown has begun: the call must not time out
		// meanwhile
		args.add("--zapi.read-timeout=60s");
		CountDownLatch closing = new CountDownLatch(1);
		ConfigurableApplicationContext context = SpringApplication.from(GatewayApplication::main)
			.with(PostgresTestConfiguration.class)
			.run(args.toArray(String[]::new))
			.getApplicationContext();
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> closing.countDown());
		JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
		jdbc.update("delete from instances where zapi_id = 'GRACEFUL1'");
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		GatewayClient http = GatewayClient.onPort(port).withApiKey(GatewayTest.LIFECYCLE_KEY);

		// own threads: the caller and the shutdown must never wait for each other
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CompletableFuture<GatewayClient.Response> create = CompletableFuture
			.supplyAsync(() -> http.post("/api/v1/tenants/graceful/instances", "{\"name\":\"in flight\"}"), threads);
		assertThat(this.zapiReceived.await(20, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close, threads);
		assertThat(closing.await(20, TimeUnit.SECONDS)).isTrue();
		// the gateway is stopping and waits for the create; now Z-API answers
		assertThat(shutdown).isNotDone();
		this.zapiMayAnswer.countDown();

		GatewayClient.Response response = create.get(30, TimeUnit.SECONDS);
		shutdown.get(30, TimeUnit.SECONDS);
		threads.shutdown();

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().path("id").asString()).isEqualTo("GRACEFUL1");
		// 201 is answered only once the instance is stored (CreationService.create)
	}

}
