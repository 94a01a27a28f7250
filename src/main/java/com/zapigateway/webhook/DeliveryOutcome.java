package com.zapigateway.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import com.zapigateway.outbound.RefusedAddressException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * How one delivery attempt ended: the receiver's status if it answered, and a short,
 * stable kind of error if it was not delivered. Tenants see both (in
 * {@link LastDelivery}), so neither ever carries an exception message, an address or the
 * receiver's body.
 *
 * @param status the HTTP status, or {@code null} if there was no answer
 * @param error the kind of error, or {@code null} if delivered
 */
record DeliveryOutcome(@Nullable Integer status, @Nullable String error) {

	/** The host is, or resolved to, an address the gateway never connects to. */
	static final String REFUSED_ADDRESS = "refused-address";

	/**
	 * The stored URL is not one the policy allows (a row written without the policy, or
	 * while the loopback opt-in was on).
	 */
	static final String INVALID_URL = "invalid-url";

	/** The host name does not resolve. */
	static final String UNKNOWN_HOST = "unknown-host";

	/** No connection within the connect timeout. */
	static final String CONNECT_TIMEOUT = "connect-timeout";

	/** The receiver refused the connection (nothing listens there). */
	static final String CONNECTION_REFUSED = "connection-refused";

	/**
	 * The TLS handshake failed (certificate not valid for the host, not trusted, ...).
	 */
	static final String TLS = "tls";

	/** No answer within the read timeout. */
	static final String READ_TIMEOUT = "read-timeout";

	/** The whole delivery took longer than connect plus read timeout. */
	static final String TIMEOUT = "timeout";

	/** The connection broke or the answer was not HTTP. */
	static final String CONNECTION_FAILED = "connection-failed";

	/** The receiver answered with a status other than 2xx. */
	static final String HTTP_STATUS = "http-status";

	/** The gateway failed unexpectedly while delivering. */
	static final String INTERNAL = "internal";

	static DeliveryOutcome answered(int status) {
		return new DeliveryOutcome(status, (status >= 200 && status < 300) ? null : HTTP_STATUS);
	}

	static DeliveryOutcome failed(String error) {
		return new DeliveryOutcome(null, error);
	}

	/**
	 * The outcome of a delivery that threw.
	 * @param ex what was thrown
	 * @param deadlinePassed whether the delivery was cancelled for taking too long
	 * @return the outcome
	 */
	static DeliveryOutcome failed(IOException ex, boolean deadlinePassed) {
		if (deadlinePassed) {
			return failed(TIMEOUT);
		}
		if (ex instanceof RefusedAddressException) {
			return failed(REFUSED_ADDRESS);
		}
		if (ex instanceof UnknownHostException) {
			return failed(UNKNOWN_HOST);
		}
		if (ex instanceof ConnectTimeoutException || ex instanceof ConnectionRequestTimeoutException) {
			return failed(CONNECT_TIMEOUT);
		}
		if (ex instanceof ConnectException) {
			return failed(CONNECTION_REFUSED);
		}
		if (ex instanceof SocketTimeoutException) {
			return failed(READ_TIMEOUT);
		}
		if (ex instanceof SSLException) {
			return failed(TLS);
		}
		return failed(CONNECTION_FAILED);
	}

	boolean delivered() {
		return this.error == null;
	}

	/**
	 * What the outbox records as the event's last error.
	 * @return {@code HTTP <status>} for an answer other than 2xx, else the kind of error;
	 * {@code null} if delivered
	 */
	@Nullable String lastError() {
		if (this.error == null) {
			return null;
		}
		return (this.status != null) ? "HTTP " + this.status : this.error;
	}

}
