package com.zapigateway.zapi;

import java.net.URI;
import java.time.Duration;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The gateway did not call Z-API: too many calls in flight, or Z-API keeps failing and
 * the circuit breaker is open. Nothing was sent: 503 with {@code Retry-After}. Thrown by
 * {@link ZapiGuard} only.
 */
public class ZapiUnavailableException extends ErrorResponseException {

	private final String reason;

	private ZapiUnavailableException(String reason, URI type, String title, String detail, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.create(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail),
				null);
		this.reason = reason;
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

	static ZapiUnavailableException circuitOpen(Duration retryAfter) {
		return new ZapiUnavailableException("CIRCUIT_OPEN", ProblemTypes.ZAPI_CIRCUIT_OPEN, "Z-API failing",
				"Z-API has been failing; the gateway is not calling it for now and nothing was sent. Try again later.",
				retryAfter);
	}

	static ZapiUnavailableException busy(Duration retryAfter) {
		return new ZapiUnavailableException("BUSY", ProblemTypes.ZAPI_BUSY, "Too many Z-API calls",
				"Too many Z-API calls are in flight; nothing was sent. Try again shortly.", retryAfter);
	}

	/**
	 * Why the call was not made, for the audit and the idempotency records.
	 * @return {@code BUSY} or {@code CIRCUIT_OPEN}
	 */
	public String reason() {
		return this.reason;
	}

}
