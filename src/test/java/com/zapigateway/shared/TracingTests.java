package com.zapigateway.shared;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import com.zapigateway.instance.InstanceView;
import com.zapigateway.instance.Instances;
import com.zapigateway.shared.jobs.JobRuns;
import com.zapigateway.support.GatewayClient;
import com.zapigateway.support.GatewayClient.Response;
import com.zapigateway.support.GatewayTest;
import com.zapigateway.support.ZapiFake;
import com.zapigateway.webhook.WebhookDispatcher;
import com.zapigateway.webhook.WebhookEvents;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller's W3C trace crosses the gateway: its trace id arrives at Z-API on the create
 * call, is in the log lines of the request (beside the request id), and arrives at the
 * tenant's webhook receiver with the delivery of an event enqueued in that trace.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

	static final String TENANT = "trace-t";

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

	@LocalServerPort
	int port;

	@Autowired
	Instances instances;

	@Autowired
	WebhookEvents events;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	Tracer tracer;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	Environment environment;

	@Autowired
	Propagator propagator;

	HttpServer receiver;

	final List<Map<String, List<String>>> deliveries = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/hooks", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				this.deliveries.add(Map.copyOf(exchange.getRequestHeaders()));
				exchange.sendResponseHeaders(204, -1);
			}
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void aCallersTraceReachesZapiTheLogsAndTheWebhook(CapturedOutput output) {
		GatewayClient http = GatewayClient.onPort(this.port).withApiKey(GatewayTest.ALL_TENANTS_KEY);
		assertThat(http
			.put("/api/v1/tenants/" + TENANT + "/webhook",
					"{\"url\":\"http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hooks\"}")
			.status()).isEqualTo(200);

		Response created = http.post("/api/v1/tenants/" + TENANT + "/instances", "{\"name\":\"Traced shop\"}",
				"traceparent", TRACEPARENT, "X-Request-Id", "trace-req-1");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("X-Request-Id")).contains("trace-req-1");

		// Z-API got the caller's trace id, with the gateway's own span as parent
		List<LoggedRequest> zapiCreates = ZapiFake.wireMock()
			.findAll(postRequestedFor(urlPathEqualTo("/instances/integrator/on-demand")))
			.stream()
			.filter((request) -> request.getBodyAsString().contains("Traced shop"))
			.toList();
		assertThat(zapiCreates).hasSize(1);
		String sent = zapiCreates.get(0).getHeader("traceparent");
		assertThat(sent).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").doesNotContain(CALLER_SPAN_ID);

		// the request's log lines (here its audit line) carry the trace id beside the
		// request id
		assertThat(output.getOut().lines().filter((line) -> line.contains("trace-req-1")))
			.anySatisfy((line) -> assertThat(line).contains("[" + TRACE_ID + ","));

		// without a caller's trace (and the gateway sampling none of its own when nothing
		// exports spans),
		// the gateway's own trace id is still in the logs and sent to Z-API, unsampled
		assertThat(this.environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.0");
		Response untraced = http.post("/api/v1/tenants/" + TENANT + "/instances", "{\"name\":\"Untraced shop\"}",
				"X-Request-Id", "trace-req-2");
		assertThat(untraced.status()).as(untraced.toString()).isEqualTo(201);
		String own = ZapiFake.wireMock()
			.findAll(postRequestedFor(urlPathEqualTo("/instances/integrator/on-demand")))
			.stream()
			.filter((request) -> request.getBodyAsString().contains("Untraced shop"))
			.findFirst()
			.orElseThrow()
			.getHeader("traceparent");
		// flags: not sampled (bit 1), the trace id random or not (bit 2, W3C level 2)
		assertThat(own).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]").doesNotContain(TRACE_ID);
		String ownTraceId = own.substring(3, 35);
		assertThat(output.getOut().lines().filter((line) -> line.contains("trace-req-2")))
			.anySatisfy((line) -> assertThat(line).contains("[" + ownTraceId + ","));

		// an event enqueued in the caller's trace (as the sync's adoption of a duplicate
		// is in its pass's trace) is delivered later, by a job pass, continuing that
		// trace
		InstanceView view = this.instances.created(TENANT, created.text("id")).instance();
		Span caller = this.propagator.extract(Map.of("traceparent", TRACEPARENT), Map::get).name("caller").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			assertThat(this.events.duplicateAdopted(view, "Z-ORIGINAL-TRACED", Instant.now())).isTrue();
		}
		finally {
			caller.end();
		}
		this.dispatcher.dispatch();
		assertThat(this.deliveries).hasSize(1);
		List<String> delivered = this.deliveries.get(0).get("Traceparent");
		assertThat(delivered).as("headers %s", this.deliveries.get(0)).isNotNull();
		assertThat(delivered).singleElement()
			.asString()
			.matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
			.doesNotContain(CALLER_SPAN_ID);
		assertThat(this.deliveries.get(0)).doesNotContainKey("Baggage").doesNotContainKey("Tracestate");
	}

	@Test
	void eachJobPassIsASpan() {
		JobRuns runs = this.jobRuns;
		Span first = runs.record("trace-test", this.tracer::currentSpan);
		Span second = runs.record("trace-test", this.tracer::currentSpan);
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(first.context().traceId()).matches("[0-9a-f]{32}").isNotEqualTo(second.context().traceId());
		assertThat(this.tracer.currentSpan()).as("nothing left in scope").isNull();
	}

}
