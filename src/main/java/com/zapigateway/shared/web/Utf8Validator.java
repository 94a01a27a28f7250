package com.zapigateway.shared.web;

import java.io.IOException;

/**
 * Checks a byte stream is well-formed UTF-8 (RFC 3629) as it is read: no overlong forms
 * (such as {@code C0 AF} for '/'), no encoded surrogates, nothing above U+10FFFF, no
 * truncated sequence. JSON parsers are lenient about some of these; the gateway is not. A
 * surrogate written as a JSON escape is well-formed here (plain ASCII): the decoded
 * strings are checked by {@link WellFormedStringDeserializer}.
 */
final class Utf8Validator {

	private int pending;

	private int lower = 0x80;

	private int upper = 0xBF;

	void accept(int b) throws MalformedBodyException {
		if (this.pending == 0) {
			if (b < 0x80) {
				return;
			}
			if (b >= 0xC2 && b <= 0xDF) {
				expect(1, 0x80, 0xBF);
			}
			else if (b == 0xE0) {
				expect(2, 0xA0, 0xBF);
			}
			else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
				expect(2, 0x80, 0xBF);
			}
			else if (b == 0xED) {
				expect(2, 0x80, 0x9F);
			}
			else if (b == 0xF0) {
				expect(3, 0x90, 0xBF);
			}
			else if (b >= 0xF1 && b <= 0xF3) {
				expect(3, 0x80, 0xBF);
			}
			else if (b == 0xF4) {
				expect(3, 0x80, 0x8F);
			}
			else {
				throw new MalformedBodyException();
			}
			return;
		}
		if (b < this.lower || b > this.upper) {
			throw new MalformedBodyException();
		}
		this.pending--;
		this.lower = 0x80;
		this.upper = 0xBF;
	}

	void end() throws MalformedBodyException {
		if (this.pending != 0) {
			throw new MalformedBodyException();
		}
	}

	private void expect(int continuations, int lower, int upper) {
		this.pending = continuations;
		this.lower = lower;
		this.upper = upper;
	}

	/** The body is not well-formed UTF-8. */
	static final class MalformedBodyException extends IOException {

		MalformedBodyException() {
			super("Request body is not well-formed UTF-8");
		}

	}

}
