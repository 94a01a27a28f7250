package com.zapigateway.instance;

/**
 * An instance's token, for a caller that lost it.
 *
 * @param token the instance token
 */
record InstanceCredentials(String token) {

	@Override
	public String toString() {
		return "InstanceCredentials[token=<redacted>]";
	}

}
