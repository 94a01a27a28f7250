package com.zapigateway.webhook;

import java.time.Duration;

import com.zapigateway.outbound.OutboundUrlPolicy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Expiry alerts, bound from {@code gateway.webhooks.*}.
 *
 * @param scanInterval how often instances running out are scanned for new events
 * @param dispatchInterval how often due events are delivered
 * @param batchSize events claimed per dispatch
 * @param maxAttempts deliveries tried before an event is given up (FAILED)
 * @param initialBackoff wait after the first failed delivery; doubled after each failure
 * @param maxBackoff longest wait between tries
 * @param connectTimeout connection timeout to a webhook
 * @param readTimeout answer timeout of a webhook
 * @param expiredLookback trials that ended longer ago than this raise no
 * {@code instance.trial_expired} (e.g. when a webhook is registered late)
 * @param allowHttpLoopback accept and deliver to {@code http://} URLs on exactly
 * {@code localhost}, {@code 127.0.0.1} or {@code [::1]} (local runs and tests only;
 * production webhooks must be https to a public host)
 */
@Validated
@ConfigurationProperties("gateway.webhooks")
record WebhookProperties(@DefaultValue("1m") @NotNull Duration scanInterval,
		@DefaultValue("5s") @NotNull Duration dispatchInterval, @DefaultValue("20") @Min(1) @Max(500) int batchSize,
		@DefaultValue("12") @Min(1) @Max(100) int maxAttempts, @DefaultValue("10s") @NotNull Duration initialBackoff,
		@DefaultValue("1h") @NotNull Duration maxBackoff, @DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("10s") @NotNull Duration readTimeout, @DefaultValue("7d") @NotNull Duration expiredLookback,
		@DefaultValue("false") boolean allowHttpLoopback) {

	WebhookProperties {
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"gateway.webhooks.initial-backoff must be >= 0 and <= gateway.webhooks.max-backoff");
		}
	}

	/**
	 * How long to wait after {@code attempts} failed deliveries: exponential, capped.
	 * @param attempts failed deliveries so far, from 1
	 * @return the wait
	 */
	Duration backoff(int attempts) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < attempts && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

	/**
	 * Whether a webhook URL with this verdict may be registered and called.
	 * @param verdict what {@link OutboundUrlPolicy} says about the URL
	 * @return {@code true} for a public https URL, or plain http to loopback when
	 * {@code allow-http-loopback} is on
	 */
	boolean accepts(OutboundUrlPolicy.Verdict verdict) {
		return verdict == OutboundUrlPolicy.Verdict.ALLOWED
				|| (this.allowHttpLoopback && verdict == OutboundUrlPolicy.Verdict.LOOPBACK_HTTP);
	}

	/**
	 * The longest a whole delivery may take, from resolving the host to the status line
	 * of the answer: a receiver trickling bytes cannot hold it longer.
	 * @return connect timeout plus read timeout
	 */
	Duration deliveryDeadline() {
		return this.connectTimeout.plus(this.readTimeout);
	}

	/**
	 * How long a claimed delivery may take before another replica may claim it again.
	 * @return the lease
	 */
	Duration lease() {
		return this.connectTimeout.plus(this.readTimeout).plusSeconds(30);
	}

}
