package com.zapigateway.webhook;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Which trace a webhook delivery belongs to. An event is enqueued in the trace of what
 * caused it (a caller's request, or a job pass such as the sync that adopted a duplicate
 * or the expiry-alert scan): its W3C {@code traceparent} is stored with the event, and
 * the delivery, made later by a dispatch pass, is a span continuing that trace, so the
 * receiver gets the cause's trace id in the {@code traceparent} header. An event stored
 * without one (enqueued untraced) is delivered in the dispatch pass's own trace.
 * <p>
 * Only {@code traceparent} crosses to the receiver (no {@code tracestate}, no baggage): a
 * tenant's receiver learns nothing of the gateway's callers but a trace id.
 */
@Component
class DeliveryTraces {

	static final String TRACEPARENT = "traceparent";

	private static final String SPAN = "webhook delivery";

	private static final String EVENT_TAG = "gateway.webhook.event";

	/** Version 00 of the W3C header: version, trace id, parent id, flags. */
	private static final Pattern VALID = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	private final Tracer tracer;

	private final Propagator propagator;

	DeliveryTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
	}

	/**
	 * The current trace, to store with an event being enqueued.
	 * @return its W3C traceparent, or {@code null} when nothing is traced
	 */
	@Nullable String current() {
		Span span = this.tracer.currentSpan();
		if (span == null || span.isNoop()) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		return valid(carrier.get(TRACEPARENT));
	}

	/**
	 * Runs one delivery in a span continuing the event's stored trace (or, without one,
	 * the current trace: the dispatch pass's), with the headers that carry it.
	 * @param <T> the delivery's outcome
	 * @param traceparent the trace stored with the event, or {@code null}
	 * @param eventType the event's type (a fixed string)
	 * @param delivery the post, given the tracing headers to send
	 * @return the delivery's outcome
	 */
	<T> T deliver(@Nullable String traceparent, String eventType, Function<Map<String, String>, T> delivery) {
		String parent = valid(traceparent);
		Span span = (parent != null) ? this.propagator.extract(Map.of(TRACEPARENT, parent), Map::get)
			.name(SPAN)
			.kind(Span.Kind.CLIENT)
			.tag(EVENT_TAG, eventType)
			.start() : this.tracer.nextSpan().name(SPAN).tag(EVENT_TAG, eventType).start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			Map<String, String> injected = new HashMap<>();
			this.propagator.inject(span.context(), injected, Map::put);
			Map<String, String> headers = new LinkedHashMap<>();
			String sent = valid(injected.get(TRACEPARENT));
			if (sent != null) {
				headers.put(TRACEPARENT, sent);
			}
			return delivery.apply(headers);
		}
		finally {
			span.end();
		}
	}

	private static @Nullable String valid(@Nullable String traceparent) {
		return (traceparent != null && VALID.matcher(traceparent).matches()) ? traceparent : null;
	}

}
