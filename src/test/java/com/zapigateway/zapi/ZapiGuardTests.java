package com.zapigateway.zapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import com.zapigateway.zapi.ZapiClient;
import com.zapigateway.zapi.ZapiException;
import com.zapigateway.zapi.ZapiException.Failure;
import com.zapigateway.zapi.ZapiFailures;
import com.zapigateway.zapi.ZapiInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The guard around Z-API calls: which failures are retried, the circuit breaker, the
 * concurrency limit; and the start-up validation of its settings.
 */
class ZapiGuardTests {

	static final OnDemandInstanceRequest REQUEST = OnDemandInstanceRequest.named("Shop [gw:0123456789abcdef]");

	static final ZapiInstance CREATED = new ZapiInstance("Z1", "T1", Instant.parse("2030-01-01T00:00:00Z"));

	final ZapiClient client = mock(ZapiClient.class);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aCallThatNeverReachedZapiIsRetriedUpToTheLimit() {
		given(this.client.createInstance(any())).willThrow(ZapiFailures.of(Failure.UNREACHABLE));
		ZapiGuard guard = guard(properties(3, 100, 16));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.createInstance(REQUEST))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(Failure.UNREACHABLE));
		verify(this.client, times(3)).createInstance(REQUEST);
	}

	@Test
	void aRetriedCallThatGetsThroughReturnsItsAnswer() {
		given(this.client.createInstance(any())).willThrow(ZapiFailures.of(Failure.UNREACHABLE)).willReturn(CREATED);
		ZapiGuard guard = guard(properties(3, 100, 16));

		assertThat(guard.createInstance(REQUEST)).isEqualTo(CREATED);
		verify(this.client, times(2)).createInstance(REQUEST);
	}

	@ParameterizedTest
	@EnumSource(value = Failure.class, names = "UNREACHABLE", mode = EnumSource.Mode.EXCLUDE)
	void anythingThatMayHaveReachedZapiIsNeverRetried(Failure failure) {
		given(this.client.createInstance(any())).willThrow(ZapiFailures.of(failure));
		ZapiGuard guard = guard(properties(3, 100, 16));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.createInstance(REQUEST));
		verify(this.client, times(1)).createInstance(REQUEST);
	}

	@Test
	void theCircuitOpensWhenZapiKeepsFailingAndThenFailsFastWithoutCallingIt() {
		given(this.client.createInstance(any())).willThrow(ZapiFailures.of(Failure.SERVER_ERROR));
		ZapiGuard guard = guard(properties(1, 4, 16));
		assertThat(circuitState("closed")).isOne();
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.createInstance(REQUEST));
		}
		// this replica's circuit, as exported to Prometheus
		assertThat(circuitState("open")).isOne();
		assertThat(circuitState("closed")).isZero();
		assertThat(this.meters.get("resilience4j.bulkhead.max.allowed.concurrent.calls")
			.tag("name", "zapi")
			.gauge()
			.value()).isEqualTo(16);

		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(ZapiUnavailableException.class).isThrownBy(() -> guard.createInstance(REQUEST))
				.satisfies((ex) -> {
					assertThat(ex.getStatusCode().value()).isEqualTo(503);
					assertThat(ex.getBody().getType()).isEqualTo(Problem.ZAPI_CIRCUIT_OPEN.type());
					assertThat(ex.getHeaders().getFirst("Retry-After")).isNotNull();
				});
		}
		verify(this.client, times(4)).createInstance(REQUEST);
	}

	@ParameterizedTest
	@EnumSource(value = Failure.class, names = { "REQUEST_REJECTED", "CLIENT_TOKEN_REQUIRED" })
	void refusalsOfTheRequestItselfDoNotOpenTheCircuit(Failure failure) {
		given(this.client.createInstance(any())).willThrow(ZapiFailures.of(failure));
		ZapiGuard guard = guard(properties(1, 4, 16));
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.createInstance(REQUEST));
		}
		verify(this.client, times(10)).createInstance(REQUEST);
	}

	@Test
	void aMissingClientTokenDoesNotOpenTheCircuitForTheCallsToInstances() {
		given(this.client.status("A", "T")).willThrow(ZapiFailures.of(Failure.CLIENT_TOKEN_REQUIRED));
		ZapiGuard guard = guard(properties(3, 4, 16));
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.status("A", "T"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(Failure.CLIENT_TOKEN_REQUIRED));
		}
		verify(this.client, times(10)).status("A", "T");
		assertThat(guard.circuitState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
	}

	@Test
	void callsBeyondTheConcurrencyLimitFailFastInsteadOfQueueing() throws Exception {
		CountDownLatch entered = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		given(this.client.createInstance(any())).willAnswer((invocation) -> {
			entered.countDown();
			release.await(30, TimeUnit.SECONDS);
			return CREATED;
		});
		ZapiGuard guard = guard(properties(1, 100, 2));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<ZapiInstance> first = pool.submit(() -> guard.createInstance(REQUEST));
			Future<ZapiInstance> second = pool.submit(() -> guard.createInstance(REQUEST));
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

			assertThatExceptionOfType(ZapiUnavailableException.class).isThrownBy(() -> guard.createInstance(REQUEST))
				.satisfies((ex) -> assertThat(ex.getBody().getType()).isEqualTo(Problem.ZAPI_BUSY.type()));
			release.countDown();
			assertThat(first.get()).isEqualTo(CREATED);
			assertThat(second.get()).isEqualTo(CREATED);
			verify(this.client, times(2)).createInstance(REQUEST);
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void subscribeAndCancelThatNeverReachedZapiAreRetriedUpToTheLimit() {
		willThrow(ZapiFailures.of(Failure.UNREACHABLE)).given(this.client).subscribe("Z1", "T1", true);
		willThrow(ZapiFailures.of(Failure.UNREACHABLE)).willDoNothing().given(this.client).cancel("Z1", "T1");
		ZapiGuard guard = guard(properties(3, 100, 16));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.subscribe("Z1", "T1", true))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(Failure.UNREACHABLE));
		guard.cancel("Z1", "T1");

		verify(this.client, times(3)).subscribe("Z1", "T1", true);
		verify(this.client, times(2)).cancel("Z1", "T1");
	}

	@ParameterizedTest
	@EnumSource(value = Failure.class, names = "UNREACHABLE", mode = EnumSource.Mode.EXCLUDE)
	void subscribeAndCancelThatMayHaveReachedZapiAreNeverRetried(Failure failure) {
		willThrow(ZapiFailures.of(failure)).given(this.client).subscribe("Z1", "T1", null);
		willThrow(ZapiFailures.of(failure)).given(this.client).cancel("Z1", "T1");
		ZapiGuard guard = guard(properties(3, 100, 16));

		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.subscribe("Z1", "T1", null));
		assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.cancel("Z1", "T1"));

		verify(this.client, times(1)).subscribe("Z1", "T1", null);
		verify(this.client, times(1)).cancel("Z1", "T1");
	}

	@Test
	void oneCircuitForEveryCallFailingSubscribesStopCreatesAndCancelsToo() {
		willThrow(ZapiFailures.of(Failure.TIMEOUT)).given(this.client).subscribe(any(), any(), any());
		ZapiGuard guard = guard(properties(1, 4, 16));
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(ZapiException.class).isThrownBy(() -> guard.subscribe("Z1", "T1", null));
		}

		assertThatExceptionOfType(ZapiUnavailableException.class).isThrownBy(() -> guard.createInstance(REQUEST))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("CIRCUIT_OPEN"));
		assertThatExceptionOfType(ZapiUnavailableException.class).isThrownBy(() -> guard.cancel("Z1", "T1"))
			.satisfies((ex) -> assertThat(ex.getBody().getType()).isEqualTo(Problem.ZAPI_CIRCUIT_OPEN.type()));
		verify(this.client, never()).createInstance(any());
		verify(this.client, never()).cancel(any(), any());
	}

	@Test
	void aClaimOutlivesTheLongestGuardedCall() {
		// 3 connects, 2 capped backoffs, 1 read, no wait for a slot
		assertThat(guard(properties(3, 100, 16)).longestCall())
			.isEqualTo(Duration.ofSeconds(15).plusMillis(4).plusSeconds(30));
	}

	private double circuitState(String state) {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "zapi")
			.tag("state", state)
			.gauge()
			.value();
	}

	/** Settings with fast (1-2 ms) backoff, a count-based breaker over {@code window}. */
	static ZapiGuardProperties properties(int maxAttempts, int window, int maxConcurrentCalls) {
		return new ZapiGuardProperties(maxConcurrentCalls, Duration.ZERO, maxAttempts, Duration.ofMillis(1),
				Duration.ofMillis(2), 50, window, window, Duration.ofHours(1));
	}

	private ZapiGuard guard(ZapiGuardProperties properties) {
		// 5 s connect and 30 s read timeouts
		ZapiProperties zapi = new ZapiProperties(java.net.URI.create("https://api.z-api.io"), "partner-token",
				Duration.ofSeconds(5), Duration.ofSeconds(30), 1000);
		return new ZapiGuard(this.client, zapi, properties,
				new StaticListableBeanFactory(Map.of("meters", this.meters)).getBeanProvider(MeterRegistry.class));
	}

}
