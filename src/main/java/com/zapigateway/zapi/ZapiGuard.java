package com.zapigateway.zapi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every Z-API call goes through here: creates and their lookups in Z-API's list
 * ({@code creation}), subscribes, cancels and upgrades ({@code subscription}), an
 * instance's status, QR and phone codes, restarts and disconnects ({@code connection}),
 * and the pages of the sync ({@code sync}). One guard per replica, shared by all of them,
 * as they all load the same Z-API: at most {@code zapi.guard.max-concurrent-calls} in
 * flight (more fail fast with 503 {@code zapi-busy}, no queue), a circuit breaker that
 * fails fast with 503 {@code zapi-circuit-open} while Z-API keeps failing (whichever call
 * saw it fail), and retries with capped, jittered exponential backoff of calls that
 * provably never reached Z-API ({@link ZapiException.Failure#UNREACHABLE}) and of nothing
 * else.
 * <p>
 * The bulkhead and the circuit breaker are per replica, deliberately: they protect this
 * process (its threads, its callers' latency) and react to what this process sees of
 * Z-API, with no round trip to a shared store on every call. With N replicas, at most N
 * times {@code zapi.guard.max-concurrent-calls} calls are in flight to Z-API (size it as
 * the concurrency Z-API should see divided by N), and each replica opens its own circuit
 * after its own {@code zapi.guard.minimum-calls} (an outage opens them all within a few
 * calls each). Their state is exported as Resilience4j's Micrometer meters
 * ({@code resilience4j_bulkhead_*}, {@code resilience4j_circuitbreaker_*}, tag
 * {@code name="zapi"}) on {@code /actuator/prometheus}, one series per replica.
 */
@Component
public class ZapiGuard {

	/** Failures that say Z-API (or the path to it) is unhealthy. */
	private static final Set<ZapiException.Failure> UNHEALTHY = EnumSet.of(ZapiException.Failure.UNREACHABLE,
			ZapiException.Failure.TIMEOUT, ZapiException.Failure.CONNECTION_LOST, ZapiException.Failure.SERVER_ERROR,
			ZapiException.Failure.RATE_LIMITED, ZapiException.Failure.MALFORMED_RESPONSE);

	private final ZapiClient zapi;

	private final Bulkhead bulkhead;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final Duration openDuration;

	private final Duration longestCall;

	ZapiGuard(ZapiClient zapi, ZapiProperties zapiProperties, ZapiGuardProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		this.zapi = zapi;
		this.openDuration = properties.openDuration();
		this.longestCall = zapiProperties.connectTimeout()
			.multipliedBy(properties.maxAttempts())
			.plus(properties.retryMaxBackoff().multipliedBy(properties.maxAttempts() - 1L))
			.plus(zapiProperties.readTimeout())
			.plus(properties.maxWait());
		BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
		this.bulkhead = bulkheads.bulkhead("zapi",
				BulkheadConfig.custom()
					.maxConcurrentCalls(properties.maxConcurrentCalls())
					.maxWaitDuration(properties.maxWait())
					.build());
		CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
		this.circuitBreaker = circuitBreakers.circuitBreaker("zapi",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(properties.slidingWindowSize())
					.minimumNumberOfCalls(properties.minimumCalls())
					.failureRateThreshold(properties.failureRateThreshold())
					.waitDurationInOpenState(properties.openDuration())
					.permittedNumberOfCallsInHalfOpenState(1)
					.recordException(ZapiGuard::unhealthy)
					.build());
		this.retry = Retry.of("zapi",
				RetryConfig.custom()
					.maxAttempts(properties.maxAttempts())
					.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.retryInitialBackoff(), 2.0,
							0.5, properties.retryMaxBackoff()))
					.retryOnException(ZapiGuard::neverSent)
					.build());
		MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
		TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
	}

	public ZapiInstance createInstance(OnDemandInstanceRequest request) {
		return call(() -> this.zapi.createInstance(request));
	}

	public ZapiInstancePage listInstances(int page, int pageSize, @Nullable String query) {
		return call(() -> this.zapi.listInstances(page, pageSize, query));
	}

	/**
	 * Subscribes an instance through Z-API, guarded.
	 * @param id the instance id
	 * @param token the instance token
	 * @param withCalls whether to subscribe with calls support, or {@code null} for
	 * Z-API's default
	 * @throws ZapiException if Z-API did not confirm
	 * @throws ZapiUnavailableException if the call was not made (too many in flight, or
	 * the circuit is open): nothing was sent
	 */
	public void subscribe(String id, String token, @Nullable Boolean withCalls) {
		call(() -> {
			this.zapi.subscribe(id, token, withCalls);
			return null;
		});
	}

	/**
	 * Cancels an instance's subscription through Z-API, guarded.
	 * @param id the instance id
	 * @param token the instance token
	 * @throws ZapiException if Z-API did not confirm
	 * @throws ZapiUnavailableException if the call was not made (too many in flight, or
	 * the circuit is open): nothing was sent
	 */
	public void cancel(String id, String token) {
		call(() -> {
			this.zapi.cancel(id, token);
			return null;
		});
	}

	/**
	 * An instance's connection, from Z-API's {@code /status}. A read: safe to repeat.
	 * @param id the instance id
	 * @param token the instance token
	 * @return the status
	 */
	public ZapiStatus status(String id, String token) {
		return call(() -> this.zapi.status(id, token));
	}

	/**
	 * A QR code to connect a phone, from Z-API's {@code /qr-code/image}.
	 * @param id the instance id
	 * @param token the instance token
	 * @return the code, or that a phone is already connected
	 */
	public ZapiQrCode qrCode(String id, String token) {
		return call(() -> this.zapi.qrCode(id, token));
	}

	/**
	 * A code to connect the phone with this number without a QR code, from Z-API's
	 * {@code /phone-code/{phone}}.
	 * @param id the instance id
	 * @param token the instance token
	 * @param phone the phone number, digits only
	 * @return the code, or that a phone is already connected
	 */
	public ZapiPhoneCode phoneCode(String id, String token, String phone) {
		return call(() -> this.zapi.phoneCode(id, token, phone));
	}

	/**
	 * Restarts an instance's session ({@code /restart}).
	 * @param id the instance id
	 * @param token the instance token
	 */
	public void restart(String id, String token) {
		call(() -> {
			this.zapi.restart(id, token);
			return null;
		});
	}

	/**
	 * Disconnects the phone from an instance ({@code /disconnect}).
	 * @param id the instance id
	 * @param token the instance token
	 */
	public void disconnect(String id, String token) {
		call(() -> {
			this.zapi.disconnect(id, token);
			return null;
		});
	}

	/**
	 * Upgrades a subscription to the model with calls ({@code PUT
	 * .../integrator/on-demand/subscription/update} with {@code {"withCalls": true}}).
	 * Never retried once sent: it is billed.
	 * @param id the instance id
	 * @param token the instance token
	 */
	public void upgradeSubscription(String id, String token) {
		call(() -> {
			this.zapi.upgradeSubscription(id, token);
			return null;
		});
	}

	/**
	 * The longest a guarded call can take: every attempt's connect timeout, the backoff
	 * between attempts, one read timeout, and the wait for a free slot.
	 * @return the duration
	 */
	public Duration longestCall() {
		return this.longestCall;
	}

	CircuitBreaker.State circuitState() {
		return this.circuitBreaker.getState();
	}

	private <T> T call(Supplier<T> call) {
		Supplier<T> guarded = Bulkhead.decorateSupplier(this.bulkhead,
				Retry.decorateSupplier(this.retry, CircuitBreaker.decorateSupplier(this.circuitBreaker, call)));
		try {
			return guarded.get();
		}
		catch (BulkheadFullException ex) {
			throw ZapiUnavailableException.busy(Duration.ofSeconds(1));
		}
		catch (CallNotPermittedException ex) {
			throw ZapiUnavailableException.circuitOpen(this.openDuration);
		}
	}

	private static boolean unhealthy(Throwable ex) {
		return ex instanceof ZapiException zapi && UNHEALTHY.contains(zapi.failure());
	}

	private static boolean neverSent(Throwable ex) {
		return ex instanceof ZapiException zapi && zapi.failure() == ZapiException.Failure.UNREACHABLE;
	}

}
