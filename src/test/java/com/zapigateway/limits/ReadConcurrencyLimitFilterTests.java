package com.zapigateway.limits;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reads beyond the limit are refused at once with 503 {@code overloaded}; writes and
 * probes never are, and a read gives its place back however it ends.
 */
class ReadConcurrencyLimitFilterTests {

	private final List<Exception> resolved = new ArrayList<>();

	private final HandlerExceptionResolver resolver = (request, response, handler, ex) -> {
		this.resolved.add(ex);
		return new ModelAndView();
	};

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ReadConcurrencyLimitFilter filter = filter(2);

	@Test
	void readsBeyondTheLimitAreRefusedWhileTheOthersRun() throws Exception {
		List<String> reached = new ArrayList<>();
		// the first two reads are still running (each one's chain starts the next read)
		run(get("/api/v1/tenants/acme/instances/A"), (req1, res1) -> {
			reached.add("A");
			run(get("/api/v1/tenants/acme/instances"), (req2, res2) -> {
				reached.add("B");
				run(get("/api/v1/tenants/acme/instances/C"), (req3, res3) -> reached.add("C"));
			});
		});
		assertThat(reached).containsExactly("A", "B");
		assertThat(this.resolved).singleElement().isInstanceOfSatisfying(OverloadedException.class, (ex) -> {
			assertThat(ex.getStatusCode().value()).isEqualTo(503);
			assertThat(ex.getBody().getType()).hasToString("urn:zapi-gateway:problem:overloaded");
			assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		});
		assertThat(this.meters.get("gateway.reads.shed").counter().count()).isEqualTo(1);
		// both places are free again
		run(get("/api/v1/tenants/acme/instances/D"), (req1, res1) -> {
			reached.add("D");
			run(get("/api/v1/tenants/acme/instances/E"), (req2, res2) -> reached.add("E"));
		});
		assertThat(reached).containsExactly("A", "B", "D", "E");
		assertThat(this.resolved).hasSize(1);
	}

	@Test
	void writesAndProbesAreNeverRefused() throws Exception {
		ReadConcurrencyLimitFilter one = filter(1);
		List<String> reached = new ArrayList<>();
		run(one, get("/api/v1/tenants/acme/instances/A"), (req, res) -> {
			reached.add("read");
			run(one, request("POST", "/api/v1/tenants/acme/instances"), (r, s) -> reached.add("create"));
			run(one, request("PUT", "/api/v1/tenants/acme/webhook"), (r, s) -> reached.add("webhook"));
			run(one, get("/actuator/health/readiness"), (r, s) -> reached.add("probe"));
			run(one, get("/v3/api-docs"), (r, s) -> reached.add("docs"));
			run(one, get("/api/v1/tenants/acme/instances/B"), (r, s) -> reached.add("second read"));
		});
		assertThat(reached).containsExactly("read", "create", "webhook", "probe", "docs");
		assertThat(this.resolved).singleElement().isInstanceOf(OverloadedException.class);
	}

	@Test
	void aReadThatFailsGivesItsPlaceBack() throws Exception {
		ReadConcurrencyLimitFilter one = filter(1);
		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> run(one, get("/api/v1/tenants/acme/instances/A"), (req, res) -> {
				throw new ServletException("boom");
			}));
		List<String> reached = new ArrayList<>();
		run(one, get("/api/v1/tenants/acme/instances/B"), (req, res) -> reached.add("B"));
		assertThat(reached).containsExactly("B");
		assertThat(this.resolved).isEmpty();
	}

	@Test
	void headIsARead() throws Exception {
		ReadConcurrencyLimitFilter one = filter(1);
		run(one, get("/api/v1/tenants/acme/instances/A"),
				(req, res) -> run(one, request("HEAD", "/api/v1/tenants/acme/instances/A"), (r, s) -> {
				}));
		assertThat(this.resolved).singleElement().isInstanceOf(OverloadedException.class);
	}

	private ReadConcurrencyLimitFilter filter(int max) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("meters", this.meters);
		return new ReadConcurrencyLimitFilter(
				new LimitsProperties(50, new LimitsProperties.Rate(20, Duration.ofMinutes(1)), max), this.resolver,
				beans.getBeanProvider(MeterRegistry.class));
	}

	private void run(MockHttpServletRequest request, FilterChain chain) throws IOException, ServletException {
		run(this.filter, request, chain);
	}

	private static void run(ReadConcurrencyLimitFilter filter, MockHttpServletRequest request, FilterChain chain)
			throws IOException, ServletException {
		filter.doFilter(request, new MockHttpServletResponse(), chain);
	}

	private static MockHttpServletRequest get(String uri) {
		return request("GET", uri);
	}

	private static MockHttpServletRequest request(String method, String uri) {
		return new MockHttpServletRequest(method, uri);
	}

}
