package com.zapigateway.limits;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import com.zapigateway.shared.web.ProblemFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Sheds reads ({@code GET}/{@code HEAD} under {@code /api/}) beyond
 * {@code gateway.limits.max-concurrent-reads} at once with 503 {@code overloaded} and
 * {@code Retry-After: 1}, before authentication or the database.
 * <p>
 * A read needs one of the few pool connections for well under a millisecond, so more
 * reads than that in progress means the replica is behind (a cold JVM under full traffic,
 * a slow database). Queueing them would hold a request's buffers and stack each, and on a
 * small heap tip the collector into back-to-back full collections that slow the replica
 * further (docs/benchmarks.md); a fast refusal keeps it answering. Writes are not limited
 * here: creates, subscribes and cancels have the Z-API bulkhead
 * ({@code zapi.guard.max-concurrent-calls}), and the actuator's probes always answer.
 * Counted in {@code gateway.reads.shed}.
 * <p>
 * Per replica, deliberately: it protects this process's pool and heap, which are what a
 * replica runs out of. Size it per replica (near its database pool size), not for the
 * cluster: N replicas answer N times as many reads at once.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
// a filter is part of every web slice test, where the application's properties scan does
// not run
@EnableConfigurationProperties(LimitsProperties.class)
class ReadConcurrencyLimitFilter extends ProblemFilter {

	private final int maxConcurrentReads;

	private final Semaphore permits;

	private final Counter shed;

	ReadConcurrencyLimitFilter(LimitsProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver,
			ObjectProvider<MeterRegistry> meters) {
		super(exceptionResolver);
		this.maxConcurrentReads = properties.maxConcurrentReads();
		this.permits = new Semaphore(this.maxConcurrentReads);
		this.shed = Counter.builder("gateway.reads.shed")
			.description("Reads refused with 503 because the replica was answering its most at once")
			.register(meters.getIfAvailable(() -> Metrics.globalRegistry));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !("GET".equals(method) || "HEAD".equals(method))
				|| !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.permits.tryAcquire()) {
			this.shed.increment();
			refuse(request, response, new OverloadedException(this.maxConcurrentReads));
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.permits.release();
		}
	}

}
