package com.zapigateway.outbound;

import java.net.UnknownHostException;

/**
 * A host resolved to an address the gateway must not connect to. A subclass of
 * {@link UnknownHostException} because that is what a resolver may throw: to the HTTP
 * client the host has no usable address, and no connection is opened. The message names
 * the host, never the addresses.
 */
public class RefusedAddressException extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	RefusedAddressException(String host, String rule) {
		super(host + " resolves to an address outside " + rule);
	}

}
