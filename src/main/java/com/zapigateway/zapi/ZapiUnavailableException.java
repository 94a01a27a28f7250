package com.zapigateway.zapi;

import java.time.Duration;
import java.util.Locale;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * The gateway did not call Z-API: too many calls in flight, or Z-API keeps failing and
 * the circuit breaker is open. Nothing was sent: 503 with {@code Retry-After}. Thrown by
 * {@link ZapiGuard} only.
 */
public class ZapiUnavailableException extends ProblemException implements ZapiCallFailure {

	private final String reason;

	private ZapiUnavailableException(String reason, Problem problem, Duration retryAfter) {
		super(problem);
		this.reason = reason;
		retryAfter(Math.max(1, retryAfter.toSeconds()));
	}

	static ZapiUnavailableException circuitOpen(Duration retryAfter) {
		return new ZapiUnavailableException("CIRCUIT_OPEN", Problem.ZAPI_CIRCUIT_OPEN, retryAfter);
	}

	static ZapiUnavailableException busy(Duration retryAfter) {
		return new ZapiUnavailableException("BUSY", Problem.ZAPI_BUSY, retryAfter);
	}

	/**
	 * Why the call was not made, for the audit and the idempotency records.
	 * @return {@code BUSY} or {@code CIRCUIT_OPEN}
	 */
	public String reason() {
		return this.reason;
	}

	@Override
	public String auditOutcome() {
		return "rejected-" + this.reason.toLowerCase(Locale.ROOT);
	}

}
