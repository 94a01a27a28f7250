package com.zapigateway.shared.web;

import java.io.IOException;

/**
 * A request body exceeded the configured limit. An {@link IOException} so it can surface
 * from the body's input stream while the body is read.
 */
class PayloadTooLargeException extends IOException {

	private final long maxBytes;

	PayloadTooLargeException(long maxBytes) {
		super("Request body larger than " + maxBytes + " bytes");
		this.maxBytes = maxBytes;
	}

	long maxBytes() {
		return this.maxBytes;
	}

}
