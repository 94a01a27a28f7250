package com.zapigateway.zapi;

import java.time.Duration;

/**
 * {@link ZapiException}s and {@link ZapiUnavailableException}s for tests outside this
 * package.
 */
public final class ZapiFailures {

	private ZapiFailures() {
	}

	public static ZapiException of(ZapiException.Failure failure) {
		return new ZapiException(failure, 0, "simulated " + failure);
	}

	public static ZapiUnavailableException busy() {
		return ZapiUnavailableException.busy(Duration.ofSeconds(1));
	}

	public static ZapiUnavailableException circuitOpen() {
		return ZapiUnavailableException.circuitOpen(Duration.ofSeconds(30));
	}

}
