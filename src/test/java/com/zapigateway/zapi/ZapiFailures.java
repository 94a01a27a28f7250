package com.zapigateway.zapi;

/**
 * {@link ZapiException}s for tests outside this package.
 */
public final class ZapiFailures {

	private ZapiFailures() {
	}

	public static ZapiException of(ZapiException.Failure failure) {
		return new ZapiException(failure, 0, "simulated " + failure);
	}

}
