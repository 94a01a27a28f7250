package com.zapigateway.crypto;

/**
 * A value could not be encrypted or decrypted. Its message names at most a key id, never
 * key material or a plaintext.
 */
public class TokenCipherException extends RuntimeException {

	TokenCipherException(String message) {
		super(message);
	}

}
