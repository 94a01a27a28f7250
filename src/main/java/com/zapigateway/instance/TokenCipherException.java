package com.zapigateway.instance;

/**
 * A value could not be encrypted or decrypted. Its message names at most a key id, never
 * key material or a plaintext.
 */
class TokenCipherException extends RuntimeException {

	TokenCipherException(String message) {
		super(message);
	}

}
