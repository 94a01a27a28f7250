package com.zapigateway.zapi;

/**
 * A call to Z-API did not produce a usable answer. The message never contains Z-API's raw
 * body or any token.
 */
public class ZapiException extends RuntimeException implements ZapiCallFailure {

	private final Failure failure;

	private final int upstreamStatus;

	ZapiException(Failure failure, int upstreamStatus, String message, Throwable cause) {
		super(message, cause);
		this.failure = failure;
		this.upstreamStatus = upstreamStatus;
	}

	ZapiException(Failure failure, int upstreamStatus, String message) {
		super(message);
		this.failure = failure;
		this.upstreamStatus = upstreamStatus;
	}

	public Failure failure() {
		return this.failure;
	}

	@Override
	public String auditOutcome() {
		return this.failure.outcomeUncertain() ? "uncertain" : "failed";
	}

	/**
	 * Z-API's HTTP status, or 0 when no answer was received.
	 * @return the status
	 */
	public int upstreamStatus() {
		return this.upstreamStatus;
	}

	/**
	 * What went wrong, and whether Z-API may nevertheless have acted on the request.
	 */
	public enum Failure {

		/** Z-API answered 401/403: our partner token was rejected. */
		CREDENTIALS_REJECTED(false),

		/** Z-API answered another 4xx: it refused the request. */
		REQUEST_REJECTED(false),

		/** Z-API answered 429. */
		RATE_LIMITED(false),

		/** Z-API answered 5xx. */
		SERVER_ERROR(true),

		/** Z-API answered 2xx with an error body, or without an id and token. */
		CREATE_FAILED(false),

		/**
		 * Z-API answered {@code {"error": "null not allowed"}}: the account requires its
		 * security token ({@code Client-Token}) and none was sent. Refused before acting,
		 * and a matter of configuration, not of Z-API's health.
		 */
		CLIENT_TOKEN_REQUIRED(false),

		/** Z-API's answer could not be read. */
		MALFORMED_RESPONSE(true),

		/** No connection could be made: the request provably never reached Z-API. */
		UNREACHABLE(false),

		/** The request was sent but no answer came within the read timeout. */
		TIMEOUT(true),

		/** The connection broke after the request was sent. */
		CONNECTION_LOST(true);

		private final boolean outcomeUncertain;

		Failure(boolean outcomeUncertain) {
			this.outcomeUncertain = outcomeUncertain;
		}

		/**
		 * Whether Z-API may have acted on the request despite this failure.
		 * @return {@code true} if the outcome is uncertain
		 */
		public boolean outcomeUncertain() {
			return this.outcomeUncertain;
		}

	}

}
