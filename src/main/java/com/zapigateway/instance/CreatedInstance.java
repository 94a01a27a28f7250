package com.zapigateway.instance;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to a create: the instance view plus its token, shown this once (and on
 * request through the audited credentials endpoint).
 *
 * @param instance the instance view, unwrapped into the same JSON object
 * @param token the instance token
 */
public record CreatedInstance(@JsonUnwrapped InstanceView instance, String token) {

	@Override
	public String toString() {
		return "CreatedInstance[instance=" + this.instance + ", token=<redacted>]";
	}

}
